# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
# Two builds (docs/decisions.md, "One sanitizer build that also links the
# fuzzers"): BUILD, the plain one (gcc; make run, clang-tidy's compile
# commands, the binary and the test binaries the slow tests run, the
# benchmarks; `make unit-tests` runs every test in it), and ASAN_BUILD
# (clang; address and undefined-behaviour sanitizers, where make test runs
# the libraries' unit tests, and the libFuzzer targets; it does not compile
# the command line).
BUILD ?= build
ASAN_BUILD ?= build-asan
# Seconds of fuzzing per target: make test runs each target (fuzz/CMakeLists.txt)
# for FUZZ_SECONDS, make fuzz-long for FUZZ_LONG_SECONDS (a nightly run);
# FUZZ_JOBS targets at a time.
FUZZ_SECONDS ?= 6
FUZZ_LONG_SECONDS ?= 3600
FUZZ_JOBS ?= $(JOBS)
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOLLOWUP_WERROR=ON
# Compile options of test code only (FOLLOWUP_TEST_OPTIONS in CMakeLists.txt):
# the libraries, the followup binary and the fuzz targets keep the build's.
TEST_OPTIONS ?= -O0
# The sanitizer build: clang, -O1 with line tables, as libFuzzer builds
# usually are (at -O0 the fuzzers run 2 to 6 times fewer inputs a second);
# each test binary one ctest test (FOLLOWUP_TEST_PER_BINARY).
ASAN_CMAKE_FLAGS ?= -DCMAKE_CXX_COMPILER=clang++ -DFOLLOWUP_SANITIZE=ON -DFOLLOWUP_FUZZ=ON -DFOLLOWUP_BENCH=OFF \
  -DFOLLOWUP_TEST_PER_BINARY=ON \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG"
# A sanitizer build configured for gcc before (when it was gcc's) starts over.
ASAN_CONFIGURE = { grep -qs '^CMAKE_CXX_COMPILER:.*clang' $(ASAN_BUILD)/CMakeCache.txt \
    || rm -rf $(ASAN_BUILD)/CMakeCache.txt $(ASAN_BUILD)/CMakeFiles; } \
  && cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) $(ASAN_CMAKE_FLAGS) -DFOLLOWUP_TEST_OPTIONS="$(TEST_OPTIONS)" >/dev/null

.PHONY: run test deps build build-binary build-asan build-fuzz unit-tests slow-tests asan-tests asan-api fuzz fuzz-long format-check format tidy tidy-join fuzz-join bench bench-scale clean

run: build-binary
	scripts/demo.sh

# Every check below, in two lanes side by side, then a table of each
# stage's time (scripts/test.sh).
test:
	@MAKE="$(MAKE)" BUILD="$(BUILD)" scripts/test.sh

deps:
	scripts/install-deps.sh

# The plain build is optimised (-O2, as RelWithDebInfo) without debug
# information, which made a source's compilation a third slower; the
# sanitizer build keeps line tables for its reports. (-O3, CMake's Release,
# brings gcc 12's false -Wrestrict warnings about std::string.)
PLAIN_CONFIGURE = cmake -S . -B $(BUILD) $(CMAKE_FLAGS) -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DFOLLOWUP_TEST_OPTIONS="$(TEST_OPTIONS)" >/dev/null
build: deps
	$(PLAIN_CONFIGURE)
	ninja -C $(BUILD) -j $(JOBS)

# The followup binary alone (and the sources the build generates).
build-binary: deps
	$(PLAIN_CONFIGURE)
	ninja -C $(BUILD) -j $(JOBS) followup

build-asan: deps
	$(ASAN_CONFIGURE)
	ninja -C $(ASAN_BUILD) -j $(JOBS)

# The fuzz targets alone, in the sanitizer build.
build-fuzz: deps
	$(ASAN_CONFIGURE)
	ninja -C $(ASAN_BUILD) -j $(JOBS) fuzz_targets

unit-tests: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The slow tests (label slow: thousands of commands, processes killed, a
# full disk, the store at scale) and the outer-surface tests that drive the
# binary as a person or a browser would (label binary: the CLI's, the API's,
# the documentation's, the OpenAPI document's, the pages', and the command
# line's unit tests) run on the plain build: the binary, and SLOW_TARGETS'
# test binaries. The sanitizer build does not compile the command line
# (docs/performance.md, "make test").
SLOW_TARGETS = followup cli_test app_scale_test
slow-tests: build-binary
	ninja -C $(BUILD) -j $(JOBS) $(SLOW_TARGETS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L 'slow|binary'

# The sanitizers' settings for the tests: leaks checked (fontconfig's kept
# configuration suppressed), a stack for each undefined behaviour.
ASAN_ENV = ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1

# The fuzz smoke tests (label fuzz) are left to `make fuzz`.
asan-tests: build-asan
	cd $(ASAN_BUILD) && $(ASAN_ENV) ctest --output-on-failure -j $(JOBS) -LE 'slow|fuzz|binary'

# The API's test (tests/http/api_test.py) on the sanitizer build's binary:
# the server's own code under the sanitizers (not part of make test;
# docs/decisions.md).
asan-api: deps
	$(ASAN_CONFIGURE)
	ninja -C $(ASAN_BUILD) -j $(JOBS) followup
	cd $(ASAN_BUILD) && $(ASAN_ENV) ctest --output-on-failure -R '^http_api$$'

fuzz: build-fuzz
	scripts/run-fuzz.sh $(ASAN_BUILD) $(FUZZ_SECONDS) $(FUZZ_JOBS)

fuzz-long: build-fuzz
	scripts/run-fuzz.sh $(ASAN_BUILD) $(FUZZ_LONG_SECONDS) $(FUZZ_JOBS)

SOURCES = $(shell git ls-files '*.cc' '*.h')
format-check:
	@echo "clang-format: $(words $(SOURCES)) files"
	@clang-format --dry-run --Werror $(SOURCES)

format:
	clang-format -i $(SOURCES)

# clang-tidy over every translation unit the plain build compiles; fails on
# any finding (scripts/tidy.sh). TIDY_ANALYZER: the static analyzer's mode
# (shallow, or deep; docs/decisions.md).
TIDY_ANALYZER ?= shallow
tidy: build-binary
	scripts/tidy.sh $(BUILD) $(JOBS) $(TIDY_ANALYZER)

# One more worker for the run of clang-tidy, or of the fuzzers, of this make
# test (MAKE_TEST_RUN; scripts/queue.sh), if it is still going: make test's
# lane that ends first joins them (scripts/test.sh).
tidy-join:
	scripts/tidy.sh --join $(BUILD)

fuzz-join:
	scripts/run-fuzz.sh --join $(ASAN_BUILD)

bench: build
	$(BUILD)/bench/importer_bench

# The store and the app at scale (docs/performance.md, "Scale"); not part of
# make test. The default shape is a million recommendations: its store (GBs,
# under /tmp/followup-scale) takes a long time to generate the first time and
# is reused after. A smaller run: make bench-scale SCALE_ARGS="--recs 100000 --evals 2000".
SCALE_ARGS ?=
bench-scale: build
	$(BUILD)/bench/scale_bench $(SCALE_ARGS)

# build-fuzz: where the fuzz targets were built before they joined ASAN_BUILD.
clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
