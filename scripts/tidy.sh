#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over every translation unit a build compiles,
# JOBS at a time; fails on any finding.
#   scripts/tidy.sh BUILD_DIR [JOBS [ANALYZER]]
#   scripts/tidy.sh --join BUILD_DIR
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
#
# The sources are a queue (scripts/queue.sh, in BUILD_DIR/tidy/queue): each
# of the JOBS workers claims the next source not yet claimed and checks it.
# `--join` adds a worker to the run of this `make test` (MAKE_TEST_RUN),
# if it is still going: the lane of `make test` that ends its own stages
# first checks clang-tidy's last sources beside the other lane rather than
# leave its core idle (scripts/test.sh). The findings are printed in the
# queue's order, whoever checked each source, once every source is checked.
set -euo pipefail
join=""
if [[ ${1:-} == --join ]]; then
  join=yes
  shift
fi
build=$1
jobs=${2:-2}
analyzer=${3:-shallow}
out=$build/tidy
queue=$out/queue
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/queue.sh
source "$here/queue.sh"
if [[ -n $join ]]; then
  queue_join "$queue" || { echo "tidy: no run of clang-tidy to join"; exit 0; }
  analyzer=$(queue_settings "$queue")
fi
# The build folder may lie outside the project: .clang-tidy by its path.
config=$(dirname "$here")/.clang-tidy
tests_checks="-bugprone-suspicious-include"
[[ $analyzer == deep ]] || tests_checks+=",-clang-analyzer-*"
# clang-tidy allocates heavily: with tcmalloc (which deps installs)
# preloaded it took 5 to 13% less time a source (docs/performance.md,
# "make test"). Without it, glibc's. awk reads the whole list: had it left
# early, ldconfig could die writing the rest (SIGPIPE), which pipefail makes
# this script's failure.
tcmalloc=$(ldconfig -p | awk '$1 == "libtcmalloc_minimal.so.4" && !found { print $NF; found = 1 }')

# check N: clang-tidy on the Nth source (its line of files.txt), its
# output in the queue's N.log.
check() {
  local file
  file=$(sed -n "${1}p" "$out/files.txt")
  local args=(-p "$out" --config-file="$config" --quiet)
  # A test binary's unity source, or a test that is a source alone (the
  # store's scale tests).
  [[ $file == */Unity/* || $file == *_test.cc ]] && args+=(--checks="$tests_checks")
  LD_PRELOAD=${tcmalloc:-${LD_PRELOAD:-}} clang-tidy "${args[@]}" "$file" >"$queue/$1.log" 2>&1
}

if [[ -n $join ]]; then
  echo "tidy: joining the run of clang-tidy in $queue"
  queue_work "$queue" check
  exit 0
fi

[[ -f $build/compile_commands.json ]] || { echo "tidy: $build/compile_commands.json is missing; build $build first" >&2; exit 2; }
mkdir -p "$out"
"$here/tidy-sources.py" prepare "$build/compile_commands.json" "$out" "$analyzer" >"$out/files.txt"
total=$(wc -l <"$out/files.txt")
echo "clang-tidy: $total files, $jobs at a time (analyzer mode $analyzer)"
queue_run "$queue" "$total" "$analyzer" "$jobs" check

for ((n = 1; n <= total; n++)); do cat "$queue/$n.log"; done | {
  grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' || true
} | "$here/tidy-sources.py" lines "$out" | tee "$build/tidy.log"
if ! queue_status "$queue" || grep -q -E '(warning|error):' "$build/tidy.log"; then
  echo "tidy: findings above (also in $build/tidy.log)"
  exit 1
fi
