"""The outbox under failure, with real parts: workers
killed mid-send, Redis down while interviews are booked, Redis wiped.

Each test uses its own Redis (``private_redis``), real Celery worker processes
and the aiosmtpd server, plays beat itself (``outbox_sweep`` every half
second) and prints its figures on one line. ``--failure-scale=N`` multiplies
the sizes; the outage stays 20 s.
"""

from __future__ import annotations

import statistics
import time
from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from interviews.models import Interview
from jobs.services import client_create, client_grant
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbox_sweep
from tests import factories
from tests.realparts import broker_backlog, broker_client, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

SWEEP_EVERY = 0.5  # seconds: the test plays beat
LEASE = 3.0  # seconds: the claim lease of the killed workers (production: minutes)
REQUEUE_AFTER = 2  # seconds: settings.OUTBOX_REQUEUE_AFTER during these tests
OUTAGE = 20.0  # seconds Redis is down while interviews are booked
# A booking takes well under 0.1 s with Redis up. With it down, one taking longer
# than SLOW_BOOKING fails the test; after a few such, or once the bookings run
# past their budget, the test stops booking (and fails, after checking what was
# booked) rather than run for minutes.
SLOW_BOOKING = 2.0


@pytest.fixture
def scale(request) -> int:
    return max(1, request.config.getoption("--failure-scale"))


class Beat:
    """The test process plays Celery beat's outbox sweep."""

    def __init__(self) -> None:
        self.last = float("-inf")
        self.runs = 0

    def tick(self) -> None:
        if time.monotonic() - self.last >= SWEEP_EVERY:
            outbox_sweep()
            self.last = time.monotonic()
            self.runs += 1

    def until(self, condition, what: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.tick()
            if condition():
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {timeout}s")
            time.sleep(0.05)


def queue_emails(prefix: str, count: int) -> list[OutboundEmail]:
    """``count`` due emails, committed at once, so each is handed to the broker."""
    past = timezone.now() - timedelta(minutes=1)
    with transaction.atomic():
        return [
            email_queue(
                to=f"{prefix}{n}@example.com",
                idempotency_key=f"test:{prefix}:{n}",
                language="en",
                subject=f"{prefix} {n}",
                body_text=f"Message {n} of {count}.",
                due_at=past if n % 2 else None,  # due a minute ago, or now
            )
            for n in range(count)
        ]


def wait_for_drained_broker(broker, *, dead: set[bytes] = frozenset(), timeout: float = 30) -> None:
    """No task waiting and none held by a live worker: nothing more can be sent.
    ``dead``: tags a killed worker held (kombu restores them only after the
    10-minute visibility timeout; the sweeper has covered their rows)."""

    def drained() -> bool:
        waiting, unacked = broker_backlog(broker)
        return waiting == 0 and unacked <= dead

    wait_until(drained, "broker drained", timeout)


def statuses(emails) -> dict[str, int]:
    return dict(Counter(OutboundEmail.objects.filter(pk__in=[e.pk for e in emails]).values_list("status", flat=True)))


def test_workers_killed_mid_send_lose_nothing_and_duplicate_only_between_smtp_accept_and_commit(
    celery_workers, smtp_server, private_redis, settings, scale, report
):
    started = time.monotonic()
    total = 200 * scale
    settings.OUTBOX_REQUEUE_AFTER = REQUEUE_AFTER
    smtp_server.delay = 0.1  # each DATA takes 100 ms, so most kills land mid-send
    broker = broker_client(private_redis)
    worker = celery_workers.start(pool="prefork", concurrency=2, lease=LEASE)
    emails = queue_emails("kill", total)
    ids = [email.pk for email in emails]

    def all_sent() -> bool:
        return OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.SENT).count() == total

    def unsent() -> int:
        return OutboundEmail.objects.filter(pk__in=ids).exclude(status=OutboundEmail.Status.SENT).count()

    # Three pool processes killed, then the whole worker, each once a further
    # share of the mail has arrived; every kill must land while mail is unsent.
    beat = Beat()
    unsent_at_kills: list[int] = []
    child_kills = worker_kills = 0
    dead: set[bytes] = set()
    deadline = time.monotonic() + 60 * scale
    while worker_kills == 0:
        beat.tick()
        received = len(smtp_server.messages)
        if child_kills < 3 and received >= total * 0.1 * (child_kills + 1):
            unsent_at_kills.append(unsent())
            celery_workers.kill_child(worker)
            child_kills += 1
        elif child_kills == 3 and received >= total * 0.4:
            unsent_at_kills.append(unsent())
            celery_workers.kill(worker)
            worker_kills += 1
            dead = broker_backlog(broker)[1]
            worker = celery_workers.start(pool="prefork", concurrency=2, lease=LEASE)
        assert time.monotonic() < deadline, f"kills not done in time: {child_kills} children, {received} received"
        time.sleep(0.02)
    assert len(unsent_at_kills) == 4 and min(unsent_at_kills) > 0, unsent_at_kills

    beat.until(all_sent, f"all {total} sent after the kills", 60 * scale)
    wait_for_drained_broker(broker, dead=dead)

    rows = dict(OutboundEmail.objects.filter(pk__in=ids).values_list("public_id", "reclaims"))
    reclaims = {str(public_id): count for public_id, count in rows.items()}
    copies = smtp_server.copies()
    duplicates = sum(copies.values()) - total
    # A second copy is allowed only for a send the sweeper reclaimed (its worker
    # died between the SMTP server's accept and the commit of "sent").
    outside = sum(max(0, copies[key] - 1 - reclaims[key]) for key in reclaims)
    seconds = time.monotonic() - started
    report(
        f"outbox-kill: due={total} delivered={len(copies)} duplicates={duplicates} "
        f"outside_send_commit_window={outside} reclaims={sum(reclaims.values())} child_kills={child_kills} "
        f"worker_kills={worker_kills} sweeps={beat.runs} seconds={seconds:.1f}"
    )
    assert statuses(emails) == {"sent": total}
    assert set(copies) == set(reclaims), "a row never arrived, or a message that is no row"
    assert outside == 0


