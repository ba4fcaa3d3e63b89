"""How a work history or education entry's months read: "Mar 2019 –
present" in English, "2019年3月 – 至今" in Chinese."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext

register = template.Library()


@register.filter
def month(value: date | None) -> str:
    if not value:
        return ""
    if (get_language() or "").lower().startswith("zh"):
        return f"{value.year}年{value.month}月"
    return date_format(value, "M Y")


@register.simple_tag
def months(start: date | None, end: date | None, current: bool = False) -> str:
    """The span of an entry; an open end reads "present" for a current job."""
    until = pgettext("work history", "present") if current else month(end)
    if start and until:
        return f"{month(start)} – {until}"
    return month(start) or until
