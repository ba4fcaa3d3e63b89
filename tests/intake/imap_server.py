"""A real IMAP server for the intake tests: Debian's dovecot, started as a
child process under the test's temporary directory with a generated
configuration (127.0.0.1 on a free port, plaintext login allowed, Maildir
under the directory, no SSL), stopped when the test ends.

Messages are delivered by IMAP APPEND, as a mail server would file them.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from imap_tools import MailBoxUnencrypted

from tests.realparts import free_port

USER = "jobs"
PASSWORD = "imap-test-password"
NOBODY_UID = 65534


def dovecot_path() -> str | None:
    return shutil.which("dovecot") or ("/usr/sbin/dovecot" if os.access("/usr/sbin/dovecot", os.X_OK) else None)


def _config(root: Path, port: int) -> str:
    if os.geteuid() == 0:
        # Dovecot runs its login and auth processes as its own unprivileged
        # users and refuses mail access as root: the mail belongs to nobody,
        # and the directories above the Maildir must let nobody pass.
        login_user, internal_user, internal_group = "dovenull", "dovecot", "dovecot"
        mail_uid = mail_gid = NOBODY_UID
        chroot = ""
        for directory in [root, *root.parents]:
            if directory == Path("/"):
                break
            directory.chmod(directory.stat().st_mode | 0o011)
        os.chown(root / "mail", NOBODY_UID, NOBODY_UID)
    else:
        me = pwd.getpwuid(os.getuid())
        login_user = internal_user = me.pw_name
        internal_group = me.pw_name
        mail_uid, mail_gid = os.getuid(), os.getgid()
        # An unprivileged master cannot chroot its children.
        chroot = "  chroot =\n"
    return f"""
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
first_valid_uid = 1
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = static
  args = password={PASSWORD}
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/mail/%u
}}
service imap-login {{
{chroot}  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
{chroot}}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0600
  }}
}}
"""


class ImapServer:
    """A running dovecot: ``host``, ``port``, ``user``, ``password``;
    ``deliver`` files messages into the INBOX."""

    host = "127.0.0.1"
    user = USER
    password = PASSWORD

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        for name in ("run", "state", "mail"):
            (root / name).mkdir(parents=True, exist_ok=True)
        self.config = root / "dovecot.conf"
        self.config.write_text(_config(root, self.port))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = dovecot_path()
        assert binary
        self.process = subprocess.Popen(
            [binary, "-F", "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=open(self.root / "dovecot.err", "wb"),  # noqa: SIM115 - kept open while it runs
        )
        deadline = time.monotonic() + 15
        while True:
            try:
                self.connect().logout()
                return
            except Exception:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    log = (self.root / "dovecot.log").read_text() if (self.root / "dovecot.log").exists() else ""
                    self.stop()
                    raise AssertionError(f"dovecot did not start:\n{log}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def connect(self) -> MailBoxUnencrypted:
        return MailBoxUnencrypted(self.host, self.port, timeout=10).login(self.user, self.password)

    def deliver(self, *messages: EmailMessage | bytes) -> None:
        box = self.connect()
        try:
            for message in messages:
                raw = message if isinstance(message, bytes) else message.as_bytes()
                box.append(raw, "INBOX")
        finally:
            box.logout()

    def uidvalidity_change(self) -> None:
        """Make the server renumber the INBOX (a restored or rebuilt mailbox):
        dovecot keeps UIDVALIDITY in the Maildir's dovecot-uidlist."""
        self.stop()
        maildir = self.root / "mail" / self.user
        for name in ("dovecot-uidlist", "dovecot.index", "dovecot.index.cache", "dovecot.index.log"):
            (maildir / name).unlink(missing_ok=True)
        time.sleep(1.1)  # UIDVALIDITY is the time in seconds
        self.start()


def message(
    *,
    sender: str = "Li Wei <li.wei@example.com>",
    subject: str = "Application",
    body: str = "Please find my resume attached.",
    attachments: tuple[tuple[str, bytes, str], ...] = (),
    message_id: str | None = None,
) -> EmailMessage:
    """A message as a candidate would send it: attachments as (filename, bytes, content type)."""
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = f"{USER}@example.test"
    mail["Subject"] = subject
    mail["Date"] = "Sun, 06 Dec 2026 10:00:00 +0800"
    if message_id:
        mail["Message-ID"] = message_id
    mail.set_content(body)
    for filename, content, content_type in attachments:
        maintype, subtype = content_type.split("/", 1)
        mail.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return mail


@pytest.fixture
def imap_server(tmp_path: Path) -> Iterator[ImapServer]:
    if dovecot_path() is None:
        pytest.skip("The mailbox intake tests need a real IMAP server: apt-get install dovecot-imapd")
    server = ImapServer(tmp_path / "imap")
    server.start()
    yield server
    server.stop()
