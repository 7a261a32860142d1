"""A followup server for the tests: a store made with the binary (the seed
memo, users of every role with passwords), `followup serve` on a free port,
and an HTTP client (http.client, Python's standard library).

Used by api_test.py and load_test.py."""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEED = os.path.join(ROOT, "tests", "data", "memos", "000_126856058e4a29d7.txt")
PASSWORD = "a long password"
# name, roles, units
USERS = [
    ("eva", ["evaluation"], []),
    ("dg", ["executive"], []),
    ("auditor", ["viewer"], []),
    ("ba", ["unit"], ["MRF-BA"]),
    ("mms", ["unit"], ["MMS"]),
    ("mprp", ["unit"], ["MPRP"]),
]


class Server:
    """A store in a temporary folder and the server on it."""

    def __init__(self, binary, extra_env=None):
        self.binary = binary
        self.tmp = tempfile.TemporaryDirectory(prefix="followup-http-")
        self.url = "sqlite:" + os.path.join(self.tmp.name, "followup.db")
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
        self.env["FOLLOWUP_UNIT_BACKDATE_DAYS"] = "9999"
        self.env.update(extra_env or {})
        self.process = None
        self.port = None
        self.tokens = {}

    def cli(self, *args, stdin=None):
        r = subprocess.run([self.binary, "--db", self.url, *args], input=stdin, capture_output=True,
                           env=self.env, timeout=120)
        if r.returncode != 0:
            raise AssertionError(f"followup {' '.join(args)}: exit {r.returncode}: {r.stderr.decode()}")
        return r.stdout.decode()

    def build(self):
        """The seed memo issued on 2001-07-20, every role a user, MRF-BA's
        response to #1 with an action and a report with evidence."""
        self.cli("init", "--admin", "root")
        for name, roles, units in USERS:
            args = ["--as", "root", "user", "add", name]
            for role in roles:
                args += ["--role", role]
            for unit in units:
                args += ["--unit", unit]
            if name == "eva":
                self.cli(*args)
                self.cli("--as", "eva", "import", SEED)
                continue
            self.cli(*args)
        for name in ["root"] + [u[0] for u in USERS]:
            self.cli("--as", "root", "user", "passwd", name, stdin=(PASSWORD + "\n").encode())
        self.cli("--as", "eva", "issue", "PLACMI-2", "--as-of", "2001-07-20")
        self.cli("--as", "ba", "respond", "PLACMI-2#1", "--unit", "MRF-BA", "--decision", "accepted",
                 "--as-of", "2001-08-20", "--action", "Convene the meeting|MRF-BA|2001-10-31")
        evidence = os.path.join(self.tmp.name, "minutes.txt")
        with open(evidence, "w") as f:
            f.write("Minutes of the meeting of 12 October 2001\n")
        self.cli("--as", "ba", "report-progress", "PLACMI-2#1", "--unit", "MRF-BA", "--status", "in_progress",
                 "--text", "Invitations sent", "--as-of", "2001-10-01", "--evidence", evidence)
        return self

    def start(self, *args):
        # The access log goes to a file: a pipe nobody reads until the end
        # would fill and hold up the server's writes.
        self.log_path = os.path.join(self.tmp.name, "access.log")
        self.log_file = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [self.binary, "--db", self.url, "serve", "--listen", "127.0.0.1:0", *args],
            stdout=subprocess.PIPE, stderr=self.log_file, env=self.env)
        line = self.process.stdout.readline().decode()
        m = re.search(r"serving http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"the server did not start: {line!r} {open(self.log_path).read()}")
        self.port = int(m.group(1))
        return self

    def stop(self, signalled=False):
        """SIGTERM (unless `signalled`: it was sent already); the exit status
        and the access log."""
        if self.process is None:
            return None, ""
        if not signalled:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        code = self.process.returncode
        self.process = None
        self.log_file.close()
        with open(self.log_path, encoding="utf-8") as f:
            return code, f.read()

    def close(self):
        self.stop()
        self.tmp.cleanup()

    def connection(self):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def request(self, method, path, body=None, headers=None, user=None, conn=None):
        """(status, headers as a dict with lower-case names, body as bytes)."""
        headers = dict(headers or {})
        if user is not None:
            headers["Authorization"] = "Bearer " + self.token(user)
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        if body is not None and len(body) > 65536 and conn is None:
            return self.raw_request(method, path, body, headers)
        own = conn is None
        conn = conn or self.connection()
        try:
            conn.request(method, path, body=body, headers=headers)
            r = conn.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            if own:
                conn.close()

    def raw_request(self, method, path, body, headers):
        """A large body on a socket of its own: the server may answer (413)
        and close before the client has sent it all, which http.client takes
        as a failed request."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=30)
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        try:
            s.sendall(head.encode() + body)
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = b""
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                reply += chunk
        except ConnectionResetError:
            pass
        s.close()
        head, _, data = reply.partition(b"\r\n\r\n")
        lines = head.decode(errors="replace").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            fields[name.strip().lower()] = value.strip()
        return status, fields, data

    def json(self, method, path, body=None, user=None, headers=None):
        status, head, data = self.request(method, path, body=body, user=user, headers=headers)
        return status, head, (json.loads(data) if data else None)

    def token(self, user):
        if user not in self.tokens:
            status, _, data = self.request("POST", "/api/v1/session", {"user": user, "password": PASSWORD})
            if status != 201:
                raise AssertionError(f"login of {user}: {status} {data!r}")
            self.tokens[user] = json.loads(data)["token"]
        return self.tokens[user]

    def history_head(self):
        out = self.cli("--as", "root", "verify-history")
        return out.strip().splitlines()[-1]


def multipart(request, files, boundary="followup-test-boundary"):
    """(Content-Type, body) of a multipart/form-data upload: the request's
    JSON as the field "request", each (name, bytes) as a file "evidence"."""
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"request\"\r\n"
            f"Content-Type: application/json\r\n\r\n").encode() + json.dumps(request).encode() + b"\r\n"
    for name, content in files:
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"evidence\"; filename=\"{name}\"\r\n"
                 f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}", body


def wait_for(predicate, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return False
