"""Offers are drafted for active applications, changed in place until an
approver decides and as a new version after, approved along the job's chain
in order, and withdrawn with their link and queued emails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from accounts.roles import Role
from candidates.models import Activity
from core.models import AccessToken, AuditEvent
from core.services import access_token_issue
from interviews.services import application_withdraw
from messaging.models import Notification, OutboundEmail
from offers.models import Offer, OfferApproval, OfferApprover, OfferVersion
from offers.selectors import approvals_waiting_count, approvals_waiting_for, current_approval
from offers.services import (
    offer_approval_decide,
    offer_approvers_set,
    offer_create,
    offer_submit,
    offer_update,
    offer_withdraw,
)
from tests import factories
from tests.offers.conftest import terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(job, hiring_manager, admin_user):
    offer_approvers_set(job=job, users=[hiring_manager, admin_user], actor=admin_user)
    return [hiring_manager, admin_user]


def test_a_draft_has_version_one_with_the_terms_encrypted_and_an_audit_row_without_them(offer, recruiter):
    assert offer.status == Offer.Status.DRAFT
    version = offer.current_version
    assert version.number == 1
    assert OfferVersion.objects.get(pk=version.pk).base_salary == "450000.00"
    with connection.cursor() as cursor:
        cursor.execute("SELECT base_salary, bonus FROM offers_offerversion WHERE id = %s", [version.pk])
        stored = cursor.fetchone()
    assert "450000" not in stored[0] and "15%" not in stored[1]
    event = AuditEvent.objects.get(action="offers.offer.create")
    assert "450000" not in str(event.data)
    assert Activity.objects.filter(candidate=offer.application.candidate, message_id="offers.drafted").exists()


def test_a_second_open_offer_for_one_application_is_refused(offer, recruiter):
    with pytest.raises(ValidationError, match="already has an open offer"):
        offer_create(application=offer.application, actor=recruiter, **terms())


def test_a_closed_application_gets_no_offer(application, recruiter):
    application_withdraw(application=application, actor=recruiter, reason="accepted_other_offer")
    with pytest.raises(ValidationError, match="active application"):
        offer_create(application=application, actor=recruiter, **terms())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("base_salary", "0"),
        ("base_salary", "-5"),
        ("base_salary", "lots"),
        ("currency", "XYZ"),
        ("pay_period", "fortnight"),
        ("periods_per_year", 25),
        ("periods_per_year", 0),
        ("start_date", timezone.localdate()),
        ("expires_on", timezone.localdate() - timedelta(days=1)),
    ],
)
def test_terms_that_do_not_pass_are_refused_on_their_field(application, recruiter, field, value):
    with pytest.raises(ValidationError) as refused:
        offer_create(application=application, actor=recruiter, **terms(**{field: value}))
    assert field in refused.value.error_dict
    assert not Offer.objects.exists()


def test_the_listed_currencies_are_accepted(application, recruiter):
    for code in ("USD", "HKD", "EUR", "GBP", "SGD", "JPY"):
        offer = offer_create(application=application, actor=recruiter, **terms(currency=code))
        assert offer.current_version.currency == code
        offer_withdraw(offer=offer, actor=recruiter)


def test_an_undecided_version_is_changed_in_place(offer, recruiter):
    offer_update(offer=offer, actor=recruiter, **terms(base_salary="480000"))
    offer.refresh_from_db()
    assert offer.versions.count() == 1
    assert offer.current_version.base_salary == "480000.00"
    assert AuditEvent.objects.get(action="offers.offer.update").data == {"fields": ["base_salary"]}


def test_submitting_asks_the_first_approver_in_the_app_and_by_email_without_money(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    approvals = list(OfferApproval.objects.filter(version=offer.current_version).order_by("order"))
    assert [(a.approver, a.order, a.decision) for a in approvals] == [
        (chain[0], 1, "pending"),
        (chain[1], 2, "pending"),
    ]
    assert current_approval(offer).approver == chain[0]
    assert Notification.objects.filter(recipient=chain[0], kind="offer_approval").count() == 1
    assert not Notification.objects.filter(recipient=chain[1]).exists()
    [email] = OutboundEmail.objects.filter(template="offer_approval_request")
    assert email.to_address == chain[0].email
    assert "450000" not in str(email.context)
    assert list(approvals_waiting_for(chain[0])) == [approvals[0]]
    assert approvals_waiting_count(chain[1]) == 0


def test_an_empty_chain_approves_at_once_and_says_so_in_the_audit(offer, recruiter):
    offer_submit(offer=offer, actor=recruiter)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED
    assert AuditEvent.objects.get(action="offers.offer.approve").data == {"chain": "empty"}


def test_approvers_decide_in_order_and_the_last_approval_tells_the_recruiter(offer, recruiter, chain, job):
    offer_submit(offer=offer, actor=recruiter)
    with pytest.raises(PermissionDenied):
        offer_approval_decide(offer=offer, actor=chain[1], approve=True)
    offer_approval_decide(offer=offer, actor=chain[0], approve=True, comment="Fine by me")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert current_approval(offer).approver == chain[1]
    assert Notification.objects.filter(recipient=chain[1], kind="offer_approval").count() == 1
    offer_approval_decide(offer=offer, actor=chain[1], approve=True)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.APPROVED
    assert Notification.objects.filter(recipient=recruiter, kind="offer_approved").exists()
    assert Notification.objects.filter(recipient=job.recruiter, kind="offer_approved").exists()
    assert {email.to_address for email in OutboundEmail.objects.filter(template="offer_approved")} == {
        recruiter.email,
        job.recruiter.email,
    }


def test_a_rejection_needs_a_comment_and_sends_the_offer_back_to_draft_with_it(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    with pytest.raises(ValidationError):
        offer_approval_decide(offer=offer, actor=chain[0], approve=False, comment="  ")
    offer_approval_decide(offer=offer, actor=chain[0], approve=False, comment="Too high for this level")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT
    assert current_approval(offer) is None
    emails = OutboundEmail.objects.filter(template="offer_approval_rejected")
    assert recruiter.email in {email.to_address for email in emails}
    assert {email.context["comment"] for email in emails} == {"Too high for this level"}
    assert approvals_waiting_count(chain[1]) == 0


def test_changing_a_decided_term_makes_a_new_version_and_asks_the_first_approver_again(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    offer_approval_decide(offer=offer, actor=chain[0], approve=True)
    offer_approval_decide(offer=offer, actor=chain[1], approve=True)
    offer_update(offer=offer, actor=recruiter, **terms(base_salary="500000"))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.AWAITING_APPROVAL
    assert offer.current_version.number == 2
    assert OfferVersion.objects.get(offer=offer, number=1).base_salary == "450000.00"
    assert current_approval(offer).approver == chain[0]
    assert OfferApproval.objects.filter(version=offer.current_version, decision="pending").count() == 2
    assert AuditEvent.objects.get(action="offers.offer.revise").data == {"fields": ["base_salary"], "version": 2}
    assert Notification.objects.filter(recipient=chain[0], kind="offer_approval").count() == 2


def test_resubmitting_after_a_rejection_starts_a_new_version(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    offer_approval_decide(offer=offer, actor=chain[0], approve=False, comment="No")
    offer_update(offer=offer, actor=recruiter, **terms(base_salary="400000"))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.DRAFT and offer.current_version.number == 2
    offer_submit(offer=offer, actor=recruiter)
    offer.refresh_from_db()
    assert current_approval(offer).approver == chain[0]
    assert current_approval(offer).version.number == 2


def test_withdrawing_revokes_the_link_and_cancels_queued_offer_emails(offer, recruiter, chain):
    offer_submit(offer=offer, actor=recruiter)
    _token, link = access_token_issue(purpose=AccessToken.Purpose.OFFER, target=offer, valid_for=timedelta(days=7))
    offer_withdraw(offer=offer, actor=recruiter, note="Headcount frozen")
    offer.refresh_from_db()
    link.refresh_from_db()
    assert offer.status == Offer.Status.WITHDRAWN and offer.withdrawn_note == "Headcount frozen"
    assert link.revoked_at is not None
    assert OutboundEmail.objects.get(template="offer_approval_request").status == OutboundEmail.Status.CANCELLED
    assert approvals_waiting_count(chain[0]) == 0
    with pytest.raises(ValidationError):
        offer_withdraw(offer=offer, actor=recruiter)
    with pytest.raises(ValidationError):
        offer_update(offer=offer, actor=recruiter, **terms(base_salary="1"))


def test_the_chain_holds_only_the_team_the_recruiter_and_administrators_in_order(job, hiring_manager, admin_user):
    offer_approvers_set(job=job, users=[admin_user, hiring_manager, job.recruiter], actor=admin_user)
    assert list(OfferApprover.objects.filter(job=job).values_list("user", flat=True)) == [
        admin_user.pk,
        hiring_manager.pk,
        job.recruiter.pk,
    ]
    with pytest.raises(ValidationError, match="cannot approve"):
        offer_approvers_set(job=job, users=[factories.user(Role.HIRING_MANAGER)], actor=admin_user)
    with pytest.raises(ValidationError, match="already"):
        offer_approvers_set(job=job, users=[admin_user, admin_user], actor=admin_user)
    offer_approvers_set(job=job, users=[hiring_manager, admin_user], actor=admin_user)
    assert list(OfferApprover.objects.filter(job=job).values_list("user", flat=True)) == [
        hiring_manager.pk,
        admin_user.pk,
    ]
    assert AuditEvent.objects.filter(action="offers.offerapprover.update").count() == 2
