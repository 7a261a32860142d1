#!/usr/bin/env bash
# Runs every libFuzzer target of a fuzz build for a fixed time each, over a
# scratch copy of its kept inputs and seeds, with its dictionary.
#   scripts/run-fuzz.sh BUILD_DIR [SECONDS_EACH]
# The targets, dictionaries and seed directories are read from
# BUILD_DIR/fuzz/targets.txt, which fuzz/CMakeLists.txt writes from its one
# list (a line "NAME DICT DIR..." per target).
set -euo pipefail
build=$1
seconds=${2:-6}
list="$build/fuzz/targets.txt"
[[ -f $list ]] || { echo "run-fuzz: $list is missing; configure $build with -DFOLLOWUP_FUZZ=ON" >&2; exit 2; }
# What the fuzzer finds (crash-*, timeout-*, slow-unit-*, leak-*) goes to the
# build tree; a finding becomes a file in tests/data/fuzz/NAME/ and so a case
# of the test FuzzRegressions.NAME.
artifacts="$build/fuzz/artifacts"
mkdir -p "$artifacts"
failed=()
while read -r name dict seeds; do
  [[ -n $name ]] || continue
  corpus=$(mktemp -d)
  for dir in $seeds; do
    [[ -d $dir ]] && find "$dir" -maxdepth 1 -type f -exec cp -t "$corpus" {} +
  done
  echo "== $name: $seconds s"
  set +e
  "$build/fuzz/${name}_fuzz" -max_total_time="$seconds" -max_len=1048576 -timeout=10 -dict="$dict" \
    -print_final_stats=1 -artifact_prefix="$artifacts/$name-" "$corpus" >"$artifacts/$name.log" 2>&1
  status=$?
  set -e
  tail -n 12 "$artifacts/$name.log"
  rm -rf "$corpus"
  if [[ $status -ne 0 ]]; then
    failed+=("$name")
    echo "run-fuzz: $name failed; its input is in $artifacts/ (keep it in tests/data/fuzz/$name/)"
  fi
done <"$list"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run-fuzz: failed: ${failed[*]}"
  exit 1
fi
