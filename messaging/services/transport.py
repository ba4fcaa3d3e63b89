"""The outbox's two ways out of the process, each an object created once per
process with its state on it: the SMTP connection every send reuses, and the
circuit breaker in front of the hand-off to the broker.

Tests reset them (``smtp_transport.reset()``, ``broker_breaker.reset()``)
rather than replacing them: the outbox holds these very objects.
"""

from __future__ import annotations

import contextlib
import smtplib
import time
from collections.abc import Callable

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class SmtpTransport:
    """One SMTP connection per worker process, opened on the first send and
    reused by every send after it (a batch of a hundred emails is one
    connection), through the mailer named by ``settings.OUTBOX_MAILER``."""

    def __init__(self) -> None:
        self._mailer: BaseEmailBackend | None = None

    def send(self, message: EmailMessage) -> None:
        """Send one message; raises what the mailer raises. A server that closed
        an idle connection is reconnected to once."""
        try:
            self._open().send_messages([message])
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            self.reset()
            self._open().send_messages([message])

    def reset(self) -> None:
        """Close the connection, if any, and forget it: the next send opens a new
        one from the current settings. After a failed send (the connection may
        be broken), and in tests that point the mailer elsewhere."""
        if self._mailer is not None:
            with contextlib.suppress(Exception):  # it may already be broken
                self._mailer.close()
        self._mailer = None

    def _open(self) -> BaseEmailBackend:
        if self._mailer is None:
            self._mailer = mail.mailers[settings.OUTBOX_MAILER]
        # Backends without a connection (locmem, console) have nothing to open.
        if getattr(self._mailer, "connection", True) is None:
            self._mailer.open()
        return self._mailer


# After a failed hand-off, requests leave their rows to the sweeper for this
# long instead of trying the broker again: an outage costs each request nothing.
HAND_OFF_PAUSE = 10.0


class BrokerBreaker:
    """A circuit breaker in front of the broker: after a failed hand-off
    (``trip``), hand-offs skip the broker for ``pause`` seconds and their rows
    wait for the sweeper, instead of each request waiting on a broker that is
    down. ``clock`` is monotonic seconds."""

    def __init__(self, *, pause: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.pause = pause
        self.clock = clock
        self.down_until = 0.0

    def allows(self) -> bool:
        """Whether a hand-off may try the broker now."""
        return self.clock() >= self.down_until

    def trip(self) -> None:
        """The broker just failed: skip it for the next ``pause`` seconds."""
        self.down_until = self.clock() + self.pause

    def reset(self) -> None:
        """Let the next hand-off try the broker at once (the sweeper does this on
        every run: it is the periodic retry)."""
        self.down_until = 0.0


smtp_transport = SmtpTransport()
broker_breaker = BrokerBreaker(pause=HAND_OFF_PAUSE)
