"""Text written once and read in either language.

Some texts are made by a background job (a refused attachment's reason, say)
and read later by whoever opens the page. Such a text is kept in every
language of ``settings.LANGUAGES``, rendered from the same translatable
messages when it is made, and shown in the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation


def in_each_language(render: Callable[[], str], *, max_length: int | None = None) -> dict[str, str]:
    """``render()`` evaluated under each language: {language code: text}.
    ``render`` builds its text from (lazy) translatable messages, so each
    language gets its own words; a text with nothing to translate comes out
    the same in each."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(render())[:max_length]
    return texts


def for_reader(texts: dict[str, str] | None) -> str:
    """The reader's text of ``texts`` (the active language), else the site's
    default language's, else any: a text kept before a language was added
    still shows."""
    if not texts:
        return ""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, language.split("-")[0], settings.LANGUAGE_CODE):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")
