"""The outbox: queue, hand off, claim, send, sweep.

Every email the product sends is a row first. ``email_queue`` inserts it in the
caller's transaction; after commit its id goes to Celery with a short timeout
and no retries, so a broker outage never fails the request. The send task
claims the row (a conditional UPDATE with a lease), renders and sends it over a
reused SMTP connection, and marks it sent. Many rows at once (a check-in
fan-out, a sweep) go as batches of ids: one task sends them one after the
other over the same connection, claiming each just before its send. The beat
sweeper hands due rows and rows whose hand-off or send was lost back to
Celery. Redis can go down or be wiped: the database still holds every message.
The SMTP connection and the broker's circuit breaker are transport's objects.
"""

from __future__ import annotations

import base64
import logging
import smtplib
import time
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from email.policy import Policy
from email.policy import default as default_policy
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import connection, models, transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.crypto import DecryptionError
from core.links import absolute_url
from core.models import AccessToken
from core.services import access_token_issue_many, audit_record
from messaging.models import OutboundEmail
from messaging.services.transport import broker_breaker, smtp_transport

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Longer than the send task's hard time limit, so a live send never loses its claim.
LEASE = timedelta(minutes=3)
# Ids per batch send task, and how long one batch goes on claiming rows; both
# well inside the batch task's time limits (messaging.tasks).
SEND_BATCH = 100
BATCH_SECONDS = 60.0
# How long the preference-centre and unsubscribe link in an email to a
# candidate keeps working. A link is made per email, when it is sent; people
# unsubscribe from mail they read weeks or months later (the law asks at
# least 30 days of anti-spam rules), and a talent pool writes every few
# months, so 180 days keeps the link of the last email alive until the next.
PREFERENCES_VALID_FOR = timedelta(days=180)


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
    candidate_ref: Any = None,
    consent_purpose: str = "",
) -> OutboundEmail:
    """Queue one email in the caller's transaction and return its row.

    Either ``template`` (``templates/emails/<template>/subject.txt``,
    ``body.txt`` and optionally ``body.html``, rendered at send time in
    ``language`` with ``context``) or pre-rendered ``subject``/``body_text``.
    Queueing an ``idempotency_key`` that exists returns the existing row and
    queues nothing. Due now (default): handed to Celery after commit; due
    later: the sweeper hands it over when due. Attachments are
    ``(filename, content, mimetype)``. ``candidate_ref`` (a candidate's
    public_id) marks an email to a candidate; ``consent_purpose`` the consent
    it depends on (withdrawing it cancels the email while queued).
    """
    now = timezone.now()
    values = _email_values(
        now=now,
        to=to,
        language=language,
        template=template,
        context=context,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        due_at=due_at,
        related=related,
        from_address=from_address,
        reply_to=reply_to,
        attachments=attachments,
        candidate_ref=candidate_ref,
        consent_purpose=consent_purpose,
    )
    email, created = OutboundEmail.objects.get_or_create(idempotency_key=idempotency_key, defaults=values)
    if created and values["enqueued_at"] is not None:
        transaction.on_commit(lambda: email_hand_off(email_ids=[email.pk]))
    return email


def email_queue_many(*, messages: Iterable[Mapping[str, Any]]) -> list[OutboundEmail]:
    """email_queue for many emails at once (a check-in fan-out): each message
    is email_queue's keyword arguments; returns the rows in that order.

    One SELECT for the keys that exist (their rows come back and nothing is
    queued for them) and one INSERT for the others, in the caller's
    transaction. The new rows due now are handed to Celery after commit in
    one email_hand_off, that is as batch tasks. A key inserted meanwhile by
    another transaction raises IntegrityError (the caller's transaction
    rolls back, so a sweep simply runs again).
    """
    now = timezone.now()
    messages = [dict(message) for message in messages]
    rows = OutboundEmail.objects.in_bulk(
        [message["idempotency_key"] for message in messages], field_name="idempotency_key"
    )
    keys, new = [], []
    for message in messages:
        key = message.pop("idempotency_key")
        keys.append(key)
        if key not in rows:
            rows[key] = OutboundEmail(idempotency_key=key, **_email_values(now=now, **message))
            new.append(rows[key])
    OutboundEmail.objects.bulk_create(new)
    due = [email.pk for email in new if email.enqueued_at is not None]
    if due:
        transaction.on_commit(lambda: email_hand_off(email_ids=due))
    return [rows[key] for key in keys]


