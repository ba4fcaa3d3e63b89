"""Reads of the intake app, and who may do what with it.

The intake inbox is team work: administrators, recruiters and coordinators
handle messages, reviewers read them, the other roles are refused (403).
Mailboxes (their server and password) are set up by administrators and
recruiters only.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from core.access import get_or_404
from intake.models import IntakeAttachment, IntakeMessage, Mailbox

INTAKE_WRITERS = {Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR}
INTAKE_READERS = INTAKE_WRITERS | {Role.REVIEWER}
MAILBOX_MANAGERS = {Role.ADMINISTRATOR, Role.RECRUITER}


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def can_read_intake(user: User | None) -> bool:
    return _active(user) and user.role in INTAKE_READERS


def can_handle_intake(user: User | None) -> bool:
    return _active(user) and user.role in INTAKE_WRITERS


def can_manage_mailboxes(user: User | None) -> bool:
    return _active(user) and user.role in MAILBOX_MANAGERS


def require_read_intake(user: User) -> None:
    if not can_read_intake(user):
        raise PermissionDenied


def require_handle_intake(user: User) -> None:
    if not can_handle_intake(user):
        raise PermissionDenied


def require_manage_mailboxes(user: User) -> None:
    if not can_manage_mailboxes(user):
        raise PermissionDenied


# A message still "being handled" this long after it was taken was left by a
# sweep that died (the sweep task's time limit is 5 minutes): a person takes it.
STALE_AFTER = timedelta(minutes=15)


def waiting_q() -> Q:
    """Messages for a person: waiting, or left half-handled by a sweep that died."""
    stale = Q(status=IntakeMessage.Status.PROCESSING, created_at__lt=timezone.now() - STALE_AFTER)
    return Q(status=IntakeMessage.Status.WAITING) | stale


def intake_inbox_for(user: User) -> QuerySet[IntakeMessage]:
    """The messages waiting for a person, newest first (403 for a role that
    may not read the inbox)."""
    require_read_intake(user)
    return (
        IntakeMessage.objects.filter(waiting_q())
        .select_related("mailbox")
        .defer("body", "sender_address")
        .order_by("-received_at", "-id")
    )


def is_waiting(message: IntakeMessage) -> bool:
    """waiting_q for one message already loaded."""
    if message.status == IntakeMessage.Status.WAITING:
        return True
    stale = message.created_at < timezone.now() - STALE_AFTER
    return message.status == IntakeMessage.Status.PROCESSING and stale


def intake_waiting_count() -> int:
    return IntakeMessage.objects.filter(waiting_q()).count()


def get_intake_message_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> IntakeMessage:
    """One message with its mailbox: 403 for a role that may not read (or,
    ``for_change``, handle) the inbox; 404 when there is no such message."""
    (require_handle_intake if for_change else require_read_intake)(user)
    return get_or_404(IntakeMessage.objects.select_related("mailbox", "candidate"), public_id=public_id)


def intake_attachments(message: IntakeMessage) -> list[IntakeAttachment]:
    return list(message.attachments.order_by("id"))


def mailbox_list_for(user: User) -> QuerySet[Mailbox]:
    require_manage_mailboxes(user)
    return Mailbox.objects.select_related("owner", "default_job").defer("password").order_by("-is_active", "name", "id")


def get_mailbox_for_user(user: User, public_id: UUID | str) -> Mailbox:
    require_manage_mailboxes(user)
    return get_or_404(Mailbox.objects.select_related("owner", "default_job"), public_id=public_id)
