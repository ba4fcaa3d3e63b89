"""The outbox's transport objects: the broker's circuit breaker and the reused
SMTP connection, each one object per process that a test resets."""

from __future__ import annotations

import pytest
from kombu.exceptions import OperationalError

from messaging import tasks
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbound_email_send, outbox, outbox_sweep
from messaging.services.transport import BrokerBreaker, broker_breaker, smtp_transport


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Broker:
    """Stands in for Celery's broker connection: counts the connection
    attempts and the tasks sent; ``down`` makes connecting fail."""

    def __init__(self) -> None:
        self.down = False
        self.attempts = 0
        self.sent: list[list[int]] = []

    def connection_for_write(self):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def ensure_connection(self, **kwargs):
        self.attempts += 1
        if self.down:
            raise OperationalError("connection refused")
        return self


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(broker_breaker, "clock", clock)
    broker_breaker.reset()
    yield clock
    broker_breaker.reset()


@pytest.fixture
def broker(monkeypatch):
    broker = Broker()
    monkeypatch.setattr(tasks.outbound_email_send_task.app, "connection_for_write", broker.connection_for_write)
    for task in (tasks.outbound_email_send_task, tasks.outbound_email_send_batch_task):
        monkeypatch.setattr(task, "apply_async", lambda args, **kw: broker.sent.append(list(args)))
    return broker


def queued(count: int) -> list[OutboundEmail]:
    return [
        email_queue(to=f"p{n}@example.com", idempotency_key=f"test:t:{n}", language="en", subject="S", body_text="B")
        for n in range(count)
    ]


def test_a_breaker_trips_for_its_pause_and_a_reset_closes_it_at_once():
    clock = Clock()
    breaker = BrokerBreaker(pause=10.0, clock=clock)
    assert breaker.allows()
    breaker.trip()
    clock.now += 9.9
    assert not breaker.allows()
    clock.now += 0.1
    assert breaker.allows()
    breaker.trip()
    breaker.reset()
    assert breaker.allows()


def test_after_a_failed_hand_off_requests_skip_the_broker_until_the_pause_ends(db, clock, broker):
    emails = queued(3)
    broker.down = True
    assert outbox.email_hand_off(email_ids=[emails[0].pk]) == 0
    assert broker.attempts == 1
    # The broker is back, but for the pause the next requests do not try it.
    broker.down = False
    clock.now += broker_breaker.pause - 1
    assert outbox.email_hand_off(email_ids=[emails[1].pk]) == 0
    assert broker.attempts == 1
    assert OutboundEmail.objects.filter(pk__in=[emails[0].pk, emails[1].pk], enqueued_at__isnull=True).count() == 2
    clock.now += 1
    assert outbox.email_hand_off(email_ids=[emails[2].pk]) == 1
    assert (broker.attempts, broker.sent) == (2, [[emails[2].pk]])


def test_the_sweeper_tries_the_broker_even_while_requests_skip_it(db, clock, broker):
    emails = queued(2)
    broker.down = True
    assert outbox.email_hand_off(email_ids=[email.pk for email in emails]) == 0
    broker.down = False
    assert not broker_breaker.allows()
    assert outbox_sweep() == 2
    assert broker.sent == [[[emails[0].pk, emails[1].pk]]]
    assert broker_breaker.allows()


def test_a_connection_the_server_closed_is_reopened_once_and_the_email_still_goes(db, smtp_mailer, monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))
    first, second = queued(2)
    assert outbound_email_send(email_id=first.pk) == "sent"
    # What an SMTP server's idle timeout leaves behind: smtplib raises
    # SMTPServerDisconnected on the next command.
    smtp_transport._mailer.connection.close()
    assert outbound_email_send(email_id=second.pk) == "sent"
    assert len(smtp_mailer.messages) == 2 and smtp_mailer.connections() == 2
