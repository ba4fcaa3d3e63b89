"""How much free text a person may type into one field.

Short fields have their column's ``max_length``; text areas take these. The
limits are far beyond what anyone writes by hand (a note of 100,000 characters
is some forty pages) and keep every write, page and search document within
what the database and the pages handle: past them the form says so, instead
of a request failing later.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# A note on a candidate.
NOTE_MAX_CHARS = 100_000
# Any other text area: descriptions, notes on clients, email templates,
# questions and their guidance, feedback and reasons.
TEXT_MAX_CHARS = 20_000

TOO_LONG = _("This text has %(show_value)d characters; at most %(limit_value)d fit here. Shorten it or split it up.")


def long_text(*, max_length: int = TEXT_MAX_CHARS, **kwargs: Any) -> dict[str, Any]:
    """The keyword arguments of a text area's form field with a length limit
    and its message: ``forms.CharField(**long_text(label=...))``."""
    return {"max_length": max_length, "error_messages": {"max_length": TOO_LONG}, **kwargs}
