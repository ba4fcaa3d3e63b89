"""In-app notifications: the bell's rows, written by the services of the apps
above (a mention, an assignment, an overdue scorecard, a candidate's answer)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from messaging.messages import Message
from messaging.models import Notification


def notification_create(*, recipient: Any, kind: str, message: Message, url: str = "") -> Notification | None:
    """Give ``recipient`` one in-app notification; returns it (None for an inactive user).

    ``message`` is a registered message with its parameters (see
    messaging.messages), stored as id and parameters and shown in the
    reader's language whenever it is read.
    ``kind`` is a short code (``mention``, ``assignment``, ``scorecard_overdue``,
    ``candidate_answer``); ``url`` a path inside the product (it becomes a link:
    anything else raises ValueError). Rows written: one Notification, in the
    caller's transaction. Queues nothing.
    """
    if url and not (url.startswith("/") and not url.startswith("//")):
        raise ValueError(f"a notification links to a path inside the product, not {url!r}")
    if not recipient.is_active:
        return None
    if not isinstance(message, Message):
        raise TypeError("a notification is a registered message (messaging.messages), not text")
    return Notification.objects.create(
        recipient=recipient, kind=kind[:50], message_id=message.message_id, params=message.params, url=url[:300]
    )


def notification_mark_read(*, user: Any, notification: Notification | None = None) -> int:
    """Mark one of ``user``'s notifications read, or all of them when
    ``notification`` is None; returns how many changed.

    A conditional UPDATE (unread rows of this user only), so marking twice or
    marking someone else's notification changes nothing. Queues nothing.
    """
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    return unread.update(read_at=timezone.now())
