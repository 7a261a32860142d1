#!/usr/bin/env python3
"""The OpenAPI document against the server that serves it.

Usage: openapi_test.py PATH/TO/followup

/api/v1/openapi.json is validated by an independent validator from npm
(@apidevtools/swagger-parser, tests/http/validate_openapi.mjs); then a
request is made for every response the document lists for every
operation, and each must answer that status; and every status answered is
one the document lists. (That the document's operations are exactly the
server's routes is checked in src/http/api_test.cc.)"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server as srv  # noqa: E402

BINARY = None
REC = "/api/v1/recommendations/PLACMI-2"
STALE = {"If-Match": '"999999"'}
HUGE = b"{" + b" " * (1024 * 1024) + b"}"


def operations(document_path):
    """{(METHOD, /path): {status, ...}} as the validator reads them."""
    r = subprocess.run(["node", os.path.join(srv.ROOT, "tests", "http", "validate_openapi.mjs"), document_path],
                       capture_output=True, text=True, cwd=srv.ROOT, timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"the OpenAPI document does not validate: {r.stderr}")
    out = {}
    for line in r.stdout.splitlines():
        method, path, *statuses = line.split()
        out[(method, path)] = {int(s) for s in statuses}
    return out


def template_of(path, templates):
    """The documented path a concrete /api/v1/... path is an instance of."""
    parts = path.split("?")[0][len("/api/v1"):].split("/")
    for template in templates:
        pattern = template.split("/")
        if len(pattern) == len(parts) and all(p.startswith("{") or p == q for p, q in zip(pattern, parts)):
            return template
    return None


class OpenApiTest(unittest.TestCase):

    def test_every_documented_response_is_the_answer_to_some_request(self):
        s = srv.Server(BINARY).build().start()
        try:
            status, _, data = s.request("GET", "/api/v1/openapi.json")
            self.assertEqual(status, 200)
            with tempfile.NamedTemporaryFile("wb", suffix=".json", delete=False) as f:
                f.write(data)
            try:
                documented = operations(f.name)
            finally:
                os.unlink(f.name)
            self.assertGreaterEqual(len(documented), 25)
            # More specific templates first ("/reports/unit/{unit}" before "/reports/{report}").
            templates = sorted({path for _, path in documented}, key=lambda p: (p.count("{"), -len(p)))

            _, _, shown = s.json("GET", REC + "/1", user="eva")
            action = shown["actions"][0]["id"]
            evidence = shown["progress_reports"][0]["evidence"][0]["sha256"]
            md = open(os.path.join(srv.ROOT, "tests", "data", "memos", "markdown-pipes.md"), "rb").read()
            changed_seed = open(srv.SEED, "rb").read().replace(b"Buenos Aires should", b"Buenos Aires must")
            fresh = s.request("POST", "/api/v1/session", {"user": "dg", "password": srv.PASSWORD})
            dg_token = json.loads(fresh[2])["token"]

            # (method, path, user, body, headers): in order, as the store changes.
            requests = [
                ("GET", "/api/v1/openapi.json", None, None, {}),
                ("POST", "/api/v1/session", None, {"user": "eva", "password": srv.PASSWORD}, {}),
                ("POST", "/api/v1/session", None, [], {}),
                ("POST", "/api/v1/session", None, {"user": "nobody", "password": "wrong password"}, {}),
                *[("POST", "/api/v1/session", None, {"user": "mprp", "password": "wrong password"}, {})] * 5,
                ("POST", "/api/v1/session", None, {"user": "mprp", "password": srv.PASSWORD}, {}),
                ("DELETE", "/api/v1/session", None, None, {"Authorization": "Bearer " + dg_token}),
                ("DELETE", "/api/v1/session", None, None, {}),
                ("GET", "/api/v1/me", "eva", None, {}),
                ("GET", "/api/v1/me", None, None, {}),
                ("GET", "/api/v1/recommendations", "eva", None, {}),
                ("GET", "/api/v1/recommendations?limit=0", "eva", None, {}),
                ("GET", "/api/v1/recommendations", None, None, {}),
                ("GET", "/api/v1/recommendations?unit=NOPE", "eva", None, {}),
                ("GET", REC + "/1", "eva", None, {}),
                ("GET", REC + "/1?as_of=2001-13-01", "eva", None, {}),
                ("GET", REC + "/1", None, None, {"Authorization": "Bearer forged"}),
                ("GET", REC + "/9", "eva", None, {}),
            ]
            # Every step: the errors first, then one that works.
            steps = [
                ("PATCH", REC + "/2", {"text": "Reworded", "reason": "typo"}, "eva"),
                ("POST", REC + "/2/responses", {"unit": "MMS", "decision": "accepted"}, "mms"),
                ("POST", REC + "/1/actions", {"unit": "MRF-BA", "action": {"description": "Report", "unit": "MRF-BA", "due": "2002-03-31"}}, "ba"),
                ("POST", REC + f"/1/actions/{action}", {"unit": "MRF-BA", "status": "in_progress"}, "ba"),
                ("POST", REC + "/1/progress", {"unit": "MRF-BA", "status": "in_progress", "text": "More"}, "ba"),
                ("POST", REC + "/1/validation", {"rating": "in_progress", "comment": "Seen"}, "eva"),
                ("POST", REC + "/2/extensions", {"unit": "MPRP", "due": "2001-12-31", "reason": "New focal point"}, "eva"),
                ("POST", REC + "/2/due-date-requests", {"unit": "MPRP", "due": "2002-01-31", "reason": "Awaiting the regional study"}, "eva"),
                ("POST", REC + "/1/closing", {"outcome": "not_implemented"}, "eva"),
                ("POST", REC + "/1/reopening", {"reason": "Closed too early"}, "eva"),
            ]
            for method, path, body, user in steps:
                nine = re.sub(r"PLACMI-2/[12]", "PLACMI-2/9", path)
                requests += [
                    (method, path + "?as_of=2001-10-05", user, b"{", {}),
                    (method, path + "?as_of=2001-10-05", None, body, {}),
                    (method, path + "?as_of=2001-10-05", "auditor", body, {}),
                    (method, nine + "?as_of=2001-10-05", user, body, {}),
                    (method, path + "?as_of=2001-10-05", user, body, STALE),
                    (method, path + "?as_of=2001-10-05", user, HUGE, {}),
                    (method, path + "?as_of=2001-10-05", user, body, {}),
                ]
            grant = {"decision": "grant"}
            answer = "/api/v1/due-date-requests/1/answer?as_of=2001-10-06"
            requests += [
                # A second request while the first is pending; the office's answer, once.
                ("POST", REC + "/2/due-date-requests?as_of=2001-10-05", "eva", {"unit": "MPRP", "due": "2002-02-28", "reason": "Again"}, {}),
                ("GET", "/api/v1/due-date-requests?pending=true", "eva", None, {}),
                ("GET", "/api/v1/due-date-requests", None, None, {}),
                ("GET", "/api/v1/due-date-requests?ref=nope", "eva", None, {}),
                ("GET", "/api/v1/due-date-requests?ref=PLACMI-2%239", "eva", None, {}),
                ("POST", answer, "eva", b"{", {}),
                ("POST", answer, None, grant, {}),
                ("POST", answer, "auditor", grant, {}),
                ("POST", "/api/v1/due-date-requests/999/answer", "eva", grant, {}),
                ("POST", answer, "eva", grant, STALE),
                ("POST", answer, "eva", HUGE, {}),
                ("POST", answer, "eva", grant, {}),
                ("POST", answer, "eva", grant, {}),
            ]
            requests += [
                ("POST", REC + "/1/closing?as_of=2001-10-06", "eva", {"outcome": "not_implemented"}, {}),
                ("POST", REC + "/1/closing?as_of=2001-10-07", "eva", {"outcome": "not_implemented"}, {}),
                ("POST", REC + "/2/reopening?as_of=2001-10-07", "eva", {"reason": "Not closed"}, {}),
                ("GET", "/api/v1/evaluations/PLACMI-2", "ba", None, {}),
                ("GET", "/api/v1/evaluations/PLACMI-2", None, None, {"Authorization": "Bearer forged"}),
                ("GET", "/api/v1/evaluations/PLACMI-2/original", "eva", None, {}),
                ("GET", "/api/v1/evaluations/PLACMI-2/original", None, None, {"Authorization": "Bearer forged"}),
                ("GET", "/api/v1/evaluations/PLACMI-2/original", "ba", None, {}),
                ("GET", "/api/v1/evaluations/NOPE/original", "eva", None, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/disclosure", "eva", {"disclosed": False}, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/disclosure", "eva", {"disclosed": "yes"}, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/disclosure", None, {"disclosed": True}, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/disclosure", "ba", {"disclosed": True}, {}),
                ("POST", "/api/v1/evaluations/NOPE/disclosure", "eva", {"disclosed": True}, {}),
                ("GET", "/api/v1/evaluations/NOPE", "eva", None, {}),
                ("POST", "/api/v1/imports?name=m.md&dry_run=true", "eva", md, {}),
                ("POST", "/api/v1/imports?name=m.md&add_units=true", "eva", md, {}),
                ("POST", "/api/v1/imports?name=bad.txt", "eva", b"nothing like a memo", {}),
                ("POST", "/api/v1/imports?name=m.md", None, md, {}),
                ("POST", "/api/v1/imports?name=m.md", "ba", md, {}),
                ("POST", "/api/v1/imports?name=seed.txt", "eva", changed_seed, {}),
                ("POST", "/api/v1/imports?name=m.md", "eva", b"x" * (20 * 1024 * 1024 + 1), {}),
            ]
            code = None  # the markdown memo's evaluation, once imported
            for which in ("status", "overdue", "rates"):
                requests += [("GET", f"/api/v1/reports/{which}?as_of=2001-12-31", "dg", None, {})]
            requests += [
                ("GET", "/api/v1/reports/status?as_of=2001", "dg", None, {}),
                ("GET", "/api/v1/reports/status", None, None, {}),
                ("GET", "/api/v1/reports/nothing", "dg", None, {}),
                ("GET", "/api/v1/reports/unit/MMS?as_of=2001-12-31", "dg", None, {}),
                ("GET", "/api/v1/reports/unit/MMS?as_of=x", "dg", None, {}),
                ("GET", "/api/v1/reports/unit/MMS", None, None, {}),
                ("GET", "/api/v1/reports/unit/NOPE", "dg", None, {}),
                ("GET", "/api/v1/history", "auditor", None, {}),
                ("GET", "/api/v1/history", None, None, {}),
                ("GET", "/api/v1/history", "ba", None, {}),
                ("GET", "/api/v1/history?entity=recommendation:PLACMI-2%232", "ba", None, {}),
                ("GET", "/api/v1/units", "ba", None, {}),
                ("GET", "/api/v1/units", None, None, {}),
                ("POST", "/api/v1/units", "eva", {"code": "FIN", "name": "Finance"}, {}),
                ("POST", "/api/v1/units", "eva", {"code": 5}, {}),
                ("POST", "/api/v1/units", None, {"code": "HR", "name": "Human Resources"}, {}),
                ("POST", "/api/v1/units", "ba", {"code": "HR", "name": "Human Resources"}, {}),
                ("POST", "/api/v1/units", "eva", {"code": "FIN", "name": "Finance"}, {}),
                ("POST", "/api/v1/units", "eva", HUGE, {}),
                ("GET", "/api/v1/users", "ba", None, {}),
                ("GET", "/api/v1/users", None, None, {}),
                ("POST", "/api/v1/users", "root", {"name": "ana", "roles": ["viewer"]}, {}),
                ("POST", "/api/v1/users", "root", {"name": "ana"}, {}),
                ("POST", "/api/v1/users", None, {"name": "bob", "roles": ["viewer"]}, {}),
                ("POST", "/api/v1/users", "eva", {"name": "bob", "roles": ["viewer"]}, {}),
                ("POST", "/api/v1/users", "root", {"name": "ana", "roles": ["viewer"]}, {}),
                ("POST", "/api/v1/users", "root", HUGE, {}),
                ("GET", f"/api/v1/evidence/{evidence}", "ba", None, {}),
                ("GET", f"/api/v1/evidence/{evidence}", None, None, {}),
                ("GET", f"/api/v1/evidence/{evidence}", "mms", None, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=2001-07-20", "eva", None, {}),
                ("POST", "/api/v1/evaluations/NOPE/issue", "eva", None, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/issue", None, None, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/issue", "ba", None, {}),
                ("POST", "/api/v1/evaluations/PLACMI-2/issue?as_of=bad", "eva", None, {}),
            ]
            observed = {}
            for method, path, user, body, headers in requests:
                if isinstance(body, (dict, list)):
                    body = json.dumps(body).encode()
                status, _, data = s.request(method, path, body=body, user=user, headers=headers)
                template = template_of(path, templates)
                self.assertIsNotNone(template, f"{method} {path}: no documented path")
                op = (method, template)
                self.assertIn(op, documented, f"{method} {path}: not a documented operation")
                self.assertIn(status, documented[op],
                              f"{method} {path} as {user}: {status}, which the document does not list: {data[:300]!r}")
                observed.setdefault(op, set()).add(status)
            # The markdown memo was imported: issue it.
            code = json.loads(s.request("POST", "/api/v1/imports?name=m.md&dry_run=true", body=md, user="eva")[2])["evaluation"]["code"]
            status, _, data = s.request("POST", f"/api/v1/evaluations/{code}/issue", user="eva")
            self.assertEqual(status, 200, data)
            observed.setdefault(("POST", "/evaluations/{evaluation}/issue"), set()).add(status)
            for op, statuses in sorted(documented.items()):
                with self.subTest(operation=" ".join(op)):
                    self.assertEqual(sorted(observed.get(op, set())), sorted(statuses),
                                     "each documented response must be tried")
        finally:
            s.close()


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
