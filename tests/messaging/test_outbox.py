"""The outbox in one process: queueing, claiming, sending, failing, sweeping."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from messaging.models import OutboundEmail
from messaging.services import email_queue, outbound_email_send, outbox, outbox_sweep
from messaging.services.transport import smtp_transport


def queue(key="test:1", **kwargs):
    kwargs.setdefault("to", "Ann@Example.com")
    kwargs.setdefault("language", "en")
    kwargs.setdefault("subject", "Hello")
    kwargs.setdefault("body_text", "Body")
    return email_queue(idempotency_key=key, **kwargs)


@pytest.fixture
def handed_off(monkeypatch):
    """The ids handed to Celery after commit (the broker is not the point here)."""
    calls = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: calls.extend(email_ids) or len(email_ids))
    return calls


def test_an_email_queued_in_a_rolled_back_transaction_leaves_nothing(
    db, handed_off, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            queue()
            raise RuntimeError("the change failed")
    assert not OutboundEmail.objects.exists()
    assert callbacks == [] and handed_off == []


def test_a_committed_email_is_handed_to_celery_after_commit(db, handed_off, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = queue()
        assert handed_off == []  # nothing leaves before commit
    assert len(callbacks) == 1
    assert handed_off == [email.pk]


def test_the_recipient_is_stored_encrypted(db, handed_off):
    email = queue()
    raw = OutboundEmail.objects.filter(pk=email.pk).values_list("to_address", flat=True).get()
    assert b"ann@example.com" not in bytes(raw).lower()
    assert OutboundEmail.objects.get(pk=email.pk).to_address == "Ann@Example.com"


def test_queueing_the_same_key_twice_queues_once(db, handed_off, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(key="interview:42:reminder:24h")
        second = queue(key="interview:42:reminder:24h", subject="Different")
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert handed_off == [first.pk]


def test_an_email_due_later_is_left_for_the_sweeper(db, handed_off, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue(due_at=timezone.now() + timedelta(hours=24))
    assert callbacks == []
    assert OutboundEmail.objects.get().enqueued_at is None


def test_a_row_is_sent_once_however_often_its_task_runs(db, handed_off, smtp_mailer):
    email = queue()
    assert outbound_email_send(email_id=email.pk) == "sent"
    assert outbound_email_send(email_id=email.pk) == "not claimed"
    assert len(smtp_mailer.messages) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.sent_at is not None) == ("sent", 1, True)
    message = smtp_mailer.messages[0]
    assert message["To"] == "Ann@Example.com"
    assert message["Message-ID"] == f"<{email.public_id}@recruitcrm>"


def test_a_sent_email_keeps_its_subject_but_not_its_body_context_or_attachments(db, handed_off, smtp_mailer):
    email = email_queue(
        to="ann@example.com",
        idempotency_key="token-link",
        language="en",
        template="feedback_survey",
        context={
            "survey_url": "https://crm.example.com/pipeline/survey/SECRET/",
            "name": "Ann",
            "job": "Go",
            "valid_days": 30,
        },
        attachments=[("invite.ics", b"BEGIN:VCALENDAR", "text/calendar")],
    )
    assert outbound_email_send(email_id=email.pk) == "sent"
    assert "SECRET" in smtp_mailer.messages[0].as_string()
    email.refresh_from_db()
    assert (email.context, email.body_text, email.body_html, email.attachments) == ({}, "", "", [])
    assert email.subject == "" and email.template == "feedback_survey"  # what was sent stays findable
    assert "SECRET" not in str(OutboundEmail.objects.filter(pk=email.pk).values().get())


def test_a_template_is_rendered_at_send_time_in_the_emails_language(db, handed_off, smtp_mailer):
    email = queue(
        subject="",
        body_text="",
        language="zh-hans",
        template="mfa_reset",
        context={"user": None, "actor": None, "link": "https://crm.example.com/accounts/2fa/"},
    )
    outbound_email_send(email_id=email.pk)
    message = smtp_mailer.messages[0]
    from email.header import decode_header, make_header

    assert str(make_header(decode_header(message["Subject"]))) == "您的两步验证登录已被重置"
    body = message.get_payload()[0].get_payload(decode=True).decode()
    assert "https://crm.example.com/accounts/2fa/" in body


def test_one_smtp_connection_is_reused_across_sends(db, handed_off, smtp_mailer):
    opened = []
    real_open = mail.mailers["smtp"].__class__.open

    def counting_open(self):
        result = real_open(self)
        if result:
            opened.append(1)
        return result

    with mock.patch.object(mail.mailers["smtp"].__class__, "open", counting_open):
        for n in range(3):
            outbound_email_send(email_id=queue(key=f"k{n}").pk)
    assert len(smtp_mailer.messages) == 3
    assert len(opened) == 1


def test_a_transient_smtp_failure_goes_back_to_the_queue_with_a_backoff(db, handed_off, settings):
    settings.MAILERS = {
        **settings.MAILERS,
        "smtp": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},  # nothing listens: connection refused
        },
    }
    smtp_transport.reset()
    email = queue()
    now = timezone.now()
    assert outbound_email_send(email_id=email.pk, now=now) == "retry"
    email.refresh_from_db()
    assert email.status == "queued" and email.attempts == 1
    assert email.due_at == now + timedelta(minutes=1)
    assert "ConnectionRefusedError" in email.last_error
    smtp_transport.reset()


def test_a_permanent_failure_is_marked_failed_with_the_error(db, handed_off, smtp_mailer):
    email = queue(template="no_such_template", subject="", body_text="")
    assert outbound_email_send(email_id=email.pk) == "failed"
    email.refresh_from_db()
    assert email.status == "failed" and "TemplateDoesNotExist" in email.last_error
    assert smtp_mailer.messages == []


def test_the_last_attempt_fails_for_good(db, handed_off, settings):
    settings.MAILERS = {
        **settings.MAILERS,
        "smtp": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 1},
        },
    }
    smtp_transport.reset()
    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=outbox.MAX_ATTEMPTS - 1)
    assert outbound_email_send(email_id=email.pk) == "failed"
    smtp_transport.reset()


def test_the_sweeper_hands_over_due_rows_and_reclaims_lost_sends(db, handed_off, settings):
    settings.OUTBOX_REQUEUE_AFTER = 60
    due_later = queue(key="later", due_at=timezone.now() + timedelta(hours=2))
    became_due = queue(key="due", due_at=timezone.now() + timedelta(minutes=30))
    lost_send = queue(key="lost")
    just_handed = queue(key="fresh")  # handed off a moment ago: its task is still on its way
    lost_task = queue(key="lost-task")
    now = timezone.now() + timedelta(hours=1)  # the sweep runs an hour later
    OutboundEmail.objects.filter(pk=lost_send.pk).update(status="sending", claimed_until=now - timedelta(seconds=1))
    OutboundEmail.objects.filter(pk=just_handed.pk).update(enqueued_at=now - timedelta(seconds=5))
    OutboundEmail.objects.filter(pk=lost_task.pk).update(enqueued_at=now - timedelta(seconds=61))
    handed_off.clear()

    assert outbox_sweep(now=now) == 3
    assert sorted(handed_off) == sorted([became_due.pk, lost_send.pk, lost_task.pk])
    lost_send.refresh_from_db()
    assert (lost_send.status, lost_send.reclaims) == ("queued", 1)
    # A second sweep right away hands over nothing more.
    handed_off.clear()
    assert outbox_sweep(now=now) == 0
    assert due_later.pk not in handed_off and just_handed.pk not in handed_off


def test_without_a_broker_the_hand_off_fails_quietly_and_leaves_rows_to_the_sweeper(db, settings):
    from recruitcrm import celery_app

    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"  # nothing listens
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    try:
        email = queue()
        started = timezone.now()
        assert outbox.email_hand_off(email_ids=[email.pk]) == 0
        assert (timezone.now() - started).total_seconds() < 10
    finally:
        celery_app.conf.broker_url = previous
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
    email.refresh_from_db()
    assert email.enqueued_at is None and email.status == "queued"


def test_djangos_own_mail_is_queued_not_sent(db, settings, handed_off):
    settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": "messaging.backends.OutboxEmailBackend"}}
    sent = mail.send_mail("Subject", "Body", "from@example.com", ["a@example.com", "b@example.com"])
    assert sent == 2
    assert sorted(e.to_address for e in OutboundEmail.objects.all()) == ["a@example.com", "b@example.com"]


def test_a_failed_email_can_be_sent_again(db, handed_off, django_capture_on_commit_callbacks):
    from messaging.services import outbound_email_retry

    email = queue()
    OutboundEmail.objects.filter(pk=email.pk).update(status="failed", attempts=8, last_error="550 no such user")
    sent_one = queue(key="other")
    OutboundEmail.objects.filter(pk=sent_one.pk).update(status="sent")
    handed_off.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert outbound_email_retry(email_ids=[email.pk, sent_one.pk]) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("queued", 0, "")
    assert handed_off == [email.pk]
    assert OutboundEmail.objects.get(pk=sent_one.pk).status == "sent"
