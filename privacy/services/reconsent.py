"""Asking existing candidates to consent again when a new privacy notice
version is in force."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate, Consent, PrivacyNotice
from core.services import audit_record
from messaging.models import OutboundEmail
from messaging.services import email_queue_many

RECONSENT_TEMPLATE = "privacy_reconsent"
BATCH = 500


def reconsent_key(candidate: Candidate, notice: PrivacyNotice) -> str:
    """One request per candidate and notice version, however often it is asked."""
    return f"privacy:reconsent:{candidate.public_id}:{notice.version}"


def reconsent_candidates(notice: PrivacyNotice):
    """The candidates to ask: a consent in force given under another version,
    an email address, contact not stopped, not anonymised or merged."""
    outdated = Consent.objects.filter(candidate=OuterRef("pk"), withdrawn_at__isnull=True).exclude(
        notice_version=notice.version
    )
    return Candidate.objects.filter(
        Exists(outdated),
        email_index__isnull=False,
        contact_opt_out_at__isnull=True,
        anonymised_at__isnull=True,
        merged_into__isnull=True,
    )


def notice_reconsent_ask(*, notice: PrivacyNotice, actor: User | None, batch: int = BATCH) -> int:
    """Queue, through the outbox in each candidate's language, an email asking
    the candidates of reconsent_candidates to confirm their choices under
    ``notice`` in their preference centre (the outbox adds their link when it
    sends). Idempotent per candidate and version (reconsent_key): asking
    again queues only for those not asked yet. Works in batches of ``batch``,
    each its own transaction, so a large base does not hold one long
    transaction. A ``candidates.privacynotice.reconsent_ask`` AuditEvent with
    the count. Returns how many emails were queued. Raises ValidationError for
    a notice not in force yet."""
    if notice.in_force_from > timezone.now():
        raise ValidationError(_("This notice is not in force yet: ask when it is."), code="not_in_force")
    queued, after = 0, 0
    candidates = reconsent_candidates(notice).only("pk", "public_id", "full_name", "email", "language")
    while True:
        with transaction.atomic():
            chunk = list(candidates.filter(pk__gt=after).order_by("pk")[:batch])
            if not chunk:
                break
            after = chunk[-1].pk
            keys = {reconsent_key(candidate, notice): candidate for candidate in chunk}
            asked = set(
                OutboundEmail.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True)
            )
            messages = [
                {
                    "to": candidate.email,
                    "idempotency_key": key,
                    "language": candidate.language,
                    "template": RECONSENT_TEMPLATE,
                    "context": {
                        "candidate_name": candidate.full_name,
                        "notice_title": notice.title,
                        "notice_version": notice.version,
                    },
                    "candidate_ref": candidate.public_id,
                }
                for key, candidate in keys.items()
                if key not in asked
            ]
            email_queue_many(messages=messages)
            queued += len(messages)
    with transaction.atomic():
        audit_record(
            action="candidates.privacynotice.reconsent_ask", actor=actor, target=notice, data={"queued": queued}
        )
    return queued
