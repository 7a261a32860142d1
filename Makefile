# The two commands: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
# Seconds of fuzzing per target: make test runs each target (fuzz/CMakeLists.txt)
# for FUZZ_SECONDS, make fuzz-long for FUZZ_LONG_SECONDS (a nightly run).
FUZZ_SECONDS ?= 6
FUZZ_LONG_SECONDS ?= 3600
CMAKE_FLAGS ?= -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFOLLOWUP_WERROR=ON

.PHONY: run test deps build build-asan build-fuzz unit-tests asan-tests fuzz fuzz-long format-check format tidy bench bench-scale clean

run: build
	scripts/demo.sh

test: deps format-check unit-tests tidy asan-tests fuzz
	@echo "make test: all suites passed"

deps:
	scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	ninja -C $(BUILD) -j $(JOBS)

build-asan: deps
	cmake -S . -B $(ASAN_BUILD) $(CMAKE_FLAGS) -DFOLLOWUP_SANITIZE=ON -DFOLLOWUP_BENCH=OFF >/dev/null
	ninja -C $(ASAN_BUILD) -j $(JOBS)

build-fuzz: deps
	CXX=clang++ cmake -S . -B $(FUZZ_BUILD) $(CMAKE_FLAGS) -DFOLLOWUP_FUZZ=ON -DFOLLOWUP_BENCH=OFF >/dev/null
	ninja -C $(FUZZ_BUILD) -j $(JOBS) fuzz_targets

unit-tests: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

asan-tests: build-asan
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j $(JOBS) -LE slow

fuzz: build-fuzz
	scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

fuzz-long: build-fuzz
	scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_LONG_SECONDS)

SOURCES = $(shell git ls-files '*.cc' '*.h')
# What clang-tidy checks: every source the plain build compiles (the fuzz
# targets are built by clang only, in build-fuzz).
TIDY_SOURCES = $(filter-out fuzz/%,$(filter %.cc,$(SOURCES)))
format-check:
	clang-format --dry-run --Werror $(SOURCES)

format:
	clang-format -i $(SOURCES)

# clang-tidy over every source, two files at a time; fails on any finding.
tidy: build
	@echo "clang-tidy: $(words $(TIDY_SOURCES)) files"
	@printf '%s\n' $(TIDY_SOURCES) | xargs -P $(JOBS) -n 4 clang-tidy -p $(BUILD) --quiet 2>&1 \
	  | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$$' | tee $(BUILD)/tidy.log
	@! grep -q -E '(warning|error):' $(BUILD)/tidy.log

bench: build
	$(BUILD)/bench/importer_bench

# The store and the app at scale (docs/performance.md, "Scale"); not part of
# make test. The default shape is a million recommendations: its store (GBs,
# under /tmp/followup-scale) takes a long time to generate the first time and
# is reused after. A smaller run: make bench-scale SCALE_ARGS="--recs 100000 --evals 2000".
SCALE_ARGS ?=
bench-scale: build
	$(BUILD)/bench/scale_bench $(SCALE_ARGS)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
