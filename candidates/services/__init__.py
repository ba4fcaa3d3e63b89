"""Writes to candidates and their timeline: every write to candidates goes through here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import messages, search
from candidates.models import Activity, Candidate, Document, Note, SavedSearch, Source, Tag
from candidates.timezones import guess_time_zone
from core import crypto
from core.files import file_read, file_store
from core.limits import NOTE_MAX_CHARS
from core.services import audit_record
from core.validators import clean_phone
from messaging.messages import MESSAGES, Message

# Fields a caller may set through candidate_create / candidate_update.
PROFILE_FIELDS = (
    "full_name",
    "headline",
    "company",
    "location",
    "skills",
    "owner",
    "source",
    "language",
    "time_zone",
)
ENCRYPTED_FIELDS = Candidate.CONTACT_FIELDS + Candidate.COMPENSATION_FIELDS


def activity_record(
    *,
    candidate: Candidate,
    kind: str,
    actor: User | None,
    message: Message,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> Activity:
    """Append one entry to a candidate's timeline, in the caller's transaction.

    ``message`` is a registered message with its parameters
    (``MESSAGES.message(APPLIED, job=..., stage=...)``, or ``MESSAGES.text(...)``
    for text someone wrote), stored as id and parameters and shown in the
    reader's language. Never put contact details in its parameters.
    """
    activity = _activity(
        candidate=candidate,
        kind=kind,
        actor=actor,
        message=message,
        target=target,
        data=data,
        occurred_at=occurred_at,
    )
    activity.save()
    return activity


def activity_record_many(*, entries: Iterable[dict[str, Any]]) -> list[Activity]:
    """activity_record for many entries (each its keyword arguments) in one
    INSERT, in the caller's transaction."""
    return Activity.objects.bulk_create(_activity(**entry) for entry in entries)


