"""A resume's parsed values, written into its candidate's profile."""

from __future__ import annotations

from candidates.models import Document


def resume_apply(*, document: Document) -> None:
    """Fill ``document``'s candidate from the document's extracted text.

    Called by the text extraction task for a document with
    ``parse_requested``, once its text is out. Empty profile fields take the
    parsed values, marked "from resume" (Candidate.from_resume, and
    ``from_resume`` on the work history and education entries) until a
    person confirms them; values that differ wait as proposals with the
    origin "resume". Sets ``parsed_at``; a document parsed already is left
    alone.
    """
    # The parser (candidates.parsing) plugs in here.
    return None
