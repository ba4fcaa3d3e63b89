"""Talking to an IMAP server (imap-tools over the standard imaplib) and reading
what it sends (the standard ``email`` package: it parses MIME, RFC 2047 headers
and charsets already, and imap-tools builds on it, so no second parser is needed).

Nothing here touches the database: the services decide what a message becomes.
"""

from __future__ import annotations

import contextlib
import email
import re
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import getaddresses, parseaddr, parsedate_to_datetime

from django.utils.html import strip_tags
from imap_tools import MailBox, MailBoxStartTls, MailBoxUnencrypted
from imap_tools.mailbox import BaseMailBox

# A server answering slower than this is an error for this sweep; the next one retries.
TIMEOUT_SECONDS = 30
# More attachments than this in one message are ignored (a message is not an archive).
MAX_ATTACHMENTS = 10
# Plain text kept of a message's body.
BODY_MAX_CHARS = 20_000
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def connect(*, host: str, port: int, security: str, username: str, password: str, folder: str) -> BaseMailBox:
    """A logged-in imap-tools mailbox with ``folder`` selected. Raises
    imap-tools' errors, ``OSError`` (refused, timed out) or ``ssl.SSLError``."""
    if security == "ssl":
        box: BaseMailBox = MailBox(host, port, timeout=TIMEOUT_SECONDS)
    elif security == "starttls":
        box = MailBoxStartTls(host, port, timeout=TIMEOUT_SECONDS)
    else:
        box = MailBoxUnencrypted(host, port, timeout=TIMEOUT_SECONDS)
    try:
        box.login(username, password, initial_folder=None)
        box.folder.set(folder)
    except BaseException:
        with contextlib.suppress(Exception):
            box.client.shutdown()
        raise
    return box


def uidvalidity(box: BaseMailBox, folder: str) -> int:
    return int(box.folder.status(folder, ["UIDVALIDITY"])["UIDVALIDITY"])


_SIZE = re.compile(rb"UID (\d+).*?RFC822\.SIZE (\d+)|RFC822\.SIZE (\d+).*?UID (\d+)")


def uids_after(box: BaseMailBox, last_uid: int) -> dict[int, int]:
    """The UIDs above ``last_uid`` with each message's size in bytes.

    ``N:*`` always includes the highest UID even when it is below N, so the
    answer is filtered again here."""
    status, data = box.client.uid("FETCH", f"{last_uid + 1}:*", "(UID RFC822.SIZE)")
    sizes: dict[int, int] = {}
    if status != "OK":
        return sizes
    for line in data:
        if not isinstance(line, bytes):
            continue
        match = _SIZE.search(line)
        if match is None:
            continue
        uid = int(match.group(1) or match.group(4))
        size = int(match.group(2) or match.group(3))
        if uid > last_uid:
            sizes[uid] = size
    return dict(sorted(sizes.items()))


def fetch(box: BaseMailBox, uid: int, *, headers_only: bool = False) -> bytes:
    """The raw message (or only its header) without setting ``\\Seen``."""
    part = "BODY.PEEK[HEADER]" if headers_only else "BODY.PEEK[]"
    status, data = box.client.uid("FETCH", str(uid), f"({part})")
    if status != "OK":
        return b""
    for item in data:
        if isinstance(item, tuple) and len(item) == 2:
            return item[1]
    return b""


@dataclass
class Attachment:
    filename: str
    content_type: str
    content: bytes


@dataclass
class Parsed:
    message_id: str = ""
    sender_name: str = ""
    sender_address: str = ""
    subject: str = ""
    body: str = ""
    received_at: datetime | None = None
    attachments: list[Attachment] = field(default_factory=list)


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, IndexError, TypeError):
        return ""
    return " ".join(str(value or "").split())


def parse(raw: bytes) -> Parsed:
    """What a message says, read defensively: malformed headers become empty
    values, never an exception."""
    message = email.message_from_bytes(raw, policy=policy.default)
    parsed = Parsed(
        message_id=_header(message, "Message-ID")[:255],
        subject=_header(message, "Subject")[:255],
    )
    parsed.sender_name, parsed.sender_address = _sender(_header(message, "From"))
    try:
        parsed.received_at = parsedate_to_datetime(_header(message, "Date"))
    except (TypeError, ValueError, IndexError):
        parsed.received_at = None
    if parsed.received_at is not None and parsed.received_at.tzinfo is None:
        parsed.received_at = None
    if not isinstance(message, EmailMessage):
        return parsed
    parsed.body = _body(message)
    for part in message.iter_attachments():
        if len(parsed.attachments) >= MAX_ATTACHMENTS:
            break
        try:
            content = part.get_payload(decode=True) or b""
        except Exception:
            continue
        filename = (part.get_filename() or "").strip().replace("/", "_").replace("\\", "_")[:200]
        parsed.attachments.append(
            Attachment(filename=filename or "attachment", content_type=part.get_content_type(), content=content)
        )
    return parsed


def _sender(value: str) -> tuple[str, str]:
    """The display name and address of a From header. Some mailers encode the
    whole "name <address>" as one encoded word, which decodes to a quoted
    string: it is parsed once more."""
    addresses = getaddresses([value])
    if not addresses:
        return "", ""
    name, address = addresses[0]
    if "<" in address:
        inner_name, inner_address = parseaddr(address)
        name, address = name or inner_name, inner_address
    return name.strip()[:255], address.strip()[:254]


def _body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True) or b""
        text = payload.decode("utf-8", errors="replace")
    if not isinstance(text, str):
        return ""
    if part.get_content_subtype() == "html":
        text = strip_tags(text)
    text = text.replace("\r\n", "\n").replace("\x00", "")
    return text.strip()[:BODY_MAX_CHARS]
