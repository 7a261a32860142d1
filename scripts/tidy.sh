#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over every translation unit a build compiles,
# JOBS at a time; fails on any finding.
#   scripts/tidy.sh BUILD_DIR [JOBS [ANALYZER]]
# The list is BUILD_DIR/compile_commands.json: the libraries, the tests, the
# followup binary, the fuzz targets' replays, the benchmark and the
# generated migrations source, each once. With FOLLOWUP_UNITY (the
# default) these are unity sources, each including up to 24 sources of a
# target (a test binary's all): GoogleTest and nlohmann-json are parsed and
# matched once per unity source rather than once per source
# (docs/decisions.md). scripts/tidy-sources.py turns them into what
# clang-tidy checks: a library's unity source becomes one source joined
# from its sources, whose functions the static analyzer then analyses as
# when each is checked alone (and not every function of every header, as
# it did through the unity source's #include; docs/performance.md, "make
# test"), its findings' lines given back as their sources' lines; a unity
# source of a single source (a program's main.cc, a fuzz target's replay)
# becomes that source; a test binary's unity source is checked as it is,
# without bugprone-suspicious-include (it flags the unity source's own
# #include of .cc files).
#
# ANALYZER (default shallow) is the clang static analyzer's mode: the deep
# mode, which inlines calls much further, took four to five times as long
# on a source (docs/decisions.md). The unit tests, whose long bodies of
# assertions exhaust the analyzer's budget, get every other check but not
# the analyzer's; "deep" analyses every source, tests included, in the
# deep mode.
set -euo pipefail
build=$1
jobs=${2:-2}
analyzer=${3:-shallow}
[[ -f $build/compile_commands.json ]] || { echo "tidy: $build/compile_commands.json is missing; build $build first" >&2; exit 2; }
out=$build/tidy
mkdir -p "$out"
"$(dirname "$0")/tidy-sources.py" prepare "$build/compile_commands.json" "$out" "$analyzer" >"$out/files.txt"
echo "clang-tidy: $(wc -l <"$out/files.txt") files, $jobs at a time (analyzer mode $analyzer)"
set +e
tests_checks="-bugprone-suspicious-include"
[[ $analyzer == deep ]] || tests_checks+=",-clang-analyzer-*"
# clang-tidy allocates heavily: with tcmalloc (the followup binary's
# allocator, which deps installs) preloaded it took 5 to 13% less time a
# source (docs/performance.md, "make test"). Without it, glibc's.
tcmalloc=$(ldconfig -p | awk '$1 == "libtcmalloc_minimal.so.4" { print $NF; exit }')
[[ -n $tcmalloc ]] && export LD_PRELOAD=$tcmalloc
# The build folder may lie outside the project: .clang-tidy by its path.
config=$(cd "$(dirname "$0")/.." && pwd)/.clang-tidy
# shellcheck disable=SC2016  # expanded by the inner bash
# (In the inner bash: $0 the compile commands' folder, $1 the configuration,
# $2 the test binaries' unity sources' checks, $3 the file.)
xargs -d '\n' -P "$jobs" -n 1 bash -c \
  'if [[ $3 == */Unity/* ]]; then exec clang-tidy -p "$0" --config-file="$1" --quiet --checks="$2" "$3"; fi
   exec clang-tidy -p "$0" --config-file="$1" --quiet "$3"' "$out" "$config" "$tests_checks" <"$out/files.txt" 2>&1 \
  | { grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' || true; } \
  | "$(dirname "$0")/tidy-sources.py" lines "$out" | tee "$build/tidy.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]] || grep -q -E '(warning|error):' "$build/tidy.log"; then
  echo "tidy: findings above (also in $build/tidy.log)"
  exit 1
fi
