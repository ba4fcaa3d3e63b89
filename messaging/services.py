"""The outbox (DESIGN.md decision 3): queue, hand off, claim, send, sweep.

Every email the product sends is a row first. ``email_queue`` inserts it in the
caller's transaction; after commit its id goes to Celery with a short timeout
and no retries, so a broker outage never fails the request. The send task
claims the row (a conditional UPDATE with a lease), renders and sends it over a
reused SMTP connection, and marks it sent. The beat sweeper hands due rows and
rows whose hand-off or send was lost back to Celery. Redis can go down or be
wiped: the database still holds every message.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import smtplib
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.db.models import F, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from core.crypto import DecryptionError
from core.services import audit_record
from messaging.models import EmailTemplate, Notification, OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Longer than the send task's hard time limit, so a live send never loses its claim.
LEASE = timedelta(minutes=3)


def email_queue(
    *,
    to: str,
    idempotency_key: str,
    language: str,
    template: str = "",
    context: Mapping[str, Any] | None = None,
    subject: str = "",
    body_text: str = "",
    body_html: str = "",
    due_at: datetime | None = None,
    related: models.Model | None = None,
    from_address: str = "",
    reply_to: str = "",
    attachments: Iterable[tuple[str, bytes, str]] = (),
) -> OutboundEmail:
    """Queue one email in the caller's transaction and return its row.

    Either ``template`` (``templates/emails/<template>/subject.txt``,
    ``body.txt`` and optionally ``body.html``, rendered at send time in
    ``language`` with ``context``) or pre-rendered ``subject``/``body_text``.
    Queueing an ``idempotency_key`` that exists returns the existing row and
    queues nothing. Due now (default): handed to Celery after commit; due
    later: the sweeper hands it over when due. Attachments are
    ``(filename, content, mimetype)``.
    """
    now = timezone.now()
    due_at = due_at or now
    immediate = due_at <= now
    email, created = OutboundEmail.objects.get_or_create(
        idempotency_key=idempotency_key,
        defaults={
            "to_address": to,
            "language": language,
            "template": template,
            "context": dict(context or {}),
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "due_at": due_at,
            "enqueued_at": now if immediate else None,
            "from_address": from_address,
            "reply_to": reply_to,
            "attachments": [
                {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
                for name, content, mimetype in attachments
            ],
            "related_type": related._meta.label_lower if related is not None else "",
            "related_id": str(getattr(related, "public_id", None) or related.pk) if related is not None else "",
        },
    )
    if created and immediate:
        transaction.on_commit(lambda: email_hand_off(email_ids=[email.pk]))
    return email


# After a failed hand-off, requests leave their rows to the sweeper for this
# long instead of trying the broker again: an outage costs each request nothing.
HAND_OFF_PAUSE = 10.0
_broker_down_until = 0.0


def broker_pause_end() -> None:
    """Let the next hand-off try the broker again at once."""
    global _broker_down_until
    _broker_down_until = 0.0


def email_hand_off(*, email_ids: list[int]) -> int:
    """Give rows to Celery; returns how many went. Never raises and never
    waits on a broker that is down: the connection is tried once, without
    kombu's reconnect loop, and after a failure the next HAND_OFF_PAUSE
    seconds of hand-offs skip the broker. Rows not handed off are marked so
    and the sweeper hands them over once the broker is back."""
    global _broker_down_until
    from messaging.tasks import outbound_email_send_task

    position = 0
    if time.monotonic() >= _broker_down_until:
        try:
            with outbound_email_send_task.app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=0)
                for position, email_id in enumerate(email_ids):  # noqa: B007 - read after the loop
                    outbound_email_send_task.apply_async(args=[email_id], connection=connection, retry=False)
                return len(email_ids)
        except Exception as exc:
            _broker_down_until = time.monotonic() + HAND_OFF_PAUSE
            logger.warning("broker unavailable, %d emails left for the sweeper: %s", len(email_ids) - position, exc)
    OutboundEmail.objects.filter(pk__in=email_ids[position:], status=OutboundEmail.Status.QUEUED).update(
        enqueued_at=None
    )
    return position


def outbound_email_retry(*, email_ids: Iterable[int]) -> int:
    """Put failed or cancelled emails back in the queue, due now, with a fresh
    attempt count, and hand them to Celery after commit. Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            OutboundEmail.objects.select_for_update()
            .filter(pk__in=list(email_ids), status__in=[OutboundEmail.Status.FAILED, OutboundEmail.Status.CANCELLED])
            .values_list("pk", flat=True)
        )
        OutboundEmail.objects.filter(pk__in=ids).update(
            status=OutboundEmail.Status.QUEUED, due_at=now, attempts=0, enqueued_at=now, last_error=""
        )
        transaction.on_commit(lambda: email_hand_off(email_ids=ids))
    return len(ids)


