#!/usr/bin/python3
"""Reliability of the followup binary on real SQLite files: processes killed
at random points, a full disk, a damaged page, and writers in parallel.

Usage: reliability_test.py PATH/TO/followup [TestCaseName]

Exits 77 (ctest SKIP_RETURN_CODE) when every test it ran was skipped, so a
part that cannot run here (a tmpfs that cannot be mounted) is reported as
skipped, never as passed. FOLLOWUP_RELIABILITY_SEED repeats a run's random
kill points (each run prints its seed).
"""
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from cli_test import dump  # noqa: E402  every table's rows, to compare a store before and after

FOLLOWUP = None
HERE = os.path.dirname(os.path.abspath(__file__))
SEED_MEMO = os.path.join(HERE, "..", "data", "memos", "000_126856058e4a29d7.txt")
SEED = int(os.environ.get("FOLLOWUP_RELIABILITY_SEED", str(random.SystemRandom().randrange(1 << 30))))
DAMAGED = re.compile(r"^followup: the store is damaged: .+; restore a backup\n$")
PAGE = 4096


def memo_text(n):
    """The seed memo as evaluation PLACMI-n: its own code and content."""
    with open(SEED_MEMO, encoding="utf-8") as f:
        return f.read().replace("(PLACMI 2)", f"(PLACMI {n})")


