#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over every translation unit a build compiles,
# JOBS at a time; fails on any finding.
#   scripts/tidy.sh BUILD_DIR [JOBS [TEST_ANALYZER]]
# The list is BUILD_DIR/compile_commands.json: the libraries, the tests, the
# followup binary, the fuzz targets' replays, the benchmark and the
# generated migrations source, each once. The largest sources start first,
# so that the longest runs do not start last.
#
# TEST_ANALYZER (default shallow) is the clang static analyzer's mode for
# the unit tests (*_test.cc): their long test bodies of assertions exhaust
# the deep mode's budget on every one of them, which made half the time of
# clang-tidy (docs/decisions.md). Every other source is analysed in the
# analyzer's default deep mode; "deep" here analyses the tests so too.
set -euo pipefail
build=$1
jobs=${2:-2}
test_analyzer=${3:-shallow}
[[ -f $build/compile_commands.json ]] || { echo "tidy: $build/compile_commands.json is missing; build $build first" >&2; exit 2; }
out=$build/tidy
mkdir -p "$out"
python3 - "$build/compile_commands.json" "$out/compile_commands.json" "$test_analyzer" >"$out/files.txt" <<'EOF'
import json
import os
import shlex
import sys

source, target, test_analyzer = sys.argv[1:4]
kept = {}
for e in json.load(open(source)):
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    if path.endswith("_test.cc") and test_analyzer != "deep":
        args = args[:1] + ["-Xclang", "-analyzer-config", "-Xclang", "mode=" + test_analyzer] + args[1:]
    kept.setdefault(path, {"directory": e["directory"], "file": path, "arguments": args})
json.dump(list(kept.values()), open(target, "w"), indent=1)
for path in sorted(kept, key=lambda p: (-os.path.getsize(p), p)):
    print(path)
EOF
echo "clang-tidy: $(wc -l <"$out/files.txt") files, $jobs at a time (unit tests: analyzer mode $test_analyzer)"
set +e
xargs -d '\n' -P "$jobs" -n 1 clang-tidy -p "$out" --quiet <"$out/files.txt" 2>&1 \
  | { grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' || true; } | tee "$build/tidy.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]] || grep -q -E '(warning|error):' "$build/tidy.log"; then
  echo "tidy: findings above (also in $build/tidy.log)"
  exit 1
fi
