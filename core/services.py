from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from core.models import AuditEvent


def _client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR is what the WSGI server saw; behind a proxy it is the proxy's
    # address unless the proxy is configured to pass the client's through.
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    actor: models.Model | None = None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one AuditEvent row and return it.

    ``data`` must never hold decrypted personal values: field names and ids only.
    Runs in the caller's transaction, so a rolled-back change leaves no audit row.
    """
    event = AuditEvent(action=action, data=data or {})
    if actor is not None and actor.pk is not None:
        event.actor_id = actor.pk
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(getattr(target, "public_id", None) or target.pk)
    if request is not None:
        event.ip_address = _client_ip(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    event.save()
    return event
