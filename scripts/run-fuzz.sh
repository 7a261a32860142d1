#!/usr/bin/env bash
# Runs a libFuzzer target for a fixed time over a scratch copy of the memo corpus.
set -euo pipefail
target=$1
seconds=${2:-30}
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp tests/data/memos/* "$corpus"/
"$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -print_final_stats=1 "$corpus" 2>&1 | tail -n 12