def outbox_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Hand due and abandoned rows to Celery; returns how many were handed off.

    Abandoned: a send whose lease ran out (the worker died mid-send) goes back
    to the queue and counts a reclaim; a hand-off older than
    OUTBOX_REQUEUE_AFTER whose task never ran is handed off again. Rows are
    picked with SKIP LOCKED, so overlapping sweeps are harmless.
    """
    now = now or timezone.now()
    requeue_after = timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER)
    with transaction.atomic():
        lost = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboundEmail.Status.SENDING, claimed_until__lt=now)
            .values_list("pk", flat=True)[:limit]
        )
        if lost:
            logger.warning("reclaiming %d emails whose send was lost; each may be a duplicate", len(lost))
            OutboundEmail.objects.filter(pk__in=lost).update(
                status=OutboundEmail.Status.QUEUED, claimed_until=None, enqueued_at=None, reclaims=F("reclaims") + 1
            )
        due = list(
            OutboundEmail.objects.select_for_update(skip_locked=True)
            .filter(status=OutboundEmail.Status.QUEUED, due_at__lte=now)
            .filter(Q(enqueued_at__isnull=True) | Q(enqueued_at__lte=now - requeue_after))
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
        OutboundEmail.objects.filter(pk__in=due).update(enqueued_at=now)
    broker_pause_end()  # the sweeper is the periodic retry: it always tries the broker
    return email_hand_off(email_ids=due) if due else 0


# --- Sending -------------------------------------------------------------------------

_smtp = None


def _connection():
    """One SMTP connection per worker process, opened once and reused."""
    global _smtp
    if _smtp is None:
        _smtp = mail.mailers[settings.OUTBOX_MAILER]
    if getattr(_smtp, "connection", True) is None:
        _smtp.open()
    return _smtp


def _drop_connection() -> None:
    global _smtp
    if _smtp is not None:
        with contextlib.suppress(Exception):  # it is already broken
            _smtp.close()
    _smtp = None


def _render(email: OutboundEmail) -> EmailMultiAlternatives:
    subject, text, html = email.subject, email.body_text, email.body_html
    if email.template:
        with translation.override(email.language):
            context = {**email.context, "language": email.language}
            base = f"emails/{email.template}"
            subject = render_to_string(f"{base}/subject.txt", context).strip()
            text = render_to_string(f"{base}/body.txt", context)
            try:
                html = render_to_string(f"{base}/body.html", context)
            except TemplateDoesNotExist:
                html = ""
    message = EmailMultiAlternatives(
        subject=" ".join(subject.splitlines()),
        body=text,
        from_email=email.from_address or settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers={"Message-ID": f"<{email.public_id}@recruitcrm>", "X-RecruitCRM-Email": str(email.public_id)},
    )
    if html:
        message.attach_alternative(html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], base64.b64decode(attachment["content"]), attachment["mimetype"])
    return message


def _is_transient(exc: Exception) -> bool:
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _msg in exc.recipients.values())
    return isinstance(exc, OSError | smtplib.SMTPException)


def outbound_email_send(*, email_id: int, now: datetime | None = None) -> str:
    """Claim, render, send and mark one row, clearing its body; returns what happened.

    ``claimed``: a conditional UPDATE moves the row from queued to sending with
    a lease, so only one worker sends it; any other outcome (already sent,
    cancelled, another worker's lease, not due) returns without sending.
    A transient SMTP error puts the row back in the queue with a backoff; a
    permanent one, or the last attempt, marks it failed with the error.
    """
    now = now or timezone.now()
    claimed = OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.QUEUED, due_at__lte=now).update(
        status=OutboundEmail.Status.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1
    )
    if not claimed:
        return "not claimed"
    email = OutboundEmail.objects.get(pk=email_id)
    try:
        message = _render(email)
        try:
            _connection().send_messages([message])
        except (smtplib.SMTPServerDisconnected, ConnectionError):
            _drop_connection()  # the server closed an idle connection: reconnect once
            _connection().send_messages([message])
    except Exception as exc:
        if isinstance(exc, OSError | smtplib.SMTPException):
            _drop_connection()
        return _record_failure(email, exc, now=now)
    # Once sent, the body is not kept: it may hold a tokenized link (a candidate's
    # self-scheduling or survey link) that only its recipient should be able to open.
    OutboundEmail.objects.filter(pk=email_id, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        last_error="",
        context={},
        body_text="",
        body_html="",
        attachments=[],
    )
    return "sent"


def _record_failure(email: OutboundEmail, exc: Exception, *, now: datetime) -> str:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    transient = _is_transient(exc) and not isinstance(exc, DecryptionError | TemplateDoesNotExist)
    if transient and email.attempts < MAX_ATTEMPTS:
        backoff = timedelta(minutes=min(2 ** (email.attempts - 1), 60))
        OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.SENDING).update(
            status=OutboundEmail.Status.QUEUED,
            due_at=now + backoff,
            claimed_until=None,
            enqueued_at=None,
            last_error=error,
        )
        logger.warning("email %s: transient failure, retry in %s: %s", email.pk, backoff, error)
        return "retry"
    OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.SENDING).update(
        status=OutboundEmail.Status.FAILED, claimed_until=None, last_error=error
    )
    logger.error("email %s failed: %s", email.pk, error)
    return "failed"


# --- Timeline actions and in-app notifications (issue 7) --------------------------------


def outbound_email_cancel(*, email: OutboundEmail, actor: Any) -> bool:
    """Cancel a queued email before it goes out; returns whether it was cancelled.

    One conditional UPDATE from ``queued`` to ``cancelled``: a row a worker
    has claimed (sending), sent, failed or already cancelled is left as it is
    and False comes back, so a cancel racing the sender never un-sends
    anything. Writes an AuditEvent ``messaging.outbound_email.cancel`` when it
    cancels. Queues no task; raises nothing.
    """
    with transaction.atomic():
        cancelled = OutboundEmail.objects.filter(pk=email.pk, status=OutboundEmail.Status.QUEUED).update(
            status=OutboundEmail.Status.CANCELLED, enqueued_at=None
        )
        if cancelled:
            audit_record(action="messaging.outbound_email.cancel", actor=actor, target=email)
    return bool(cancelled)


def outbound_email_resend(*, email: OutboundEmail, actor: Any) -> bool:
    """Send a failed email again (``outbound_email_retry``), audited as
    ``messaging.outbound_email.resend``; returns whether it went back in the queue.

    Only a ``failed`` row is resent here (a cancelled one was cancelled on
    purpose). Rows written: the email (queued, due now), one AuditEvent. Task
    queued after commit: its send. Raises nothing.
    """
    if email.status != OutboundEmail.Status.FAILED:
        return False
    with transaction.atomic():
        resent = outbound_email_retry(email_ids=[email.pk])
        if resent:
            audit_record(action="messaging.outbound_email.resend", actor=actor, target=email)
    return bool(resent)


def notification_create(*, recipient: Any, kind: str, message: str, url: str = "") -> Notification | None:
    """Give ``recipient`` one in-app notification; returns it (None for an inactive user).

    ``message`` is shown as given: rendering it in the recipient's language
    is the caller's business (``with translation.override(recipient.language)``
    around the gettext call), because only the caller knows its wording.
    ``kind`` is a short code (``mention``, ``assignment``, ``scorecard_overdue``,
    ``candidate_answer``); ``url`` a path inside the product (it becomes a link:
    anything else raises ValueError). Rows written: one Notification, in the
    caller's transaction. Queues nothing.
    """
    if url and not (url.startswith("/") and not url.startswith("//")):
        raise ValueError(f"a notification links to a path inside the product, not {url!r}")
    if not recipient.is_active:
        return None
    return Notification.objects.create(recipient=recipient, kind=kind[:50], message=message[:300], url=url[:300])


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


# --- Email templates edited in the UI (issue 7) -------------------------------------------


@transaction.atomic
def email_template_save(
    *,
    actor: Any,
    name: str,
    purpose: str,
    language: str,
    subject: str,
    body_text: str,
    body_html: str,
    is_active: bool,
) -> EmailTemplate:
    """Create the template ``name`` in ``language``, or change it if it exists; return it.

    A template is one row per (name, language), so saving the other language
    of a name adds that version beside the first. Every ``{{ field }}`` in the
    subject and both bodies must be a merge field (messaging.merge_fields):
    a ValidationError naming the unknown fields, per part, refuses the save
    (as it does for an unknown language or purpose, or a missing subject or
    text body), and nothing is written. Rows written: one EmailTemplate and an
    AuditEvent ``messaging.email_template.create`` or ``.update`` with the
    changed field names. Queues nothing.
    """
    values = {
        "purpose": purpose,
        "subject": subject.strip(),
        "body_text": body_text,
        "body_html": body_html,
        "is_active": is_active,
    }
    name = name.strip()
    template = EmailTemplate.objects.select_for_update().filter(name=name, language=language).first()
    created = template is None
    if created:
        template = EmailTemplate(name=name, language=language)
    changed = [field for field, value in values.items() if created or getattr(template, field) != value]
    for field, value in values.items():
        setattr(template, field, value)
    template.full_clean()
    template.save()
    action = "messaging.email_template.create" if created else "messaging.email_template.update"
    audit_record(action=action, actor=actor, target=template, data={"fields": changed})
    return template


# --- Cancelling and moving queued emails by key (issue 7: reminders) ----------------------


def _queued_by_key(
    *, keys: Iterable[str] | None, key_prefix: str | None, related: models.Model | None
) -> models.QuerySet[OutboundEmail]:
    if keys is None and not key_prefix:
        raise ValueError("give keys or a key_prefix")
    queued = OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED)
    if related is not None:
        # Narrows the prefix match to one object's rows (outbound_related_idx).
        queued = queued.filter(
            related_type=related._meta.label_lower,
            related_id=str(getattr(related, "public_id", None) or related.pk),
        )
    if keys is not None:
        queued = queued.filter(idempotency_key__in=list(keys))
    if key_prefix:
        queued = queued.filter(idempotency_key__startswith=key_prefix)
    return queued


def email_cancel(
    *, keys: Iterable[str] | None = None, key_prefix: str | None = None, related: models.Model | None = None
) -> int:
    """Cancel the still-queued emails with one of ``keys`` and/or a key starting
    with ``key_prefix`` (optionally only those about ``related``); returns how many.

    One conditional UPDATE from ``queued`` to ``cancelled``: a row being sent,
    sent, failed or already cancelled is left as it is, so a cancel racing the
    sender never un-sends anything. Runs in the caller's transaction. Writes
    no audit row (the caller records why); queues nothing. Raises ValueError
    when neither ``keys`` nor ``key_prefix`` is given.
    """
    return _queued_by_key(keys=keys, key_prefix=key_prefix, related=related).update(
        status=OutboundEmail.Status.CANCELLED, enqueued_at=None
    )


def email_reschedule(*, key_prefix: str, due_at: datetime, related: models.Model | None = None) -> int:
    """Move the still-queued emails whose key starts with ``key_prefix`` to
    ``due_at``; returns how many moved. One conditional UPDATE on
    ``status=queued`` (rows already claimed are not touched); the hand-off mark
    is cleared so the sweeper hands them over when due. Queues nothing."""
    return _queued_by_key(keys=None, key_prefix=key_prefix, related=related).update(due_at=due_at, enqueued_at=None)
