#!/usr/bin/env bash
# Runs a libFuzzer target for a fixed time over a scratch copy of the memo corpus.
set -euo pipefail
target=$1
seconds=${2:-30}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/data/memos/* tests/data/fuzz/* "$corpus"/
# What the fuzzer finds (crash-*, timeout-*, leak-*) goes beside the target;
# a finding becomes a file in tests/data/fuzz/ and a test (FuzzRegressions).
artifacts="$(dirname "$target")/artifacts/"
mkdir -p "$artifacts"
"$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 \
  -artifact_prefix="$artifacts" "$corpus" 2>&1 | tail -n 30
