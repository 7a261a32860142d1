#!/usr/bin/env python3
"""Many connections at once: with 1,000 idle connections open, 500 busy
keep-alive connections each make 20 requests; every request is answered
200, none errors, and the server's memory stays bounded.

Usage: load_test.py PATH/TO/followup

Python 3 standard library only (asyncio for the connections)."""

import asyncio
import os
import resource
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import server as srv  # noqa: E402

BINARY = None
IDLE = int(os.environ.get("LOAD_IDLE", "1000"))
BUSY = int(os.environ.get("LOAD_BUSY", "500"))
REQUESTS = 20


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


async def busy_connection(port, token, results):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (f"GET /api/v1/recommendations?limit=5 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               f"Authorization: Bearer {token}\r\n\r\n").encode()
    try:
        for _ in range(REQUESTS):
            writer.write(request)
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            results.append(status)
    except (OSError, asyncio.IncompleteReadError) as e:
        results.append(repr(e))
    finally:
        writer.close()


async def scenario(port, token, pid):
    idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(IDLE)]
    await asyncio.sleep(0.5)
    with_idle = rss_mb(pid)
    results = []
    await asyncio.gather(*(busy_connection(port, token, results) for _ in range(BUSY)))
    after = rss_mb(pid)
    for _, writer in idle:
        writer.close()
    return results, with_idle, after


class LoadTest(unittest.TestCase):

    def test_busy_and_idle_connections(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
        s = srv.Server(BINARY).build().start()
        try:
            token = s.token("eva")
            before = rss_mb(s.process.pid)
            results, with_idle, after = asyncio.run(scenario(s.port, token, s.process.pid))
            failures = [r for r in results if r != 200]
            self.assertEqual(len(results), BUSY * REQUESTS, "every request answered")
            self.assertEqual(failures, [], f"{len(failures)} requests failed")
            print(f"server RSS: {before:.0f} MB at rest, {with_idle:.0f} MB with {IDLE} idle connections, "
                  f"{after:.0f} MB after {BUSY} busy ones made {BUSY * REQUESTS} requests", file=sys.stderr)
            # Bounded: what 1,500 connections add stays well under a
            # hundred megabytes (a few kilobytes each).
            self.assertLess(after - before, 100)
            # The server is still well.
            self.assertEqual(s.request("GET", "/api/v1/me", user="eva")[0], 200)
        finally:
            code, _ = s.stop()
            s.close()
            self.assertEqual(code, 0)


if __name__ == "__main__":
    BINARY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
