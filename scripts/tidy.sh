#!/usr/bin/env bash
# clang-tidy (.clang-tidy) over every translation unit a build compiles,
# JOBS at a time; fails on any finding.
#   scripts/tidy.sh BUILD_DIR [JOBS [ANALYZER]]
# The list is BUILD_DIR/compile_commands.json: the libraries, the tests, the
# followup binary, the fuzz targets' replays, the benchmark and the
# generated migrations source, each once. With FOLLOWUP_UNITY (the
# default) these are unity sources, each including up to eight sources of
# a target (a test binary's all): GoogleTest and nlohmann-json are parsed
# and matched once per unity source rather than once per source
# (docs/decisions.md). The static analyzer is told to analyse the included
# sources too (it analyses only a translation unit's main file by
# default), and bugprone-suspicious-include, which flags the unity
# source's own #include of .cc files, is off for them. The largest sources
# (a unity source counts what it includes) start first, so that the
# longest runs do not start last. A unity source that includes a single
# source (a program's main.cc, a fuzz target's replay) is checked as that
# source, without the headers' analysis.
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
python3 - "$build/compile_commands.json" "$out/compile_commands.json" "$analyzer" >"$out/files.txt" <<'EOF'
import json
import os
import re
import shlex
import sys

source, target, analyzer = sys.argv[1:4]
kept = {}
for e in json.load(open(source)):
    path = os.path.normpath(os.path.join(e["directory"], e["file"]))
    args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
    if analyzer != "deep":
        args = args[:1] + ["-Xclang", "-analyzer-config", "-Xclang", "mode=" + analyzer] + args[1:]
    if "/Unity/" in path and "_test.dir/" not in path:
        included = re.findall(r'^#include "([^"]+)"', open(path).read(), re.M)
        if len(included) == 1:
            # A unity source of one source: that source itself, whose own
            # functions alone the analyzer then reads (analysing the headers
            # too, CLI11's among them, tripled main.cc's time).
            args = [included[0] if a == e["file"] or a == path else a for a in args]
            path = os.path.normpath(included[0])
    if "/Unity/" in path:
        args = args[:1] + ["-Xclang", "-analyzer-opt-analyze-headers"] + args[1:]
    kept.setdefault(path, {"directory": e["directory"], "file": path, "arguments": args})
json.dump(list(kept.values()), open(target, "w"), indent=1)
def size(path):
    # A unity source: the sizes of the sources it includes.
    if "/Unity/" not in path:
        return os.path.getsize(path)
    included = re.findall(r'^#include "([^"]+)"', open(path).read(), re.M)
    return sum(os.path.getsize(p) for p in included)

for path in sorted(kept, key=lambda p: (-size(p), p)):
    print(path)
EOF
echo "clang-tidy: $(wc -l <"$out/files.txt") files, $jobs at a time (analyzer mode $analyzer)"
set +e
unity_checks="-bugprone-suspicious-include"
tests_checks=$unity_checks
[[ $analyzer == deep ]] || tests_checks+=",-clang-analyzer-*"
# The build folder may lie outside the project: .clang-tidy by its path.
config=$(cd "$(dirname "$0")/.." && pwd)/.clang-tidy
# shellcheck disable=SC2016  # expanded by the inner bash
# (In the inner bash: $0 the compile commands' folder, $1 the configuration,
# $2 the unity sources' extra checks, $3 the tests', $4 the file.)
xargs -d '\n' -P "$jobs" -n 1 bash -c \
  'if [[ $4 == *_test.dir/Unity/* ]]; then exec clang-tidy -p "$0" --config-file="$1" --quiet --checks="$3" "$4"; fi
   if [[ $4 == */Unity/* ]]; then exec clang-tidy -p "$0" --config-file="$1" --quiet --checks="$2" "$4"; fi
   exec clang-tidy -p "$0" --config-file="$1" --quiet "$4"' "$out" "$config" "$unity_checks" "$tests_checks" <"$out/files.txt" 2>&1 \
  | { grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' || true; } | tee "$build/tidy.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]] || grep -q -E '(warning|error):' "$build/tidy.log"; then
  echo "tidy: findings above (also in $build/tidy.log)"
  exit 1
fi