def counts(db_path):
    """Rows in every table of the store."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'table' "
                                             "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def delta(before, after):
    return {t: after[t] - before[t] for t in after if after[t] != before.get(t, 0)}


def pdf_like(size, marker):
    """A file the evidence check takes for a PDF: a %PDF-1.4 header, then plain bytes."""
    head = b"%PDF-1.4\n% " + marker.encode() + b"\n"
    line = b"0123456789 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ\n"
    body = line * ((size - len(head)) // len(line))
    return head + body + b"%%EOF\n"


class Store:
    def __init__(self, path):
        self.path = path
        self.url = "sqlite:" + path

    def _cmd(self, args):
        return [FOLLOWUP, "--db", self.url, *args]

    def run(self, *args, timeout=120):
        env = dict(os.environ)
        env.pop("FOLLOWUP_DB", None)
        # Every command names a known user; --as in args overrides this.
        env["FOLLOWUP_USER"] = "root"
        return subprocess.run(self._cmd(args), capture_output=True, env=env, timeout=timeout)

    def start(self, *args):
        return subprocess.Popen(self._cmd(args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ok(self, *args):
        r = self.run(*args)
        if r.returncode != 0:
            raise AssertionError(f"followup {' '.join(args)} exited {r.returncode}: {r.stderr.decode()}")
        return r.stdout.decode()

    def json(self, *args):
        return json.loads(self.ok(*args))


def new_store(folder):
    """An initialised store with an admin (root), the seed memo, users for two
    units and the seed evaluation issued."""
    store = Store(os.path.join(folder, "followup.db"))
    store.ok("init")
    store.ok("--as", "root", "user", "add", "root", "--role", "admin", "--role", "evaluation")
    store.ok("--as", "root", "import", SEED_MEMO)
    store.ok("--as", "root", "user", "add", "ba", "--role", "unit", "--unit", "MRF-BA")
    store.ok("--as", "root", "user", "add", "mms", "--role", "unit", "--unit", "MMS")
    store.ok("--as", "root", "issue", "PLACMI-2")
    return store


def import_and_issue(store, folder, n):
    path = os.path.join(folder, f"memo-{n}.txt")
    with open(path, "w", encoding="utf-8") as f:
        f.write(memo_text(n))
    store.ok("--as", "root", "import", path)
    store.ok("--as", "root", "issue", f"PLACMI-{n}")


def many_actions(count, tag):
    args = []
    for i in range(count):
        args += ["--action", f"{tag} action {i}|MRF-BA|2030-10-31"]
    return args


class ReliabilityCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="followup-reliability-")
        self.folder = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def assert_sound(self, store, where):
        r = store.run("verify-history")
        self.assertEqual(r.returncode, 0, f"{where}: verify-history: {r.stderr.decode()}")
        r = store.run("check")
        self.assertEqual(r.returncode, 0, f"{where}: check: {r.stdout.decode()}{r.stderr.decode()}")
        self.assertEqual(r.stdout.decode(), "store checked: no damage found\n")


class KillNine(ReliabilityCase):
    """50 steps killed with SIGKILL at random points: each leaves the whole
    step or none of it, and a store that opens, checks and verifies."""

    KILLS = 50

    def test_steps_killed_at_random_points_leave_all_or_nothing(self):
        rng = random.Random(SEED)
        print(f"\nkill -9 seed {SEED} (FOLLOWUP_RELIABILITY_SEED repeats it)", file=sys.stderr)
        store = new_store(self.folder)
        store.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted")
        evidence = os.path.join(self.folder, "evidence.pdf")
        memo_number = [100]

        def import_step(i):
            n = memo_number[0]
            memo_number[0] += 1
            path = os.path.join(self.folder, f"memo-{n}.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(memo_text(n))
            return ["--as", "root", "import", path]

        def respond_step(i):
            n = memo_number[0]
            memo_number[0] += 1
            import_and_issue(store, self.folder, n)
            return ["--as", "ba", "respond", f"PLACMI-{n}#1", "--unit", "MRF-BA", "--decision", "accepted",
                    *many_actions(200, f"step {i}")]

        def report_step(i):
            with open(evidence, "wb") as f:
                f.write(pdf_like(4 * 1000 * 1000, f"report {i} {rng.random()}"))
            return ["--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
                    "--text", f"report {i}", "--evidence", evidence]

        kinds = [("import", import_step), ("respond with 200 actions", respond_step),
                 ("report-progress with 4 MB evidence", report_step)]
        outcomes = {name: {"none": 0, "whole": 0} for name, _ in kinds}
        for name, make in kinds:
            # One step run to its end tells what a whole step adds, and how long it takes.
            args = make(-1)
            before = counts(store.path)
            started = time.monotonic()
            store.ok(*args)
            took = time.monotonic() - started
            whole = delta(before, counts(store.path))
            self.assertTrue(whole, f"{name}: a whole step adds rows")
            kills = self.KILLS // len(kinds) + (1 if name == kinds[0][0] else 0) * (self.KILLS % len(kinds))
            for i in range(kills):
                args = make(i)
                before = counts(store.path)
                process = store.start(*args)
                time.sleep(rng.uniform(0, took * 1.2))
                process.send_signal(signal.SIGKILL)
                process.wait()
                where = f"{name}, kill {i + 1} of {kills}"
                self.assert_sound(store, where)
                added = delta(before, counts(store.path))
                self.assertIn(added, ({}, whole), f"{where}: a partial write: {added}, whole step {whole}")
                outcomes[name]["none" if not added else "whole"] += 1
        print(f"kill -9 outcomes: {outcomes}", file=sys.stderr)


class DiskFull(ReliabilityCase):
    """A step that runs out of space fails with exit 3, leaves the store as
    it was, and the same step works once space is freed."""

    def setUp(self):
        super().setUp()
        self.disk = os.path.join(self.folder, "disk")
        os.mkdir(self.disk)
        try:
            r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", self.disk], capture_output=True)
            why = r.stderr.decode().strip() if r.returncode != 0 else None
        except OSError as e:
            why = str(e)
        if why is not None:
            self.tmp.cleanup()
            self.skipTest("cannot mount a 2 MB tmpfs here (needs root and mount rights): " + why)

    def tearDown(self):
        subprocess.run(["umount", self.disk], capture_output=True)
        super().tearDown()

    def test_a_full_disk_fails_the_step_and_changes_nothing(self):
        store = new_store(self.disk)
        store.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted")
        evidence = os.path.join(self.folder, "minutes.pdf")
        with open(evidence, "wb") as f:
            # More than the 200 kB left free below, and small enough that the
            # store, its WAL and verify-history's scratch copy fit the 2 MB disk.
            f.write(pdf_like(300 * 1000, "minutes"))
        step = ["--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
                "--text", "The meeting took place", "--evidence", evidence]
        before = dump(store.path)
        free = os.statvfs(self.disk)
        filler = os.path.join(self.disk, "filler")
        with open(filler, "wb") as f:
            f.write(b"\0" * max(0, free.f_bavail * free.f_frsize - 200 * 1000))

        r = store.run(*step)
        self.assertEqual(r.returncode, 3, r.stderr.decode())
        self.assertRegex(r.stderr.decode(), r"^followup: store error: commit to .*: database or disk is full "
                                          r"\(free space on the disk and try again\)\n$")

        os.remove(filler)
        self.assertEqual(dump(store.path), before, "a step that failed for want of space changed the store")
        self.assert_sound(store, "after the full disk")
        out = store.ok(*step)
        self.assertIn("report 1 on PLACMI-2#1", out)
        self.assert_sound(store, "after the step that worked")


class Damage(ReliabilityCase):
    """A page overwritten with garbage: every write and every read that
    reaches the page stops with "the store is damaged: ...; restore a
    backup" and writes nothing; check names the page; a backup made earlier
    restores the store."""

    WRITES = [
        ["--as", "root", "unit", "add", "FIN", "--name", "Finance"],
        ["--as", "root", "user", "add", "eva", "--role", "evaluation"],
        ["--as", "root", "import", SEED_MEMO.replace("000_126856058e4a29d7.txt", "markdown-pipes.md"),
         "--add-units"],
        ["--as", "mms", "respond", "PLACMI-2#2", "--unit", "MMS", "--decision", "accepted"],
        ["--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
         "--text", "Under way"],
        ["--as", "root", "edit", "PLACMI-2#1", "--text", "Changed", "--reason", "typo"],
    ]

    def build(self):
        store = new_store(self.folder)
        store.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted",
                 *many_actions(20, "seed"))
        for n in range(100, 120):  # enough recommendations for their table to span pages
            import_and_issue(store, self.folder, n)
        return store

    def answers(self, store):
        return [store.ok("--as", "root", *args) for args in
                (["list", "--json"], ["show", "PLACMI-2#1", "--json", "--as-of", "2030-01-01"],
                 ["report", "status", "--json", "--as-of", "2030-01-01"], ["unit", "list", "--json"],
                 ["memo", "PLACMI-2"])]

    def damage(self, store, table):
        """Overwrites the middle page of `table` with garbage; the page number."""
        conn = sqlite3.connect(store.path)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            pages = [r[0] for r in conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' "
                                                "ORDER BY pageno", (table,))]
        finally:
            conn.close()
        self.assertGreater(len(pages), 2, f"{table} must span pages for the test to mean anything")
        page = pages[len(pages) // 2]
        garbage = random.Random(page).randbytes(PAGE)
        with open(store.path, "r+b") as f:
            f.seek((page - 1) * PAGE)
            f.write(garbage)
        return page

    def files(self, store):
        """The store's bytes and its WAL's: what a write would change."""
        out = []
        for suffix in ("", "-wal"):
            try:
                with open(store.path + suffix, "rb") as f:
                    out.append(f.read())
            except FileNotFoundError:
                out.append(b"")
        return out

    def assert_damaged(self, r, where):
        self.assertEqual(r.returncode, 3, f"{where}: {r.stderr.decode()}")
        self.assertRegex(r.stderr.decode(), DAMAGED, where)

    def test_a_damaged_page_stops_every_command_that_reaches_it_and_a_backup_restores(self):
        store = self.build()
        backup = os.path.join(self.folder, "backup.db")
        self.assertEqual(store.ok("backup", "--to", backup),
                         f"backup written to {backup} and checked: no damage found\n")
        at_backup = self.answers(store)
        page = self.damage(store, "recommendations")
        untouched = self.files(store)

        for args in self.WRITES:
            self.assert_damaged(store.run(*args), " ".join(args))
        # The overdue report as of a date before the last fact is made from the
        # records; on a later one it reads only the kept index, not this table.
        for args in (["list"], ["list", "--json"], ["show", "PLACMI-110#1"], ["report", "status"],
                     ["report", "overdue", "--as-of", "2000-01-01"], ["memo", "PLACMI-110"], ["verify-history"]):
            self.assert_damaged(store.run("--as", "root", *args), " ".join(args))
        self.assertEqual(self.files(store), untouched, "a command wrote to the damaged store")

        r = store.run("check")
        self.assert_damaged(r, "check")
        self.assertIn(f"damage: Page {page}: ", r.stdout.decode())
        self.assertEqual(self.files(store), untouched, "check wrote to the damaged store")

        # The restore of docs/storage.md: copy the backup over, drop -wal and -shm, check.
        shutil.copyfile(backup, store.path)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(store.path + suffix):
                os.remove(store.path + suffix)
        self.assert_sound(store, "restored")
        self.assertEqual(self.answers(store), at_backup, "the restored store answers as at the backup")
        store.ok("--as", "root", "unit", "add", "FIN", "--name", "Finance")

    def test_writes_stop_even_where_reads_do_not_reach_the_damage(self):
        store = self.build()
        page = self.damage(store, "history")
        untouched = self.files(store)
        for args in self.WRITES:
            self.assert_damaged(store.run(*args), " ".join(args))
        self.assertEqual(self.files(store), untouched, "a command wrote to the damaged store")
        # docs/storage.md: reads are not checked first; one that never reads
        # the damaged page answers from sound pages.
        self.assertIn("PLACMI-2", store.ok("--as", "root", "list"))
        r = store.run("check")
        self.assert_damaged(r, "check")
        self.assertIn(f"damage: Page {page}: ", r.stdout.decode())
        self.assert_damaged(store.run("verify-history"), "verify-history")


class BackupWhileWriting(ReliabilityCase):
    """A backup taken while another process writes is the store as it was
    at one moment: restored, it checks, verifies and answers as the
    original did then."""

    def history(self, db_path):
        conn = sqlite3.connect(db_path)
        try:
            return conn.execute("SELECT id, hash FROM history ORDER BY id").fetchall()
        finally:
            conn.close()

    def test_a_backup_taken_during_writes_restores_one_moment(self):
        store = new_store(self.folder)
        store.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted")
        evidence = os.path.join(self.folder, "evidence.pdf")
        for i in range(3):  # 45 MB: a backup of several steps
            with open(evidence, "wb") as f:
                f.write(pdf_like(15 * 1000 * 1000, f"evidence {i}"))
            store.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status",
                     "in_progress", "--text", f"report {i}", "--evidence", evidence)
        seed_units = {u["code"] for u in store.json("--as", "root", "unit", "list", "--json")}
        stop = threading.Event()
        acked = []

        def writer():
            k = 0
            while not stop.is_set():
                if store.run("--as", "root", "unit", "add", f"W{k:04d}", "--name", f"Unit {k}").returncode == 0:
                    acked.append(f"W{k:04d}")
                k += 1

        thread = threading.Thread(target=writer)
        thread.start()
        while len(acked) < 5:
            time.sleep(0.01)
        before_backup = list(acked)
        backup = os.path.join(self.folder, "backup.db")
        store.ok("backup", "--to", backup)
        after_backup = list(acked)
        time.sleep(0.2)
        stop.set()
        thread.join()
        self.assertGreater(len(acked), len(after_backup), "the writer went on after the backup")
        answers = store.ok("--as", "root", "list", "--json"), store.ok("--as", "root", "show", "PLACMI-2#1",
                                                                         "--json", "--as-of", "2030-01-01")
        original_history = self.history(store.path)

        restored = Store(os.path.join(self.folder, "restored", "followup.db"))
        os.mkdir(os.path.dirname(restored.path))
        shutil.copyfile(backup, restored.path)
        # The history key is kept beside the store, not in its backups.
        shutil.copyfile(store.path + ".key", restored.path + ".key")
        self.assert_sound(restored, "restored")
        units = {u["code"] for u in restored.json("--as", "root", "unit", "list", "--json")} - seed_units
        written = sorted(units)
        self.assertEqual(written, acked[:len(written)], "the backup holds the writer's first units, in order")
        self.assertLessEqual(set(before_backup), units, "what was acknowledged before the backup is in it")
        self.assertLessEqual(units, set(after_backup), "nothing written after the backup is in it")
        print(f"\nbackup while writing: {len(before_backup)} units acknowledged before it began, "
              f"{len(units)} in it, {len(after_backup)} acknowledged when it ended", file=sys.stderr)
        restored_history = self.history(restored.path)
        self.assertEqual(restored_history, original_history[:len(restored_history)],
                         "the backup's history is the original's up to one moment")
        self.assertEqual((restored.ok("--as", "root", "list", "--json"),
                          restored.ok("--as", "root", "show", "PLACMI-2#1", "--json", "--as-of", "2030-01-01")),
                         answers)


class ParallelWriters(ReliabilityCase):
    """8 writer processes at once for 30 s: every acknowledged write is
    there afterwards, and the history verifies."""

    WRITERS = 8
    SECONDS = float(os.environ.get("FOLLOWUP_RELIABILITY_SECONDS", "30"))

    def test_every_acknowledged_write_of_parallel_writers_is_kept(self):
        store = new_store(self.folder)
        for w in range(self.WRITERS):
            import_and_issue(store, self.folder, 200 + w)
        acked = [dict(units=[], users=[], responses=[], reports=[], actions=[]) for _ in range(self.WRITERS)]
        refused = []
        deadline = time.monotonic() + self.SECONDS

        def writer(w):
            ev = f"PLACMI-{200 + w}"
            mine = acked[w]
            steps = [
                ("responses", f"{ev}#1", ["--as", "ba", "respond", f"{ev}#1", "--unit", "MRF-BA",
                                          "--decision", "accepted"]),
                ("responses", f"{ev}#2", ["--as", "mms", "respond", f"{ev}#2", "--unit", "MMS",
                                          "--decision", "accepted"]),
            ]
            k = 0
            while time.monotonic() < deadline:
                if steps:
                    kind, key, args = steps.pop(0)
                else:
                    key = f"W{w}-{k}"
                    kind, args = [
                        ("units", ["--as", "root", "unit", "add", key, "--name", f"Unit {key}"]),
                        ("users", ["--as", "root", "user", "add", key.lower(), "--role", "viewer"]),
                        ("reports", ["--as", "ba", "report-progress", f"{ev}#1", "--unit", "MRF-BA",
                                     "--status", "in_progress", "--text", f"report {key}"]),
                        ("actions", ["--as", "ba", "add-action", f"{ev}#1", "--unit", "MRF-BA",
                                     "--action", f"action {key}|MRF-BA|2030-01-31"]),
                    ][k % 4]
                    k += 1
                r = store.run(*args)
                if r.returncode == 0:
                    mine[kind].append(key)
                elif kind == "responses":
                    steps.insert(0, (kind, key, args))
                if r.returncode != 0:
                    refused.append((r.returncode, r.stderr.decode()))

        threads = [threading.Thread(target=writer, args=(w,)) for w in range(self.WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        total = sum(len(v) for a in acked for v in a.values())
        print(f"\nparallel writers: {total} writes acknowledged, {len(refused)} refused", file=sys.stderr)
        for code, message in refused:
            # Only a writer locked out past the busy timeout may be refused.
            self.assertEqual(code, 3, message)
            self.assertIn("another process holds the store's lock", message)
        self.assertGreater(total, 8 * self.WRITERS, "the writers hardly wrote")
        self.assert_sound(store, "after the parallel writers")
        units = {u["code"] for u in store.json("--as", "root", "unit", "list", "--json")}
        users = {u["name"] for u in store.json("--as", "root", "user", "list", "--json")}
        for w, mine in enumerate(acked):
            ev = f"PLACMI-{200 + w}"
            self.assertLessEqual(set(mine["units"]), units)
            self.assertLessEqual({u.lower() for u in mine["users"]}, users)
            first = store.json("--as", "root", "show", f"{ev}#1", "--json")
            second = store.json("--as", "root", "show", f"{ev}#2", "--json")
            responded = {f"{ev}#1"} if first["responses"] else set()
            responded |= {f"{ev}#2"} if second["responses"] else set()
            self.assertLessEqual(set(mine["responses"]), responded)
            texts = {r["text"] for r in first["progress_reports"]}
            self.assertLessEqual({f"report {k}" for k in mine["reports"]}, texts)
            actions = {a["description"] for a in first["actions"]}
            self.assertLessEqual({f"action {k}" for k in mine["actions"]}, actions)


if __name__ == "__main__":
    FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    program = unittest.main(verbosity=2, exit=False)
    result = program.result
    if not result.wasSuccessful():
        sys.exit(1)
    if result.testsRun > 0 and len(result.skipped) == result.testsRun:
        sys.exit(77)
    sys.exit(0)
