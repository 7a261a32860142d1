#!/usr/bin/env python3
"""Runs the documentation: every ```sh block of README.md, docs/cli.md and docs/accounts.md.

Usage: docs_test.py PATH/TO/followup

Each document is run on its own, in a fresh temporary folder holding a copy
of the repository's demo/ folder, with no store: its blocks create one with
`build/followup init --admin ...`. The blocks are read in order; lines ending
in a backslash are joined; `# comments` are stripped. Every line that runs
the binary (`build/followup ...`, optionally after `FOLLOWUP_...=value`
settings, or after `printf '...' |` giving it standard input) is run by bash with `build/followup` replaced by the binary, and
must exit 0, or exactly N when the line ends with the comment `# exits N`.
`make ...` lines are skipped (they build and test the whole project); any
other line fails the test, so the documentation shows only what it runs.

Python 3 standard library only.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = None
DOCUMENTS = ["README.md", "docs/cli.md", "docs/accounts.md"]
RUNS = re.compile(r"^(?:printf '[^']*' \| )?(?:FOLLOWUP_[A-Z_]+=\S+\s+)*build/followup(?:\s|$)")
EXITS = re.compile(r"#\s*exits\s+(\d+)\s*$")


def strip_comment(line):
    """The line without its `# comment` (a # at the start or after a blank,
    outside quotes), and the comment."""
    quote = None
    escaped = False
    for i, c in enumerate(line):
        if escaped:
            escaped = False
        elif c == "\\" and quote != "'":
            escaped = True
        elif quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i:]
    return line.rstrip(), ""


def sh_lines(path):
    """(line number, command, comment) for every line of every ```sh block."""
    out = []
    in_block = False
    pending = None
    with open(path, encoding="utf-8") as f:
        for number, raw in enumerate(f, start=1):
            line = raw.rstrip("\n")
            if not in_block:
                if line.strip() == "```sh":
                    in_block = True
                continue
            if line.strip() == "```":
                if pending:
                    raise AssertionError(f"{path}:{pending[0]}: a block ends on a continued line")
                in_block = False
                continue
            if pending:
                start, text = pending
                text = text + " " + line.strip()
            else:
                start, text = number, line
            if text.endswith("\\"):
                pending = (start, text[:-1].rstrip())
                continue
            pending = None
            command, comment = strip_comment(text)
            if command.strip() or comment:
                out.append((start, command.strip(), comment))
    if in_block:
        raise AssertionError(f"{path}: a ```sh block is not closed")
    return out


def environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["LC_ALL"] = "C.UTF-8"
    return env


def run_document(test, document):
    """Runs the document's commands; returns how many ran."""
    lines = sh_lines(os.path.join(ROOT, document))
    binary = shlex.quote(BINARY)
    ran = 0
    with tempfile.TemporaryDirectory(prefix="followup-docs-") as folder:
        shutil.copytree(os.path.join(ROOT, "demo"), os.path.join(folder, "demo"))
        for number, command, comment in lines:
            where = f"{document}:{number}: {command}"
            if not command:
                continue
            if command.startswith("make "):
                continue
            test.assertRegex(command, RUNS, f"{where}: a documented line the test cannot run")
            m = EXITS.search(comment)
            want = int(m.group(1)) if m else 0
            script = re.sub(r"(?<![\w/])build/followup(?=\s|$|\))", binary, command)
            done = subprocess.run(
                ["bash", "-c", "set -o pipefail; " + script],
                cwd=folder,
                env=environment(),
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=120,
            )
            test.assertEqual(
                done.returncode,
                want,
                f"{where}\nexit {done.returncode}, documented {want}\n"
                f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}",
            )
            ran += 1
    return ran


class DocumentationRuns(unittest.TestCase):
    def first_success(self, document):
        """The first command documented to succeed (no `# exits N`)."""
        for _, command, comment in sh_lines(os.path.join(ROOT, document)):
            if RUNS.match(command) and not EXITS.search(comment):
                return command
        self.fail(f"{document} has no command")

    def test_readme_starts_with_a_store_and_its_admin(self):
        self.assertRegex(self.first_success("README.md"), r"^build/followup init --admin \S+")

    def test_cli_md_starts_with_a_store_and_its_admin(self):
        self.assertRegex(self.first_success("docs/cli.md"), r"^build/followup init --admin \S+")

    def test_readme_commands_run_as_documented(self):
        self.assertGreater(run_document(self, "README.md"), 20)

    def test_cli_md_commands_run_as_documented(self):
        self.assertGreater(run_document(self, "docs/cli.md"), 20)

    def test_accounts_md_commands_run_as_documented(self):
        self.assertEqual(run_document(self, "docs/accounts.md"), 5)

    def test_the_reader_sees_comments_and_continuations(self):
        self.assertEqual(strip_comment('a "x # y" PLACMI-2#1 # exits 1'), ('a "x # y" PLACMI-2#1', "# exits 1"))
        self.assertEqual(strip_comment("# only"), ("", "# only"))
        self.assertEqual(strip_comment('a "say \\" # no" # yes'), ('a "say \\" # no"', "# yes"))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: docs_test.py PATH/TO/followup")
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main()
