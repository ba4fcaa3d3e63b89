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

PostgreSQL refuses a ``tsvector`` whose lexemes and positions pass 1 MB
("string is too long for tsvector"), so each of the four texts has a budget
(``BUDGETS``) counted with ``word_cost``, an upper bound of what a word can add
to the vector. A text within its budget goes in unchanged. A longer one goes in
as its distinct words (the vector's size grows with distinct lexemes, not with
repetition) in the order they first appear, as many as fit; words longer than
``LONG_WORD`` characters (encoded data rather than words anyone types) are left
out of such a text first. Real writing repeats a vocabulary of some thousands of
words, so a 5 MB resume keeps every word it has, late ones included, where
keeping its first bytes would lose them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from django.db import connection

WORD = re.compile(r"\S+")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Anchored at a word's start: unanchored, a long run with no "@" in it is
# scanned again from each of its characters (quadratic time).
EMAIL = re.compile(r"(?<!\S)\S+@\S+")
# Runs of 7+ digits with optional separators: phone numbers, ID numbers.
LONG_NUMBER = re.compile(r"\+?\d[\d\s\-().]{5,}\d[\dXx]?")


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba


# jieba's time grows with the length of a run; prose has punctuation every few
# dozen characters, so a run longer than this is cut into pieces of it first.
RUN_MAX = 1000


def _cut(run: str) -> Iterator[str]:
    """The words jieba finds in a run of CJK characters, in pieces of ``RUN_MAX``."""
    jieba = _jieba()
    for start in range(0, len(run), RUN_MAX):
        yield from jieba.cut_for_search(run[start : start + RUN_MAX])


def segment(text: str) -> str:
    """``text`` with each run of CJK characters split into space-separated words."""
    if not text or not CJK.search(text):
        return text or ""
    return CJK.sub(lambda match: f" {' '.join(_cut(match.group()))} ", text)


def words(text: str) -> Iterator[str]:
    """The words of ``segment(text)``, one at a time: a long text is segmented
    only as far as it is read."""
    for match in WORD.finditer(text):
        piece = match.group()
        if not CJK.search(piece):
            yield piece
            continue
        start = 0
        for run in CJK.finditer(piece):
            if run.start() > start:
                yield piece[start : run.start()]
            yield from (word for word in _cut(run.group()) if word.strip())
            start = run.end()
        if start < len(piece):
            yield piece[start:]


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


# The most the A–D texts may cost (``word_cost``): 848 KiB in all, under
# PostgreSQL's 1 MiB (1,048,575 bytes) even if every word cost its bound.
BUDGETS = (16 * 1024, 64 * 1024, 384 * 1024, 384 * 1024)
TSVECTOR_MAX_BYTES = 1_048_575
LONG_WORD = 64


def word_cost(word: str) -> int:
    """An upper bound of the bytes ``word`` (no white space in it) adds to a
    tsvector, counted as PostgreSQL counts the 1 MB limit: each lexeme's bytes,
    and per lexeme 2 bytes of position count plus 1 of alignment, 2 per position.

    A word of ASCII letters only, or of digits only, is one token (one
    position). Any other word (even "3e3e", read as the number "3e3" and the
    word "e") may be split by the parser into up to one token per character, plus
    compound forms over the same characters (a hyphenated word and its parts; a
    URL, its host and its path), at most twice its bytes, and lower-casing can
    lengthen a character by half: three times its bytes, five per token.
    """
    size = len(word.encode())
    if word.isascii() and (word.isalpha() or word.isdigit()):
        return size + 5
    return 3 * size + 5 * (len(word) + 2)


@dataclass(frozen=True)
class Fitted:
    """A text made to fit its budget: ``text`` goes into the vector; ``kept``
    is, per part, None if all its words are in, else how many of its distinct
    words are."""

    text: str
    kept: list[int | None]


def fit(parts: Sequence[str], budget: int) -> Fitted:
    """``parts`` (texts of one weight, not yet segmented, the one that matters
    most first) segmented and joined, unchanged if their words' costs add up to
    ``budget`` at most; else their distinct words (ignoring case) in order of
    first appearance, skipping long ones, up to the first that no longer fits.
    A text is read (and segmented) only as far as needed to know that."""
    parts = [part.replace("\x00", " ") for part in parts]
    spent = 0
    every: list[str] = []
    for part in parts:
        for word in words(part):
            spent += word_cost(word)
            if spent > budget:
                return _fit_distinct(parts, budget)
            every.append(word)
    return Fitted(" ".join(every), [None] * len(parts))


def _fit_distinct(parts: list[str], budget: int) -> Fitted:
    seen: set[str] = set()
    kept_words: list[str] = []
    kept: list[int | None] = []
    spent, full = 0, False
    for part in parts:
        count, complete = 0, True
        for word in words(part):
            key = word.lower()
            if key in seen or len(word) > LONG_WORD:
                continue
            if full:
                # The budget is spent: one new word tells this part is cut.
                complete = False
                break
            seen.add(key)
            cost = word_cost(word)
            if spent + cost > budget:
                full, complete = True, False
                break
            spent += cost
            kept_words.append(word)
            count += 1
        kept.append(None if complete else count)
    return Fitted(" ".join(kept_words), kept)


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
    texts = (
        f"{full_name} {pinyin_forms(full_name)}",
        " ".join((headline, company, skills, " ".join(tags), location)),
        notes,
        scrub(resumes),
    )
    return [fit([text], budget).text for text, budget in zip(texts, BUDGETS, strict=True)]


def refresh(candidate_id: int) -> None:
    """Rebuild one candidate's search document from the database, in the
    caller's transaction; each document whose words are only partly in it gets
    the number that are (``Document.searchable_words``), the others None."""
    from candidates.models import Candidate, Document, Note

    candidate = Candidate.objects.only("full_name", "headline", "company", "skills", "location").get(pk=candidate_id)
    tags = candidate.tags.values_list("name", flat=True)
    # Newest first, so the budget keeps the latest notes and resumes whole.
    notes = " ".join(Note.objects.filter(candidate_id=candidate_id).values_list("body", flat=True))
    documents = list(
        Document.objects.filter(candidate_id=candidate_id)
        .only("public_id", "text", "searchable_words")
        .order_by("-created_at", "-id")
    )
    texts = weighted_texts(
        full_name=candidate.full_name,
        headline=candidate.headline,
        company=candidate.company,
        skills=candidate.skills,
        location=candidate.location,
        tags=tags,
        notes=notes,
    )
    resumes = fit([scrub(document.text or "") for document in documents], BUDGETS[3])
    texts[3] = resumes.text
    for document, kept in zip(documents, resumes.kept, strict=True):
        if document.searchable_words != kept:
            Document.objects.filter(pk=document.pk).update(searchable_words=kept)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE candidates_candidate SET search_vector = {VECTOR_SQL}, search_names = %s WHERE id = %s",
            [*texts, names_text(candidate.full_name, candidate.company), candidate_id],
        )


def query_text(query: str) -> str:
    """The search box's text as PostgreSQL will match it: CJK segmented, lower-cased."""
    return segment(query.strip()).lower()
