#!/usr/bin/env python3
"""The API through a real server and a real HTTP client (docs/api.md).

Usage: api_test.py PATH/TO/followup [unittest arguments]

Every route is called as every role and as nobody, and each answer is
checked against the table below; what a unit may not see answers 404
wherever it could leak (lists, reports, history, evidence). Malformed
requests get a 4xx problem document and change nothing (the history's
head is the same after them). Python 3 standard library only."""

import json
import os
import re
import socket
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server as srv  # noqa: E402

BINARY = None
ROLES = ["anonymous", "root", "eva", "dg", "auditor", "ba", "mms"]


def refs(body):
    return [item["ref"] for item in body["items"]]


class ApiTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.server = srv.Server(BINARY).build().start()
        status, _, body = cls.server.json("GET", "/api/v1/recommendations/PLACMI-2/1", user="eva")
        assert status == 200, body
        cls.evidence = body["progress_reports"][0]["evidence"][0]["sha256"]

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def call(self, role, method, path, body=None, headers=None):
        user = None if role == "anonymous" else role
        return self.server.json(method, path, body=body, user=user, headers=headers)

    def test_every_read_as_every_role(self):
        evidence = f"/api/v1/evidence/{self.evidence}"
        everyone = {r: 200 for r in ROLES if r != "anonymous"} | {"anonymous": 401}
        # Route: the status each role gets.
        table = {
            "/api/v1/me": everyone,
            "/api/v1/recommendations": everyone,
            # Without a login, only what is disclosed: PLACMI-2 is not.
            "/api/v1/recommendations/PLACMI-2/1": everyone | {"mms": 404, "anonymous": 404},
            "/api/v1/recommendations/PLACMI-2/2": everyone | {"ba": 404, "anonymous": 404},
            "/api/v1/recommendations/PLACMI-2/1?history=true": everyone | {"mms": 404, "anonymous": 404},
            "/api/v1/evaluations/PLACMI-2": everyone | {"anonymous": 404},
            "/api/v1/reports/status": everyone,
            "/api/v1/reports/overdue": everyone,
            "/api/v1/reports/rates": everyone,
            "/api/v1/reports/unit/MMS": everyone | {"ba": 404},
            "/api/v1/reports/unit/MRF-BA": everyone | {"mms": 404},
            "/api/v1/history": everyone | {"ba": 403, "mms": 403},
            "/api/v1/history?entity=recommendation:PLACMI-2%231": everyone | {"mms": 404},
            "/api/v1/history?entity=user:eva": everyone | {"ba": 403, "mms": 403},
            "/api/v1/units": everyone,
            "/api/v1/users": everyone,
            evidence: everyone | {"mms": 404},
            "/api/v1/due-date-requests": everyone,
            "/api/v1/due-date-requests?ref=PLACMI-2%232": everyone | {"ba": 404},
        }
        for path, expected in table.items():
            for role in ROLES:
                with self.subTest(path=path, role=role):
                    user = None if role == "anonymous" else role
                    status, head, data = self.server.request("GET", path, user=user)
                    self.assertEqual(status, expected[role], data[:300])
                    if status >= 400:
                        self.assertEqual(head["content-type"], "application/problem+json")
                        self.assertEqual(json.loads(data)["status"], status)
                    self.assertEqual(head["x-content-type-options"], "nosniff")

    def test_a_unit_reads_only_its_own_share(self):
        self.assertEqual(refs(self.call("ba", "GET", "/api/v1/recommendations")[2]), ["PLACMI-2#1"])
        # Each row names its units as the directory does.
        items = self.call("eva", "GET", "/api/v1/recommendations")[2]["items"]
        self.assertEqual([i["responsible"] for i in items], [["MRF Buenos Aires"], ["MMS", "MPRP"]])
        self.assertEqual(refs(self.call("mms", "GET", "/api/v1/recommendations")[2]), ["PLACMI-2#2"])
        self.assertEqual(refs(self.call("eva", "GET", "/api/v1/recommendations")[2]), ["PLACMI-2#1", "PLACMI-2#2"])
        # The reports count only what the unit may see.
        for role, count in (("ba", 1), ("mms", 1), ("dg", 2)):
            status, _, body = self.call(role, "GET", "/api/v1/reports/status?as_of=2001-12-31")
            self.assertEqual(status, 200)
            self.assertEqual(body["total"]["recommendations"], count, role)
        # The overdue report of 2001-09-01: MMS and MPRP owe #2; BA answered.
        _, _, overdue = self.call("ba", "GET", "/api/v1/reports/overdue?as_of=2001-09-01")
        self.assertEqual([r["ref"] for r in overdue["responses"]], [])
        _, _, overdue = self.call("mms", "GET", "/api/v1/reports/overdue?as_of=2001-09-01")
        self.assertEqual(sorted({r["ref"] for r in overdue["responses"]}), ["PLACMI-2#2"])
        # The users a unit sees: itself and its unit's.
        _, _, users = self.call("ba", "GET", "/api/v1/users")
        self.assertEqual([u["name"] for u in users], ["ba"])
        # The evaluation shows a unit only its recommendations.
        _, _, memo = self.call("ba", "GET", "/api/v1/evaluations/PLACMI-2")
        self.assertEqual([r["number"] for r in memo["recommendations"]], [1])

    def test_a_request_for_more_time_is_seen_by_the_recommendations_units_only(self):
        asked = {"unit": "MPRP", "due": "2001-09-30", "reason": "The regional study ends in September"}
        status, _, body = self.call("eva", "POST", "/api/v1/recommendations/PLACMI-2/2/due-date-requests?as_of=2001-08-25", asked)
        self.assertEqual(status, 201, body)
        self.assertEqual((body["ref"], body["unit"], body["due"], body["answer"]), ("PLACMI-2#2", "MPRP", "2001-09-30", None))
        for role, seen in (("mms", [body["id"]]), ("dg", [body["id"]]), ("ba", [])):
            status, _, listed = self.call(role, "GET", "/api/v1/due-date-requests?pending=true")
            self.assertEqual(status, 200)
            self.assertEqual([q["id"] for q in listed], seen, role)
        # MMS may not answer it, nor ask for MPRP.
        status, _, problem = self.call("mms", "POST", f"/api/v1/due-date-requests/{body['id']}/answer?as_of=2001-08-26", {"decision": "grant"})
        self.assertEqual(status, 403, problem)
        status, _, problem = self.call("mms", "POST", "/api/v1/recommendations/PLACMI-2/2/due-date-requests?as_of=2001-08-25", asked)
        self.assertEqual(status, 403, problem)

    def test_evidence_comes_only_as_an_attachment(self):
        status, head, data = self.server.request("GET", f"/api/v1/evidence/{self.evidence}", user="ba")
        self.assertEqual(status, 200)
        self.assertEqual(data, b"Minutes of the meeting of 12 October 2001\n")
        self.assertEqual(head["content-type"], "application/octet-stream")
        self.assertEqual(head["content-disposition"], "attachment; filename*=UTF-8''minutes.txt")
        self.assertEqual(head["content-security-policy"], "sandbox; default-src 'none'")
        self.assertEqual(head["x-content-type-options"], "nosniff")

    def test_writes_as_every_role(self):
        """A validation of #1: only the evaluation office may; a unit that
        may see it is refused, one that may not gets 404."""
        path = "/api/v1/recommendations/PLACMI-2/1/validation?as_of=2001-10-05"
        expected = {"anonymous": 401, "root": 403, "dg": 403, "auditor": 403, "ba": 403, "mms": 404}
        head = self.server.history_head()
        for role, want in expected.items():
            with self.subTest(role=role):
                status, _, body = self.call(role, "POST", path, {"rating": "in_progress", "comment": "seen"})
                self.assertEqual(status, want, body)
        self.assertEqual(self.server.history_head(), head, "a refused write changed the store")
        status, _, body = self.call("eva", "POST", path, {"rating": "in_progress", "comment": "seen"})
        self.assertEqual(status, 201, body)
        self.assertNotEqual(self.server.history_head(), head)

    def test_bad_requests_are_4xx_problems_and_change_nothing(self):
        head = self.server.history_head()
        respond = "/api/v1/recommendations/PLACMI-2/2/responses?as_of=2001-08-25"
        cases = [
            ("POST", respond, b"{not json", {}, 400),
            ("POST", respond, b'{"unit": "MMS", "decision": 5}', {}, 400),
            ("POST", respond, b'{"unit": "MMS"}', {}, 400),
            ("POST", respond, b'{"unit": "MMS", "decision": "maybe"}', {}, 400),
            ("POST", respond, b"[" * 100 + b"]" * 100, {}, 400),
            ("POST", respond, b'{"unit": "MMS", "decision": "accepted"}', {"If-Match": '"1"'}, 412),
            ("POST", respond, b'{"unit": "MMS", "decision": "accepted"}', {"If-Match": "garbage"}, 400),
            ("POST", "/api/v1/recommendations/PLACMI-2/2/responses?as_of=2001-02-30",
             b'{"unit": "MMS", "decision": "accepted"}', {}, 400),
            ("GET", "/api/v1/recommendations/../../etc/passwd", None, {}, 400),
            ("GET", "/api/v1/recommendations/%2e%2e/x", None, {}, 400),
            ("POST", "/api/v1/units", b"x" * (1024 * 1024 + 1), {}, 413),
        ]
        for method, path, body, headers, want in cases:
            with self.subTest(path=path, body=(body or b"")[:40], headers=headers):
                status, head_, data = self.server.request(method, path, body=body, headers=headers, user="mms")
                self.assertEqual(status, want, data[:300])
                self.assertEqual(head_["content-type"], "application/problem+json")
                problem = json.loads(data)
                self.assertEqual(problem["status"], want)
                self.assertTrue(problem["detail"])
        self.assertEqual(self.server.history_head(), head, "a bad request changed the store")

    def test_evidence_uploaded_with_a_report_comes_back_byte_for_byte(self):
        pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\r\n\x00\x01--followup-test-boundary\ntrailer\n%%EOF\n"
        kind, body = srv.multipart({"unit": "MRF-BA", "status": "in_progress", "text": "Agenda attached"},
                                   [("agenda.pdf", pdf), ("../../etc/notes.txt", b"Plain notes\n")])
        status, _, data = self.server.request("POST", "/api/v1/recommendations/PLACMI-2/1/progress?as_of=2001-10-02",
                                              body=body, headers={"Content-Type": kind}, user="ba")
        self.assertEqual(status, 201, data)
        report = json.loads(data)
        self.assertEqual([e["name"] for e in report["evidence"]], ["agenda.pdf", "notes.txt"])
        for evidence, content in zip(report["evidence"], (pdf, b"Plain notes\n")):
            status, head, got = self.server.request("GET", f"/api/v1/evidence/{evidence['sha256']}", user="ba")
            self.assertEqual(status, 200)
            self.assertEqual(got, content)
            self.assertTrue(head["content-disposition"].startswith("attachment"))

    def test_a_broken_or_oversized_upload_changes_nothing(self):
        head = self.server.history_head()
        kind, body = srv.multipart({"unit": "MRF-BA", "status": "in_progress", "text": "x"}, [("a.txt", b"a")])
        path = "/api/v1/recommendations/PLACMI-2/1/progress?as_of=2001-10-02"
        cases = [
            (kind, body[:-30], 400, "the upload is cut short: its closing boundary is missing"),
            ("multipart/form-data", body, 400,
             "the body must be multipart/form-data with a boundary, not 'multipart/form-data'"),
            (kind, body.replace(b'name="request"', b'name="other"'), 400,
             "the upload's part 'other' is neither the request (a field named request) nor a file named evidence"),
            (kind, srv.multipart({"unit": "MRF-BA", "status": "in_progress", "text": "x"},
                                 [("big.txt", b"x" * (21 * 1024 * 1024))])[1], 413, None),
        ]
        for content_type, data, want, detail in cases:
            with self.subTest(detail=detail, status=want):
                status, _, answer = self.server.request("POST", path, body=data, headers={"Content-Type": content_type},
                                                        user="ba")
                self.assertEqual(status, want, answer[:300])
                if detail:
                    self.assertEqual(json.loads(answer)["detail"], detail)
        self.assertEqual(self.server.history_head(), head)

    def test_a_page_form_too_large_gets_a_page_and_changes_nothing(self):
        head = self.server.history_head()
        kind, body = srv.multipart({"csrf": "x", "unit": "MRF-BA", "status": "in_progress", "text": "x"},
                                   [("big.txt", b"x" * (21 * 1024 * 1024))])
        status, headers, page = self.server.request("POST", "/recommendations/PLACMI-2/1/progress", body=body,
                                                    headers={"Content-Type": kind})
        self.assertEqual(status, 413, page[:300])
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        self.assertIn(b"<h1>Too large to send</h1>", page)
        self.assertIn(b"Nothing was recorded: go back, and send smaller files or fewer at a time.", page)
        self.assertNotIn(b"<script", page)
        self.assertEqual(self.server.history_head(), head)

    def test_problem_documents_name_the_field(self):
        status, _, body = self.call("mms", "POST", "/api/v1/recommendations/PLACMI-2/2/responses?as_of=2001-08-25",
                                    {"unit": "MMS", "decision": "maybe"})
        self.assertEqual(status, 400)
        self.assertEqual(body["field"], "/decision")
        self.assertEqual(body["detail"], "the body: decision 'maybe' is not one of accepted, partially_accepted, "
                                         "not_accepted")

    def test_a_raw_oversized_header_is_431(self):
        s = socket.create_connection(("127.0.0.1", self.server.port))
        s.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        reply = s.recv(4096).decode(errors="replace")
        s.close()
        self.assertTrue(reply.startswith("HTTP/1.1 431 "), reply[:200])

    def test_login_failures_are_one_message_then_throttled(self):
        for _ in range(5):
            status, _, body = self.server.json("POST", "/api/v1/session", {"user": "auditor", "password": "wrong one"})
            self.assertEqual(status, 401)
            self.assertEqual(body["detail"], "wrong user name, password or code")
        status, head, body = self.server.json("POST", "/api/v1/session", {"user": "auditor", "password": srv.PASSWORD})
        self.assertEqual(status, 429)
        self.assertTrue(body["detail"].startswith("too many failed logins; try again in "), body)
        self.assertGreater(int(head["retry-after"]), 0)

    def test_log_out_ends_the_token(self):
        status, _, body = self.server.json("POST", "/api/v1/session", {"user": "dg", "password": srv.PASSWORD})
        token = body["token"]
        auth = {"Authorization": "Bearer " + token}
        self.assertEqual(self.server.request("GET", "/api/v1/me", headers=auth)[0], 200)
        self.assertEqual(self.server.request("DELETE", "/api/v1/session", headers=auth)[0], 204)
        self.assertEqual(self.server.request("GET", "/api/v1/me", headers=auth)[0], 401)

    def test_keep_alive_serves_many_requests_on_one_connection(self):
        conn = self.server.connection()
        for _ in range(20):
            status, _, _ = self.server.request("GET", "/api/v1/me", user="eva", conn=conn)
            self.assertEqual(status, 200)
        conn.close()


