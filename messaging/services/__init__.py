"""The messaging services, one module per concern; this package re-exports
their public functions, so ``from messaging.services import email_queue`` is
how the other apps call them.

- ``outbox``: every email a row first: queue, hand off, claim, send,
  sweep; cancel, resend and reschedule queued emails.
- ``transport``: the reused SMTP connection and the circuit breaker in front of
  the broker hand-off, each an object created once per process.
- ``notifications``: in-app notifications.
- ``templates``: email templates edited in the product.

Constants and private helpers (``outbox.LEASE``, ``outbox.email_hand_off``…)
are not re-exported: a test that patches them patches the module that reads them.
"""

from messaging.services.notifications import notification_create, notification_mark_read
from messaging.services.outbox import (
    email_cancel,
    email_queue,
    email_queue_many,
    email_reschedule,
    email_text_render,
    email_withdraw,
    outbound_email_cancel,
    outbound_email_resend,
    outbound_email_retry,
    outbound_email_send,
    outbound_email_send_batch,
    outbox_sweep,
)
from messaging.services.templates import email_template_save

__all__ = [
    "email_cancel",
    "email_queue",
    "email_queue_many",
    "email_reschedule",
    "email_template_save",
    "email_text_render",
    "email_withdraw",
    "notification_create",
    "notification_mark_read",
    "outbound_email_cancel",
    "outbound_email_resend",
    "outbound_email_retry",
    "outbound_email_send",
    "outbound_email_send_batch",
    "outbox_sweep",
]