def _email_values(
    *,
    now: datetime,
    to: str,
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
    candidate_ref: Any = None,
    consent_purpose: str = "",
) -> dict[str, Any]:
    """An OutboundEmail's fields but its key; handed off at once (enqueued_at) when due by ``now``."""
    due_at = due_at or now
    return {
        "to_address": to,
        "language": language,
        "template": template,
        "context": dict(context or {}),
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "due_at": due_at,
        "enqueued_at": now if due_at <= now else None,
        "from_address": from_address,
        "reply_to": reply_to,
        "attachments": [
            {"filename": name, "mimetype": mimetype, "content": base64.b64encode(content).decode()}
            for name, content, mimetype in attachments
        ],
        "related_type": related._meta.label_lower if related is not None else "",
        "related_id": str(getattr(related, "public_id", None) or related.pk) if related is not None else "",
        "candidate_ref": candidate_ref,
        "consent_purpose": consent_purpose,
    }


def email_hand_off(*, email_ids: list[int]) -> int:
    """Give rows to Celery; returns how many went. Never raises and never
    waits on a broker that is down: the connection is tried once, without
    kombu's reconnect loop, and after a failure the next hand-offs skip the
    broker for a while (transport's broker_breaker). Rows not handed off are
    marked so and the sweeper hands them over once the broker is back.

    One id goes as one send task (a recruiter's email leaves at once); more go
    as batch tasks of SEND_BATCH ids, each sent over one SMTP
    connection (outbound_email_send_batch)."""
    from messaging.tasks import outbound_email_send_batch_task, outbound_email_send_task

    email_ids = list(email_ids)
    size = SEND_BATCH
    position = 0
    if broker_breaker.allows():
        try:
            with outbound_email_send_task.app.connection_for_write() as broker:
                broker.ensure_connection(max_retries=0)
                for start in range(0, len(email_ids), size):
                    chunk = email_ids[start : start + size]
                    if len(chunk) == 1:
                        outbound_email_send_task.apply_async(args=chunk, connection=broker, retry=False)
                    else:
                        outbound_email_send_batch_task.apply_async(args=[chunk], connection=broker, retry=False)
                    position = start + len(chunk)
                return len(email_ids)
        except Exception as exc:
            broker_breaker.trip()
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
    broker_breaker.reset()  # the sweeper is the periodic retry: it always tries the broker
    return email_hand_off(email_ids=due) if due else 0


# --- Sending -------------------------------------------------------------------------


def email_text_render(name: str, context: dict[str, Any]) -> str:
    """A plain-text template (a subject, a text body) rendered without HTML
    escaping: a stage called "Case study & final" reads "&", not "&amp;".
    Only the HTML part is escaped."""
    return get_template(name).template.render(Context(context, autoescape=False))


# --- The preference centre and unsubscribe links of an email to a candidate ---------------


def preference_links(candidate_refs: Iterable[Any]) -> dict[str, tuple[str, str]]:
    """For each candidate public_id given: a new PREFERENCES AccessToken and
    the absolute ``(preference centre, one-click unsubscribe)`` URLs it opens,
    keyed by the public_id as a string. Candidates that no longer exist are
    left out. One SELECT and one INSERT, whatever the number.

    Messaging sits below candidates, so the Candidate is found by its content
    type (``candidates.candidate``), never imported; the pages behind the links
    belong to the privacy app (``privacy:preferences``, ``privacy:unsubscribe``).
    """
    refs = {str(ref) for ref in candidate_refs if ref}
    if not refs:
        return {}
    candidate_type = ContentType.objects.get_by_natural_key("candidates", "candidate")
    model = candidate_type.model_class()
    found = list(model._base_manager.filter(public_id__in=refs).only("pk", "public_id"))
    tokens = access_token_issue_many(
        purpose=AccessToken.Purpose.PREFERENCES, targets=found, valid_for=PREFERENCES_VALID_FOR
    )
    return {
        str(candidate.public_id): (
            absolute_url(reverse("privacy:preferences", args=[token])),
            absolute_url(reverse("privacy:unsubscribe", args=[token])),
        )
        for candidate, token in zip(found, tokens, strict=True)
    }


def _with_footer(email: OutboundEmail, text: str, html: str, preferences_url: str) -> tuple[str, str]:
    """The text and HTML bodies with the footer that links a candidate to their
    preference centre, in the email's language (templates/messaging/_fragments/email_footer.*)."""
    with translation.override(email.language):
        context = {"preferences_url": preferences_url, "language": email.language}
        text = (
            text.rstrip("\n")
            + "\n\n"
            + email_text_render("messaging/_fragments/email_footer.txt", context).strip()
            + "\n"
        )
        if html:
            footer = render_to_string("messaging/_fragments/email_footer.html", context)
            closing = html.lower().rfind("</body>")
            html = html[:closing] + footer + html[closing:] if closing >= 0 else html + footer
    return text, html


