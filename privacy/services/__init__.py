"""Writes of the privacy app: requests, the preference centre, retention and
the anonymiser (privacy.services.anonymise)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from candidates.models import Candidate
from core.services import audit_record
from privacy.models import PrivacyRequest


@transaction.atomic
def privacy_request_create(
    *,
    candidate: Candidate,
    kind: str,
    channel: str,
    details: str = "",
    actor: User | None = None,
    now: datetime | None = None,
) -> PrivacyRequest:
    """A request from ``candidate`` (the preference centre, ``actor`` None) or
    entered by ``actor``; due ``PRIVACY_REQUEST_DUE_DAYS`` after it arrived.
    A ``privacy.privacy_request.create`` AuditEvent."""
    now = now or timezone.now()
    request = PrivacyRequest.objects.create(
        candidate=candidate,
        kind=kind,
        channel=channel,
        details=details,
        received_at=now,
        due_at=now + timedelta(days=settings.PRIVACY_REQUEST_DUE_DAYS),
        entered_by=actor,
    )
    audit_record(action="privacy.privacy_request.create", actor=actor, target=request, data={"kind": kind})
    return request
