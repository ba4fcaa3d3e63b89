"""Writes of the intake app: connecting mailboxes, sweeping them, and what a
person does with a message that waits in the intake inbox."""

from __future__ import annotations

import contextlib
import io
import logging
import ssl
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from imap_tools import ImapToolsError

from accounts.models import User
from candidates.models import Candidate, ProposedUpdate, Source
from candidates.services import note_create, source_get_or_create
from candidates.services.arrivals import candidate_arrive, resume_arrive
from candidates.uploads import document_check
from core import crypto
from core.files import file_read, file_store
from core.languages import in_each_language
from core.limits import NOTE_MAX_CHARS
from core.services import audit_record
from intake import imap
from intake.models import IntakeAttachment, IntakeMessage, Mailbox
from intake.selectors import waiting_q
from interviews.services.applications import application_create
from jobs.models import Job

logger = logging.getLogger(__name__)

EMAIL_SOURCE_NAME = "Email"
# A message may be this many times the document limit (base64 makes an
# attachment a third larger, and there is the body); a larger one is not
# fetched, only its header, and waits.
MESSAGE_MAX_BYTES_FACTOR = 2
# A reason in words is cut to this, in each language.
REASON_MAX_CHARS = 500
# Errors of one mailbox's connection: recorded on the mailbox, never raised out of a sweep.
CONNECTION_ERRORS = (ImapToolsError, OSError, ssl.SSLError, EOFError, ValueError)

MAILBOX_FIELDS = ("name", "host", "port", "security", "username", "folder", "default_job", "owner", "is_active")


def _check_security(*, host: str, security: str) -> None:
    if security == Mailbox.Security.NONE and host.strip().lower() not in imap.LOCAL_HOSTS:
        raise ValidationError(
            {"security": _("A connection without encryption is only allowed to this machine (localhost).")}
        )


@transaction.atomic
def mailbox_create(*, actor: User, password: str, **values: Any) -> Mailbox:
    """Connect a mailbox (not yet polled: the next sweep starts from its
    current messages). Writes the Mailbox and an ``intake.mailbox.create``
    AuditEvent. Raises ValidationError for an unencrypted remote host or a
    missing password."""
    values = {name: value for name, value in values.items() if name in MAILBOX_FIELDS}
    _check_security(host=values.get("host", ""), security=values.get("security", Mailbox.Security.SSL))
    if not password:
        raise ValidationError({"password": _("Enter the mailbox's password.")})
    mailbox = Mailbox(password=password, **values)
    mailbox.full_clean()
    mailbox.save()
    audit_record(action="intake.mailbox.create", actor=actor, target=mailbox, data={"fields": sorted(values)})
    return mailbox


@transaction.atomic
def mailbox_update(*, mailbox: Mailbox, actor: User, password: str = "", **values: Any) -> Mailbox:
    """Change a mailbox's settings; a blank ``password`` keeps the stored one.
    Moving it to another server or folder restarts its UID position. Writes an
    ``intake.mailbox.update`` AuditEvent naming the changed fields (never values)."""
    values = {name: value for name, value in values.items() if name in MAILBOX_FIELDS}
    _check_security(host=values.get("host", mailbox.host), security=values.get("security", mailbox.security))
    changed = sorted(name for name, value in values.items() if getattr(mailbox, name) != value)
    moved = any(name in changed for name in ("host", "port", "username", "folder"))
    for name, value in values.items():
        setattr(mailbox, name, value)
    if password:
        mailbox.password = password
        changed.append("password")
    if moved:
        mailbox.uidvalidity = None
        mailbox.last_uid = 0
    mailbox.full_clean()
    mailbox.save()
    audit_record(action="intake.mailbox.update", actor=actor, target=mailbox, data={"fields": changed})
    return mailbox


@transaction.atomic
def mailbox_deactivate(*, mailbox: Mailbox, actor: User) -> Mailbox:
    """Stop sweeping a mailbox (its messages stay). ``intake.mailbox.deactivate`` AuditEvent."""
    Mailbox.objects.filter(pk=mailbox.pk).update(is_active=False, updated_at=timezone.now())
    mailbox.is_active = False
    audit_record(action="intake.mailbox.deactivate", actor=actor, target=mailbox)
    return mailbox


