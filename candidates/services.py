"""Writes to candidates and their timeline (STYLE.md: services write)."""

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
from candidates import search
from candidates.models import Activity, Candidate, Document, Note, Source, Tag
from core import crypto
from core.files import file_read, file_store
from core.services import audit_record

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
    summary: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: datetime | None = None,
) -> Activity:
    """Append one entry to a candidate's timeline, in the caller's transaction.

    ``summary`` is stored as written: never put contact details in it.
    """
    activity = Activity(
        candidate=candidate,
        kind=kind,
        actor=actor,
        summary=summary[:300],
        data=data or {},
        occurred_at=occurred_at or timezone.now(),
    )
    if target is not None:
        activity.target_type = target._meta.label_lower
        activity.target_id = str(getattr(target, "public_id", None) or target.pk)
    activity.save()
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
    phone = cleaned.get("phone")
    if phone:
        normalized = crypto.normalize_phone(phone)
        if normalized is None:
            errors["phone"] = _("Enter a valid phone number, with the country code if it is not local.")
        else:
            cleaned["phone"] = normalized
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
    Duplicate warnings are the caller's business (candidates.selectors).
    """
    candidate = Candidate(owner=values.pop("owner", actor))
    _apply(candidate, {"full_name": full_name, **values})
    candidate.full_clean(exclude=["tags"])
    candidate.save()
    if tags:
        candidate.tags.set(tag_get_or_create_many(tags))
    search.refresh(candidate.pk)
    activity_record(candidate=candidate, kind=Activity.Kind.CREATED, actor=actor, summary=_("Candidate created"))
    audit_record(
        action="candidates.candidate.create",
        actor=actor,
        target=candidate,
        request=request,
        data={"fields": sorted(name for name in values if values[name] not in (None, ""))},
    )
    return candidate


@transaction.atomic
def candidate_update(
    *,
    candidate: Candidate,
    actor: User | None,
    tags: Iterable[str] | None = None,
    request: HttpRequest | None = None,
    **changes: Any,
) -> Candidate:
    """Change a candidate's profile, contact details or tags.

    Re-encrypts changed personal fields, refreshes the blind indexes, and
    records an ``updated`` Activity and an AuditEvent naming the changed
    fields (never their values). Raises ValidationError; nothing is saved then.
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
    candidate.save()
    search.refresh(candidate.pk)
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.UPDATED,
        actor=actor,
        summary=_("Profile updated"),
        data={"fields": sorted(changed)},
    )
    audit_record(
        action="candidates.candidate.update",
        actor=actor,
        target=candidate,
        request=request,
        data={"fields": sorted(changed)},
    )
    return candidate


def candidate_read_record(*, user: User, candidate: Candidate, request: HttpRequest | None = None) -> None:
    """Audit one read of a candidate's profile (DESIGN.md decision 2)."""
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
    """Add a note to a candidate and to their timeline. Raises ValidationError if empty."""
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    note = Note.objects.create(candidate=candidate, author=author, body=body)
    search.refresh(candidate.pk)
    activity_record(candidate=candidate, kind=Activity.Kind.NOTE, actor=author, summary=body[:200], target=note)
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
) -> Document:
    """Store an encrypted document for a candidate.

    The file's bytes are encrypted (bound to the document's public_id) and
    written to the default storage under its public_id; ``text`` (the
    extracted text) is encrypted in the row. Writes a ``document`` Activity.
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
        text=text or None,
    )
    file_store(document, content, folder="documents")
    document.full_clean()
    document.save()
    if text:
        search.refresh(candidate.pk)
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.DOCUMENT,
        actor=actor,
        summary=_("Document added: %(name)s") % {"name": document.filename},
        target=document,
    )
    return document


def document_read(*, document: Document) -> bytes:
    """The decrypted bytes of a stored document."""
    return file_read(document)
