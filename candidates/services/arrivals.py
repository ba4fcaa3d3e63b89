"""Candidates who arrive from outside (the application form, a mailbox, a
bulk upload): found by their blind-indexed email or phone, or created."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import connection, transaction

from accounts.models import User
from candidates.models import Candidate, Document, ProposedUpdate, Source
from candidates.services import _clean_contact, candidate_create, document_upload
from candidates.services.proposals import PROPOSABLE_FIELDS, proposed_updates_record
from core import crypto


@dataclass
class Arrival:
    """What candidate_arrive did: the candidate (found or new), whether it
    was created, the fields filled where the profile was empty, and the
    values left waiting as proposals."""

    candidate: Candidate
    created: bool
    filled: list[str] = field(default_factory=list)
    proposals: list[ProposedUpdate] = field(default_factory=list)


def _lock(*indexes: bytes | None) -> None:
    # Two arrivals of one person at once (a double click, two mailboxes) must
    # find one another: each takes a transaction lock on its blind indexes,
    # in a fixed order, before looking.
    keys = sorted({int.from_bytes(index[:8], "big", signed=True) for index in indexes if index})
    with connection.cursor() as cursor:
        for key in keys:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


def candidate_match(*, email: str = "", phone: str = "") -> Candidate | None:
    """The candidate (not merged away) whose blind-indexed email, else phone,
    matches; the oldest when several do."""
    live = Candidate.objects.filter(merged_into__isnull=True).order_by("created_at", "id")
    email_index = crypto.email_index(email) if email else None
    if email_index:
        match = live.filter(email_index=email_index).first()
        if match is not None:
            return match
    phone_index = crypto.phone_index(phone) if phone else None
    if phone_index:
        return live.filter(phone_index=phone_index).first()
    return None


@transaction.atomic
def candidate_arrive(
    *,
    full_name: str,
    email: str = "",
    phone: str = "",
    values: Mapping[str, str] | None = None,
    origin: str,
    origin_detail: str = "",
    source: Source | None = None,
    owner: User | None = None,
    actor: User | None = None,
    language: str = "",
) -> Arrival:
    """Find the candidate an arrival is about, or create one.

    ``email`` and ``phone`` are normalised (ValidationError when malformed)
    and matched through the blind indexes (candidate_match), under a lock on
    those indexes so two arrivals of one person at once make one candidate.
    A new candidate gets every value (candidate_create), ``source``,
    ``owner`` and ``language``. A known one keeps its profile: empty fields
    are filled, differing values wait as ProposedUpdates
    (proposed_updates_record with ``origin``, a ProposedUpdate.Origin value).
    """
    contact = _clean_contact({"email": email, "phone": phone})
    email, phone = contact.get("email") or "", contact.get("phone") or ""
    _lock(crypto.email_index(email) if email else None, crypto.phone_index(phone) if phone else None)
    extra = {name: value for name, value in (values or {}).items() if value}
    match = candidate_match(email=email, phone=phone)
    if match is None:
        details = {"email": email, "phone": phone, **extra}
        if language:
            details["language"] = language
        candidate = candidate_create(
            actor=actor,
            full_name=full_name,
            owner=owner,
            source=source,
            **{name: value for name, value in details.items() if value},
        )
        return Arrival(candidate=candidate, created=True)
    offered = {"full_name": full_name, "email": email, "phone": phone, **extra}
    filled, proposals = proposed_updates_record(
        candidate=match,
        values={name: value for name, value in offered.items() if name in PROPOSABLE_FIELDS},
        origin=origin,
        origin_detail=origin_detail,
        actor=actor,
    )
    return Arrival(candidate=match, created=False, filled=filled, proposals=proposals)


def resume_arrive(
    *, candidate: Candidate, filename: str, content: bytes, content_type: str, actor: User | None = None
) -> Document:
    """Keep a resume that arrived from outside for ``candidate``: stored and
    extracted like any upload (document_upload, which the caller's content
    check precedes), then parsed into the profile once its text is out
    (Document.parse_requested; candidates.services.resume.resume_apply)."""
    return document_upload(
        candidate=candidate,
        actor=actor,
        filename=filename,
        content=content,
        content_type=content_type,
        parse_requested=True,
    )