def _error_text(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text[:500]


def _connect(mailbox: Mailbox):
    return imap.connect(
        host=mailbox.host,
        port=mailbox.port,
        security=mailbox.security,
        username=mailbox.username,
        password=mailbox.password or "",
        folder=mailbox.folder,
    )


def mailbox_connection_test(*, mailbox: Mailbox, actor: User) -> str:
    """Log in and select the folder; returns "" when that worked, else the
    server's or the network's error. The outcome becomes the mailbox's
    ``last_error``; an ``intake.mailbox.connection_test`` AuditEvent."""
    try:
        box = _connect(mailbox)
    except CONNECTION_ERRORS as error:
        outcome = _error_text(error)
    else:
        box.logout()
        outcome = ""
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error=outcome)
    mailbox.last_error = outcome
    audit_record(action="intake.mailbox.connection_test", actor=actor, target=mailbox, data={"succeeded": not outcome})
    return outcome


def mailboxes_sweep() -> int:
    """Sweep every active mailbox (mailbox_sweep); returns the messages taken."""
    active = Mailbox.objects.filter(is_active=True).values_list("pk", flat=True)
    return sum(mailbox_sweep(mailbox_id=pk) for pk in active)


def mailbox_sweep(*, mailbox_id: int) -> int:
    """Take the messages of one mailbox that arrived since its last seen UID.

    Each message is an IntakeMessage row inserted in its own transaction
    before anything else; (mailbox, uidvalidity, uid) is unique, so when two
    sweeps overlap only the one whose insert won handles the message
    (intake_message_handle). A changed UIDVALIDITY restarts from the first
    UID, with the Message-ID as a second guard against taking a message
    twice. Mail is neither deleted, moved nor marked on the server. A
    connection error is recorded as the mailbox's ``last_error``. Returns how
    many messages this sweep took.
    """
    mailbox = Mailbox.objects.filter(pk=mailbox_id, is_active=True).first()
    if mailbox is None:
        return 0
    taken = 0
    try:
        box = _connect(mailbox)
        try:
            validity = imap.uidvalidity(box, mailbox.folder)
            last_uid = mailbox.last_uid if mailbox.uidvalidity == validity else 0
            renewed = mailbox.uidvalidity is not None and mailbox.uidvalidity != validity
            for uid, size in imap.uids_after(box, last_uid).items():
                too_large = size > MESSAGE_MAX_BYTES_FACTOR * settings.DOCUMENT_MAX_BYTES
                raw = imap.fetch(box, uid, headers_only=too_large)
                message = intake_message_take(
                    mailbox=mailbox, uidvalidity=validity, uid=uid, raw=raw, size=size, renewed=renewed
                )
                taken += message is not None
                _advance(mailbox, validity, uid)
        finally:
            with contextlib.suppress(*CONNECTION_ERRORS):
                box.logout()
    except CONNECTION_ERRORS as error:
        logger.warning("Mailbox %s could not be swept: %s", mailbox.pk, error)
        Mailbox.objects.filter(pk=mailbox.pk).update(last_error=_error_text(error), last_polled_at=timezone.now())
        return taken
    Mailbox.objects.filter(pk=mailbox.pk).update(last_error="", last_polled_at=timezone.now())
    return taken


def _advance(mailbox: Mailbox, validity: int, uid: int) -> None:
    # Never backwards: an overlapping sweep may have gone further already.
    changed = Mailbox.objects.filter(pk=mailbox.pk, uidvalidity=validity).update(last_uid=Greatest(F("last_uid"), uid))
    if not changed:
        Mailbox.objects.filter(pk=mailbox.pk).exclude(uidvalidity=validity).update(uidvalidity=validity, last_uid=uid)


