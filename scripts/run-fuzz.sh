#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a fixed time each, over a
# scratch copy of its kept inputs and seeds, with its dictionary.
#   scripts/run-fuzz.sh BUILD_DIR [SECONDS_EACH] [JOBS]
# JOBS targets run at a time (default 1); each still gets SECONDS_EACH.
# The targets, dictionaries and seed directories are read from
# BUILD_DIR/fuzz/targets.txt, which fuzz/CMakeLists.txt writes from its one
# list (a line "NAME DICT DIR..." per target).
set -euo pipefail
build=$1
seconds=${2:-6}
jobs=${3:-1}
list="$build/fuzz/targets.txt"
[[ -f $list ]] || { echo "run-fuzz: $list is missing; configure $build with -DFOLLOWUP_FUZZ=ON" >&2; exit 2; }
# What the fuzzer finds (crash-*, timeout-*, slow-unit-*, leak-*) goes to the
# build tree; a finding becomes a file in tests/data/fuzz/NAME/ and so a case
# of the test FuzzRegressions.NAME.
artifacts="$build/fuzz/artifacts"
mkdir -p "$artifacts"

# fuzz_one NAME DICT SEEDS: writes NAME.log and NAME.status in $artifacts.
fuzz_one() {
  local name=$1 dict=$2 seeds=$3 corpus dir status
  corpus=$(mktemp -d)
  for dir in $seeds; do
    [[ -d $dir ]] && find "$dir" -maxdepth 1 -type f -exec cp -t "$corpus" {} +
  done
  set +e
  "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -max_len=1048576 -timeout=10 -dict="$dict" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" >"$artifacts/$name.log" 2>&1
  status=$?
  set -e
  rm -rf "$corpus"
  echo "$status" >"$artifacts/$name.status"
}

names=()
while read -r name dict seeds; do
  [[ -n $name ]] || continue
  names+=("$name")
  rm -f "$artifacts/$name.status"
  fuzz_one "$name" "$dict" "$seeds" </dev/null &
  while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do wait -n || true; done
done <"$list"
wait

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
