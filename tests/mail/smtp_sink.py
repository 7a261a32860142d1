"""An SMTP server that keeps what it is sent, for the mail transports' tests
(src/env/mail_transports_test.cc): it delivers nothing, it saves.

Listens on 127.0.0.1 (--port, or a free one) and writes the port to
--port-file once listening. Each message accepted is saved in --folder as
N.eml (N counts from 1), its bytes as received, beside N.envelope (the
MAIL FROM and RCPT TO addresses, a line each); both are written then
renamed, .eml last, so a reader who sees N.eml sees the whole of both.
--reject ADDRESS answers 550 to that recipient, --defer ADDRESS 451;
--auth USER:PASSWORD requires AUTH PLAIN or LOGIN with those, without TLS
(no certificates for tests). Stops on SIGTERM, and when the process that
started it ends (a test that crashed leaves no server behind).

Run with Debian's python3 and python3-aiosmtpd:
  /usr/bin/python3 tests/mail/smtp_sink.py --folder F --port-file P
"""

import argparse
import asyncio
import logging
import os
import signal
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    with open(path + ".tmp", "wb") as f:
        f.write(data)
    os.rename(path + ".tmp", path)


class Sink:
    def __init__(self, folder, reject, defer):
        self.folder, self.reject, self.defer = folder, reject, defer
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: no such mailbox here"
        if address.lower() in self.defer:
            return f"451 4.3.0 <{address}>: try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, str(self.count))
        lines = [f"MAIL FROM:<{envelope.mail_from}>"] + [f"RCPT TO:<{a}>" for a in envelope.rcpt_tos]
        write_atomically(base + ".envelope", ("\n".join(lines) + "\n").encode())
        write_atomically(base + ".eml", envelope.original_content)
        return f"250 OK saved as {self.count}.eml"


async def serve(args):
    sink = Sink(args.folder, {a.lower() for a in args.reject}, {a.lower() for a in args.defer})
    options = {"hostname": "smtp-sink.invalid"}  # not socket.getfqdn(), which may wait on DNS
    if args.auth:
        user, password = (s.encode() for s in args.auth.split(":", 1))

        def authenticate(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and (data.login, data.password) == (user, password)
            return AuthResult(success=ok, handled=False)  # the server answers 535

        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=False)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, **options), "127.0.0.1", args.port)
    write_atomically(args.port_file, f"{server.sockets[0].getsockname()[1]}\n".encode())
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    parent = os.getppid()
    while not stop.is_set() and os.getppid() == parent:
        try:
            await asyncio.wait_for(stop.wait(), timeout=1)
        except asyncio.TimeoutError:
            pass
    server.close()
    await server.wait_closed()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", required=True)
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--defer", action="append", default=[], metavar="ADDRESS")
    parser.add_argument("--auth", metavar="USER:PASSWORD")
    args = parser.parse_args()
    # AUTH without TLS is what the tests want: no warning about it each time.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
