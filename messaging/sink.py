"""Reading what the local SMTP sink received (messaging.smtp_sink)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

NAME = re.compile(r"^\d+-[0-9a-f]{8}\.eml$")


@dataclass(frozen=True)
class SinkMessage:
    name: str
    received_at: datetime
    sender: str
    to: str
    subject: str
    message: EmailMessage

    @property
    def text(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        return part.get_content() if part is not None else ""

    @property
    def html(self) -> str:
        part = self.message.get_body(preferencelist=("html",))
        return part.get_content() if part is not None else ""

    @property
    def attachments(self) -> list[str]:
        return [part.get_filename() or "" for part in self.message.iter_attachments()]


def _read(path: Path) -> SinkMessage:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    return SinkMessage(
        name=path.name,
        received_at=datetime.fromtimestamp(int(path.name.split("-")[0]) / 1e9, tz=UTC),
        sender=str(message.get("From", "")),
        to=str(message.get("To", "")),
        subject=str(message.get("Subject", "")),
        message=message,
    )


def sink_messages(directory: Path, *, limit: int = 200) -> list[SinkMessage]:
    """The newest ``limit`` messages, newest first."""
    if not directory.exists():
        return []
    names = sorted((p.name for p in directory.iterdir() if NAME.match(p.name)), reverse=True)[:limit]
    return [_read(directory / name) for name in names]


def sink_message(directory: Path, name: str) -> SinkMessage | None:
    if not NAME.match(name) or not (directory / name).is_file():
        return None
    return _read(directory / name)
