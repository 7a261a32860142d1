#!/usr/bin/env python3
"""The API under load, against nginx serving the same bytes (docs/performance.md, "API").

Usage: bench/api_bench.py PATH/TO/followup [--duration S] [--store DIR] [--note-slices N]

Builds (once, under DIR, default /tmp/followup-api-bench) a store shaped
like the one measured with Redmine: 5,000 recommendations in 250
evaluations, 20 units of 250 each; in every unit about 118 open and
overdue (no response by their due date), 83 answered and open, 50 (20%)
closed. Then runs `followup serve` and wrk on loopback:

  overdue list of 100    GET /api/v1/recommendations?unit=U01&overdue=true&limit=100, as U01's focal point
  overdue list of 25     the same with limit=25
  the same, made afresh  at a new address each time (a parameter the API ignores), so that no
                         answer kept serves it (docs/api.md, "Answers kept")
  one recommendation     GET /api/v1/recommendations/E0002/1 (U01's, answered and open)
  progress note, 1 conn  POST .../progress {"unit": ..., "status": "in_progress", "text": ...}, going
                         round the 1,000 answered, open recommendations of the 20 units, each
                         by its unit's focal point
  progress note, 4 conns the same on 4 connections

each for --duration seconds, printing requests/s, p50 and p99 latency, the
server's CPU milliseconds per request (its utime+stime from /proc, before
and after), errors (non-2xx or socket), and, for the overdue list of 25,
the ratio to nginx serving the same response bytes as a static file in the
same run (nginx started on a free port with a config of its own). Needs
wrk and nginx (apt-get install wrk nginx-light).
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PASSWORD = "a long password"
UNITS = [f"U{n:02d}" for n in range(1, 21)]
EVALUATIONS = 250
PER_EVALUATION = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli(binary, url, *args, stdin=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["FOLLOWUP_UNIT_BACKDATE_DAYS"] = "9999"
    r = subprocess.run([binary, "--db", url, *args], input=stdin, capture_output=True, env=env)
    if r.returncode != 0:
        sys.exit(f"followup {' '.join(args)}: {r.stderr.decode()}")
    return r.stdout.decode()


def start_server(binary, url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOLLOWUP_")}
    env["FOLLOWUP_UNIT_BACKDATE_DAYS"] = "9999"
    p = subprocess.Popen([binary, "--db", url, "serve", "--listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, env=env)
    m = re.search(r":(\d+)/", p.stdout.readline().decode())
    if not m:
        sys.exit("the server did not start")
    return p, int(m.group(1))


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.token = None

    def call(self, method, path, body=None, token=None, raw=False):
        headers = {}
        if token or self.token:
            headers["Authorization"] = "Bearer " + (token or self.token)
        if body is not None and not raw:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        self.conn.request(method, path, body=body, headers=headers)
        r = self.conn.getresponse()
        data = r.read()
        if r.status >= 300:
            sys.exit(f"{method} {path}: {r.status} {data[:300]!r}")
        return data

    def log_in(self, user):
        return json.loads(self.call("POST", "/api/v1/session", {"user": user, "password": PASSWORD}))["token"]


def memo(e):
    """Evaluation e (1-based): 20 recommendations, the i-th (0-based over
    the whole store) for unit UNITS[i % 20], all due 2024-06-30."""
    lines = [f"Subject: Evaluation of area {e} (E{e:04d})", "Date: 15 January 2024", "",
             "No.,Recommendation,Responsible,Due"]
    for n in range(1, PER_EVALUATION + 1):
        i = (e - 1) * PER_EVALUATION + (n - 1)
        lines.append(f"{n},\"Recommendation {n} of evaluation {e}: strengthen the follow-up of area {i}.\","
                     f"{UNITS[i % 20]},30/06/2024")
    return "\n".join(lines) + "\n"


def build(binary, folder):
    db = os.path.join(folder, "bench.db")
    url = "sqlite:" + db
    if os.path.exists(db):
        return url
    os.makedirs(folder, exist_ok=True)
    started = time.time()
    cli(binary, url, "init", "--admin", "root")
    cli(binary, url, "--as", "root", "user", "add", "eva", "--role", "evaluation")
    for unit in UNITS:
        cli(binary, url, "--as", "eva", "unit", "add", unit, "--name", f"Unit {unit[1:]}")
        cli(binary, url, "--as", "root", "user", "add", unit.lower(), "--role", "unit", "--unit", unit)
    for user in ["eva"] + [u.lower() for u in UNITS]:
        cli(binary, url, "--as", "root", "user", "passwd", user, stdin=(PASSWORD + "\n").encode())
    server, port = start_server(binary, url)
    try:
        c = Client(port)
        c.token = c.log_in("eva")
        for e in range(1, EVALUATIONS + 1):
            c.call("POST", f"/api/v1/imports?name=e{e}.csv", memo(e).encode(), raw=True)
            c.call("POST", f"/api/v1/evaluations/E{e:04d}/issue?as_of=2024-01-15")
        for i in range(EVALUATIONS * PER_EVALUATION):
            e, n, unit, k = i // PER_EVALUATION + 1, i % PER_EVALUATION + 1, UNITS[i % 20], i // 20
            rec = f"/api/v1/recommendations/E{e:04d}/{n}"
            closed = k % 5 == 0
            answered = k % 5 == 1 or (k % 5 == 2 and k % 3 != 0)
            if closed or answered:
                c.call("POST", rec + "/responses?as_of=2024-05-01", {"unit": unit, "decision": "accepted"})
            if closed:
                c.call("POST", rec + "/closing?as_of=2024-09-01",
                       {"outcome": "not_implemented", "override": "closed for the benchmark"})
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
    print(f"built {db} in {time.time() - started:.0f} s", file=sys.stderr)
    return url


def cpu_ms(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


def parse_wrk(out):
    def latency(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        return float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return requests, rps, latency("50"), latency("99"), errors


def wrk(url, token, connections, duration, script=None, pid=None):
    args = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{duration}s", "--latency"]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    if script:
        args += ["-s", script]
    before = cpu_ms(pid) if pid else 0
    out = subprocess.run(args + [url], capture_output=True, text=True, check=True).stdout
    after = cpu_ms(pid) if pid else 0
    requests, rps, p50, p99, errors = parse_wrk(out)
    return {"requests": requests, "rps": rps, "p50": p50, "p99": p99, "errors": errors,
            "cpu_ms": (after - before) / requests if pid and requests else float("nan")}


def nginx(root, port):
    conf = os.path.join(root, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""worker_processes 1;
master_process off;
daemon off;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  default_type application/json;
  keepalive_requests 1000000;
  server {{ listen 127.0.0.1:{port}; root {root}/www; }}
}}
""")
    return subprocess.Popen(["nginx", "-c", conf, "-p", root], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--store", default="/tmp/followup-api-bench")
    parser.add_argument("--note-slices", type=int, default=0, metavar="N",
                        help="instead: the progress note on 1 connection, N times --duration seconds in a row, "
                             "printing each slice's CPU ms a note (how its cost grows with the notes before it)")
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install wrk nginx-light")
    built = build(os.path.abspath(args.binary), args.store)[len("sqlite:"):]
    work = tempfile.mkdtemp(prefix="followup-api-bench-")
    os.chmod(work, 0o755)  # nginx reads its files as its own user
    # Each run on a copy: the notes it appends must not pile up from run to run.
    for suffix in ("", ".key"):
        shutil.copy(built + suffix, os.path.join(work, "bench.db" + suffix))
    server, port = start_server(os.path.abspath(args.binary), "sqlite:" + os.path.join(work, "bench.db"))
    try:
        c = Client(port)
        focal = c.log_in("u01")
        base = f"http://127.0.0.1:{port}/api/v1"
        overdue = "/recommendations?unit=U01&overdue=true"
        listed = json.loads(c.call("GET", f"/api/v1{overdue}&limit=1000", token=focal))
        print(f"U01: {len(listed['items'])} open and overdue of 250", file=sys.stderr)
        # The notes go round every unit's answered, open recommendations
        # (k % 5 == 1, as built), each by its own unit's focal point, as the
        # units' focal points would; the slices go round U01's only, to show
        # how a note's cost grows with the notes before it on the same
        # recommendations.
        tokens = {unit: c.log_in(unit.lower()) for unit in UNITS}
        notes = []
        for i in range(EVALUATIONS * PER_EVALUATION):
            if (i // 20) % 5 == 1:
                unit = UNITS[i % 20]
                if args.note_slices and unit != "U01":
                    continue
                notes.append((f"/api/v1/recommendations/E{i // PER_EVALUATION + 1:04d}/{i % PER_EVALUATION + 1}"
                              "/progress", unit))
        note = os.path.join(work, "note.lua")
        with open(note, "w") as f:
            f.write("local notes = {\n")
            for path, unit in notes:
                body = json.dumps({"unit": unit, "status": "in_progress", "text": "Progress note from the benchmark"})
                f.write(f'  {{"{path}", "Bearer {tokens[unit]}", {json.dumps(body)}}},\n')
            f.write("}\nlocal i = 0\n"
                    "request = function()\n  i = i % #notes + 1\n  local n = notes[i]\n"
                    '  return wrk.format("POST", n[1], {["Content-Type"] = "application/json", '
                    '["Authorization"] = n[2]}, n[3])\nend\n')
        if args.note_slices:
            print(f"{'slice':>5} {'notes so far':>13} {'req/s':>9} {'CPU ms/req':>11} {'errors':>7}")
            total = 0
            for k in range(args.note_slices):
                r = wrk(base + "/recommendations/E0002/1/progress", focal, 1, args.duration, note, server.pid)
                total += r["requests"]
                print(f"{k + 1:5d} {total:13d} {r['rps']:9.0f} {r['cpu_ms']:11.3f} {r['errors']:7d}")
            return
        # The same list at a new address each time (a parameter the API
        # ignores): never an answer kept (docs/api.md, "Answers kept").
        fresh = os.path.join(work, "fresh.lua")
        with open(fresh, "w") as f:
            f.write("local i = 0\nrequest = function()\n  i = i + 1\n"
                    f'  return wrk.format("GET", "/api/v1{overdue}&limit=25&fresh=" .. i)\nend\n')
        rows = []
        for name, path, connections, script in [
                ("overdue list of 100", f"{overdue}&limit=100", 1, None),
                ("overdue list of 100, 4 conns", f"{overdue}&limit=100", 4, None),
                ("overdue list of 25", f"{overdue}&limit=25", 1, None),
                ("the same, made afresh", f"{overdue}&limit=25", 1, fresh),
                ("one recommendation", "/recommendations/E0002/1", 1, None),
                ("progress note, 1 conn", "/recommendations/E0002/1/progress", 1, note),
                ("progress note, 4 conns", "/recommendations/E0002/1/progress", 4, note),
                ("progress note, 32 conns", "/recommendations/E0002/1/progress", 32, note)]:
            rows.append((name, wrk(base + path, focal, connections, args.duration, script, server.pid)))
        # nginx, the same bytes as the overdue list of 25, as a static file.
        body = Client(port).call("GET", f"/api/v1{overdue}&limit=25", token=focal)  # c's connection timed out
        os.makedirs(os.path.join(work, "www"))
        with open(os.path.join(work, "www", "list25.json"), "wb") as f:
            f.write(body)
        nport = free_port()
        n = nginx(work, nport)
        time.sleep(0.5)
        static = wrk(f"http://127.0.0.1:{nport}/list25.json", None, 1, args.duration, None, n.pid)
        n.send_signal(signal.SIGQUIT)
        n.wait()
        print(f"{'':30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'CPU ms/req':>11} {'errors':>7}")
        for name, r in rows + [("nginx, the list of 25's bytes", static)]:
            print(f"{name:30} {r['rps']:9.0f} {r['p50']:8.2f} {r['p99']:8.2f} {r['cpu_ms']:11.3f} {r['errors']:7d}")
        ours = dict(rows)["overdue list of 25"]["rps"]
        afresh = dict(rows)["the same, made afresh"]["rps"]
        print(f"overdue list of 25 ({len(body)} bytes): {ours / static['rps']:.2f} of nginx's requests/s "
              f"(made afresh each time: {afresh / static['rps']:.2f})")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
