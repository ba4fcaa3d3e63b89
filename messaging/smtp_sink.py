"""A local SMTP server that keeps every message it receives as a .eml file.

`make run` starts it (when EMAIL_URL is unset) so a newcomer can read every
email the product sends on the administrators' "Sent mail" page. Nothing is
delivered anywhere.

    python -m messaging.smtp_sink --port 1025 --dir var/mail
"""

from __future__ import annotations

import argparse
import signal
import threading
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class MaildirHandler:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        partial = self.directory / f".{name}"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.directory / name)  # readers never see half a message
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=1025)
    parser.add_argument("--dir", type=Path, required=True)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(MaildirHandler(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print(f"SMTP sink listening on {args.host}:{args.port}, keeping mail in {args.dir}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