class _UnfoldedHeader(str):
    """A header value written on one line whatever its length. The default
    policy folds a value with no space in it as RFC 2047 encoded words, and
    a List-Unsubscribe URL in encoded words is one no mail client can use;
    RFC 5322 allows lines up to 998 characters."""

    name: str

    def __new__(cls, name: str, value: str) -> _UnfoldedHeader:
        header = super().__new__(cls, value)
        header.name = name
        return header

    def fold(self, *, policy: Policy) -> str:
        return f"{self.name}: {self}{policy.linesep}"


class _CandidateEmail(EmailMultiAlternatives):
    """An email to a candidate: its List-Unsubscribe URL is never folded."""

    def message(self, *, policy: Policy = default_policy):
        message = super().message(policy=policy)
        value = message["List-Unsubscribe"]
        if value is not None:
            del message["List-Unsubscribe"]
            message.set_raw("List-Unsubscribe", _UnfoldedHeader("List-Unsubscribe", str(value)))
        return message


def _render(email: OutboundEmail, links: tuple[str, str] | None = None) -> EmailMultiAlternatives:
    """The message for ``email``. An email to a candidate (``candidate_ref``)
    carries the footer link to their preference centre and the RFC 8058
    one-click ``List-Unsubscribe`` headers, and its template may use
    ``preferences_url``; ``links`` are its (preference centre, unsubscribe)
    URLs when the caller made them (a batch makes them all at once), else
    they are made here. Staff emails get neither."""
    subject, text, html = email.subject, email.body_text, email.body_html
    if email.candidate_ref and links is None:
        links = preference_links([email.candidate_ref]).get(str(email.candidate_ref))
    if email.template:
        with translation.override(email.language):
            context = {**email.context, "language": email.language}
            if email.candidate_ref and links is not None:
                context["preferences_url"] = links[0]  # a template may link it in its body too
            base = f"emails/{email.template}"
            subject = email_text_render(f"{base}/subject.txt", context).strip()
            text = email_text_render(f"{base}/body.txt", context)
            try:
                html = render_to_string(f"{base}/body.html", context)
            except TemplateDoesNotExist:
                html = ""
    headers = {"Message-ID": f"<{email.public_id}@recruitcrm>", "X-RecruitCRM-Email": str(email.public_id)}
    if email.candidate_ref and links is not None:
        preferences_url, unsubscribe_url = links
        text, html = _with_footer(email, text, html, preferences_url)
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = (_CandidateEmail if "List-Unsubscribe" in headers else EmailMultiAlternatives)(
        subject=" ".join(subject.splitlines()),
        body=text,
        from_email=email.from_address or settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        reply_to=[email.reply_to] if email.reply_to else None,
        headers=headers,
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
        smtp_transport.send(_render(email))
    except Exception as exc:
        if isinstance(exc, OSError | smtplib.SMTPException):
            smtp_transport.reset()
        return _record_failure(email, exc, now=now)
    _mark_sent_and_claim(email_id, None, now=now)
    return "sent"


# A batch's two writes per email, "sent" for the one just sent and the claim of
# the next, go as one multi-statement query: PostgreSQL runs it as one
# transaction, so it is one round trip and one commit per email. Plain SQL
# because the ORM's compiling of two UPDATEs per email costs more CPU than
# the rest of the bookkeeping. The conditions are outbound_email_send's.
_TABLE = OutboundEmail._meta.db_table
_MARK_SENT_SQL = (
    f"UPDATE {_TABLE} SET status = %s, sent_at = %s, claimed_until = NULL, last_error = '', "
    "context = '{}'::jsonb, body_text = '', body_html = '', attachments = '[]'::jsonb "
    "WHERE id = %s AND status = %s"
)
_CLAIM_SQL = (
    f"UPDATE {_TABLE} SET status = %s, claimed_until = %s, attempts = attempts + 1 "
    "WHERE id = %s AND status = %s AND due_at <= %s"
)


def _mark_sent_and_claim(sent_id: int | None, next_id: int | None, *, now: datetime) -> bool:
    """Mark ``sent_id`` sent, clearing its body, and claim ``next_id`` if it is
    still queued and due by ``now`` (with a lease from this moment), in one
    transaction; returns whether ``next_id`` was claimed."""
    Status = OutboundEmail.Status
    statements, params = [], []
    # Once sent, the body is not kept: it may hold a tokenized link (a candidate's
    # self-scheduling or survey link) that only its recipient should be able to open.
    if sent_id is not None:
        statements.append(_MARK_SENT_SQL)
        params += [Status.SENT.value, timezone.now(), sent_id, Status.SENDING.value]
    if next_id is not None:
        statements.append(_CLAIM_SQL)
        params += [Status.SENDING.value, timezone.now() + LEASE, next_id, Status.QUEUED.value, now]
    if not statements:
        return False
    with connection.cursor() as cursor:
        cursor.execute("; ".join(statements), params)
        return next_id is not None and cursor.rowcount == 1


def outbound_email_send_batch(*, email_ids: Iterable[int], now: datetime | None = None) -> dict[str, int]:
    """Send many rows over one SMTP connection; returns how many were ``sent``,
    ``retry``, ``failed``, ``not claimed`` and ``released``.

    The same rules as outbound_email_send, row by row: each row is claimed by
    its own conditional UPDATE (queued and due → sending, with a lease) just
    before its send, so a row cancelled, rescheduled, sent or claimed by
    anyone else since it was handed off is skipped, and a cancel or an
    opt-out is honoured up to that moment. After a send, "sent" is committed
    in the same transaction as the claim of the next row (one commit per
    email): a crash leaves at most the row being sent to the lease reclaim,
    and every later row still queued. A permanent failure marks that row
    failed and the batch goes on; a transient one (the server is in trouble)
    puts that row back with its backoff and stops the batch. Rows not reached
    (after a transient failure, or once BATCH_SECONDS have passed)
    stay queued and unclaimed, marked not handed off, so the next sweep hands
    them over again.
    """
    now = now or timezone.now()
    ids = list(dict.fromkeys(email_ids))
    rows = OutboundEmail.objects.filter(pk__in=ids, status=OutboundEmail.Status.QUEUED, due_at__lte=now).in_bulk()
    order = [pk for pk in ids if pk in rows]
    outcome = {"sent": 0, "retry": 0, "failed": 0, "not claimed": len(ids) - len(order), "released": 0}
    deadline = time.monotonic() + BATCH_SECONDS
    # Every candidate's links at once: one SELECT and one INSERT for the batch.
    links = preference_links(rows[pk].candidate_ref for pk in order)
    claimed = bool(order) and _mark_sent_and_claim(None, order[0], now=now)
    for index, email_id in enumerate(order):
        following = order[index + 1] if index + 1 < len(order) else None
        if not claimed:
            outcome["not claimed"] += 1
            claimed = _mark_sent_and_claim(None, following, now=now)
            continue
        email = rows[email_id]
        email.attempts += 1  # as the claim counted it
        try:
            smtp_transport.send(_render(email, links.get(str(email.candidate_ref)) if email.candidate_ref else None))
        except Exception as exc:
            if isinstance(exc, OSError | smtplib.SMTPException):
                smtp_transport.reset()
            result = _record_failure(email, exc, now=now)
            outcome[result] += 1
            if result == "retry" or time.monotonic() >= deadline:
                outcome["released"] += _release(order[index + 1 :])
                break
            claimed = _mark_sent_and_claim(None, following, now=now)
            continue
        outcome["sent"] += 1
        if following is not None and time.monotonic() >= deadline:
            _mark_sent_and_claim(email_id, None, now=now)
            outcome["released"] += _release(order[index + 1 :])
            break
        claimed = _mark_sent_and_claim(email_id, following, now=now)
    return outcome


def _release(email_ids: list[int]) -> int:
    """Rows a batch did not reach: still queued, and handed to Celery again by the next sweep."""
    if not email_ids:
        return 0
    return OutboundEmail.objects.filter(pk__in=email_ids, status=OutboundEmail.Status.QUEUED).update(enqueued_at=None)


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


# --- Cancelling or resending one email (the candidate's timeline) -------------------------


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


# --- Cancelling and moving queued emails by key ---------------------------------------


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


def email_withdraw(*, key: str) -> bool:
    """Take back the still-queued email with idempotency ``key``: cancel it and
    free the key (renamed ``<key>:withdrawn:<id>``), so that the same message
    may be queued again later (a rejection undone, then made again). False
    when there is no such queued email: it is being sent, was sent, or never
    existed. One conditional UPDATE, in the caller's transaction."""
    queued = OutboundEmail.objects.filter(idempotency_key=key, status=OutboundEmail.Status.QUEUED)
    return bool(
        queued.update(
            status=OutboundEmail.Status.CANCELLED,
            enqueued_at=None,
            idempotency_key=Concat(Value(f"{key}:withdrawn:"), Cast("pk", output_field=CharField())),
        )
    )
