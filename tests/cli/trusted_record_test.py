#!/usr/bin/python3
"""The trusted record (issue 6), checked through the real binary on real
SQLite files: dated facts, extensions, reopenings, two keys, scopes, a
safe first minute, and a history that binds the data.

Usage: trusted_record_test.py PATH/TO/followup
"""
import datetime
import hashlib
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import unittest

import cli_test
from cli_test import SEED, Store, dump

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import server as http_server  # noqa: E402 (tests/http/server.py)

UNITS = ("MMS", "MPRP", "MRF-BA")


def days(start, end):
    d = datetime.date.fromisoformat(start)
    last = datetime.date.fromisoformat(end)
    while d <= last:
        yield d.isoformat()
        d += datetime.timedelta(days=1)


def seed_scenario(s, with_mprp_response=True):
    """The seed memo's follow-up as issue 3 tells it, entered on its days."""
    s.ok("import", SEED)
    for name, unit in (("ba", "MRF-BA"), ("mms", "MMS"), ("mprp", "MPRP")):
        s.ok("--as", "root", "user", "add", name, "--role", "unit", "--unit", unit)
    s.ok("--as", "root", "user", "add", "dg", "--role", "executive")
    s.ok("issue", "PLACMI-2", "--as-of", "2001-07-20")
    s.ok("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted",
         "--action", "Convene the meeting of the four MRFs|MRF-BA|2001-10-31",
         "--action", "Agree parameters for collaboration|MMS|2001-12-31", "--as-of", "2001-08-20")
    s.ok("--as", "mms", "respond", "PLACMI-2#2", "--unit", "MMS", "--decision", "accepted", "--as-of", "2001-08-25")
    if with_mprp_response:
        s.ok("--as", "mprp", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "partially_accepted",
             "--rationale", "Only the regional part", "--as-of", "2001-09-05")


def reports_as_of(s, day):
    """Every report as of `day`, without the history head (which grows)."""
    out = {}
    for kind in ("status", "overdue", "rates"):
        out[kind] = s.json("--as", "dg", "report", kind, "--as-of", day, "--json")
    for unit in UNITS:
        out["unit " + unit] = s.json("--as", "dg", "report", "unit", unit, "--as-of", day, "--json")
    for report in out.values():
        report.pop("history_head")
    return out


class ServedReports:
    """reports_as_of through one `followup serve` on the store, as the DG:
    the same reports, for the thousands of days a test reads, without a
    process each."""

    def __init__(self, s):
        s.ok("--as", "root", "user", "passwd", "dg", stdin=(http_server.PASSWORD + "\n").encode())
        self.server = http_server.Server(cli_test.FOLLOWUP)
        self.server.url = s.url
        self.server.start()
        self.conn = self.server.connection()

    def as_of(self, day):
        out = {}
        for kind in ("status", "overdue", "rates"):
            out[kind] = self.get(f"/api/v1/reports/{kind}?as_of={day}")
        for unit in UNITS:
            out["unit " + unit] = self.get(f"/api/v1/reports/unit/{unit}?as_of={day}")
        for report in out.values():
            report.pop("history_head")
        return out

    def get(self, path):
        status, _, data = self.server.request("GET", path, user="dg", conn=self.conn)
        if status != 200:
            raise AssertionError(f"GET {path}: {status} {data[:300]!r}")
        return json.loads(data)

    def close(self):
        self.conn.close()
        self.server.close()


class DatedFactsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.s = Store(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def test_an_extension_is_a_step_judged_on_the_day_of_the_answer(self):
        s = self.s
        seed_scenario(s, with_mprp_response=False)
        s.ok("extend", "PLACMI-2#2", "--unit", "MPRP", "--due", "2001-09-30", "--reason",
             "Extension granted to MPRP", "--as-of", "2001-09-02")
        overdue = s.json("--as", "dg", "report", "overdue", "--as-of", "2001-09-01", "--json")
        self.assertEqual([(r["ref"], r["unit"]) for r in overdue["responses"]], [("PLACMI-2#2", "MPRP")])
        self.assertEqual(s.json("--as", "dg", "report", "overdue", "--as-of", "2001-09-03", "--json")["responses"], [])
        memo = s.ok("--as", "dg", "memo", "PLACMI-2")
        self.assertIn("31 August 2001; extended for MPRP to 30 September 2001 (granted 2 September 2001)", memo)
        s.ok("--as", "mprp", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "accepted",
             "--as-of", "2001-09-05")
        status = s.json("--as", "dg", "report", "status", "--as-of", "2001-09-10", "--json")
        line = {r["ref"]: r for r in status["recommendations"]}["PLACMI-2#2"]
        mprp = {u["unit"]: u for u in line["units"]}["MPRP"]
        self.assertEqual(line["due"], "2001-08-31")
        self.assertEqual(mprp["extended_due"], "2001-09-30")
        self.assertEqual(mprp["on_time"], False)
        self.assertEqual(mprp["within_extension"], True)
        self.assertEqual(line["response"], "within_extension")
        self.assertEqual(status["total"]["responded_within_extension"], 1)
        self.assertEqual(status["total"]["responded_on_time"], 1)
        rates = s.json("--as", "dg", "report", "rates", "--as-of", "2001-09-10", "--json")
        self.assertEqual(rates["total"]["on_time"]["numerator"], 2)
        self.assertEqual(rates["total"]["within_extension"]["numerator"], 1)
        r = s.run("edit", "PLACMI-2#2", "--due", "2001-10-31", "--reason", "Later", "--as-of", "2001-09-02")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(),
                         "followup: cannot edit PLACMI-2#2: it was issued on 2001-07-20, so its due date 2001-08-31 "
                         "is the memo's and stays; grant an extension instead\n")

    def test_a_unit_dates_its_facts_a_few_days_back_the_office_older(self):
        s = self.s
        seed_scenario(s, with_mprp_response=False)
        today = datetime.date.today()
        window = {"FOLLOWUP_UNIT_BACKDATE_DAYS": "7"}
        old = (today - datetime.timedelta(days=8)).isoformat()
        before = dump(s.path)
        r = s.run("--as", "mprp", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "accepted",
                  "--as-of", old, env_extra=window)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(),
                         f"followup: cannot respond to PLACMI-2#2: it is dated {old}, 8 days ago; a unit may date "
                         "its facts at most 7 days back (the evaluation office can enter older facts)\n")
        future = (today + datetime.timedelta(days=1)).isoformat()
        r = s.run("--as", "mprp", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "accepted",
                  "--as-of", future, env_extra=window)
        self.assertEqual(r.returncode, 1)
        self.assertIn("after today", r.stderr.decode())
        self.assertEqual(before, dump(s.path))
        s.ok("--as", "eva", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "accepted",
             "--as-of", "2001-09-05", env_extra=window)
        shown = s.ok("--as", "dg", "show", "PLACMI-2#2", "--as-of", "2001-09-06")
        self.assertIn("responded 2001-09-05 (accepted) (entered late, entered by eva for MPRP)", shown)
        status = s.json("--as", "dg", "report", "status", "--as-of", "2001-09-06", "--json")
        self.assertEqual(status["total"]["entered_late"], 1)

    def test_reopening_keeps_the_closing_on_its_day(self):
        s = self.s
        seed_scenario(s)
        s.ok("close", "PLACMI-2#2", "--outcome", "not_implemented", "--as-of", "2002-01-10")
        s.ok("reopen", "PLACMI-2#2", "--reason", "New information", "--as-of", "2002-01-11")
        closed = s.json("--as", "dg", "report", "status", "--as-of", "2002-01-10", "--json")
        self.assertEqual({r["ref"]: r["state"] for r in closed["recommendations"]}["PLACMI-2#2"],
                         "closed_not_implemented")
        reopened = s.json("--as", "dg", "report", "status", "--as-of", "2002-01-11", "--json")
        self.assertEqual({r["ref"]: r["state"] for r in reopened["recommendations"]}["PLACMI-2#2"], "responded")
        r = s.run("close", "PLACMI-2#2", "--outcome", "not_implemented", "--as-of", "2002-01-09")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: cannot close PLACMI-2#2: it is dated 2002-01-09, before its "
                                            "last reopening on 2002-01-11\n")

    def test_every_past_report_stays_as_it_was(self):
        """The seed scenario, every report snapshotted as of each day from
        2001-07-16 to 2002-03-31; then later reopenings, extensions and edits;
        then every snapshot again."""
        s = self.s
        seed_scenario(s, with_mprp_response=False)
        s.ok("extend", "PLACMI-2#2", "--unit", "MPRP", "--due", "2001-09-30", "--reason", "Granted",
             "--as-of", "2001-09-02")
        s.ok("--as", "mprp", "respond", "PLACMI-2#2", "--unit", "MPRP", "--decision", "accepted",
             "--as-of", "2001-09-20")
        s.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
             "--text", "Invitations sent", "--as-of", "2001-10-01")
        s.ok("validate", "PLACMI-2#1", "--rating", "in_progress", "--comment", "Seen", "--as-of", "2001-10-05")
        s.ok("close", "PLACMI-2#1", "--outcome", "not_implemented", "--as-of", "2002-01-10")
        s.ok("reopen", "PLACMI-2#1", "--reason", "The meeting took place after all", "--as-of", "2002-01-11")
        period = list(days("2001-07-16", "2002-03-31"))
        served = ServedReports(s)
        self.addCleanup(served.close)
        # The server's reports are the command line's.
        self.assertEqual(served.as_of("2001-10-05"), reports_as_of(s, "2001-10-05"))
        before = {day: served.as_of(day) for day in period}
        # Later facts: a closing and reopening, an action's revised date, an
        # edit of the text and units, a priority.
        s.ok("close", "PLACMI-2#2", "--outcome", "no_longer_applicable", "--as-of", "2002-04-10")
        s.ok("reopen", "PLACMI-2#2", "--reason", "Still relevant", "--as-of", "2002-04-11")
        s.ok("edit", "PLACMI-2#1", "--text", "Reworded", "--units", "MRF-BA,MMS", "--priority", "high",
             "--reason", "The DG asked", "--as-of", "2002-04-12")
        shown = s.json("show", "PLACMI-2#1", "--json")
        action = shown["actions"][0]["id"]
        s.ok("--as", "ba", "action", "PLACMI-2#1", str(action), "--unit", "MRF-BA", "--due", "2002-06-30",
             "--reason", "Venue", "--as-of", "2002-04-13")
        changed = [day for day in period if served.as_of(day) != before[day]]
        self.assertEqual(changed, [])
        after = reports_as_of(s, "2002-04-13")
        line = {r["ref"]: r for r in after["status"]["recommendations"]}["PLACMI-2#1"]
        self.assertEqual(line["text"], "Reworded")
        self.assertEqual(line["priority"], "high")
        self.assertEqual(s.json("--as", "dg", "report", "status", "--priority", "high", "--as-of", "2002-04-13",
                                "--json")["total"]["recommendations"], 1)
        self.assertEqual(s.json("--as", "dg", "report", "status", "--priority", "high", "--as-of", "2002-04-11",
                                "--json")["total"]["recommendations"], 0)


    def test_a_back_dated_edit_does_not_carry_a_later_one_back(self):
        s = self.s
        seed_scenario(s)
        s.ok("edit", "PLACMI-2#2", "--priority", "high", "--reason", "Raised", "--as-of", "2002-02-01")
        s.ok("edit", "PLACMI-2#2", "--text", "Shorter wording", "--reason", "Typo", "--as-of", "2001-12-01")
        high = s.json("--as", "dg", "report", "status", "--priority", "high", "--as-of", "2001-12-15", "--json")
        self.assertEqual(high["recommendations"], [])
        normal = s.json("--as", "dg", "report", "status", "--as-of", "2001-12-15", "--json")
        self.assertEqual({r["ref"]: r["text"] for r in normal["recommendations"]}["PLACMI-2#2"], "Shorter wording")
        later = s.json("--as", "dg", "report", "status", "--as-of", "2002-02-01", "--json")
        line = {r["ref"]: r for r in later["recommendations"]}["PLACMI-2#2"]
        # A revision is the whole wording from its date: the back-dated one
        # holds until the later one, which kept the wording of its own day.
        self.assertEqual(line["priority"], "high")
        self.assertNotEqual(line["text"], "Shorter wording")


class TwoKeysAndScopesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.s = Store(self.tmp.name)
        seed_scenario(self.s)

    def tearDown(self):
        self.tmp.cleanup()

    def test_implemented_needs_the_offices_rating_after_the_last_report(self):
        s = self.s
        tor = os.path.join(self.tmp.name, "tor.pdf")
        with open(tor, "wb") as f:
            f.write(b"%PDF-1.4\nterms of reference\n%%EOF\n")
        s.ok("--as", "mms", "report-progress", "PLACMI-2#2", "--unit", "MMS", "--status", "in_progress",
             "--text", "Terms of reference drafted", "--evidence", tor, "--as-of", "2001-10-01")
        s.ok("--as", "mprp", "report-progress", "PLACMI-2#2", "--unit", "MPRP", "--status", "not_started",
             "--text", "Not yet", "--as-of", "2001-10-02")
        before = dump(s.path)
        r = s.run("close", "PLACMI-2#2", "--outcome", "implemented", "--as-of", "2001-10-03")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), "followup: cannot close PLACMI-2#2 as implemented: the office has not "
                                            "rated it implemented (no validation); validate it first, or override "
                                            "with a reason\n")
        s.ok("validate", "PLACMI-2#2", "--rating", "implemented", "--comment", "Seen", "--as-of", "2001-10-03")
        r = s.run("close", "PLACMI-2#2", "--outcome", "implemented", "--as-of", "2001-10-04")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no progress report claiming implemented carries evidence", r.stderr.decode())
        self.assertNotEqual(before, dump(s.path))  # the validation was recorded, nothing else
        out = s.ok("close", "PLACMI-2#2", "--outcome", "implemented", "--override", "Audit confirmed it",
                   "--waive-evidence", "Seen on site", "--as-of", "2001-10-04")
        self.assertIn("closed PLACMI-2#2 as implemented", out)
        shown = s.ok("show", "PLACMI-2#2")
        self.assertIn("(override of the office's rating: Audit confirmed it)", shown)

    def test_a_joint_recommendation_closes_without_a_silent_unit_with_a_reason(self):
        s = Store(os.path.join(self.tmp.name, "second"))
        seed_scenario(s, with_mprp_response=False)
        r = s.run("close", "PLACMI-2#2", "--outcome", "not_implemented", "--as-of", "2002-01-10")
        self.assertEqual(r.stderr.decode(), "followup: cannot close PLACMI-2#2 as not_implemented: MPRP has not "
                                            "responded; closing without a response needs a reason\n")
        s.ok("close", "PLACMI-2#2", "--outcome", "not_implemented", "--reason", "MPRP was merged into MMS",
             "--as-of", "2002-01-10")
        status = s.json("--as", "dg", "report", "status", "--as-of", "2002-01-10", "--json")
        self.assertEqual(status["total"]["closed_without_response"], 1)
        self.assertEqual({r["ref"]: r for r in status["recommendations"]}["PLACMI-2#2"]["unresponsive"], ["MPRP"])

    def test_a_unit_hears_about_others_what_it_would_hear_about_nothing(self):
        s = self.s
        for args, unknown in ((("report", "unit", "MMS"), ("report", "unit", "NOPE")),
                              (("list", "--unit", "MMS"), ("list", "--unit", "NOPE"))):
            theirs = s.run("--as", "mprp", *args)
            nothing = s.run("--as", "mprp", *unknown)
            self.assertEqual(theirs.returncode, 1)
            self.assertEqual(theirs.stderr.decode().replace("MMS", "X"), nothing.stderr.decode().replace("NOPE", "X"))
        self.assertEqual(s.run("--as", "mprp", "show", "PLACMI-2#1").stderr.decode(),
                         s.run("--as", "mprp", "show", "PLACMI-2#7").stderr.decode().replace("#7", "#1"))
        memo = s.ok("--as", "mprp", "memo", "PLACMI-2")
        self.assertNotIn("IOM Buenos Aires should encourage", memo)
        self.assertIn("MPRP", memo)
        for args in (("unit", "list"), ("user", "list"), ("memo", "PLACMI-2"), ("list",), ("verify-history",),
                     ("check",), ("import", "--dry-run", SEED)):
            r = s.run("--as", "nobody", *args)
            self.assertEqual(r.returncode, 1, args)
            self.assertEqual(r.stderr.decode(),
                             "followup: no user 'nobody' (--as, FOLLOWUP_USER or the setting cli.user)\n")

    def test_an_actions_owner_reports_on_it(self):
        s = self.s
        action = s.json("show", "PLACMI-2#1", "--json")["actions"][1]
        self.assertEqual(action["unit"], "MMS")
        s.ok("--as", "mms", "report-progress", "PLACMI-2#1", "--unit", "MMS", "--status", "implemented",
             "--text", "Parameters agreed", "--action-done", str(action["id"]), "--as-of", "2001-12-01")
        shown = s.json("--as", "dg", "show", "PLACMI-2#1", "--json", "--as-of", "2001-12-02")
        self.assertEqual([a["status"] for a in shown["actions"]], ["not_started", "done"])
        self.assertEqual(shown["state"], "responded")
        report = s.json("--as", "dg", "report", "unit", "MMS", "--as-of", "2001-12-02", "--json")
        self.assertEqual([i["kind"] for i in report["items"]], [])

    def test_references_history_evidence_and_units(self):
        s = self.s
        self.assertEqual([h["action"] for h in s.json("show", "PLACMI-2#01", "--history", "--json")["history"]],
                         ["import", "issue", "respond"])
        minutes = os.path.join(self.tmp.name, "minutes.pdf")
        content = b"%PDF-1.4\nminutes\n%%EOF\n"
        with open(minutes, "wb") as f:
            f.write(content)
        s.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
             "--text", "Minutes", "--evidence", minutes, "--as-of", "2001-10-01")
        listed = s.json("--as", "ba", "evidence", "list", "PLACMI-2#1", "--json")
        digest = hashlib.sha256(content).hexdigest()
        self.assertEqual([(e["sha256"], e["media_type"], e["size"]) for e in listed],
                         [(digest, "application/pdf", len(content))])
        out = os.path.join(self.tmp.name, "back.pdf")
        s.ok("--as", "ba", "evidence", "get", digest, "--output", out)
        with open(out, "rb") as f:
            self.assertEqual(f.read(), content)
        r = s.run("--as", "mprp", "evidence", "get", digest, "--output", os.path.join(self.tmp.name, "no.pdf"))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(), f"followup: no evidence {digest}\n")
        s.ok("unit", "edit", "MMS", "--name", "Migration Management Services", "--head", "Director, MMS")
        units = {u["code"]: u for u in s.json("unit", "list", "--json")}
        self.assertEqual(units["MMS"]["name"], "Migration Management Services")
        rates = s.json("--as", "dg", "report", "rates", "--as-of", "2001-09-10", "--json")
        self.assertEqual(rates["total"]["acceptance_by_recommendation"],
                         {"numerator": 2, "denominator": 2, "rate": 1.0})
        status = s.json("--as", "dg", "report", "status", "--as-of", "2001-09-10", "--json")
        self.assertIn("office_rating", status["recommendations"][0])


class FirstMinuteTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()

    def tearDown(self):
        self.tmp.cleanup()

    def test_only_init_creates_a_store(self):
        s = Store(self.tmp.name, init=False)
        r = s.run("list", "--overdue")
        self.assertEqual(r.returncode, 3)
        self.assertEqual(r.stderr.decode(), f"followup: no store at {s.path} (create one with followup init)\n")
        self.assertFalse(os.path.exists(s.path))

    def test_the_first_user_is_an_admin_and_the_last_admin_stays(self):
        s = Store(self.tmp.name, init=False)
        s.ok("init")
        r = s.run("--as", "setup", "user", "add", "eva", "--role", "evaluation")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr.decode(),
                         "followup: the store has no users yet, so the first user must have the admin role (user "
                         "eva has evaluation); without an admin nobody could manage users any more\n")
        s.ok("init", "--admin", "root")
        r = s.run("--as", "root", "user", "edit", "root", "--role", "evaluation")
        self.assertEqual(r.stderr.decode(), "followup: user root is the last admin and cannot lose the admin role; "
                                            "make another user admin first\n")


class HistoryBindsTheDataTest(unittest.TestCase):
    """Every direct change to the store's file is caught by verify-history."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        s = Store(cls.tmp.name)
        seed_scenario(s, with_mprp_response=False)
        s.ok("unit", "alias", "MRF-BA", "IOM Buenos Aires")
        s.ok("unit", "edit", "MMS", "--email", "mms@example.org")
        s.ok("extend", "PLACMI-2#2", "--unit", "MPRP", "--due", "2001-09-30", "--reason", "Granted",
             "--as-of", "2001-09-02")
        s.ok("request-date", "PLACMI-2#2", "--unit", "MPRP", "--due", "2001-10-31", "--reason", "Still busy",
             "--as-of", "2001-09-03")
        s.ok("answer-request", "1", "--grant", "--text", "Last time", "--as-of", "2001-09-04")
        pdf = os.path.join(cls.tmp.name, "minutes.pdf")
        with open(pdf, "wb") as f:
            f.write(b"%PDF-1.4\nminutes of the meeting\n%%EOF\n")
        shown = s.json("show", "PLACMI-2#1", "--json")
        s.ok("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "implemented",
             "--text", "Met", "--action-done", str(shown["actions"][0]["id"]), "--evidence", pdf,
             "--as-of", "2001-10-20")
        s.ok("--as", "mms", "action", "PLACMI-2#1", str(shown["actions"][1]["id"]), "--unit", "MMS", "--due",
             "2002-02-28", "--reason", "Later", "--as-of", "2001-10-21")
        s.ok("validate", "PLACMI-2#1", "--rating", "implemented", "--comment", "Seen", "--as-of", "2001-10-25")
        s.ok("close", "PLACMI-2#1", "--outcome", "implemented", "--evidence", pdf, "--as-of", "2001-11-01")
        s.ok("close", "PLACMI-2#2", "--outcome", "not_implemented", "--reason", "MPRP never answered",
             "--as-of", "2002-01-10")
        s.ok("reopen", "PLACMI-2#2", "--reason", "Reconsidered", "--as-of", "2002-01-11")
        s.ok("edit", "PLACMI-2#2", "--text", "Reworded", "--reason", "The DG asked", "--as-of", "2002-01-12")
        # A key action still owed at the end, for the kept index of owed actions.
        s.ok("--as", "mms", "add-action", "PLACMI-2#2", "--unit", "MMS", "--action", "Train the staff|MMS|2002-06-30",
             "--as-of", "2002-01-13")
        cls.store = s
        cls.head = s.json("--as", "dg", "report", "status", "--json")["history_head"]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def copy(self):
        """A copy of the store with its key, and a Store to drive it."""
        folder = tempfile.mkdtemp(dir=self.tmp.name)
        s = Store(folder, init=False)
        os.makedirs(os.path.dirname(s.path))
        shutil.copy(self.store.path, s.path)
        shutil.copy(self.store.path + ".key", s.path + ".key")
        return s

    def tamper(self, s, *statements):
        conn = sqlite3.connect(s.path)
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for (name,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        for sql in statements:
            conn.execute(sql)
        conn.commit()
        conn.close()

    def verify_fails(self, s, *extra):
        r = s.run("verify-history", *extra)
        self.assertEqual(r.returncode, 3, r.stdout.decode())
        return r.stderr.decode()

    def data_tables(self):
        """Every table but the history, the migrator's, and the accounts, the
        reminders' outbox and the calendar feeds, which are outside the
        history (docs/storage.md)."""
        conn = sqlite3.connect(self.store.path)
        try:
            return [n for (n,) in conn.execute(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT IN ('history', 'schema_version', "
                "'credentials', 'sessions', 'reminder_days', 'outbox', 'calendar_feeds') AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name")]
        finally:
            conn.close()

    def test_the_untouched_store_verifies(self):
        out = self.store.ok("verify-history", "--head", f"{self.head['entries']}:{self.head['hash']}")
        self.assertIn("history verified", out)

    def test_every_table_has_rows_to_tamper_with(self):
        conn = sqlite3.connect(self.store.path)
        empty = [t for t in self.data_tables() if conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] == 0]
        conn.close()
        self.assertEqual(empty, [], "the scenario must fill every table, or a tampering test would pass vacuously")

    def test_a_changed_deleted_or_inserted_row_of_any_table_is_named(self):
        conn = sqlite3.connect(self.store.path)
        for table in self.data_tables():
            cols = [(r[1], r[2]) for r in conn.execute(f'PRAGMA table_info("{table}")')]
            # Change the last column that holds a value in the first row (NULL
            # stays NULL under || and +), except the kept index's version
            # counter, which is not compared (docs/storage.md, "Kept for speed").
            values = conn.execute(f'SELECT * FROM "{table}" WHERE rowid = (SELECT min(rowid) FROM "{table}")').fetchone()
            name, kind = [c for c, v in zip(cols, values)
                          if v is not None and (table, c[0]) != ("followup_index", "version")][-1]
            change = {"INTEGER": f'"{name}" = "{name}" + 1', "BLOB": f'"{name}" = X\'00\''}.get(
                kind, f'"{name}" = "{name}" || \'x\'')
            first = f'(SELECT min(rowid) FROM "{table}")'
            for what, sql in (("changed", f'UPDATE "{table}" SET {change} WHERE rowid = {first}'),
                              ("deleted", f'DELETE FROM "{table}" WHERE rowid = {first}'),
                              ("inserted", None)):
                with self.subTest(table=table, tampering=what):
                    s = self.copy()
                    if sql is None:
                        # A copy of the first row, every key changed so that it fits beside it.
                        names = ", ".join(f'"{c}"' for c, _ in cols)
                        values = ", ".join({"TEXT": f'"{c}" || \'-new\'', "INTEGER": f'"{c}" + 100000'}.get(k, f'"{c}"')
                                           for c, k in cols)
                        sql = f'INSERT INTO "{table}" ({names}) SELECT {values} FROM "{table}" WHERE rowid = {first}'
                    self.tamper(s, sql)
                    err = self.verify_fails(s)
                    # Named: as a row of the table, a broken constraint or reference of
                    # the table, or (blobs) evidence that does not replay.
                    self.assertTrue(table in err or (table == "blobs" and "evidence" in err), err)
        conn.close()

    def test_an_admin_inserted_by_hand_is_caught(self):
        s = self.copy()
        self.tamper(s, "INSERT INTO users (name, full_name, email) VALUES ('mallory', '', '')",
                    "INSERT INTO user_roles (user, position, role) VALUES ('mallory', 0, 'admin')")
        self.assertIn("table user_roles has a row its history does not make", self.verify_fails(s))

    def test_a_truncated_or_emptied_chain_is_caught(self):
        s = self.copy()
        self.tamper(s, "DELETE FROM history WHERE id = (SELECT max(id) FROM history)")
        self.assertIn("has a row its history does not make", self.verify_fails(s))
        head = f"{self.head['entries']}:{self.head['hash']}"
        self.assertIn(f"history entry {self.head['entries']} seen earlier", self.verify_fails(s, "--head", head))
        s = self.copy()
        self.tamper(s, "DELETE FROM history")
        self.assertIn("has a row its history does not make", self.verify_fails(s))

    def test_a_chain_rewritten_with_recomputed_hashes_is_caught(self):
        s = self.copy()
        conn = sqlite3.connect(s.path)
        conn.execute("DROP TRIGGER history_no_delete")
        prev = "0" * 64
        rows = conn.execute("SELECT id, actor, at, entity, action, before, after, ops FROM history ORDER BY id").fetchall()
        for (id_, actor, at, entity, action, before, after, ops) in rows:
            if id_ == 3:
                actor = "mallory"
            text = "".join(f"{len(f.encode())}:{f}," for f in (prev, actor, at, entity, action, before, after, ops))
            digest = hashlib.sha256(text.encode()).hexdigest()
            conn.execute("UPDATE history SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?", (actor, prev, digest, id_))
            prev = digest
        conn.commit()
        conn.close()
        err = self.verify_fails(s)
        self.assertIn("history entry 3 is not signed by this store's history key", err)
        self.assertIn(f"history entry {self.head['entries']} is not the one seen earlier",
                      self.verify_fails(s, "--head", f"{self.head['entries']}:{self.head['hash']}"))

    def test_writing_needs_the_key(self):
        s = self.copy()
        os.remove(s.path + ".key")
        r = s.run("unit", "add", "FIN", "--name", "Finance")
        self.assertEqual(r.returncode, 3)
        self.assertIn("history key", r.stderr.decode())
        self.assertEqual(s.run("list").returncode, 0, "reads need no key")


if __name__ == "__main__":
    cli_test.FOLLOWUP = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
