from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.http import client_address
from core.models import AccessToken, AuditEvent


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
    event = audit_event_build(action=action, actor=actor, target=target, request=request, data=data)
    event.save()
    return event


def audit_record_many(*, events: Iterable[Mapping[str, Any]]) -> list[AuditEvent]:
    """audit_record for many events (each its keyword arguments) in one INSERT,
    in the caller's transaction; returns the rows in that order."""
    return AuditEvent.objects.bulk_create([audit_event_build(**event) for event in events])


def audit_event_build(
    *,
    action: str,
    actor: models.Model | None = None,
    target: models.Model | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """The AuditEvent that audit_record writes, not saved: the one place that
    says how actor, target and request become the row's columns."""
    event = AuditEvent(action=action, data=data or {})
    if actor is not None and actor.pk is not None:
        event.actor_id = actor.pk
    if target is not None:
        event.target_type = target._meta.label_lower
        event.target_id = str(getattr(target, "public_id", None) or target.pk)
    if request is not None:
        event.ip_address = client_address(request)
        event.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return event


# --- Tokenized links -------------------------------------------------------------


class TokenInvalid(ValidationError):
    """The link cannot be used; ``code`` says why (unknown, expired, used, revoked)."""


def _hash(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def access_token_issue(*, purpose: str, target: models.Model, valid_for: timedelta) -> tuple[str, AccessToken]:
    """Create a token for ``target`` and return ``(token, row)``.

    The token string goes into the link and is never stored; the row keeps its
    SHA-256. Runs in the caller's transaction.
    """
    token = secrets.token_urlsafe(32)  # 256 bits
    row = AccessToken.objects.create(
        token_hash=_hash(token),
        purpose=purpose,
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        expires_at=timezone.now() + valid_for,
    )
    return token, row


def access_token_issue_many(*, purpose: str, targets: list[models.Model], valid_for: timedelta) -> list[str]:
    """access_token_issue for many targets of one model in one INSERT; returns
    their tokens in the order of ``targets``. Runs in the caller's transaction."""
    if not targets:
        return []
    tokens = [secrets.token_urlsafe(32) for _target in targets]  # 256 bits each
    target_type = ContentType.objects.get_for_model(targets[0])
    expires_at = timezone.now() + valid_for
    AccessToken.objects.bulk_create(
        AccessToken(
            token_hash=_hash(token),
            purpose=purpose,
            target_type=target_type,
            target_id=target.pk,
            expires_at=expires_at,
        )
        for token, target in zip(tokens, targets, strict=True)
    )
    return tokens


def access_token_resolve(*, token: str, purpose: str, for_update: bool = False) -> AccessToken:
    """Find the live token for ``purpose``, or raise TokenInvalid saying why.

    Never changes state: a GET may call it (mail scanners prefetch links).
    With ``for_update`` the row is locked for the caller's transaction.
    """
    queryset = AccessToken.objects.filter(token_hash=_hash(token), purpose=purpose)
    if for_update:
        queryset = queryset.select_for_update()
    row = queryset.first()
    if row is None:
        raise TokenInvalid(_("This link is not valid."), code="unknown")
    if row.revoked_at is not None:
        raise TokenInvalid(_("This link has been withdrawn."), code="revoked")
    if row.used_at is not None:
        raise TokenInvalid(_("This link has already been used."), code="used")
    if row.expires_at <= timezone.now():
        raise TokenInvalid(_("This link has expired."), code="expired")
    return row


@transaction.atomic
def access_token_use(*, token: str, purpose: str) -> AccessToken:
    """Mark a single-use token used (a confirming POST); raises TokenInvalid."""
    row = access_token_resolve(token=token, purpose=purpose, for_update=True)
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return row


def access_token_revoke_for(*, target: models.Model, purpose: str | None = None) -> int:
    """Withdraw every open link to ``target`` (only those for ``purpose`` when
    given); returns how many."""
    tokens = AccessToken.objects.filter(
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        used_at__isnull=True,
        revoked_at__isnull=True,
    )
    if purpose is not None:
        tokens = tokens.filter(purpose=purpose)
    return tokens.update(revoked_at=timezone.now())


# --- Reference data --------------------------------------------------------------


@transaction.atomic
def reference_save(*, instance: models.Model, actor: models.Model | None, request: HttpRequest | None = None):
    """Validate and save a simple reference row (a tag, a source, a template…)
    and audit it as ``<app>.<model>.create`` or ``.update``.

    For models with no domain rules beyond their constraints; anything with
    rules has its own service. Raises ValidationError.
    """
    adding = instance._state.adding
    instance.full_clean()
    instance.save()
    verb = "create" if adding else "update"
    audit_record(action=f"{instance._meta.label_lower}.{verb}", actor=actor, target=instance, request=request)
    return instance


@transaction.atomic
def reference_delete(*, instance: models.Model, actor: models.Model | None, request: HttpRequest | None = None) -> None:
    """Delete a simple reference row and audit it as ``<app>.<model>.delete``."""
    audit_record(action=f"{instance._meta.label_lower}.delete", actor=actor, target=instance, request=request)
    instance.delete()


# --- Rate limits -----------------------------------------------------------------

# One statement: a new key starts a window at 1; a key whose window has passed
# starts a new one; otherwise the count goes up. Concurrent requests serialise on
# the row, so none is lost.
_RATE_COUNT_SQL = """
INSERT INTO core_ratecount (key, window_start, count) VALUES (%(key)s, %(now)s, 1)
ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN core_ratecount.window_start <= %(expired)s THEN 1 ELSE core_ratecount.count + 1 END,
    window_start = CASE
        WHEN core_ratecount.window_start <= %(expired)s THEN EXCLUDED.window_start ELSE core_ratecount.window_start
    END
RETURNING count, window_start
"""


def rate_count(*, key: str, limit: int, window: timedelta) -> datetime | None:
    """Count one more event for ``key`` in its current window of ``window``.

    Returns None while the count is within ``limit``, or the time the window
    ends (the limit lifts) once this event is over it. Writes or updates one
    RateCount row in one statement, in the caller's transaction.
    """
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(_RATE_COUNT_SQL, {"key": key, "now": now, "expired": now - window})
        count, window_start = cursor.fetchone()
    return window_start + window if count > limit else None
