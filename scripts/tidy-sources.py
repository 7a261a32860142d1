#!/usr/bin/python3
"""What scripts/tidy.sh gives clang-tidy, and its findings' places.

  tidy-sources.py prepare BUILD_COMPILE_COMMANDS OUT ANALYZER > FILES
      OUT/compile_commands.json: every translation unit of the build once;
      FILES: their paths, the largest first (so that the longest runs do
      not start last).
  tidy-sources.py lines OUT < FINDINGS
      the findings, a joined source's "FILE:LINE:" made its part's.

A unity source that includes a single source (a program's main.cc, a fuzz
target's replay) becomes that source. A library's unity source becomes one
source joined from its sources (OUT/joined/), each part after a #line
naming it, each part's folder searched for its quoted includes: the static
analyzer then analyses the sources' functions path by path, and the
headers' with its quick checks only, system headers (CLI11, Boost,
nlohmann-json) not at all, as when a source is checked alone. A test
binary's unity source stays as it is (tidy.sh checks it without the
analyzer). ANALYZER (shallow or deep) is the analyzer's mode.
"""
import json
import os
import re
import shlex
import sys


def included(path):
    return re.findall(r'^#include "([^"]+)"', open(path, encoding="utf-8").read(), re.M)


def join(sources, joined):
    """Writes `sources` one after the other into `joined`; returns where
    each begins: (the joined line before its first line, its path)."""
    text, where, line = [], [], 0
    for part in sources:
        with open(part, encoding="utf-8") as f:
            body = f.read()
        if not body.endswith("\n"):
            body += "\n"
        text.append(f'#line 1 "{part}"\n' + body)
        line += 1
        where.append((line, part))
        line += body.count("\n")
    with open(joined, "w", encoding="utf-8") as f:
        f.write("".join(text))
    return where


def prepare(commands, out, analyzer):
    joined_dir = os.path.join(out, "joined")
    os.makedirs(joined_dir, exist_ok=True)
    kept, parts, sizes = {}, {}, {}
    for e in json.load(open(commands, encoding="utf-8")):
        path = os.path.normpath(os.path.join(e["directory"], e["file"]))
        args = e["arguments"] if "arguments" in e else shlex.split(e["command"])
        if analyzer != "deep":
            args = args[:1] + ["-Xclang", "-analyzer-config", "-Xclang", "mode=" + analyzer] + args[1:]
        sources = [path]
        if "/Unity/" in path:
            sources = included(path)
            if len(sources) == 1:
                args = [sources[0] if a in (e["file"], path) else a for a in args]
                path = os.path.normpath(sources[0])
            elif "_test.dir/" not in path:
                name = re.sub(r"[^A-Za-z0-9_.]", "_", os.path.relpath(path, e["directory"])) + ".cc"
                joined = os.path.join(joined_dir, name)
                parts[joined] = join(sources, joined)
                folders = sorted({os.path.dirname(p) for p in sources})
                args = [joined if a in (e["file"], path) else a for a in args]
                args = args[:1] + [f"-iquote{d}" for d in folders] + args[1:]
                path = joined
        if path not in kept:
            kept[path] = {"directory": e["directory"], "file": path, "arguments": args}
            sizes[path] = sum(os.path.getsize(p) for p in sources)
    with open(os.path.join(out, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(list(kept.values()), f, indent=1)
    with open(os.path.join(out, "joined.json"), "w", encoding="utf-8") as f:
        json.dump(parts, f, indent=1)
    for path in sorted(kept, key=lambda p: (-sizes[p], p)):
        print(path)


def lines(out):
    with open(os.path.join(out, "joined.json"), encoding="utf-8") as f:
        parts = json.load(f)
    place = re.compile(r"^(" + "|".join(re.escape(p) for p in parts) + r"):(\d+):") if parts else None

    def original(m):
        line = int(m.group(2))
        start, source = max((w for w in parts[m.group(1)] if w[0] <= line), default=(0, m.group(1)))
        return f"{source}:{line - start}:"

    for text in sys.stdin:
        sys.stdout.write(place.sub(original, text) if place else text)
        sys.stdout.flush()


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"] and len(sys.argv) == 5:
        prepare(*sys.argv[2:5])
    elif sys.argv[1:2] == ["lines"] and len(sys.argv) == 3:
        lines(sys.argv[2])
    else:
        sys.exit(__doc__)