def test_a_redis_outage_while_interviews_are_booked_fails_no_page_and_loses_no_invitation(
    client, admin_user, recruiter, interviewer, private_redis, celery_worker, smtp_server, settings, scale, report
):
    started = time.monotonic()
    total = 100 * scale
    settings.OUTBOX_REQUEUE_AFTER = REQUEUE_AFTER
    # The cache on the private Redis too, as in production: the outage hits both.
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": private_redis.url}}
    broker = broker_client(private_redis)
    cache.set("failure-probe", "cached")
    assert broker.exists(cache.make_and_validate_key("failure-probe"))

    agency = client_create(actor=admin_user, name="Outage Robotics")
    client_grant(client=agency, user=recruiter, actor=admin_user)
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=agency, title="Failover Engineer")
    applications = [factories.application(job_=job) for _ in range(total)]
    before = set(OutboundEmail.objects.values_list("pk", flat=True))
    client.force_login(recruiter)
    client.raise_request_exception = False  # a server error is a 500 to count, as a browser would see it

    def booking(n: int) -> dict:
        day = date(2031, 3, 3) + timedelta(days=n // 10)  # ten one-hour interviews a day: no conflicts
        return {
            "date": day.isoformat(),
            "time": f"{8 + n % 10:02d}:00",
            "duration_minutes": 60,
            "panel": [str(interviewer.public_id)],
            "location": "Room 4",
            "video_url": "",
        }

    private_redis.stop()
    outage_started = time.monotonic()
    assert cache.get("failure-probe") is None  # the cache is down: a miss, not an error
    answers = []
    latencies = []  # of each booking's POST
    budget = max(OUTAGE, 0.5 * total) + 10
    for n, application in enumerate(applications):
        if time.monotonic() - outage_started > budget or sum(t > SLOW_BOOKING for t in latencies) >= 5:
            break
        # Spread over the outage: booking n is made n/total of the way through.
        time.sleep(max(0.0, outage_started + OUTAGE * n / total - time.monotonic()))
        posted = time.monotonic()
        response = client.post(reverse("interviews:interview-schedule", args=[application.public_id]), booking(n))
        latencies.append(time.monotonic() - posted)
        answers.append(response.status_code)
        if response.status_code == 302 and n % 10 == 0:  # the page the browser goes to next
            answers.append(client.get(response["Location"]).status_code)
    time.sleep(max(0.0, OUTAGE - (time.monotonic() - outage_started)))
    outage = time.monotonic() - outage_started
    booked = len(latencies)

    queued = OutboundEmail.objects.exclude(pk__in=before)
    due = list(queued.filter(due_at__lte=timezone.now()))
    later = list(queued.filter(due_at__gt=timezone.now()))  # the interviews' reminders
    # Every hand-off failed while Redis was down: the rows are left for the sweeper.
    assert [email for email in due if email.enqueued_at is not None or email.status != "queued"] == []
    private_redis.start()

    beat = Beat()
    beat.until(
        lambda: OutboundEmail.objects.filter(pk__in=[e.pk for e in due], status="sent").count() == len(due),
        f"all {len(due)} due emails sent after the outage",
        90 * scale,
    )
    wait_for_drained_broker(broker)

    copies = smtp_server.copies()
    errors = sum(1 for status in answers if status >= 500)
    interviews = Interview.objects.filter(application__in=applications).count()
    duplicates = sum(copies.values()) - len(copies)
    seconds = time.monotonic() - started
    report(
        f"outbox-outage: bookings={booked}/{total} responses={len(answers)} errors_5xx={errors} "
        f"interviews={interviews} due_emails={len(due)} delivered={len(copies)} duplicates={duplicates} "
        f"not_due={len(later)} booking_seconds_median={statistics.median(latencies):.2f} "
        f"booking_seconds_max={max(latencies):.2f} outage_seconds={outage:.1f} sweeps={beat.runs} "
        f"seconds={seconds:.1f}"
    )
    assert errors == 0
    assert sorted(set(answers)) == [200, 302]
    assert interviews == booked
    assert len(due) == 2 * booked  # the candidate's invitation and the panelist's
    assert statuses(due) == {"sent": len(due)}
    assert set(copies) == {str(email.public_id) for email in due} and duplicates == 0
    assert statuses(later) == {"queued": len(later)}
    # Last, so that everything above is checked for what was booked: with Redis
    # down a booking still answers at once (the hand-off fails fast).
    slow = sum(t > SLOW_BOOKING for t in latencies)
    assert (booked, slow) == (total, 0), (
        f"{booked} of {total} booked with Redis down, {slow} taking over {SLOW_BOOKING}s: "
        f"up to {max(latencies):.1f}s, median {statistics.median(latencies):.1f}s"
    )


def test_a_wiped_redis_loses_no_email_and_sends_each_once(
    celery_workers, smtp_server, private_redis, settings, scale, report
):
    started = time.monotonic()
    total = 50 * scale
    settings.OUTBOX_REQUEUE_AFTER = REQUEUE_AFTER
    broker = broker_client(private_redis)
    emails = queue_emails("wiped", total)
    assert broker_backlog(broker)[0] == total  # handed off, waiting for a worker
    assert OutboundEmail.objects.filter(pk__in=[e.pk for e in emails], enqueued_at__isnull=True).count() == 0

    broker.flushall()
    assert broker.dbsize() == 0
    celery_workers.start()

    beat = Beat()
    beat.until(
        lambda: OutboundEmail.objects.filter(pk__in=[e.pk for e in emails], status="sent").count() == total,
        f"all {total} sent after the wipe",
        60 * scale,
    )
    wait_for_drained_broker(broker)

    copies = smtp_server.copies()
    duplicates = sum(copies.values()) - len(copies)
    seconds = time.monotonic() - started
    report(
        f"outbox-wipe: due={total} wiped={total} delivered={len(copies)} duplicates={duplicates} "
        f"sweeps={beat.runs} seconds={seconds:.1f}"
    )
    assert statuses(emails) == {"sent": total}
    assert set(copies) == {str(email.public_id) for email in emails}
    assert duplicates == 0