def totp(secret, at):
    """The RFC 6238 code of a base32 secret at a time (SHA-1, 30 s, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(at) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 15
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000)


class SecondFactorTest(unittest.TestCase):
    """A user with a second factor logs in with its code; the roles the
    settings name cannot log in without one."""

    def test_login_with_a_one_time_code(self):
        s = srv.Server(BINARY, extra_env={"FOLLOWUP_TOTP_ROLES": "evaluation"}).build().start()
        try:
            status, _, body = s.json("POST", "/api/v1/session", {"user": "eva", "password": srv.PASSWORD})
            self.assertEqual(status, 409, body)
            self.assertEqual(body["detail"], "user eva must log in with a second factor and has none set up: "
                                             "run followup user totp eva")
            out = s.cli("--as", "eva", "user", "totp", "eva")
            secret = re.search(r"secret: ([A-Z2-7]+)", out).group(1)
            status, _, body = s.json("POST", "/api/v1/session", {"user": "eva", "password": srv.PASSWORD})
            self.assertEqual((status, body["detail"]), (401, "wrong user name, password or code"))
            status, _, body = s.json("POST", "/api/v1/session",
                                     {"user": "eva", "password": srv.PASSWORD, "totp": totp(secret, time.time())})
            self.assertEqual(status, 201, body)
            # Other roles are not asked for one.
            self.assertEqual(s.json("POST", "/api/v1/session", {"user": "dg", "password": srv.PASSWORD})[0], 201)
        finally:
            s.close()


class DisclosureTest(unittest.TestCase):
    """Anonymous visitors read disclosed evaluations only, and change nothing."""

    def test_the_public_reads_what_the_office_discloses(self):
        s = srv.Server(BINARY).build().start()
        try:
            self.assertEqual(s.json("GET", "/api/v1/evaluations/PLACMI-2")[0], 404)
            status, _, body = s.json("POST", "/api/v1/evaluations/PLACMI-2/disclosure", {"disclosed": True}, user="ba")
            self.assertEqual(status, 403, body)
            status, _, body = s.json("POST", "/api/v1/evaluations/PLACMI-2/disclosure", {"disclosed": True}, user="eva")
            self.assertEqual((status, body), (200, {"evaluation": "PLACMI-2", "disclosed": True}))
            status, _, memo = s.json("GET", "/api/v1/evaluations/PLACMI-2")
            self.assertEqual(status, 200)
            self.assertEqual([r["number"] for r in memo["recommendations"]], [1, 2])
            status, _, rec = s.json("GET", "/api/v1/recommendations/PLACMI-2/1")
            self.assertEqual(status, 200)
            self.assertEqual(rec["ref"], "PLACMI-2#1")
            # Read-only, and no more than that.
            head = s.history_head()
            for method, path, body in (
                    ("GET", "/api/v1/recommendations", None),
                    ("GET", "/api/v1/reports/status", None),
                    ("GET", "/api/v1/history?entity=recommendation:PLACMI-2%231", None),
                    ("GET", f"/api/v1/evidence/{rec['progress_reports'][0]['evidence'][0]['sha256']}", None),
                    ("POST", "/api/v1/recommendations/PLACMI-2/2/responses", {"unit": "MMS", "decision": "accepted"}),
                    ("POST", "/api/v1/evaluations/PLACMI-2/disclosure", {"disclosed": False})):
                with self.subTest(path=path):
                    self.assertEqual(s.json(method, path, body)[0], 401)
            self.assertEqual(s.history_head(), head)
            # Withdrawn: gone from the public again.
            self.assertEqual(s.json("POST", "/api/v1/evaluations/PLACMI-2/disclosure", {"disclosed": False},
                                    user="eva")[0], 200)
            self.assertEqual(s.json("GET", "/api/v1/recommendations/PLACMI-2/1")[0], 404)
            history = s.json("GET", "/api/v1/history?entity=evaluation:PLACMI-2", user="auditor")[2]
            self.assertEqual([e["action"] for e in history][-2:], ["disclose", "withdraw"])
        finally:
            s.close()


def http_examples(path):
    """(line, method, target, headers, body, status) of every ```http block."""
    out = []
    lines = open(path, encoding="utf-8").read().splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```http":
            i += 1
            continue
        start = i + 1
        block = []
        i += 1
        while lines[i].strip() != "```":
            block.append(lines[i])
            i += 1
        method, target = block[0].split(" ", 1)
        headers, body, status = {}, None, None
        for line in block[1:]:
            if line.startswith("=> "):
                status = int(line[3:])
            elif line.startswith("{"):
                body = line.encode()
            else:
                name, value = line.split(": ", 1)
                headers[name] = value
        out.append((start, method, target, headers, body, status))
        i += 1
    return out