def intake_message_take(
    *, mailbox: Mailbox, uidvalidity: int, uid: int, raw: bytes, size: int, renewed: bool = False
) -> IntakeMessage | None:
    """Take one message (its raw bytes, or only its header when ``size`` is
    past the limit): its row inserted first in its own transaction
    (_message_insert), then handled (intake_message_handle) by the caller
    whose insert won. None when another sweep took it."""
    message = _message_insert(mailbox=mailbox, validity=uidvalidity, uid=uid, raw=raw, renewed=renewed)
    if message is None:
        return None
    too_large = size > MESSAGE_MAX_BYTES_FACTOR * settings.DOCUMENT_MAX_BYTES
    return intake_message_handle(message=message, raw=raw, size=size, too_large=too_large)


def _message_insert(*, mailbox: Mailbox, validity: int, uid: int, raw: bytes, renewed: bool) -> IntakeMessage | None:
    """The message's row, inserted in its own transaction; None when another
    sweep inserted it first (or, after a UIDVALIDITY change, took the same
    Message-ID before)."""
    parsed = imap.parse(raw)
    # A renumbered folder: what was taken before under its old UIDs is known by Message-ID.
    if renewed and parsed.message_id and mailbox.messages.filter(message_id=parsed.message_id).exists():
        return None
    message = IntakeMessage(
        mailbox=mailbox,
        uidvalidity=validity,
        uid=uid,
        message_id=parsed.message_id,
        sender_name=parsed.sender_name,
        sender_address=parsed.sender_address,
        sender_index=crypto.email_index(parsed.sender_address) if "@" in parsed.sender_address else None,
        subject=parsed.subject,
        body=parsed.body,
        received_at=parsed.received_at or timezone.now(),
    )
    try:
        with transaction.atomic():
            message.save(force_insert=True)
    except IntegrityError:
        return None
    return message


def email_source() -> Source:
    return source_get_or_create(name=EMAIL_SOURCE_NAME, kind=Source.Kind.OTHER)


def _refusal(error: ValidationError) -> tuple[str, Callable[[], str]]:
    """The kind of a refusal and its words: the error's messages are lazy,
    so the words are rendered again in each language (core.languages)."""
    code = getattr(error, "code", None)
    return ("not_resume" if code == "type" else "refused"), _words(error)


def _words(error: ValidationError) -> Callable[[], str]:
    return lambda: " ".join(error.messages)


def _unexpected(error: BaseException) -> Callable[[], str]:
    text = _error_text(error)
    return lambda: text


def intake_message_handle(*, message: IntakeMessage, raw: bytes, size: int, too_large: bool = False) -> IntakeMessage:
    """What a newly taken message becomes.

    A message with a resume attachment (PDF or DOCX within the size limit and
    passing candidates.uploads.document_check) from a usable sender address
    becomes a candidate through candidate_arrive (a known address: the same
    candidate, differing values as proposed updates) with the resume
    (resume_arrive), the body as a note by the mailbox's owner and, with a
    default job, an application; status ``converted``. Anything else waits in
    the intake inbox with its reason, its attachments kept encrypted. An
    unexpected error leaves the message waiting (``failed``), never lost.

    The reasons are kept in each language, for whoever reads the inbox; what
    is written once (the note from the body) is in the mailbox owner's.
    """
    with translation.override(message.mailbox.owner.language or settings.LANGUAGE_CODE):
        return _handle_in_language(message, raw=raw, size=size, too_large=too_large)


def _handle_in_language(message: IntakeMessage, *, raw: bytes, size: int, too_large: bool) -> IntakeMessage:
    message.size = min(size, 2**31 - 1)
    if too_large:
        limit = f"{MESSAGE_MAX_BYTES_FACTOR * settings.DOCUMENT_MAX_BYTES / 2**20:.2g}"
        return _wait(
            message,
            IntakeMessage.Reason.TOO_LARGE,
            lambda: _("The message is larger than %(size)s MB; open it in the mailbox itself.") % {"size": limit},
        )
    try:
        with transaction.atomic():
            return _handle(message, imap.parse(raw))
    except Exception as error:
        logger.exception("Intake message %s could not be handled", message.pk)
        return _wait(message, IntakeMessage.Reason.FAILED, _unexpected(error))


