#!/usr/bin/env python3
"""`followup remind` against a real SMTP server on loopback (docs/reminders.md).

Usage: remind_test.py PATH/TO/followup

The seed memo issued on 2001-07-20 and nobody responding: `remind --as-of`
each day from 2001-08-01 to 2001-10-15, sent through aiosmtpd (Debian's
python3-aiosmtpd, in this process), reaches each unit's focal point on
2001-08-17, 08-28, 08-31 (due), then weekly, and the DG's office with an
escalation on 2001-09-30: one message a person a day at most, and MMS's and
MPRP's notices of #2 each to their own people.

Then the same days again on a fresh copy of the store, the sender killed
(SIGKILL, by the SMTP server itself) 50 times: at MAIL FROM (before the
message is handed over) and after the message is received but before the
server's reply (handed over, not yet marked sent). Rerun after each kill,
every planned message arrives, under one Message-ID each; a copy beyond the
first only ever follows a kill after the hand-over (the retry the stable
Message-ID makes recognisable), and without kills no message comes twice.
"""

import asyncio
import email
import email.policy
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from smtp_sink import Sink  # noqa: E402
from aiosmtpd.smtp import SMTP  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "data", "memos", "000_126856058e4a29d7.txt")
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL:", message, file=sys.stderr)


class KillingSink(Sink):
    """Saves as Sink does; kills the sender up to `budget` times, at MAIL FROM
    and after a received message in turn, letting one event pass after each
    kill so that the kills spread over the messages."""

    def __init__(self, folder):
        super().__init__(folder, set(), set())
        self.budget = 0
        self.next_kind = "mail"
        self.skip = 0
        self.killed = {"mail": 0, "data": 0}
        self.killed_after_data = []  # the Message-IDs received just before a kill
        self.pid = None

    def maybe_kill(self, kind, message_id=None):
        if self.skip > 0:
            self.skip -= 1
            return False
        if kind != self.next_kind or not self.pid or sum(self.killed.values()) >= self.budget:
            return False
        os.kill(self.pid, signal.SIGKILL)
        self.killed[kind] += 1
        if message_id:
            self.killed_after_data.append(message_id)
        self.next_kind = "data" if kind == "mail" else "mail"
        self.skip = 1
        return True

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.maybe_kill("mail"):
            return "421 4.3.0 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = await super().handle_DATA(server, session, envelope)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.maybe_kill("data", str(message["Message-ID"]))
        return reply


