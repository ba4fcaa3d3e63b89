"""Candidate search documents: PostgreSQL only, no external search engine.

Each candidate has a stored, weighted ``tsvector`` and a ``search_names`` text
for trigram matching:

- A: name, with the pinyin of Chinese names ("zhang wei", "zhangwei");
- B: title, company, skills, tags, location;
- C: notes;
- D: resume text, with email addresses, phone and ID numbers taken out.

jieba segments runs of CJK text into words before PostgreSQL's ``simple``
configuration splits on spaces; other text goes in as it is. The document is
rebuilt by the services that change what it is made of (``refresh``); the
import's batches write it with each new row from the same texts
(``weighted_texts``, ``VECTOR_SQL``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from django.db import connection

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
EMAIL = re.compile(r"\S+@\S+")
# Runs of 7+ digits with optional separators: phone numbers, ID numbers.
LONG_NUMBER = re.compile(r"\+?\d[\d\s\-().]{5,}\d[\dXx]?")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


def segment(text: str) -> str:
    """``text`` with each run of CJK characters split into space-separated words."""
    if not text or not CJK.search(text):
        return text or ""
    return CJK.sub(lambda match: " " + " ".join(_jieba().cut_for_search(match.group())) + " ", text)


def pinyin_forms(name: str) -> str:
    """For a name with Chinese characters: its pinyin spaced and joined
    (张伟 → "zhang wei zhangwei"); empty otherwise."""
    if not CJK.search(name):
        return ""
    from pypinyin import lazy_pinyin

    syllables = [s for s in lazy_pinyin("".join(CJK.findall(name))) if s.strip()]
    return f"{' '.join(syllables)} {''.join(syllables)}"


def scrub(text: str) -> str:
    """Resume text without emails, phone numbers and ID numbers, which stay out of the plaintext search vector."""
    return LONG_NUMBER.sub(" ", EMAIL.sub(" ", text))


def names_text(full_name: str, company: str) -> str:
    """What trigram matching compares typed names and companies with."""
    return " ".join(part for part in (full_name, pinyin_forms(full_name), company) if part).lower()


# The stored document from its four weighted texts (``%s`` each, A to D).
VECTOR_SQL = (
    "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
    " || setweight(to_tsvector('simple', %s), 'C') || setweight(to_tsvector('simple', %s), 'D')"
)


def weighted_texts(
    *,
    full_name: str,
    headline: str = "",
    company: str = "",
    skills: str = "",
    location: str = "",
    tags: Iterable[str] = (),
    notes: str = "",
    resumes: str = "",
) -> list[str]:
    """The A–D texts of a candidate's search document; ``tags`` in the order
    the database lists them by name."""
    return [
        f"{segment(full_name)} {pinyin_forms(full_name)}",
        segment(" ".join((headline, company, skills, " ".join(tags), location))),
        segment(notes),
        segment(scrub(resumes)),
    ]


def refresh(candidate_id: int) -> None:
    """Rebuild one candidate's search document from the database, in the caller's transaction."""
    from candidates.models import Candidate, Document, Note

    candidate = Candidate.objects.only("full_name", "headline", "company", "skills", "location").get(pk=candidate_id)
    tags = candidate.tags.values_list("name", flat=True)
    notes = " ".join(Note.objects.filter(candidate_id=candidate_id).values_list("body", flat=True))
    resumes = " ".join(
        document.text or "" for document in Document.objects.filter(candidate_id=candidate_id).only("public_id", "text")
    )
    texts = weighted_texts(
        full_name=candidate.full_name,
        headline=candidate.headline,
        company=candidate.company,
        skills=candidate.skills,
        location=candidate.location,
        tags=tags,
        notes=notes,
        resumes=resumes,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE candidates_candidate SET search_vector = {VECTOR_SQL}, search_names = %s WHERE id = %s",
            [*texts, names_text(candidate.full_name, candidate.company), candidate_id],
        )


def query_text(query: str) -> str:
    """The search box's text as PostgreSQL will match it: CJK segmented, lower-cased."""
    return segment(query.strip()).lower()
