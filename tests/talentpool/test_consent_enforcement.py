"""Talent pools enforce the candidate's talent-pool (retention) consent in
the services, not only in the pages: no pool membership, no check-in and no
pool email without it, and withdrawing it cancels the check-ins still queued."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from candidates.consents import consent_given
from candidates.models import Activity, Consent
from candidates.services import saved_search_save
from candidates.services.consents import consent_withdraw
from core.models import AccessToken
from messaging.models import OutboundEmail
from talentpool.models import CheckIn, PoolMembership
from talentpool.services import (
    checkin_preview,
    checkin_send_now,
    checkin_sweep,
    pool_consent_withdraw,
    pool_create,
    pool_fill_from_saved_search,
    pool_member_add,
)
from tests import factories

CADENCE = 30


@pytest.fixture
def pool(db, recruiter):
    return pool_create(actor=recruiter, name="Silver medallists", cadence_days=CADENCE)


def withdraw(candidate, actor=None) -> int:
    return consent_withdraw(
        candidate=candidate, purpose=Consent.Purpose.TALENT_POOL, channel=Consent.Channel.STAFF, actor=actor
    )


def due_now(membership: PoolMembership):
    membership.refresh_from_db()
    return membership.next_check_in_at


def test_a_pool_add_without_talent_pool_consent_is_refused_by_the_service(pool, recruiter):
    candidate = factories.candidate(full_name="Wang Fang")
    with pytest.raises(ValidationError) as refused:
        pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    assert refused.value.code == "consent"
    assert "Wang Fang has not agreed to be kept in the talent pool" in refused.value.messages[0]
    assert not PoolMembership.objects.exists()


def test_with_retention_consent_withdrawn_a_pool_add_is_refused_by_the_service(pool, recruiter):
    candidate = factories.pool_candidate()
    assert withdraw(candidate, recruiter) == 1
    assert not consent_given(candidate, Consent.Purpose.TALENT_POOL)
    with pytest.raises(ValidationError):
        pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    assert not PoolMembership.objects.exists()


def test_consent_given_again_lets_the_candidate_be_added(pool, recruiter):
    candidate = factories.pool_candidate()
    withdraw(candidate)
    factories.pool_consent(candidate)
    assert pool_member_add(pool=pool, candidate=candidate, actor=recruiter).removed_at is None


def test_with_retention_consent_withdrawn_the_check_in_sweep_skips_the_member(pool, recruiter):
    kept = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    gone = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    withdraw(gone.candidate)

    assert checkin_sweep(now=due_now(gone)) == 1

    assert list(CheckIn.objects.values_list("membership", flat=True)) == [kept.pk]
    assert OutboundEmail.objects.filter(candidate_ref=gone.candidate.public_id).count() == 0
    # Still due, and still skipped by the next run.
    assert checkin_sweep(now=due_now(gone)) == 0


def test_with_retention_consent_withdrawn_a_check_in_sent_now_is_refused_by_the_service(pool, recruiter):
    membership = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    withdraw(membership.candidate)
    with pytest.raises(ValidationError) as refused:
        checkin_send_now(pool=pool, actor=recruiter, membership=membership)
    assert "no talent-pool consent" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        checkin_send_now(pool=pool, actor=recruiter)
    assert not CheckIn.objects.exists() and not OutboundEmail.objects.exists()
    assert checkin_preview(pool=pool) is None


def test_a_check_in_sent_now_reaches_only_the_members_with_consent(pool, recruiter):
    kept = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    gone = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    withdraw(gone.candidate)
    assert checkin_preview(pool=pool).recipients == 1
    assert checkin_send_now(pool=pool, actor=recruiter) == 1
    assert list(CheckIn.objects.values_list("membership", flat=True)) == [kept.pk]


def test_check_in_emails_name_their_candidate_and_the_talent_pool_consent(pool, recruiter):
    membership = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    checkin_sweep(now=due_now(membership))
    email = OutboundEmail.objects.get(related_type="talentpool.checkin")
    assert email.candidate_ref == membership.candidate.public_id
    assert email.consent_purpose == Consent.Purpose.TALENT_POOL


def test_withdrawing_retention_consent_cancels_the_check_in_still_queued(pool, recruiter):
    mine = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    theirs = pool_member_add(pool=pool, candidate=factories.pool_candidate(), actor=recruiter)
    checkin_sweep(now=due_now(theirs))
    queued = OutboundEmail.objects.get(candidate_ref=mine.candidate.public_id)
    other = OutboundEmail.objects.get(candidate_ref=theirs.candidate.public_id)
    assert queued.status == other.status == OutboundEmail.Status.QUEUED

    withdraw(mine.candidate, recruiter)

    queued.refresh_from_db()
    other.refresh_from_db()
    assert queued.status == OutboundEmail.Status.CANCELLED
    assert other.status == OutboundEmail.Status.QUEUED


def test_pool_consent_withdraw_also_takes_the_candidate_out_of_every_pool(pool, recruiter):
    second = pool_create(actor=recruiter, name="Finance", cadence_days=CADENCE)
    candidate = factories.pool_candidate()
    membership = pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    pool_member_add(pool=second, candidate=candidate, actor=recruiter)
    checkin_sweep(now=due_now(membership))
    check_in = CheckIn.objects.get(membership=membership)

    assert pool_consent_withdraw(candidate=candidate, channel=Consent.Channel.STAFF, actor=recruiter) == 1

    assert not PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True).exists()
    assert set(PoolMembership.objects.values_list("removed_reason", flat=True)) == {
        "Withdrew consent to the talent pool"
    }
    token = AccessToken.objects.get(purpose=AccessToken.Purpose.CHECK_IN, target_id=check_in.pk)
    assert token.revoked_at is not None
    assert OutboundEmail.objects.get(candidate_ref=candidate.public_id).status == OutboundEmail.Status.CANCELLED
    assert Activity.objects.filter(candidate=candidate, message_id="talentpool.removed", actor=recruiter).count() == 2
    consent = candidate.consents.get()
    assert consent.withdrawn_by == recruiter and consent.withdrawn_channel == Consent.Channel.STAFF


def test_filling_a_pool_from_a_saved_search_leaves_out_those_without_consent(pool, recruiter):
    agreed = factories.pool_candidate(full_name="Go dev 1", skills="golang grpc")
    factories.candidate(full_name="Go dev 2", skills="golang grpc")
    withdrawn = factories.pool_candidate(full_name="Go dev 3", skills="golang grpc")
    withdraw(withdrawn)
    saved = saved_search_save(owner=recruiter, name="Gophers", query="grpc", filters={}, sort="relevance")

    assert pool_fill_from_saved_search(pool=pool, saved_search=saved, actor=recruiter) == 1

    assert list(PoolMembership.objects.values_list("candidate", flat=True)) == [agreed.pk]
