"""Recording and withdrawing consents (candidates.consents asks them)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate, Consent
from candidates.selectors import privacy_notice_in_force
from core.services import audit_record
from messaging.models import OutboundEmail


@transaction.atomic
def consent_record(
    *,
    candidate: Candidate,
    purpose: str,
    channel: str,
    evidence: str,
    actor: User | None = None,
    client=None,
    method: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    now: datetime | None = None,
) -> Consent:
    """A consent given now under the notice in force. ``channel``: the
    application form, the preference centre (``actor`` None) or the team
    (``actor``, with ``method``: phone, email, in person). A consent in force
    for the same purpose (and client) stays as it is and is returned.
    ``candidates.consent.give`` AuditEvent."""
    now = now or timezone.now()
    if purpose == Consent.Purpose.SHARE_WITH_CLIENT and client is None:
        raise ValidationError({"client": _("Choose the client the profile may be shared with.")})
    if channel == Consent.Channel.STAFF and not method:
        raise ValidationError({"method": _("Say how the candidate gave this consent.")})
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    existing = candidate.consents.filter(purpose=purpose, client=client, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    notice = privacy_notice_in_force()
    return _consent_give(
        candidate=candidate,
        purpose=purpose,
        client=client,
        notice_version=notice.version if notice else "",
        evidence=evidence,
        now=now,
        ip_address=ip_address,
        user_agent=user_agent,
        channel=channel,
        method=method,
        actor=actor,
        audit={"client": str(client.public_id) if client else None},
    )


def _consent_give(
    *,
    candidate: Candidate,
    purpose: str,
    client,
    notice_version: str,
    evidence: str,
    now: datetime,
    ip_address: str | None,
    user_agent: str,
    channel: str,
    method: str,
    actor: User | None,
    audit: dict,
) -> Consent:
    """The Consent row and its ``candidates.consent.give`` AuditEvent (purpose,
    channel and ``audit``), for consent_record and consent_renew."""
    consent = Consent.objects.create(
        candidate=candidate,
        purpose=purpose,
        client=client,
        notice_version=notice_version,
        evidence=evidence,
        given_at=now,
        ip_address=ip_address,
        user_agent=user_agent[:300],
        channel=channel,
        method=method,
        recorded_by=actor,
    )
    audit_record(
        action="candidates.consent.give",
        actor=actor,
        target=candidate,
        data={"purpose": purpose, "channel": channel, **audit},
    )
    return consent


@transaction.atomic
def consent_withdraw(
    *,
    candidate: Candidate,
    purpose: str,
    channel: str,
    actor: User | None = None,
    client=None,
    now: datetime | None = None,
) -> int:
    """Withdraw the candidate's consents in force for ``purpose`` (for
    sharing: with ``client``; every client when None) and cancel the queued
    emails to them that depended on it (OutboundEmail.consent_purpose).
    Returns how many consents were withdrawn; ``candidates.consent.withdraw``
    AuditEvent when any."""
    now = now or timezone.now()
    consents = candidate.consents.filter(purpose=purpose, withdrawn_at__isnull=True)
    if client is not None:
        consents = consents.filter(client=client)
    withdrawn = consents.update(withdrawn_at=now, withdrawn_channel=channel, withdrawn_by=actor, updated_at=now)
    if withdrawn:
        OutboundEmail.objects.filter(
            candidate_ref=candidate.public_id, consent_purpose=purpose, status=OutboundEmail.Status.QUEUED
        ).update(status=OutboundEmail.Status.CANCELLED)
        audit_record(
            action="candidates.consent.withdraw",
            actor=actor,
            target=candidate,
            data={"purpose": purpose, "channel": channel, "count": withdrawn},
        )
    return withdrawn


@transaction.atomic
def consent_renew(
    *,
    candidate: Candidate,
    channel: str,
    evidence: str,
    actor: User | None = None,
    method: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    now: datetime | None = None,
) -> list[Consent]:
    """The candidate confirms their consents in force under the notice now in
    force (asked to consent again after a new version): each consent given
    under another version is closed (``withdrawn_at``, the channel) and a new
    one recorded for the same purpose and client under the notice in force.
    Emails that depended on them are not touched: the consent never lapsed.
    Returns the new consents; a ``candidates.consent.give`` AuditEvent each."""
    now = now or timezone.now()
    notice = privacy_notice_in_force()
    if notice is None:
        return []
    Candidate.objects.select_for_update().filter(pk=candidate.pk).first()
    renewed = []
    for old in candidate.consents.filter(withdrawn_at__isnull=True).exclude(notice_version=notice.version):
        Consent.objects.filter(pk=old.pk).update(
            withdrawn_at=now, withdrawn_channel=channel, withdrawn_by=actor, updated_at=now
        )
        renewed.append(
            _consent_give(
                candidate=candidate,
                purpose=old.purpose,
                client=old.client,
                notice_version=notice.version,
                evidence=evidence,
                now=now,
                ip_address=ip_address,
                user_agent=user_agent,
                channel=channel,
                method=method,
                actor=actor,
                audit={"renewed_from": old.notice_version},
            )
        )
    return renewed
