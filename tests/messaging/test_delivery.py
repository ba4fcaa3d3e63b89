"""End to end: a real Celery worker process delivers the outbox to a real SMTP server."""

import time

import pytest
from django.db import transaction
from django.urls import reverse

from messaging.models import OutboundEmail
from messaging.services import email_queue, outbox_sweep
from tests.realparts import wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_committed_email_is_delivered_exactly_once_and_a_rolled_back_one_never(celery_worker, smtp_server):
    with pytest.raises(RuntimeError), transaction.atomic():
        email_queue(
            to="ghost@example.com", idempotency_key="t:rolled-back", language="en", subject="Never", body_text="x"
        )
        raise RuntimeError("rolled back")
    with transaction.atomic():
        email = email_queue(
            to="ann@example.com", idempotency_key="t:committed", language="en", subject="Hello Ann", body_text="Hi"
        )

    wait_until(lambda: len(smtp_server.messages) >= 1, "delivery", 30)
    wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent", "row marked sent", 10)
    # The task may be redelivered or the sweeper may run: still one message.
    outbox_sweep()
    time.sleep(2)
    assert [m["Subject"] for m in smtp_server.messages] == ["Hello Ann"]
    assert [m["To"] for m in smtp_server.messages] == ["ann@example.com"]
    assert not OutboundEmail.objects.filter(idempotency_key="t:rolled-back").exists()
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 1


def test_with_the_broker_down_a_request_still_answers_and_the_sweeper_delivers_once_it_is_back(
    client, recruiter, private_redis, celery_worker, smtp_server, settings, outbox_mailer
):
    settings.OUTBOX_REQUEUE_AFTER = 1
    private_redis.stop()

    response = client.post(reverse("account_reset_password"), {"email": recruiter.email}, follow=True)
    assert response.status_code == 200
    email = OutboundEmail.objects.get()
    assert email.status == "queued" and email.enqueued_at is None  # the hand-off failed; the row is safe

    private_redis.start()  # the broker is back (empty: a restart lost nothing we need)
    wait_until(
        lambda: b"Connected to redis" in celery_worker.log.read_bytes().split(b"ready.", 1)[-1],
        "worker reconnected",
        60,
    )
    assert outbox_sweep() == 1

    wait_until(lambda: len(smtp_server.messages) == 1, "delivery after the broker came back", 60)
    wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent", "row marked sent", 10)
    time.sleep(1)
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == recruiter.email
