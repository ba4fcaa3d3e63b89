"""Django's own mail (password reset, admin errors) goes through the outbox too."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import translation

from messaging.services import email_queue


class OutboxEmailBackend(BaseEmailBackend):
    """Queues each message as an OutboundEmail row instead of sending it.

    The message is stored as rendered; one row per recipient, each with a
    fresh idempotency key (Django's messages have no natural key).
    """

    def send_messages(self, email_messages) -> int:
        count = 0
        with transaction.atomic():
            for message in email_messages:
                html = next(
                    (content for content, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"),
                    "",
                )
                attachments = [
                    (
                        name,
                        content.encode() if isinstance(content, str) else content,
                        mimetype or "application/octet-stream",
                    )
                    for name, content, mimetype in (a for a in message.attachments if isinstance(a, tuple))
                ]
                for recipient in message.recipients():
                    email_queue(
                        to=recipient,
                        idempotency_key=f"django:{uuid.uuid4()}",
                        language=translation.get_language() or settings.LANGUAGE_CODE,
                        subject=str(message.subject),
                        body_text=str(message.body),
                        body_html=str(html),
                        from_address=message.from_email or "",
                        reply_to=", ".join(message.reply_to),
                        attachments=attachments,
                    )
                    count += 1
        return count
