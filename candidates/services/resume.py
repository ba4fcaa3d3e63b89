"""A resume's parsed values, written into its candidate's profile."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from candidates import messages
from candidates.models import Activity, Document, Education, Experience, ProposedUpdate
from candidates.parsing import ParsedResume, resume_parse
from candidates.selectors import skill_vocabulary
from candidates.services import activity_record
from candidates.services.proposals import proposed_updates_record
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