def _wait(message: IntakeMessage, reason: str, render: Callable[[], str]) -> IntakeMessage:
    message.status = IntakeMessage.Status.WAITING
    message.reason = reason
    message.reason_texts = in_each_language(render, max_length=REASON_MAX_CHARS)
    IntakeMessage.objects.filter(pk=message.pk).update(
        status=message.status, reason=reason, reason_texts=message.reason_texts, size=message.size
    )
    return message


def _handle(message: IntakeMessage, parsed: imap.Parsed) -> IntakeMessage:
    resume: IntakeAttachment | None = None
    refusals: list[tuple[str, Callable[[], str]]] = []
    contents: dict[int, bytes] = {}
    for part in parsed.attachments:
        attachment = IntakeAttachment(
            message=message, filename=part.filename, content_type=part.content_type, size=len(part.content)
        )
        if len(part.content) > settings.DOCUMENT_MAX_BYTES:
            size = f"{settings.DOCUMENT_MAX_BYTES / 2**20:.2g}"
            too_large = _too_large_text(size)
            attachment.refusal_texts = in_each_language(too_large, max_length=REASON_MAX_CHARS)
            refusals.append(("refused", too_large))
            attachment.save()
            continue
        try:
            attachment.content_type = document_check(io.BytesIO(part.content))
        except ValidationError as error:
            kind, words = _refusal(error)
            attachment.refusal_texts = in_each_language(words, max_length=REASON_MAX_CHARS)
            refusals.append((kind, _named(part.filename, words)))
        file_store(attachment, part.content, folder="intake")
        attachment.save()
        contents[attachment.pk] = part.content
        if not attachment.refused and resume is None:
            resume = attachment
    if resume is None:
        if not parsed.attachments:
            return _wait(message, IntakeMessage.Reason.NO_ATTACHMENT, lambda: _("The message has no attachment."))
        if any(kind == "refused" for kind, _text in refusals):
            reason = IntakeMessage.Reason.REFUSED
        else:
            reason = IntakeMessage.Reason.NOT_RESUME
        return _wait(message, reason, lambda: " ".join(words() for _kind, words in refusals))
    address = parsed.sender_address
    if "@" not in address:
        return _wait(
            message, IntakeMessage.Reason.NO_SENDER, lambda: _("The sender's address is missing or malformed.")
        )
    mailbox = message.mailbox
    try:
        with transaction.atomic():
            candidate = _convert(
                message,
                actor=None,
                owner=mailbox.owner,
                full_name=parsed.sender_name or address.split("@")[0],
                email=address,
                attachment=resume,
                content=contents[resume.pk],
                job=mailbox.default_job,
            )
    except ValidationError as error:
        return _wait(message, IntakeMessage.Reason.FAILED, _words(error))
    message.candidate = candidate
    return message


def _too_large_text(size: str) -> Callable[[], str]:
    return lambda: _("The file is larger than %(size)s MB, the most we accept.") % {"size": size}


def _named(filename: str, words: Callable[[], str]) -> Callable[[], str]:
    return lambda: f"{filename}: {words()}"


def _convert(
    message: IntakeMessage,
    *,
    actor: User | None,
    owner: User,
    full_name: str,
    email: str,
    attachment: IntakeAttachment | None,
    content: bytes | None,
    job: Job | None,
    candidate: Candidate | None = None,
) -> Candidate:
    """The candidate (found, made, or ``candidate`` given), the resume, the
    note and the application of a message; the message marked converted."""
    source = email_source()
    if candidate is None:
        arrival = candidate_arrive(
            full_name=full_name,
            email=email,
            origin=ProposedUpdate.Origin.MAILBOX,
            origin_detail=message.mailbox.name,
            source=source,
            owner=owner,
            actor=actor,
        )
        candidate = arrival.candidate
    if attachment is not None:
        resume_arrive(
            candidate=candidate,
            filename=attachment.filename,
            content=content if content is not None else file_read(attachment),
            content_type=attachment.content_type,
            actor=actor,
        )
    note = _note_text(message)
    if note:
        note_create(candidate=candidate, author=actor or owner, body=note)
    if job is not None:
        try:
            with transaction.atomic():
                application_create(candidate=candidate, job=job, actor=actor, source=source)
        except ValidationError:
            pass  # already in that job's pipeline, or the job closed meanwhile: the candidate is what counts
    message.status = IntakeMessage.Status.CONVERTED
    message.reason = ""
    message.reason_texts = {}
    message.candidate = candidate
    message.handled_by = actor
    IntakeMessage.objects.filter(pk=message.pk).update(
        status=message.status, reason="", reason_texts={}, candidate=candidate, handled_by=actor, size=message.size
    )
    return candidate


