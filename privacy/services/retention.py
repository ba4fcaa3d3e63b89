"""Retention: the daily sweep that asks for renewed consent and then
anonymises on the date, the "keep my profile" answer, and legal holds."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate, Consent
from candidates.services.consents import consent_record
from core.links import absolute_url
from core.models import AccessToken
from core.services import access_token_issue, access_token_use, audit_record
from messaging.services import email_queue
from privacy.models import RetentionPolicy, RetentionRenewal
from privacy.selectors import ANONYMISE, RENEW, RetentionAction, retention_plan
from privacy.services.anonymise import candidate_anonymise

logger = logging.getLogger(__name__)

RENEWAL_TEMPLATE = "retention_renewal"
KEEP_EVIDENCE = "Renewed through the link in the retention email."


def renewal_key(action: RetentionAction) -> str:
    return f"retention:renewal:{action.candidate_id}:{action.policy_id}:{action.deadline:%Y%m%dT%H%M%S}"


def _renewal_ask(action: RetentionAction, *, now: datetime) -> bool:
    """Claim the renewal (the unique RetentionRenewal row) and queue its email;
    False when another run claimed it first or the candidate left the plan."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=action.candidate_id)
        if action not in retention_plan(now=now, candidate_ids=[candidate.pk]):
            return False
        try:
            with transaction.atomic():
                RetentionRenewal.objects.create(
                    candidate=candidate, policy_id=action.policy_id, deadline=action.deadline, asked_at=now
                )
        except IntegrityError:
            return False
        token, _row = access_token_issue(
            purpose=AccessToken.Purpose.RETENTION_KEEP, target=candidate, valid_for=action.deadline - now
        )
        email_queue(
            to=candidate.email,
            idempotency_key=renewal_key(action),
            language=candidate.language,
            template=RENEWAL_TEMPLATE,
            context={
                "candidate_name": candidate.full_name,
                "keep_url": absolute_url(reverse("privacy:keep", args=[token])),
                "deadline": action.deadline.date().isoformat(),
            },
            related=candidate,
            candidate_ref=candidate.public_id,
        )
        audit_record(
            action="candidates.candidate.renewal_ask",
            target=candidate,
            data={"policy": action.policy_id, "deadline": action.deadline.isoformat()},
        )
    return True


def _anonymise_due(action: RetentionAction, *, now: datetime) -> bool:
    """Anonymise when the candidate is still due (a hold, a renewed consent or
    a new application since the plan keeps them); False otherwise."""
    with transaction.atomic():
        candidate = Candidate.objects.select_for_update().get(pk=action.candidate_id)
        if action not in retention_plan(now=now, candidate_ids=[candidate.pk]):
            return False
        try:
            candidate_anonymise(candidate=candidate, actor=None, reason=f"retention:{action.policy_id}")
        except ValidationError:  # a legal hold placed meanwhile
            return False
    return True


def retention_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Do what retention_plan says at ``now``: for each RENEW, a
    RetentionRenewal row (unique per candidate, policy and date: the claim),
    a RETENTION_KEEP link valid until the date and an email in the
    candidate's language (key ``retention:renewal:…``); for each ANONYMISE,
    candidate_anonymise. Each candidate in its own transaction, its row
    locked and its plan checked again, so overlapping runs are harmless and a
    hold or renewal that arrived meanwhile wins. Returns the counts done."""
    now = now or timezone.now()
    done = {RENEW: 0, ANONYMISE: 0}
    for action in retention_plan(now=now):
        act = _renewal_ask if action.kind == RENEW else _anonymise_due
        if act(action, now=now):
            done[action.kind] += 1
    return done


@transaction.atomic
def retention_keep(*, token: str, ip_address: str | None = None, user_agent: str = "") -> Candidate:
    """The candidate answered a renewal email: "keep my profile". Uses the
    single-use link (TokenInvalid when it cannot be used) and records
    talent-pool consent through the preference centre, which takes them off
    every retention rule."""
    row = access_token_use(token=token, purpose=AccessToken.Purpose.RETENTION_KEEP)
    candidate = Candidate.objects.get(pk=row.target_id)
    consent_record(
        candidate=candidate,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.PREFERENCE_CENTRE,
        evidence=KEEP_EVIDENCE,
        ip_address=ip_address,
        user_agent=user_agent[:300],
    )
    return candidate


@transaction.atomic
def candidate_legal_hold_place(*, candidate: Candidate, actor: User | None, reason: str) -> Candidate:
    """Put ``candidate`` under legal hold: retention and deletion requests
    leave them whole until it is lifted. Needs a reason (ValidationError);
    a ``candidates.candidate.legal_hold`` AuditEvent (the reason is ours,
    not the candidate's data)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the candidate is under legal hold.")}, code="required")
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.anonymised_at is not None:
        raise ValidationError(_("This candidate was anonymised already."), code="anonymised")
    candidate.legal_hold_at = candidate.legal_hold_at or timezone.now()
    candidate.legal_hold_reason = reason[:300]
    candidate.save(update_fields=["legal_hold_at", "legal_hold_reason", "updated_at"])
    audit_record(action="candidates.candidate.legal_hold", actor=actor, target=candidate, data={"reason": reason})
    return candidate


@transaction.atomic
def candidate_legal_hold_lift(*, candidate: Candidate, actor: User | None) -> Candidate:
    """Lift a legal hold (nothing when there is none); retention applies
    again from the next sweep. A ``candidates.candidate.legal_hold_release`` AuditEvent."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if candidate.legal_hold_at is None:
        return candidate
    candidate.legal_hold_at = None
    candidate.legal_hold_reason = ""
    candidate.save(update_fields=["legal_hold_at", "legal_hold_reason", "updated_at"])
    audit_record(action="candidates.candidate.legal_hold_release", actor=actor, target=candidate)
    return candidate


__all__ = [
    "RetentionPolicy",
    "candidate_legal_hold_lift",
    "candidate_legal_hold_place",
    "retention_keep",
    "retention_sweep",
]
