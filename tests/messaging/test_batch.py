"""Batched delivery: many rows sent over one SMTP connection by one
task, with the single send's exactly-once rules row by row."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from messaging.models import OutboundEmail
from messaging.services import email_cancel, email_queue, outbound_email_send_batch, outbox, outbox_sweep
from messaging.services.transport import broker_breaker


@pytest.fixture
def handed_off(monkeypatch):
    """The ids handed to Celery after commit (the broker is not the point here)."""
    calls = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: calls.extend(email_ids) or len(email_ids))
    return calls


def queue_many(count: int, prefix: str = "batch") -> list[OutboundEmail]:
    with transaction.atomic():
        return [
            email_queue(
                to=f"{prefix}{n}@example.com",
                idempotency_key=f"test:{prefix}:{n}",
                language="en",
                subject=f"{prefix} {n}",
                body_text=f"Message {n}.",
            )
            for n in range(count)
        ]


def status_of(emails) -> list[str]:
    rows = dict(OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).values_list("pk", "status"))
    return [rows[e.pk] for e in emails]


def test_a_batch_is_delivered_over_one_smtp_connection_and_each_row_is_marked_sent(db, handed_off, smtp_mailer):
    emails = queue_many(25)
    outcome = outbound_email_send_batch(email_ids=[e.pk for e in emails])
    assert outcome == {"sent": 25, "retry": 0, "failed": 0, "not claimed": 0, "released": 0}
    assert smtp_mailer.connections() == 1
    assert set(smtp_mailer.copies().values()) == {1} and len(smtp_mailer.copies()) == 25
    assert status_of(emails) == ["sent"] * 25
    sent = OutboundEmail.objects.get(pk=emails[0].pk)
    assert (sent.attempts, sent.body_text, sent.claimed_until) == (1, "", None)
    # The same batch delivered again (a redelivered task) sends nothing.
    again = outbound_email_send_batch(email_ids=[e.pk for e in emails])
    assert again["sent"] == 0 and again["not claimed"] == 25
    assert sum(smtp_mailer.copies().values()) == 25


def test_a_cancelled_email_in_a_batch_is_skipped_even_when_cancelled_after_the_batch_began(
    db, handed_off, smtp_mailer, monkeypatch
):
    emails = queue_many(4)
    email_cancel(keys=[emails[1].idempotency_key])  # cancelled before the task ran
    render, rendered = outbox._render, []

    def render_then_cancel(email, links=None):
        rendered.append(email.pk)
        if len(rendered) == 1:  # a recruiter cancels the last one while the first is being sent
            assert email_cancel(keys=[emails[3].idempotency_key]) == 1
        return render(email, links)

    monkeypatch.setattr(outbox, "_render", render_then_cancel)
    outcome = outbound_email_send_batch(email_ids=[e.pk for e in emails])
    assert (outcome["sent"], outcome["not claimed"]) == (2, 2)
    assert status_of(emails) == ["sent", "cancelled", "sent", "cancelled"]
    assert set(smtp_mailer.copies()) == {str(emails[0].public_id), str(emails[2].public_id)}


def test_a_transient_failure_mid_batch_leaves_the_rest_queued_and_they_go_later_without_duplicates(
    db, handed_off, smtp_mailer, settings
):
    settings.OUTBOX_REQUEUE_AFTER = 60
    emails = queue_many(5)
    handed_off.clear()
    accept = smtp_mailer.handle_DATA
    data_commands = []

    async def greylist_the_third(server, session, envelope):
        data_commands.append(1)
        if len(data_commands) == 3:
            return "451 4.3.0 Try again later"
        return await accept(server, session, envelope)

    smtp_mailer.handle_DATA = greylist_the_third
    now = timezone.now()
    outcome = outbound_email_send_batch(email_ids=[e.pk for e in emails], now=now)
    assert outcome == {"sent": 2, "retry": 1, "failed": 0, "not claimed": 0, "released": 2}
    assert status_of(emails) == ["sent", "sent", "queued", "queued", "queued"]
    failed = OutboundEmail.objects.get(pk=emails[2].pk)
    assert failed.attempts == 1 and failed.due_at == now + timedelta(minutes=1) and "451" in failed.last_error
    # The rest were never claimed: no attempt counted, marked for the next sweep.
    rest = OutboundEmail.objects.filter(pk__in=[emails[3].pk, emails[4].pk])
    assert {(e.attempts, e.enqueued_at, e.reclaims) for e in rest} == {(0, None, 0)}

    # The next sweep hands the rest over at once; the failed one waits for its backoff.
    assert outbox_sweep() == 2
    assert sorted(handed_off) == sorted([emails[3].pk, emails[4].pk])
    assert outbound_email_send_batch(email_ids=handed_off)["sent"] == 2
    later = now + timedelta(minutes=1, seconds=1)
    handed_off.clear()
    assert outbox_sweep(now=later) == 1 and handed_off == [emails[2].pk]
    assert outbound_email_send_batch(email_ids=handed_off, now=later)["sent"] == 1

    assert status_of(emails) == ["sent"] * 5
    copies = smtp_mailer.copies()
    assert set(copies) == {str(e.public_id) for e in emails} and set(copies.values()) == {1}


def test_a_permanent_failure_fails_that_row_and_the_batch_goes_on(db, handed_off, smtp_mailer):
    with transaction.atomic():
        good = queue_many(1, prefix="good")[0]
        broken = email_queue(to="x@example.com", idempotency_key="test:broken", language="en", template="no_such")
        last = queue_many(1, prefix="last")[0]
    outcome = outbound_email_send_batch(email_ids=[good.pk, broken.pk, last.pk])
    assert (outcome["sent"], outcome["failed"], outcome["released"]) == (2, 1, 0)
    assert status_of([good, broken, last]) == ["sent", "failed", "sent"]


def test_a_crash_mid_batch_resends_nothing_marked_sent_and_loses_nothing(db, handed_off, smtp_mailer, monkeypatch):
    class WorkerDied(BaseException):
        pass

    emails = queue_many(5)
    mark = outbox._mark_sent_and_claim

    def die_on_the_third(sent_id, next_id, **kwargs):
        if sent_id == emails[2].pk:  # accepted by the SMTP server; its commit never happens
            raise WorkerDied
        return mark(sent_id, next_id, **kwargs)

    monkeypatch.setattr(outbox, "_mark_sent_and_claim", die_on_the_third)
    now = timezone.now()
    with pytest.raises(WorkerDied):
        outbound_email_send_batch(email_ids=[e.pk for e in emails], now=now)
    monkeypatch.setattr(outbox, "_mark_sent_and_claim", mark)
    assert status_of(emails) == ["sent", "sent", "sending", "queued", "queued"]

    # Beat, after the lease: the lost send is reclaimed, the rows never reached are handed over again.
    handed_off.clear()
    later = now + outbox.LEASE + timedelta(seconds=1)
    assert outbox_sweep(now=later) == 3
    assert sorted(handed_off) == sorted(e.pk for e in emails[2:])
    assert outbound_email_send_batch(email_ids=handed_off, now=later)["sent"] == 3

    assert status_of(emails) == ["sent"] * 5
    copies = smtp_mailer.copies()
    reclaims = dict(OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).values_list("public_id", "reclaims"))
    # One copy each, but for the one lost between the SMTP accept and its commit (a counted reclaim).
    assert {key: copies[str(key)] - 1 for key in reclaims} == reclaims
    assert reclaims[emails[2].public_id] == 1


def test_a_batch_stops_claiming_when_its_time_is_up_and_leaves_the_rest_to_the_sweeper(
    db, handed_off, smtp_mailer, monkeypatch
):
    monkeypatch.setattr(outbox, "BATCH_SECONDS", 0.0)
    emails = queue_many(3)
    outcome = outbound_email_send_batch(email_ids=[e.pk for e in emails])
    assert (outcome["sent"], outcome["released"]) == (1, 2)
    assert status_of(emails) == ["sent", "queued", "queued"]
    assert OutboundEmail.objects.filter(pk__in=[emails[1].pk, emails[2].pk], enqueued_at__isnull=True).count() == 2


def test_many_ids_are_handed_off_as_batch_tasks_and_one_as_a_single_send(db, monkeypatch):
    from messaging import tasks

    sent = []
    monkeypatch.setattr(outbox, "SEND_BATCH", 2)
    monkeypatch.setattr(
        tasks.outbound_email_send_task, "apply_async", lambda args, **kw: sent.append(("one", list(args)))
    )
    monkeypatch.setattr(
        tasks.outbound_email_send_batch_task, "apply_async", lambda args, **kw: sent.append(("batch", args[0]))
    )

    class Connection:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def ensure_connection(self, **kwargs):
            return self

    monkeypatch.setattr(tasks.outbound_email_send_task.app, "connection_for_write", Connection)
    broker_breaker.reset()
    assert outbox.email_hand_off(email_ids=[1, 2, 3, 4, 5]) == 5
    assert sent == [("batch", [1, 2]), ("batch", [3, 4]), ("one", [5])]
    sent.clear()
    assert outbox.email_hand_off(email_ids=[7]) == 1
    assert sent == [("one", [7])]
