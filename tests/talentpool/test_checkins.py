"""Periodic talent-pool check-ins: the sweep (exactly one per member per cycle,
under the per-minute limit, opted-out candidates skipped) and the candidate's
answer (candidate, timeline, owner's notification, opt-out, dead links)."""

from __future__ import annotations

import threading
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db import connection, connections
from django.db.models import Count, Max
from django.db.models.functions import TruncMinute
from django.utils import timezone

from accounts.roles import Role
from candidates.models import Activity, Candidate
from core.models import AccessToken
from core.services import TokenInvalid
from messaging.models import EmailTemplate, Notification, OutboundEmail
from messaging.services import outbox
from talentpool.models import CheckIn, PoolMembership
from talentpool.services import (
    checkin_answer_record,
    checkin_key,
    checkin_sweep,
    member_remove,
    pool_create,
    pool_member_add,
    pool_update,
)
from tests import factories

CADENCE = 90


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Hand-offs after commit go nowhere: the outbox rows are what these tests read."""
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.fixture
def pool(db, recruiter):
    return pool_create(actor=recruiter, name="Backend alumni", cadence_days=CADENCE)


def member(pool, **candidate_kwargs) -> PoolMembership:
    return pool_member_add(pool=pool, candidate=factories.pool_candidate(**candidate_kwargs), actor=pool.owner)


def token_of(check_in: CheckIn) -> str:
    email = OutboundEmail.objects.get(related_type="talentpool.checkin", related_id=str(check_in.pk))
    return urlsplit(email.context["checkin_url"]).path.rstrip("/").rsplit("/", 1)[1]


def sweep_due(membership: PoolMembership, **kwargs) -> CheckIn:
    membership.refresh_from_db()
    assert checkin_sweep(now=membership.next_check_in_at, **kwargs) >= 1
    return CheckIn.objects.filter(membership=membership).latest("sent_at")


# --- The sweep -------------------------------------------------------------------------


def test_a_due_member_gets_one_check_in_email_in_their_language_with_a_link(pool):
    membership = member(pool, language="zh-hans", full_name="张伟")
    check_in = sweep_due(membership)
    email = OutboundEmail.objects.get(related_type="talentpool.checkin")
    assert email.language == "zh-hans" and email.template == "talentpool_checkin"
    assert email.idempotency_key == checkin_key(membership.pk, check_in.due_at)
    assert "/pools/check-in/" in email.context["checkin_url"]
    assert AccessToken.objects.get(purpose=AccessToken.Purpose.CHECK_IN).target_id == check_in.pk
    membership.refresh_from_db()
    assert membership.next_check_in_at == check_in.due_at + timedelta(days=CADENCE)
    assert membership.last_check_in_at == check_in.sent_at
    assert Activity.objects.filter(candidate=membership.candidate, kind=Activity.Kind.EMAIL).exists()


def test_a_member_not_yet_due_gets_nothing(pool):
    membership = member(pool)
    assert checkin_sweep(now=membership.next_check_in_at - timedelta(seconds=1)) == 0
    assert not CheckIn.objects.exists()


def test_running_the_sweep_twice_in_a_cycle_sends_one_check_in_per_member(pool):
    memberships = [member(pool) for _ in range(3)]
    now = max(m.next_check_in_at for m in memberships)
    assert checkin_sweep(now=now) == 3
    assert checkin_sweep(now=now) == 0
    assert checkin_sweep(now=now + timedelta(days=CADENCE - 1)) == 0
    assert CheckIn.objects.count() == OutboundEmail.objects.count() == 3


def test_the_next_cycle_sends_a_second_check_in_under_a_new_key(pool):
    membership = member(pool)
    first = sweep_due(membership)
    second = sweep_due(membership)
    assert second.due_at == first.due_at + timedelta(days=CADENCE)
    assert OutboundEmail.objects.filter(idempotency_key__startswith=f"checkin:{membership.pk}:").count() == 2


def test_a_pool_template_in_the_candidates_language_supplies_the_wording(pool, recruiter):
    for language, subject in (
        ("en", "Still looking, {{ candidate_name }}?"),
        ("zh-hans", "{{ candidate_name }}，近况如何？"),
    ):
        template = EmailTemplate(
            name="pool-hello",
            language=language,
            purpose="check_in",
            subject=subject,
            body_text="Hi {{ candidate_name }}",
        )
        template.full_clean()
        template.save()
    pool_update(pool=pool, actor=recruiter, cadence_days=CADENCE, check_in_template=template)
    sweep_due(member(pool, full_name="Ann Lee", language="en"))
    email = OutboundEmail.objects.get()
    assert email.context["custom_subject"] == "Still looking, Ann Lee?"


def test_opted_out_and_emailless_candidates_are_skipped(pool):
    opted_out = member(pool)
    Candidate.objects.filter(pk=opted_out.candidate_id).update(contact_opt_out_at=timezone.now())
    no_email = member(pool, email="")
    now = max(opted_out.next_check_in_at, no_email.next_check_in_at)
    assert checkin_sweep(now=now) == 0
    assert not OutboundEmail.objects.exists()


def test_removed_members_and_pools_without_cadence_are_not_checked_in(pool, recruiter):
    removed = member(pool)
    member_remove(membership=removed, actor=recruiter, reason="Hired elsewhere")
    quiet = pool_create(actor=recruiter, name="No check-ins")
    pool_member_add(pool=quiet, candidate=factories.pool_candidate(), actor=recruiter)
    assert checkin_sweep(now=timezone.now() + timedelta(days=365)) == 0


def test_changing_the_cadence_reschedules_members_and_clearing_it_stops_check_ins(pool, recruiter):
    membership = member(pool)
    pool_update(pool=pool, actor=recruiter, cadence_days=7, check_in_template=None)
    membership.refresh_from_db()
    assert membership.next_check_in_at == membership.added_at + timedelta(days=7)
    pool_update(pool=pool, actor=recruiter, cadence_days=None, check_in_template=None)
    membership.refresh_from_db()
    assert membership.next_check_in_at is None


def test_the_sweep_stops_at_the_per_minute_limit_and_continues_next_minute(pool, settings):
    settings.CHECKIN_PER_MINUTE = 2
    memberships = [member(pool) for _ in range(5)]
    # The start of a minute after every member is due, so "+30 s" stays in that minute.
    now = (max(m.next_check_in_at for m in memberships) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    assert checkin_sweep(now=now) == 2
    assert checkin_sweep(now=now + timedelta(seconds=30)) == 0  # same minute: budget spent
    assert checkin_sweep(now=now + timedelta(minutes=1)) == 2
    assert checkin_sweep(now=now + timedelta(minutes=2)) == 1
    assert CheckIn.objects.count() == 5


def test_a_check_in_cycle_over_many_members_stays_under_the_limit_and_sends_one_each(pool, settings, request, report):
    members = request.config.getoption("--checkin-members")
    limit = settings.CHECKIN_PER_MINUTE = max(members // 10, 1)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    factories.pool_members(pool, members, due=start)

    minutes, clock = 0, start
    while PoolMembership.objects.filter(next_check_in_at__lte=clock).exists():
        checkin_sweep(now=clock)
        checkin_sweep(now=clock + timedelta(seconds=20))  # an overlapping beat run in the same minute
        minutes += 1
        clock += timedelta(minutes=1)
        assert minutes <= members // limit + 2, "the cycle does not end"
    checkin_sweep(now=clock)  # the cycle is over: nothing more

    per_minute = CheckIn.objects.annotate(minute=TruncMinute("sent_at")).values("minute").annotate(n=Count("id"))
    max_per_minute = per_minute.aggregate(top=Max("n"))["top"]
    check_ins = CheckIn.objects.count()
    duplicates = (
        CheckIn.objects.values("membership").annotate(n=Count("id")).filter(n__gt=1).count()
        + OutboundEmail.objects.count()
        - check_ins
    )
    report(
        f"checkin cycle: members={members} minutes_simulated={minutes} max_per_minute={max_per_minute} "
        f"(limit {limit}) check_ins={check_ins} duplicates={duplicates}"
    )
    assert max_per_minute <= limit
    assert check_ins == members and duplicates == 0
    assert set(CheckIn.objects.values_list("membership", flat=True)) == set(
        PoolMembership.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_sweeps_send_each_member_one_check_in_and_share_the_limit(recruiter, settings):
    settings.CHECKIN_PER_MINUTE = 30
    pool = pool_create(actor=recruiter, name="Concurrent pool", cadence_days=CADENCE)
    start = timezone.now().replace(second=0, microsecond=0) + timedelta(days=1)
    factories.pool_members(pool, 50, due=start)
    results, errors = [], []

    def run(now):
        try:
            results.append(checkin_sweep(now=now))
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(start + timedelta(seconds=s),)) for s in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == CheckIn.objects.count() == 30  # the limit, shared by all four runs
    checkin_sweep(now=start + timedelta(minutes=1))
    checkin_sweep(now=start + timedelta(minutes=1, seconds=5))
    assert CheckIn.objects.count() == OutboundEmail.objects.count() == 50
    assert CheckIn.objects.values("membership").distinct().count() == 50


# --- The answer ------------------------------------------------------------------------


@pytest.fixture
def owner(db):
    return factories.user(Role.RECRUITER, full_name="Olga Owner", language="zh-hans")


def test_not_now_with_a_salary_range_updates_the_candidate_timeline_and_owner(pool, owner):
    membership = member(pool, owner=owner, location="Shanghai")
    check_in = sweep_due(membership)
    checkin_answer_record(
        token=token_of(check_in),
        answer=CheckIn.Answer.NOT_NOW,
        location="Berlin",
        roles="Staff engineer",
        salary_range="CNY 600k–700k",
        availability="From March",
    )
    check_in.refresh_from_db()
    assert check_in.answer == "not_now" and check_in.answered_at is not None
    assert (check_in.location, check_in.roles_wanted, check_in.availability) == (
        "Berlin",
        "Staff engineer",
        "From March",
    )
    candidate = Candidate.objects.get(pk=membership.candidate_id)
    assert candidate.location == "Berlin"
    assert candidate.expected_compensation == "CNY 600k–700k"
    with connection.cursor() as cursor:
        cursor.execute("SELECT expected_compensation FROM candidates_candidate WHERE id = %s", [candidate.pk])
        stored = bytes(cursor.fetchone()[0])
    assert b"600k" not in stored
    answered = Activity.objects.get(candidate=candidate, kind=Activity.Kind.POOL, message_id="joined")
    assert "not right now" in answered.summary and "600k" not in str(answered.data)
    assert answered.data["roles_wanted"] == "Staff engineer"
    notification = Notification.objects.get(recipient=owner)
    assert notification.kind == "candidate_answer" and candidate.full_name in notification.message
    assert str(candidate.public_id) in notification.url
    assert candidate.contact_opt_out_at is None
    assert PoolMembership.objects.filter(pk=membership.pk, removed_at__isnull=True).exists()


def test_without_an_owner_the_pools_owner_is_notified(pool):
    check_in = sweep_due(member(pool))
    checkin_answer_record(token=token_of(check_in), answer=CheckIn.Answer.INTERESTED)
    assert Notification.objects.filter(recipient=pool.owner, kind="candidate_answer").count() == 1


def test_not_interested_opts_the_candidate_out_everywhere_from_then_on(pool, recruiter):
    membership = member(pool)
    other_pool = pool_create(actor=recruiter, name="Second pool", cadence_days=CADENCE)
    other = pool_member_add(pool=other_pool, candidate=membership.candidate, actor=recruiter)
    check_in = sweep_due(membership)
    checkin_answer_record(token=token_of(check_in), answer=CheckIn.Answer.NOT_INTERESTED)
    candidate = Candidate.objects.get(pk=membership.candidate_id)
    assert candidate.contact_opt_out_at is not None
    assert not PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True).exists()
    other.refresh_from_db()
    assert other.next_check_in_at is None and other.removed_reason
    assert checkin_sweep(now=timezone.now() + timedelta(days=10 * CADENCE)) == 0


def test_the_opt_out_box_opts_out_whatever_the_answer(pool):
    check_in = sweep_due(member(pool))
    checkin_answer_record(token=token_of(check_in), answer=CheckIn.Answer.INTERESTED, opt_out=True)
    assert Candidate.objects.get(pool_memberships__check_ins=check_in).contact_opt_out_at is not None


def test_a_check_in_link_works_once(pool):
    check_in = sweep_due(member(pool))
    token = token_of(check_in)
    checkin_answer_record(token=token, answer=CheckIn.Answer.INTERESTED)
    with pytest.raises(TokenInvalid) as raised:
        checkin_answer_record(token=token, answer=CheckIn.Answer.NOT_INTERESTED)
    assert raised.value.code == "used"
    assert CheckIn.objects.get(pk=check_in.pk).answer == "interested"


def test_an_expired_check_in_link_records_nothing(pool):
    check_in = sweep_due(member(pool))
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(TokenInvalid) as raised:
        checkin_answer_record(token=token_of(check_in), answer=CheckIn.Answer.INTERESTED)
    assert raised.value.code == "expired"
    assert CheckIn.objects.get(pk=check_in.pk).answered_at is None


def test_removing_a_member_withdraws_their_open_check_in_link(pool, recruiter):
    membership = member(pool)
    check_in = sweep_due(membership)
    member_remove(membership=membership, actor=recruiter, reason="Joined a client")
    with pytest.raises(TokenInvalid) as raised:
        checkin_answer_record(token=token_of(check_in), answer=CheckIn.Answer.INTERESTED)
    assert raised.value.code == "revoked"


def test_an_unknown_answer_or_an_overlong_text_is_refused(pool):
    from django.core.exceptions import ValidationError

    check_in = sweep_due(member(pool))
    with pytest.raises(ValidationError):
        checkin_answer_record(token=token_of(check_in), answer="maybe")
    with pytest.raises(ValidationError):
        checkin_answer_record(token=token_of(check_in), answer="not_now", roles="x" * 201)
