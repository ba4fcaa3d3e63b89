"""Check-ins from the sweep to the SMTP server: the fan-out hands
each batch over as one batch task, which a real worker sends over one SMTP
connection; an opt-out after the fan-out still stops the email."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from candidates.models import Candidate
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send_batch, outbox
from talentpool.models import CheckIn
from talentpool.services import CHECKIN_BATCH, candidate_contact_opt_out, checkin_sweep, pool_create
from tests import factories
from tests.realparts import wait_until

CADENCE = 90


def test_the_fan_out_hands_each_batch_over_once_as_one_list_of_ids(
    recruiter, monkeypatch, django_capture_on_commit_callbacks
):
    handed = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: handed.append(email_ids))
    pool = pool_create(actor=recruiter, name="Batch pool", cadence_days=CADENCE)
    now = timezone.now()
    factories.pool_members(pool, CHECKIN_BATCH + 5, due=now - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert checkin_sweep(now=now, per_minute_limit=10_000) == CHECKIN_BATCH + 5
    assert [len(ids) for ids in handed] == [CHECKIN_BATCH, 5]
    assert sorted(pk for ids in handed for pk in ids) == sorted(OutboundEmail.objects.values_list("pk", flat=True))


def test_a_candidate_who_opts_out_after_the_fan_out_gets_no_check_in(
    recruiter, monkeypatch, smtp_mailer, django_capture_on_commit_callbacks
):
    handed = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: handed.extend(email_ids))
    pool = pool_create(actor=recruiter, name="Opt-out pool", cadence_days=CADENCE)
    now = timezone.now()
    memberships = factories.pool_members(pool, 3, due=now - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        checkin_sweep(now=now, per_minute_limit=10_000)
    candidate_contact_opt_out(candidate=Candidate.objects.get(pk=memberships[1].candidate_id))
    outcome = outbound_email_send_batch(email_ids=handed)
    assert (outcome["sent"], outcome["not claimed"]) == (2, 1)
    statuses = dict(OutboundEmail.objects.values_list("idempotency_key", "status"))
    assert sorted(statuses.values()) == ["cancelled", "sent", "sent"]
    assert len(smtp_mailer.messages) == 2
    assert "member1@scale.test" not in {m["To"] for m in smtp_mailer.messages}


@pytest.mark.django_db(transaction=True)
def test_a_worker_delivers_a_check_in_cycle_in_batches_over_one_connection_once_each(
    recruiter, celery_worker, smtp_server, report
):
    members = 2 * CHECKIN_BATCH + 30
    pool = pool_create(actor=recruiter, name="Delivery pool", cadence_days=CADENCE)
    now = timezone.now()
    factories.pool_members(pool, members, due=now - timedelta(minutes=1))

    started = time.monotonic()
    assert checkin_sweep(now=now, per_minute_limit=10_000) == members
    fanned_out = time.monotonic() - started
    wait_until(lambda: len(smtp_server.messages) >= members, "every check-in delivered", 120)
    delivered = time.monotonic() - started
    wait_until(lambda: OutboundEmail.objects.filter(status="sent").count() == members, "every row marked sent", 30)
    time.sleep(1)  # a late duplicate would show now

    copies = smtp_server.copies()
    log = celery_worker.log.read_text()
    report(
        f"checkin delivery: members={members} fan_out_s={fanned_out:.1f} delivered_s={delivered:.1f} "
        f"connections={smtp_server.connections()} batch_tasks={log.count('outbound_email_send_batch[') // 2}"
    )
    assert CheckIn.objects.count() == members
    assert set(copies) == {str(key) for key in OutboundEmail.objects.values_list("public_id", flat=True)}
    assert set(copies.values()) == {1}
    assert smtp_server.connections() == 1  # one worker process, one SMTP connection for all three batches
    assert "messaging.outbound_email_send[" not in log  # no single-email task


def test_a_sweep_that_finds_another_run_under_way_leaves_the_work_to_it(recruiter):
    import psycopg2
    from django.db import connection

    from talentpool.services import SWEEP_LOCK

    pool = pool_create(actor=recruiter, name="Busy pool", cadence_days=CADENCE)
    now = timezone.now()
    factories.pool_members(pool, 3, due=now - timedelta(minutes=1))
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], host=settings["HOST"], port=settings["PORT"], user=settings["USER"]
    )
    try:
        with other.cursor() as cursor:  # another run's batch holds the lock
            cursor.execute("SELECT pg_advisory_lock(%s)", [SWEEP_LOCK])
        started = time.monotonic()
        assert checkin_sweep(now=now, per_minute_limit=10_000) == 0
        assert time.monotonic() - started < 5  # it did not wait for the lock
        assert not CheckIn.objects.exists()
    finally:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [SWEEP_LOCK])
        other.close()
    assert checkin_sweep(now=now, per_minute_limit=10_000) == 3
