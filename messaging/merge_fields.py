"""The merge fields an email template may use, written ``{{ name }}``.

Templates are written by staff in the admin, so they are not Django templates:
only the names below are replaced, with plain values (escaped in the HTML
part), and a template naming any other field is refused when saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

FIELDS = {
    "candidate_name": _("the candidate's name"),
    "job_title": _("the job's title"),
    "client_name": _("the client's name"),
    "recruiter_name": _("the name of the job's recruiter"),
    "sender_name": _("the name of the user who sends the email"),
}
# Anything between double braces, so "{{ candidate.first_name }}" is caught as unknown too.
PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}")


def unknown_fields(text: str) -> list[str]:
    """Names used in ``text`` that are not merge fields, in order of appearance."""
    return list(dict.fromkeys(name for name in PLACEHOLDER.findall(text) if name not in FIELDS))


def render(text: str, values: Mapping[str, str], *, html: bool = False) -> str:
    """``text`` with each known placeholder replaced by its value (escaped for HTML)."""

    def value(match: re.Match) -> str:
        name = match.group(1)
        if name not in FIELDS:
            return match.group(0)
        found = str(values.get(name, ""))
        return escape(found) if html else found

    return PLACEHOLDER.sub(value, text)