class Server:
    def __init__(self, folder):
        self.sink = KillingSink(folder)
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(self.loop.create_server(
                lambda: SMTP(self.sink, hostname="smtp-test.invalid"), "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        ready.wait(10)

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def received(folder):
    """(Message-ID, recipient, subject) of every message saved, in order."""
    out = []
    names = sorted((n for n in os.listdir(folder) if n.endswith(".eml")), key=lambda n: int(n[:-4]))
    for name in names:
        with open(os.path.join(folder, name), "rb") as f:
            m = email.message_from_bytes(f.read(), policy=email.policy.default)
        out.append((str(m["Message-ID"]), m["To"].addresses[0].addr_spec, str(m["Subject"])))
    return out


def check_calendar(binary, db, f, port, today):
    """A unit's calendar feed, read over HTTP and parsed back by an
    independent reader (python3-icalendar); revoked, its address is 404."""
    import http.client
    import icalendar
    import re
    created = f(db, "--as", "mprp", "calendar", "add", "--unit", "MPRP")
    m = re.search(r"calendar feed (\d+) of unit MPRP: http://127\.0\.0\.1:8080(/calendar/[A-Za-z0-9_-]{43}\.ics)", created)
    check(m is not None, f"calendar add prints the address: {created}")
    feed_id, path = m.group(1), m.group(2)

    def get(target):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", target)
        r = conn.getresponse()
        return r.status, r.getheader("Content-Type"), r.read()

    status, kind, body = get(path)
    check(status == 200 and kind == "text/calendar; charset=utf-8", f"the feed: {status} {kind}")
    calendar = icalendar.Calendar.from_ical(body)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    due = (today + __import__("datetime").timedelta(days=3))
    check(len(events) == 1, f"one event: MPRP's response, {len(events)}")
    if events:
        e = events[0]
        check(str(e["UID"]) == "PLACMI-2-2-MPRP-response@example.org", f"a stable UID: {e['UID']}")
        check(e["DTSTART"].dt == due and not hasattr(e["DTSTART"].dt, "hour"),
              f"an all-day DTSTART on the date in force: {e['DTSTART'].dt!r}")
        check(str(e["SUMMARY"]) == "PLACMI-2#2: MPRP's management response due", f"the summary: {e['SUMMARY']}")
        check(str(e["URL"]) == "http://127.0.0.1:8080/recommendations/PLACMI-2/2", f"the link: {e['URL']}")
        alarms = [a for a in e.walk() if a.name == "VALARM"]
        check([a["TRIGGER"].dt.days for a in alarms] == [-14, -3], "alarms 14 and 3 days before")
    f(db, "--as", "mprp", "calendar", "revoke", feed_id)
    status, kind, body = get(path)
    check(status == 404, f"a revoked feed's address is 404, not {status}")
    status, kind, body = get("/calendar/" + "x" * 43 + ".ics")
    check(status == 404, f"an unknown address is 404, not {status}")


def copy_store(source, target):
    """A copy of the store and its history key."""
    for suffix in ("", ".key"):
        shutil.copy(source + suffix, target + suffix)
    return target


def days(first, last):
    import datetime
    d = datetime.date.fromisoformat(first)
    while d <= datetime.date.fromisoformat(last):
        yield d.isoformat()
        d += datetime.timedelta(days=1)


def main():
    binary = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp(prefix="followup-remind-test-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env.update({"FOLLOWUP_UNIT_BACKDATE_DAYS": "9999", "FOLLOWUP_USER": "eva",
                "FOLLOWUP_MAIL_FROM": "oig@example.org", "FOLLOWUP_MAIL_CLAIM_SECONDS": "0",
                "FOLLOWUP_SMTP_TLS": "none", "FOLLOWUP_SMTP_TIMEOUT_SECONDS": "10"})

    def f(db, *args, allow_kill=False, extra=None):
        r = subprocess.run([binary, "--db", "sqlite:" + db, *args], capture_output=True, text=True,
                           env={**env, **(extra or {})})
        if r.returncode == -signal.SIGKILL and allow_kill:
            return None
        if r.returncode != 0:
            sys.exit(f"followup {' '.join(args)}: exit {r.returncode}: {r.stderr}")
        return r.stdout

    try:
        db = os.path.join(work, "f.db")
        f(db, "init")
        f(db, "--as", "setup", "user", "add", "root", "--role", "admin")
        f(db, "--as", "root", "user", "add", "eva", "--role", "evaluation", "--email", "eva@example.org")
        f(db, "import", SEED)
        for name, role, unit in [("dg", "executive", None), ("ba", "unit", "MRF-BA"), ("mms", "unit", "MMS"),
                                 ("mprp", "unit", "MPRP")]:
            f(db, "--as", "root", "user", "add", name, "--role", role, *(["--unit", unit] if unit else []),
              "--email", f"{name}@example.org", "--full-name", f"Focal point {name}")
        f(db, "issue", "PLACMI-2", "--as-of", "2001-07-20")
        pristine = copy_store(db, os.path.join(work, "pristine.db"))

        # 1. Day by day, no crash.
        folder = os.path.join(work, "smtp1")
        os.mkdir(folder)
        server = Server(folder)
        smtp = {"FOLLOWUP_SMTP_URL": f"smtp://127.0.0.1:{server.port}"}
        for day in days("2001-08-01", "2001-10-15"):
            f(db, "remind", "--as-of", day, extra=smtp)
        server.stop()
        got = received(folder)
        by_person = {}
        for message_id, to, subject in got:
            day = subject.split(", ")[1].split(" ")[0]
            by_person.setdefault(to, []).append(day)
        unit_days = ["2001-08-17", "2001-08-28", "2001-08-31", "2001-09-07", "2001-09-14", "2001-09-21",
                     "2001-09-28", "2001-10-05", "2001-10-12"]
        check(by_person == {"ba@example.org": unit_days, "mms@example.org": unit_days,
                            "mprp@example.org": unit_days, "dg@example.org": ["2001-09-30"]},
              f"the days each person heard of: {by_person}")
        ids = [g[0] for g in got]
        check(len(ids) == len(set(ids)), "without a crash no message arrives twice")
        for name in os.listdir(folder):
            if name.endswith(".eml"):
                text = open(os.path.join(folder, name), "rb").read()
                m = email.message_from_bytes(text, policy=email.policy.default)
                body = m.get_body(preferencelist=("plain",)).get_content()
                to = m["To"].addresses[0].addr_spec
                if to == "mprp@example.org":
                    check("PLACMI-2#2: MPRP's management response" in body and "MMS's" not in body
                          and "PLACMI-2#1" not in body, f"MPRP's digest speaks of MPRP's #2 only: {body}")
                if to == "mms@example.org":
                    check("PLACMI-2#2: MMS's management response" in body and "MPRP's" not in body,
                          f"MMS's digest speaks of MMS's #2 only: {body}")
                if to == "dg@example.org":
                    check(str(m["Subject"]) == "Escalation: follow-up of recommendations, 2001-09-30 (3 items)",
                          f"the DG's office's escalation: {m['Subject']}")
        listed = json.loads(f(db, "outbox", "--json", "--limit", "1000"))
        check(sorted(m["message_id"] for m in listed) == sorted(i.strip("<>") for i in ids)
              and all(m["state"] == "sent" and m["attempts"] == 1 for m in listed),
              "the outbox holds what arrived, each sent at the first attempt")

        # The outbox is outside the history: the store still verifies.
        f(db, "verify-history")

        # 2. The same days, the sender killed 50 times.
        db = copy_store(pristine, os.path.join(work, "crash.db"))
        folder = os.path.join(work, "smtp2")
        os.mkdir(folder)
        server = Server(folder)
        sink = server.sink
        sink.budget = 50
        smtp = {"FOLLOWUP_SMTP_URL": f"smtp://127.0.0.1:{server.port}"}
        runs = 0
        for day in days("2001-08-01", "2001-10-15"):
            while True:
                runs += 1
                p = subprocess.Popen([binary, "--db", "sqlite:" + db, "remind", "--as-of", day],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**env, **smtp})
                sink.pid = p.pid
                out, err = p.communicate(timeout=60)
                sink.pid = None
                if p.returncode == 0:
                    break
                if p.returncode != -signal.SIGKILL:
                    sys.exit(f"remind --as-of {day}: exit {p.returncode}: {err.decode()}")
        server.stop()
        kills = sink.killed["mail"] + sink.killed["data"]
        check(kills == 50, f"50 crashes injected, not {kills}")
        check(sink.killed["mail"] == 25 and sink.killed["data"] == 25,
              f"crashes at both steps: {sink.killed}")
        got = received(folder)
        listed = json.loads(f(db, "outbox", "--json", "--limit", "1000"))
        planned = sorted("<" + m["message_id"] + ">" for m in listed)
        arrived = sorted(set(g[0] for g in got))
        check(len(planned) == 28 and arrived == planned,
              f"every planned message arrived: {len(arrived)} of {len(planned)}")
        check(all(m["state"] == "sent" for m in listed), "every message is marked sent")
        copies = {}
        for g in got:
            copies[g[0]] = copies.get(g[0], 0) + 1
        expected_copies = {i: 1 for i in planned}
        for i in sink.killed_after_data:
            expected_copies[i] += 1
        check(copies == expected_copies,
              "a message arrives again only after a crash that followed its hand-over, under the same "
              f"Message-ID: {[(i, n, expected_copies.get(i)) for i, n in copies.items() if n != expected_copies.get(i)]}")
        # 3. The server's daily run: MPRP's date moved to three days from
        # today, the server started (the day's hour passed: hour 0) plans
        # today and writes the message to its outbox folder; started
        # again, it sends nothing more.
        import datetime
        import re
        today = datetime.date.today()
        db = copy_store(pristine, os.path.join(work, "serve.db"))
        f(db, "extend", "PLACMI-2#2", "--unit", "MPRP", "--due", (today + datetime.timedelta(days=3)).isoformat(),
          "--reason", "more time", "--as-of", today.isoformat())
        outbox = os.path.join(work, "outbox")
        serve_env = {**env, "FOLLOWUP_REMIND_HOUR": "0", "FOLLOWUP_MAIL_OUTBOX": outbox}
        for attempt in (1, 2):
            p = subprocess.Popen([binary, "--db", "sqlite:" + db, "serve", "--listen", "127.0.0.1:0"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=serve_env)
            started = re.search(r"serving http://127\.0\.0\.1:(\d+)/", p.stdout.readline().decode())
            check(started is not None, "the server starts")
            if attempt == 1:
                check_calendar(binary, db, f, int(started.group(1)), today)
            import time
            deadline = time.time() + 10
            while time.time() < deadline and not (os.path.isdir(outbox) and os.listdir(outbox)):
                time.sleep(0.05)
            time.sleep(0.3)
            p.send_signal(signal.SIGTERM)
            out, err = p.communicate(timeout=30)
            check(p.returncode == 0, f"the server stops cleanly: {p.returncode} {err.decode()[-500:]}")
            files = sorted(os.listdir(outbox)) if os.path.isdir(outbox) else []
            check(len(files) == 1, f"run {attempt}: one message in the outbox folder, not {files}")
            if attempt == 1:
                text = open(os.path.join(outbox, files[0]), "rb").read()
                m = email.message_from_bytes(text, policy=email.policy.default)
                check(m["To"].addresses[0].addr_spec == "mprp@example.org"
                      and str(m["Subject"]) == f"follow-up of recommendations, {today.isoformat()} (1 item)",
                      f"the day's digest to MPRP: {m['To']} {m['Subject']}")
                check("/calendar/" not in err.decode() or "/calendar/..." in err.decode()
                      and not re.search(r"/calendar/[A-Za-z0-9_-]{43}", err.decode()),
                      "the access log does not keep a feed's secret")
                logged = [json.loads(line) for line in err.decode().splitlines() if '"reminders"' in line]
                check(any(entry.get("reminders") == today.isoformat() and entry.get("sent") == 1 for entry in logged),
                      f"the log says what the daily run did: {logged}")

        print(f"remind_test: 76 days sent through SMTP; then {kills} crashes ({sink.killed}) over {runs} runs: "
              f"{len(planned)} messages, each arrived, {len(got) - len(planned)} recognisable retries")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if FAILURES:
        sys.exit(f"{len(FAILURES)} failure(s)")


if __name__ == "__main__":
    main()