def _activity(
    *,
    candidate: Candidate,
    kind: str,
    actor: User | None,
    message: Message,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> Activity:
    if not isinstance(message, Message):
        raise TypeError("a timeline entry is a registered message (messaging.messages), not text")
    activity = Activity(
        candidate=candidate,
        kind=kind,
        actor=actor,
        message_id=message.message_id,
        params=message.params,
        data=data or {},
        occurred_at=occurred_at or timezone.now(),
    )
    if target is not None:
        activity.target_type = target._meta.label_lower
        activity.target_id = str(getattr(target, "public_id", None) or target.pk)
    return activity


def _clean_contact(values: dict[str, Any]) -> dict[str, Any]:
    """Normalise email and phone, raising ValidationError on malformed ones."""
    errors = {}
    cleaned = {key: (value.strip() if isinstance(value, str) else value) for key, value in values.items()}
    email = cleaned.get("email")
    if email:
        cleaned["email"] = crypto.normalize_email(email)
        try:
            validate_email(cleaned["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    if cleaned.get("phone"):
        try:
            cleaned["phone"] = clean_phone(cleaned["phone"])
        except ValidationError as error:
            errors["phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _apply(candidate: Candidate, values: dict[str, Any]) -> list[str]:
    unknown = set(values) - set(PROFILE_FIELDS) - set(ENCRYPTED_FIELDS)
    if unknown:
        raise TypeError(f"unknown candidate fields: {', '.join(sorted(unknown))}")
    values = _clean_contact(values)
    changed = []
    for name, value in values.items():
        if value == "":
            value = None if name in ENCRYPTED_FIELDS else ""
        if getattr(candidate, name) != value:
            setattr(candidate, name, value)
            changed.append(name)
    candidate.email_index = crypto.email_index(candidate.email)
    candidate.phone_index = crypto.phone_index(candidate.phone)
    return changed


def time_zone_guess(candidate: Candidate, values: dict[str, Any]) -> None:
    """Set a new candidate's time zone, when ``values`` give none, from their
    phone number's country or their city (candidates.timezones); the
    deployment's zone stays only when neither tells."""
    if not values.get("time_zone"):
        guess = guess_time_zone(phone=candidate.phone, location=candidate.location)
        if guess is not None:
            candidate.time_zone = guess


@transaction.atomic
def candidate_create(
    *,
    actor: User | None,
    full_name: str,
    tags: Iterable[str] = (),
    request: HttpRequest | None = None,
    **values: Any,
) -> Candidate:
    """Create a candidate with encrypted contact details and blind indexes.

    Writes the Candidate, its tags, its search document, a ``created`` Activity and a
    ``candidates.candidate.create`` AuditEvent (field names only). Raises
    ValidationError for a malformed email, phone or time zone, or a blank name.
    Without a time zone, it is guessed (time_zone_guess).
    Duplicate warnings are the caller's business (candidates.selectors).
    """
    candidate = Candidate(owner=values.pop("owner", actor))
    _apply(candidate, {"full_name": full_name, **values})
    time_zone_guess(candidate, values)
    candidate.full_clean(exclude=["tags"])
    candidate.save()
    if tags:
        candidate.tags.set(tag_get_or_create_many(tags))
    search.refresh(candidate.pk)
    activity, audit = _created_records(candidate=candidate, actor=actor, values=values, request=request)
    activity_record(**activity)
    audit_record(**audit)
    return candidate


def _created_records(
    *, candidate: Candidate, actor: User | None, values: dict[str, Any], request: HttpRequest | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A new candidate's ``created`` timeline entry and its
    ``candidates.candidate.create`` AuditEvent naming the fields set in
    ``values`` (never their values), as the keyword arguments of
    activity_record and audit_record: candidate_create writes them one at a
    time, the import's candidate_create_many in bulk."""
    activity = {
        "candidate": candidate,
        "kind": Activity.Kind.CREATED,
        "actor": actor,
        "message": MESSAGES.message(messages.CREATED),
    }
    audit = {
        "action": "candidates.candidate.create",
        "actor": actor,
        "target": candidate,
        "request": request,
        "data": {"fields": sorted(name for name, value in values.items() if value not in (None, ""))},
    }
    return activity, audit


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    actor: User | None,
    tags: Iterable[str] | None = None,
    request: HttpRequest | None = None,
    origin: str = "",
    **changes: Any,
) -> Candidate:
    """Change a candidate's profile, contact details or tags.

    Re-encrypts changed personal fields, refreshes the blind indexes, and
    records an ``updated`` Activity and an AuditEvent naming the changed
    fields (never their values) and, when the values came from outside, their
    ``origin`` (a ProposedUpdate.Origin value). A changed field loses its
    "from resume" mark: a person has set it now. Raises ValidationError;
    nothing is saved then.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    changed = _apply(candidate, changes)
    candidate.full_clean(exclude=["tags"])
    if tags is not None:
        new_tags = tag_get_or_create_many(tags)
        if {t.pk for t in new_tags} != set(candidate.tags.values_list("pk", flat=True)):
            candidate.tags.set(new_tags)
            changed.append("tags")
    if not changed:
        return candidate
    if candidate.from_resume:
        candidate.from_resume = [name for name in candidate.from_resume if name not in changed]
    candidate.save()
    search.refresh(candidate.pk)
    data = {"fields": sorted(changed), **({"origin": origin} if origin else {})}
    message = MESSAGES.message(messages.UPDATED_FROM, origin=origin) if origin else MESSAGES.message(messages.UPDATED)
    activity_record(candidate=candidate, kind=Activity.Kind.UPDATED, actor=actor, message=message, data=data)
    audit_record(action="candidates.candidate.update", actor=actor, target=candidate, request=request, data=data)
    if "owner" in changed:  # an assignment notification, in the new owner's language
        from candidates.services.notifications import candidate_owner_notify

        candidate_owner_notify(candidate=candidate, actor=actor)
    return candidate


def candidate_read_record(*, user: User, candidate: Candidate, request: HttpRequest | None = None) -> None:
    """Audit one read of a candidate's profile: every profile read is an AuditEvent."""
    audit_record(action="candidates.candidate.view", actor=user, target=candidate, request=request)


def tag_get_or_create_many(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in {n.strip() for n in names if n and n.strip()}:
        tag, _created = Tag.objects.get_or_create(name=name[:50])
        tags.append(tag)
    return tags


def source_get_or_create(*, name: str, kind: str = Source.Kind.OTHER) -> Source:
    source, _created = Source.objects.get_or_create(name=name, defaults={"kind": kind})
    return source


@transaction.atomic
def note_create(*, candidate: Candidate, author: User, body: str) -> Note:
    """Add a note to a candidate and to their timeline. Raises ValidationError
    if empty or longer than NOTE_MAX_CHARS."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > NOTE_MAX_CHARS:
        raise ValidationError(
            {"body": _("A note can have at most %(limit)d characters.") % {"limit": NOTE_MAX_CHARS}}, code="max_length"
        )
    note = Note.objects.create(candidate=candidate, author=author, body=body)
    search.refresh(candidate.pk)
    activity_record(
        candidate=candidate, kind=Activity.Kind.NOTE, actor=author, message=MESSAGES.text(body[:200]), target=note
    )
    return note


@transaction.atomic
def document_create(
    *,
    candidate: Candidate,
    actor: User | None,
    filename: str,
    content: bytes,
    content_type: str,
    kind: str = Document.Kind.RESUME,
    text: str = "",
    parse_requested: bool = False,
) -> Document:
    """Store an encrypted document for a candidate.

    The file's bytes are encrypted (bound to the document's public_id) and
    written to the default storage under its public_id; ``text`` (the
    extracted text, kept as document_set_text keeps it) is encrypted in the
    row. Writes a ``document`` Activity.
    If the transaction rolls back, the stored ciphertext has no row and can
    never be decrypted without its public_id's row; it is left for cleanup.
    """
    document = Document(
        candidate=candidate,
        kind=kind,
        filename=filename[:255],
        content_type=content_type,
        size=len(content),
        uploaded_by=actor,
        parse_requested=parse_requested,
    )
    if text:
        _text_set(document, text)
    file_store(document, content, folder="documents")
    document.full_clean()
    document.save()
    if text:
        search.refresh(candidate.pk)
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.DOCUMENT,
        actor=actor,
        message=MESSAGES.message(messages.DOCUMENT_ADDED, name=document.filename),
        target=document,
    )
    return document


def document_read(*, document: Document) -> bytes:
    """The decrypted bytes of a stored document."""
    return file_read(document)


@transaction.atomic
def candidate_tags_add(*, candidate: Candidate, actor: User | None, tags: Iterable[str]) -> Candidate:
    """Add ``tags`` to a candidate's own, keeping those it has (candidate_update writes)."""
    current = list(candidate.tags.values_list("name", flat=True))
    return candidate_update(candidate=candidate, actor=actor, tags=[*current, *tags])


@transaction.atomic
def saved_search_save(*, owner: User, name: str, query: str, filters: dict[str, Any], sort: str) -> SavedSearch:
    """Save the candidate list's query, filters and sort under a name of the owner's.

    Writes one SavedSearch. Raises ValidationError for a blank name or one the
    owner already uses.
    """
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the search a name.")})
    if SavedSearch.objects.filter(owner=owner, name__iexact=name).exists():
        raise ValidationError({"name": _("You already have a saved search called “%(name)s”.") % {"name": name}})
    saved = SavedSearch(owner=owner, name=name, query=query.strip(), filters=filters, sort=sort)
    saved.full_clean()
    saved.save()
    return saved


def saved_search_delete(*, saved_search: SavedSearch) -> None:
    """Delete one saved search (the caller checked it is the user's own)."""
    saved_search.delete()


# --- The candidate profile: mentions and documents -----------------------------------

# "@rita" (an email's local part) or "@rita@demo.test" (a full email); not the "@"
# inside an email address written in the note.
MENTION = r"(?<![\w.+-])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)"


def _mentioned_users(body: str) -> list[User]:
    import re

    full, local = set(), set()
    for handle in re.findall(MENTION, body):
        handle = handle.rstrip(".").lower()
        (full if "@" in handle else local).add(handle)
    if not full and not local:
        return []
    matches = models.Q(pk__in=[])
    for address in full:
        matches |= models.Q(email__iexact=address)
    for part in local:
        matches |= models.Q(email__istartswith=f"{part}@")
    return list(User.objects.filter(matches, is_active=True))


@transaction.atomic
def note_create_with_mentions(*, candidate: Candidate, author: User, body: str, url: str) -> Note:
    """Add a note (note_create) and tell each colleague it @mentions.

    A mention is ``@`` and a colleague's email or its local part (``@rita``,
    ``@rita@demo.test``). Each mentioned active user other than the author who
    may see the candidate gets a ``mention`` Notification linking to ``url``, in
    their own language; others are skipped silently, so a mention never tells
    anyone about a candidate they may not see. Raises ValidationError if empty.
    """
    from candidates.selectors import candidate_list_for
    from messaging.services import notification_create

    note = note_create(candidate=candidate, author=author, body=body)
    for user in _mentioned_users(note.body):
        if user.pk == author.pk or not candidate_list_for(user).filter(pk=candidate.pk).exists():
            continue
        message = MESSAGES.message(
            messages.MENTIONED, author=author.full_name or author.email, candidate=candidate.full_name
        )
        notification_create(recipient=user, kind="mention", message=message, url=url)
    return note


def _extraction_hand_off(document_id: int) -> None:
    # After commit, with no retries in the request: a broker outage must not fail
    # the upload. The text can be extracted later (document_extract_text_task).
    import logging

    from candidates.tasks import document_extract_text_task

    try:
        document_extract_text_task.apply_async(args=[document_id], retry=False)
    except Exception as exc:
        logging.getLogger(__name__).warning("broker unavailable, document %s not extracted: %s", document_id, exc)


@transaction.atomic
def document_upload(
    *,
    candidate: Candidate,
    actor: User | None,
    filename: str,
    content: bytes,
    content_type: str,
    kind: str = Document.Kind.RESUME,
    parse_requested: bool = False,
) -> Document:
    """Store an uploaded document (document_create: encrypted file, ``document``
    Activity) and, after commit, queue ``document_extract_text_task`` for it;
    with ``parse_requested`` that task also fills the profile from it.

    The caller has checked the content type from the bytes (candidates.uploads).
    """
    document = document_create(
        candidate=candidate,
        actor=actor,
        filename=filename,
        content=content,
        content_type=content_type,
        kind=kind,
        parse_requested=parse_requested,
    )
    document_id = document.pk
    transaction.on_commit(lambda: _extraction_hand_off(document_id))
    return document


def _shortened(text: str, limit: int) -> str:
    """``text``'s distinct words (ignoring case) in order of first appearance,
    cut at the last whole word within ``limit`` characters."""
    words = dict.fromkeys(text.split())
    seen: set[str] = set()
    kept: list[str] = []
    length = -1
    for word in words:
        if word.lower() in seen:
            continue
        if length + 1 + len(word) > limit:
            break
        seen.add(word.lower())
        kept.append(word)
        length += 1 + len(word)
    return " ".join(kept)


def _text_set(document: Document, text: str) -> None:
    text = (text or "").replace("\x00", " ")
    document.text_length = len(text)
    document.text_issue = document.text_issue_detail = ""
    if len(text) > Document.TEXT_MAX_CHARS:
        text = _shortened(text, Document.TEXT_MAX_CHARS)
        document.text_issue = Document.TextIssue.SHORTENED
    document.text = text or None


@transaction.atomic
def document_set_text(*, document: Document, text: str) -> Document:
    """Save a document's extracted text (encrypted) and rebuild its candidate's
    search document, so the resume's words find the candidate.

    A text longer than ``Document.TEXT_MAX_CHARS`` is kept as its distinct
    words up to that length, and the document says so (``text_issue``
    ``shortened``, ``text_length`` the original length)."""
    _text_set(document, text)
    document.save(update_fields=["text", "text_length", "text_issue", "text_issue_detail", "updated_at"])
    search.refresh(document.candidate_id)
    return document


def document_mark_unreadable(*, document: Document, reason: str) -> Document:
    """Record that a document's text could not be extracted, and the reader's
    ``reason`` (shown on the profile, cut to fit). Writes the one row."""
    document.text_issue = Document.TextIssue.UNREADABLE
    document.text_issue_detail = " ".join(reason.split())[:300]
    document.save(update_fields=["text_issue", "text_issue_detail", "updated_at"])
    return document
