"""An SMTP sink in its own process, so that receiving mail costs the timed process nothing.

    python bench/smtp_sink.py --port PORT

Prints "ready" once it listens; on SIGTERM or SIGINT it prints what it received as one
JSON line ({"messages", "recipients", "unique_message_ids"}) and exits. It advertises
PIPELINING (aiosmtpd reads pipelined commands in order but does not say so)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller


class CountingSink:
    """Accepts every message and keeps counts: no file, no parsing beyond the headers."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients = 0
        self.message_ids: set[str] = set()
        self.headers = BytesHeaderParser()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 (aiosmtpd's hook name)
        session.host_name = hostname
        return [*responses[:-1], "250-PIPELINING", responses[-1]]

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages += 1
        self.recipients += len(envelope.rcpt_tos)
        message_id = self.headers.parsebytes(envelope.content).get("Message-ID")
        if message_id:
            self.message_ids.add(message_id.strip())
        return "250 Message accepted"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args()
    sink = CountingSink()
    stop = threading.Event()
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop.set())
    controller = Controller(sink, hostname=args.host, port=args.port, data_size_limit=0)
    controller.start()
    print("ready", flush=True)
    while not stop.wait(0.5):
        pass
    controller.stop()
    print(json.dumps({"messages": sink.messages, "recipients": sink.recipients,
                      "unique_message_ids": len(sink.message_ids)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
