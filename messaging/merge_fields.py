"""The merge fields an email template may use, written ``{{ name }}``.

Templates are written by staff (the admin and the template pages), so they are not Django templates:
only the names below are replaced, with plain values (escaped in the HTML
part), and a template naming any other field is refused when saved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

FIELDS = {
    "candidate_name": _("the candidate's name"),
    "job_title": _("the job's title"),
    "client_name": _("the client's name"),
    "recruiter_name": _("the name of the job's recruiter"),
    "sender_name": _("the name of the user who sends the email"),
    "stage_name": _("the name of the application's current stage"),
    "interview_time": _("the interview's date and time in the candidate's time zone"),
    "self_schedule_link": _("the link where the candidate picks an interview time"),
    "reschedule_link": _("the link where the candidate moves their interview"),
    "survey_link": _("the link to the candidate feedback survey"),
    "check_in_link": _("the link to answer a talent pool check-in"),
    "recruiter_signature": _("the recruiter's name, title and email address, one per line"),
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
        # A multi-line value (the signature) keeps its lines in the HTML part.
        return escape(found).replace("\n", "<br>\n") if html else found

    return PLACEHOLDER.sub(value, text)


def interview_time(value: datetime, *, time_zone: str, language: str) -> str:
    """``value`` as the candidate reads it: weekday, date and time in their
    ``time_zone``, formatted for the email's ``language``, then the zone's name."""
    local = value.astimezone(ZoneInfo(time_zone))
    with translation.override(language):
        day = formats.date_format(local, "DATE_FORMAT")
        weekday = formats.date_format(local, "l")
    if language.startswith("zh"):
        return f"{day} {weekday} {local:%H:%M} ({time_zone})"
    return f"{weekday}, {day}, {local:%H:%M} ({time_zone})"


def signature(user: Any) -> str:
    """A user's signature block: their name, their title if they have one, their email."""
    lines = (getattr(user, "full_name", ""), getattr(user, "title", ""), getattr(user, "email", ""))
    return "\n".join(line for line in lines if line)


# Sample data is data, not interface text: each language gets a plausible person
# and job, so a preview shows what the candidate will actually read.
_SAMPLES = {
    "en": {
        "candidate_name": "Alex Morgan",
        "job_title": "Senior Backend Engineer",
        "client_name": "Northwind Trading",
        "recruiter_name": "Rita Recruiter",
        "sender_name": "Rita Recruiter",
        "stage_name": "Technical interview",
        "recruiter_signature": "Rita Recruiter\nSenior Recruiter\nrita@example.com",
    },
    "zh-hans": {
        "candidate_name": "王小明",
        "job_title": "高级后端工程师",
        "client_name": "北风贸易",
        "recruiter_name": "李招聘",
        "sender_name": "李招聘",
        "stage_name": "技术面试",
        "recruiter_signature": "李招聘\n高级招聘顾问\nli@example.com",
    },
}
_SAMPLE_ZONES = {"en": "Europe/London", "zh-hans": "Asia/Shanghai"}


def sample_values(language: str) -> dict[str, str]:
    """A value for every field, in ``language`` (English for any other), for previews.

    The interview is next Monday at 10:00 in a time zone usual for the
    language, so the preview shows how times are written to candidates."""
    language = language if language in _SAMPLES else "en"
    zone = ZoneInfo(_SAMPLE_ZONES[language])
    today = timezone.now().astimezone(zone).date()
    monday = today + timedelta(days=7 - today.weekday())
    starts = datetime(monday.year, monday.month, monday.day, 10, tzinfo=zone).astimezone(UTC)
    links = {name: f"https://example.com/{name.removesuffix('_link').replace('_', '-')}/sample" for name in FIELDS}
    return {
        **{name: value for name, value in links.items() if name.endswith("_link")},
        **_SAMPLES[language],
        "interview_time": interview_time(starts, time_zone=_SAMPLE_ZONES[language], language=language),
    }
