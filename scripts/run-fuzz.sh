#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a fixed time each, over a
# scratch copy of its kept inputs and seeds, with its dictionary.
#   scripts/run-fuzz.sh BUILD_DIR [SECONDS_EACH] [JOBS]
#   scripts/run-fuzz.sh --join BUILD_DIR
# JOBS targets run at a time (default 1); each still gets SECONDS_EACH. The
# targets are a queue (scripts/queue.sh): `--join` adds a worker to the run
# of this `make test` (MAKE_TEST_RUN) if it is still going, as the lane
# that ends its own stages first does (scripts/test.sh).
# The targets, dictionaries and seed directories are read from
# BUILD_DIR/fuzz/targets.txt, which fuzz/CMakeLists.txt writes from its one
# list (a line "NAME DICT DIR..." per target).
set -euo pipefail
join=""
if [[ ${1:-} == --join ]]; then
  join=yes
  shift
fi
build=$1
seconds=${2:-6}
jobs=${3:-1}
list="$build/fuzz/targets.txt"
queue="$build/fuzz/queue"
# shellcheck source=scripts/queue.sh
source "$(dirname "$0")/queue.sh"
if [[ -n $join ]]; then
  queue_join "$queue" || { echo "run-fuzz: no run of the fuzzers to join"; exit 0; }
  seconds=$(queue_settings "$queue")
fi
[[ -f $list ]] || { echo "run-fuzz: $list is missing; configure $build with -DFOLLOWUP_FUZZ=ON" >&2; exit 2; }
# What the fuzzer finds (crash-*, timeout-*, slow-unit-*, leak-*) goes to the
# build tree; a finding becomes a file in tests/data/fuzz/NAME/ and so a case
# of the test FuzzRegressions.NAME.
artifacts="$build/fuzz/artifacts"
mkdir -p "$artifacts"

# fuzz N: the list's Nth target, for its seconds; NAME.log and NAME.status
# in $artifacts.
fuzz() {
  local name dict seeds corpus dir status
  read -r name dict seeds < <(awk NF "$list" | sed -n "${1}p")
  corpus=$(mktemp -d)
  for dir in $seeds; do
    [[ -d $dir ]] && find "$dir" -maxdepth 1 -type f -exec cp -t "$corpus" {} +
  done
  set +e
  "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -max_len=1048576 -timeout=10 -dict="$dict" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" >"$artifacts/$name.log" 2>&1 </dev/null
  status=$?
  set -e
  rm -rf "$corpus"
  echo "$status" >"$artifacts/$name.status"
}

if [[ -n $join ]]; then
  echo "run-fuzz: joining the run of the fuzzers in $queue"
  queue_work "$queue" fuzz
  exit 0
fi

mapfile -t names < <(awk 'NF { print $1 }' "$list")
for name in "${names[@]}"; do rm -f "$artifacts/$name.status"; done
queue_run "$queue" "${#names[@]}" "$seconds" "$jobs" fuzz

failed=()
for name in "${names[@]}"; do
  echo "== $name: $seconds s"
  tail -n 12 "$artifacts/$name.log"
  if [[ $(cat "$artifacts/$name.status" 2>/dev/null || echo missing) != 0 ]]; then
    failed+=("$name")
    echo "run-fuzz: $name failed; its input is in $artifacts/ (keep it in tests/data/fuzz/$name/)"
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run-fuzz: failed: ${failed[*]}"
  exit 1
fi