class DocumentedExamplesTest(unittest.TestCase):
    """docs/api.md's examples, run as written."""

    def test_every_example_answers_as_documented(self):
        s = srv.Server(BINARY).build().start()
        try:
            examples = http_examples(os.path.join(srv.ROOT, "docs", "api.md"))
            self.assertGreaterEqual(len(examples), 2)
            for line, method, target, headers, body, status in examples:
                with self.subTest(line=line):
                    headers = {k: v.replace("TOKEN", s.token("eva")) for k, v in headers.items()}
                    got, _, data = s.request(method, target, body=body, headers=headers)
                    self.assertEqual(got, status, f"docs/api.md:{line}: {data[:300]!r}")
        finally:
            s.close()


class ServerLifeTest(unittest.TestCase):

    def test_a_port_in_use_is_refused(self):
        s = srv.Server(BINARY).build().start()
        try:
            r = srv.subprocess.run([BINARY, "--db", s.url, "serve", "--listen", f"127.0.0.1:{s.port}"],
                                   capture_output=True, env=s.env, timeout=30)
            self.assertEqual(r.returncode, 1)
            self.assertEqual(r.stderr.decode(),
                             f"followup: cannot listen on 127.0.0.1:{s.port}: Address already in use (bind)\n")
        finally:
            s.close()

    def test_commands_start_without_tcmalloc_or_libcurl_and_the_server_runs_on_tcmalloc(self):
        # The binary links neither: serve starts itself again with tcmalloc
        # preloaded (src/cli/main.cc), a message sent loads libcurl
        # (src/env/mail_transports.cc; tests/mail/remind_test.py sends some).
        ldd = srv.subprocess.run(["ldd", BINARY], capture_output=True, text=True, check=True).stdout
        self.assertIn("libsqlite3", ldd)
        self.assertNotIn("tcmalloc", ldd)
        self.assertNotIn("libcurl", ldd)
        s = srv.Server(BINARY, extra_env={"LD_PRELOAD": ""}).build().start()
        try:
            with open(f"/proc/{s.process.pid}/maps") as f:
                self.assertIn("/libtcmalloc_minimal.so.4", f.read())
            self.assertEqual(s.request("GET", "/api/v1/me", user="mms")[0], 200)
        finally:
            s.close()

    def test_sigterm_finishes_the_request_in_flight(self):
        s = srv.Server(BINARY).build().start()
        try:
            token = s.token("mms")
            body = json.dumps({"unit": "MMS", "decision": "accepted"}).encode()
            conn = socket.create_connection(("127.0.0.1", s.port))
            conn.sendall(b"POST /api/v1/recommendations/PLACMI-2/2/responses?as_of=2001-08-25 HTTP/1.1\r\n"
                         b"Host: x\r\nAuthorization: Bearer " + token.encode() +
                         b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
                         b"\r\n\r\n" + body[:10])
            # A keep-alive connection, idle after its first answer.
            idle = socket.create_connection(("127.0.0.1", s.port))
            idle.sendall(b"GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token.encode() + b"\r\n\r\n")
            self.assertTrue(idle.recv(65536).startswith(b"HTTP/1.1 200 "))
            time.sleep(0.3)
            s.process.send_signal(srv.signal.SIGTERM)
            time.sleep(0.3)
            conn.sendall(body[10:])
            reply = conn.recv(65536).decode()
            self.assertTrue(reply.startswith("HTTP/1.1 201 "), reply[:300])
            self.assertIn("Connection: close", reply)
            self.assertEqual(idle.recv(100), b"", "an idle connection is closed")
            code, log = s.stop(signalled=True)
            self.assertEqual(code, 0, log)
            # The access log's lines (the reminders' daily run logs its own, without a method).
            lines = [entry for entry in map(json.loads, log.splitlines()) if "method" in entry]
            self.assertEqual(len(lines), 3)  # the login, the idle connection's request, the one in flight
            self.assertEqual(lines[-1]["status"], 201)
            self.assertEqual(lines[-1]["user"], "mms")
            self.assertEqual(lines[-1]["method"], "POST")
            self.assertIn("ms", lines[-1])
            self.assertIn('"decision": "accepted"', s.cli("--as", "root", "show", "PLACMI-2#2", "--json"))
        finally:
            s.close()

    def test_a_slow_client_holds_up_no_one(self):
        s = srv.Server(BINARY).build().start()
        try:
            slow = [socket.create_connection(("127.0.0.1", s.port)) for _ in range(8)]
            for c in slow:
                c.sendall(b"GET /api/v1/me HTTP/1.1\r\nHo")
            started = time.time()
            for _ in range(20):
                self.assertEqual(s.request("GET", "/api/v1/me", user="eva")[0], 200)
            self.assertLess(time.time() - started, 20)
            for c in slow:
                c.close()
        finally:
            s.close()

    def test_clients_that_do_not_read_their_answers_hold_up_no_one(self):
        # More of them than the server has workers (8), each asking for
        # twice what the server's send buffer can grow to (the kernel's
        # largest, net.ipv4.tcp_wmem) in OpenAPI documents: a worker that
        # waited for a socket to take an answer would stop the server.
        s = srv.Server(BINARY).build().start()
        try:
            status, _, document = s.request("GET", "/api/v1/openapi.json")
            self.assertEqual(status, 200)
            with open("/proc/sys/net/ipv4/tcp_wmem") as f:
                largest_send_buffer = int(f.read().split()[2])
            asked = 2 * largest_send_buffer // len(document) + 1
            full = []
            for _ in range(12):
                c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                c.settimeout(30)
                c.connect(("127.0.0.1", s.port))
                c.sendall(b"GET /api/v1/openapi.json HTTP/1.1\r\nHost: x\r\n\r\n" * asked)
                full.append(c)
            time.sleep(1)
            started = time.time()
            for _ in range(20):
                self.assertEqual(s.request("GET", "/api/v1/me", user="eva")[0], 200)
            self.assertLess(time.time() - started, 20)
            # Each still gets every answer, whole, once it reads.
            for c in full:
                self.assertEqual(read_answers(c, asked), [(200, len(document))] * asked)
                c.close()
        finally:
            s.close()


def read_answers(sock, count):
    """(status, body length) of `count` answers read from `sock`, each read
    whole: its header, then exactly its Content-Length of body."""
    data = bytearray()
    at = 0
    answers = []
    while len(answers) < count:
        end = data.find(b"\r\n\r\n", at)
        if end >= 0:
            head = data[at:end].decode("latin-1")
            length = int(re.search(r"(?im)^content-length:\s*(\d+)", head).group(1))
            if len(data) >= end + 4 + length:
                answers.append((int(head.split(" ", 2)[1]), length))
                at = end + 4 + length
                continue
        del data[:at]
        at = 0
        chunk = sock.recv(1 << 20)
        if not chunk:
            break
        data += chunk
    return answers


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