def _note_text(message: IntakeMessage) -> str:
    body = (message.body or "").strip()
    heading = _("Email “%(subject)s” to %(mailbox)s") % {
        "subject": message.subject or _("(no subject)"),
        "mailbox": message.mailbox.name,
    }
    text = f"{heading}\n\n{body}" if body else heading
    return text[:NOTE_MAX_CHARS]


def _locked(message: IntakeMessage) -> IntakeMessage:
    """The message, locked, if it still waits for a person (intake.selectors.waiting_q)."""
    locked = (
        IntakeMessage.objects.select_for_update().select_related("mailbox").filter(waiting_q(), pk=message.pk).first()
    )
    if locked is None:
        raise ValidationError(_("This message has been handled already."))
    return locked


def _usable(message: IntakeMessage, attachment: IntakeAttachment | None) -> None:
    if attachment is None:
        return
    if attachment.message_id != message.pk or not attachment.storage_name:
        raise ValidationError({"attachment": _("Choose an attachment of this message.")})
    if attachment.refused:
        raise ValidationError({"attachment": attachment.refused})


@transaction.atomic
def intake_candidate_create(
    *,
    message: IntakeMessage,
    actor: User,
    full_name: str,
    email: str,
    attachment: IntakeAttachment | None = None,
    job: Job | None = None,
) -> Candidate:
    """A person turns a waiting message into a candidate: candidate_arrive
    (a known email finds that candidate), the chosen attachment as the resume,
    the body as a note, an application when ``job`` is given. Marks the message
    converted; an ``intake.intake_message.convert`` AuditEvent. Raises
    ValidationError when the message was handled meanwhile or the attachment is
    refused or not the message's."""
    message = _locked(message)
    _usable(message, attachment)
    candidate = _convert(
        message,
        actor=actor,
        owner=actor,
        full_name=full_name,
        email=email,
        attachment=attachment,
        content=None,
        job=job,
    )
    audit_record(
        action="intake.intake_message.convert",
        actor=actor,
        target=message,
        data={"candidate": str(candidate.public_id), "resume": attachment is not None},
    )
    return candidate


@transaction.atomic
def intake_candidate_attach(
    *, message: IntakeMessage, actor: User, candidate: Candidate, attachment: IntakeAttachment | None = None
) -> Candidate:
    """A person attaches a waiting message to a known candidate: the chosen
    attachment as a new resume, the body as a note. Marks the message
    converted; an ``intake.intake_message.attach`` AuditEvent."""
    message = _locked(message)
    _usable(message, attachment)
    _convert(
        message,
        actor=actor,
        owner=actor,
        full_name=candidate.full_name,
        email="",
        attachment=attachment,
        content=None,
        job=None,
        candidate=candidate,
    )
    audit_record(
        action="intake.intake_message.attach",
        actor=actor,
        target=message,
        data={"candidate": str(candidate.public_id), "resume": attachment is not None},
    )
    return candidate


@transaction.atomic
def intake_message_dismiss(*, message: IntakeMessage, actor: User) -> IntakeMessage:
    """Take a waiting message out of the inbox (it is kept, as dismissed).
    An ``intake.intake_message.dismiss`` AuditEvent."""
    message = _locked(message)
    IntakeMessage.objects.filter(pk=message.pk).update(status=IntakeMessage.Status.DISMISSED, handled_by=actor)
    message.status = IntakeMessage.Status.DISMISSED
    audit_record(action="intake.intake_message.dismiss", actor=actor, target=message)
    return message
