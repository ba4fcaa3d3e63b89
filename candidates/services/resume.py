"""A resume's parsed values, written into its candidate's profile."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from candidates import messages
from candidates.models import Activity, Candidate, Document, Education, Experience, ProposedUpdate
from candidates.parsing import ParsedResume, resume_parse
from candidates.selectors import skill_vocabulary
from candidates.services import activity_record, document_upload
from candidates.services.proposals import proposed_updates_record
from core import crypto
from messaging.messages import MESSAGES


def resume_parse_text(text: str) -> ParsedResume:
    """Parse a resume's extracted text with the team's skills vocabulary."""
    return resume_parse(text, skills=skill_vocabulary(), region=settings.DEFAULT_PHONE_REGION)


@transaction.atomic
def resume_apply(*, document: Document) -> ParsedResume | None:
    """Fill ``document``'s candidate from the document's extracted text.

    Called by the text extraction task for a document with
    ``parse_requested``, once its text is out. Empty profile fields take the
    parsed values, marked "from resume" (Candidate.from_resume, and
    ``from_resume`` on the work history and education entries) until a
    person confirms them; values that differ wait as proposals with the
    origin "resume". Sets ``parsed_at``; a document parsed already is left
    alone.

    Rows written: the candidate's filled fields (candidate_update, through
    proposed_updates_record), ProposedUpdates, Experience and Education rows
    (only when the candidate has none yet: a second resume does not repeat
    the history), a ``resume_parsed`` Activity, ``parsed_at``. A text that
    could not be read whole (``text_issue``) is not parsed. Returns what was
    parsed, or None when nothing was.
    """
    document = Document.objects.select_for_update().select_related("candidate").filter(pk=document.pk).first()
    if document is None or document.parsed_at is not None:
        return None
    document.parsed_at = timezone.now()
    document.save(update_fields=["parsed_at", "updated_at"])
    if document.text_issue or not (document.text or "").strip():
        return None
    parsed = resume_parse_text(document.text)
    candidate = document.candidate
    filled, proposals = proposed_updates_record(
        candidate=candidate,
        values=parsed.profile_values(),
        origin=ProposedUpdate.Origin.RESUME,
        origin_detail=document.filename,
        from_resume=True,
    )
    work, education = _history_record(candidate, parsed)
    if filled or work or education:
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.UPDATED,
            actor=None,
            message=MESSAGES.message(messages.RESUME_PARSED, name=document.filename),
            target=document,
            data={
                "filled": filled,
                "proposed": sorted({p.field for p in proposals}),
                "work": work,
                "education": education,
            },
        )
    return parsed


def _history_record(candidate: Candidate, parsed: ParsedResume) -> tuple[int, int]:
    """Write the parsed work history and education, marked "from resume",
    each only when the candidate has none yet (a second resume does not
    repeat them). Returns how many entries of each were written."""
    work = education = 0
    if parsed.work and not candidate.experiences.exists():
        work = len(
            Experience.objects.bulk_create(
                Experience(
                    candidate=candidate,
                    company=entry.company[:200],
                    title=entry.title[:200],
                    start=entry.start,
                    end=entry.end,
                    is_current=entry.end is None,
                    order=order,
                    from_resume=True,
                )
                for order, entry in enumerate(parsed.work)
            )
        )
    if parsed.education and not candidate.educations.exists():
        education = len(
            Education.objects.bulk_create(
                Education(
                    candidate=candidate,
                    school=entry.school[:200],
                    degree=entry.degree[:100],
                    major=entry.major[:200],
                    start=entry.start,
                    end=entry.end,
                    order=order,
                    from_resume=True,
                )
                for order, entry in enumerate(parsed.education)
            )
        )
    return work, education


# -- a resume kept between "Fill from resume" and saving the new candidate ---------------------------------------

STASH_FOLDER = "resume-stash"
STASH_SALT = "candidates.resume-stash"
STASH_MAX_AGE = 60 * 60  # seconds: the form is saved within the hour or the file is chosen again


def _stash_aad(stash_id: str) -> bytes:
    return crypto.associated_data("candidates_resume_stash", "file", stash_id)


def resume_stash(*, user: User, filename: str, content: bytes, content_type: str, values: dict[str, str]) -> str:
    """Keep an uploaded resume, encrypted, until the new-candidate form that
    parsed it is saved. Returns a signed token for the form's hidden field:
    it names the stored file (never a path the client chooses), the user it
    was made for and the values the parser prefilled; it expires after
    STASH_MAX_AGE."""
    stash_id = uuid.uuid4().hex
    blob = crypto.encrypt_bytes(content, _stash_aad(stash_id))
    default_storage.save(f"{STASH_FOLDER}/{stash_id}", ContentFile(blob))
    payload = {"id": stash_id, "user": user.pk, "name": filename[:255], "type": content_type, "values": values}
    return signing.dumps(payload, salt=STASH_SALT, compress=True)


def resume_stash_open(*, token: str, user: User) -> dict | None:
    """The stash a token names, with its bytes under "content", or None when
    the token is forged, expired, someone else's or its file is gone."""
    try:
        payload = signing.loads(token, salt=STASH_SALT, max_age=STASH_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("user") != user.pk:
        return None
    name = f"{STASH_FOLDER}/{payload['id']}"
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as handle:
        payload["content"] = crypto.decrypt_bytes(handle.read(), _stash_aad(payload["id"]))
    return payload


@transaction.atomic
def resume_attach(
    *,
    candidate: Candidate,
    actor: User,
    filename: str,
    content: bytes,
    content_type: str,
    kept: dict[str, str],
    stash_id: str = "",
) -> Document:
    """Attach the resume that prefilled a new candidate's form: stored as the
    candidate's resume (document_upload, text extracted after commit), its
    work history and education written (from_resume), and the fields the
    person left as the parser filled them marked "from resume" (``kept``:
    field → the prefilled value; a field the person changed is not marked).
    The stash is deleted after commit. Parsed synchronously, so the document
    is marked parsed and the extraction task does not parse it again."""
    document = document_upload(
        candidate=candidate, actor=actor, filename=filename, content=content, content_type=content_type
    )
    from candidates.tasks import UnreadableDocument, extract_text

    try:
        parsed = resume_parse_text(extract_text(content, content_type))
    except UnreadableDocument:
        parsed = None
    Document.objects.filter(pk=document.pk).update(parsed_at=timezone.now())
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    marks = sorted(field for field, value in kept.items() if value and str(getattr(candidate, field, "")) == value)
    if marks:
        candidate.from_resume = sorted(set(candidate.from_resume or ()) | set(marks))
        candidate.save(update_fields=["from_resume", "updated_at"])
    work = education = 0
    if parsed is not None:
        work, education = _history_record(candidate, parsed)
    if marks or work or education:
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.UPDATED,
            actor=actor,
            message=MESSAGES.message(messages.RESUME_PARSED, name=filename),
            target=document,
            data={"filled": marks, "proposed": [], "work": work, "education": education},
        )
    if stash_id:
        transaction.on_commit(lambda: default_storage.delete(f"{STASH_FOLDER}/{stash_id}"))
    return document
