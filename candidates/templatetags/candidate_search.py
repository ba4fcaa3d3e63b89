"""``highlight``: mark the search terms in a plaintext field.

Spans are found in the raw text and every piece is escaped afterwards, so a
mark can never land inside markup and the text can never inject any.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from candidates import search

register = template.Library()


def highlight_terms(query: str) -> tuple[str, ...]:
    """The words of a search box's text as the search matched them (CJK segmented),
    longest first."""
    words = {word for word in search.query_text(query or "").split() if word}
    return tuple(sorted(words, key=lambda word: (-len(word), word)))


@lru_cache(maxsize=65536)
def _syllables(run: str) -> tuple[str, ...]:
    """The pinyin of a run of Chinese characters, one syllable per character.

    Memoised: pypinyin takes ~0.2 ms a run, and a page of 25 results with an
    ASCII search term asked for 75 of them (names, titles, companies): 14 ms
    of a 30 ms search page at S=1. Names and companies recur across
    candidates and pages."""
    from pypinyin import lazy_pinyin

    return tuple(syllable.lower() for syllable in lazy_pinyin(run))


def _pinyin_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Spans of Chinese characters whose pinyin spells a term ("zhang", "zhangwei")."""
    ascii_terms = {term for term in terms if term.isascii() and term.isalpha()}
    if not ascii_terms or not search.CJK.search(text):
        return []
    spans = []
    for run in search.CJK.finditer(text):
        syllables = _syllables(run.group())
        for start in range(len(syllables)):
            spelled = ""
            for end in range(start, len(syllables)):
                spelled += syllables[end]
                if spelled in ascii_terms:
                    spans.append((run.start() + start, run.start() + end + 1))
    return spans


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    terms = [term for term in terms if term]
    lowered = text.lower()
    spans = []
    for term in terms:
        term = term.lower()
        start = lowered.find(term)
        while start != -1:
            spans.append((start, start + len(term)))
            start = lowered.find(term, start + len(term))
    spans += _pinyin_spans(text, terms)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@register.filter
def highlight(text: object, terms: str | Iterable[str]) -> SafeString:
    """``text``, escaped, with each occurrence of the terms wrapped in <mark>.

    ``terms`` is the search box's text or the words of highlight_terms().
    Plaintext fields only: name, title, company.
    """
    text = "" if text is None else str(text)
    if isinstance(terms, str):
        terms = highlight_terms(terms)
    pieces, position = [], 0
    # lower() keeps the length of the texts we show (CJK, Latin), so spans map back.
    if len(text.lower()) != len(text):
        return escape(text)
    for start, end in _spans(text, terms):
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    # Safe: every piece was escaped above.
    return mark_safe("".join(pieces))


@register.simple_tag
def candidate_url(public_id: object) -> str:
    """The candidate's profile URL; its path while the profile page is not wired in."""
    try:
        return reverse("candidates:candidate-detail", args=[public_id])
    except NoReverseMatch:
        return f"/candidates/{public_id}/"
