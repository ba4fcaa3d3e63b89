"""The careers site's template helpers: a field in the page's language, and
links to the same page in another language."""

from __future__ import annotations

from django import template
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from core.markdown import markdown_to_safe_html

register = template.Library()


def localized(obj, field: str, language: str | None = None) -> str:
    """``obj.<field>_zh_hans`` in Chinese when it is filled, else ``obj.<field>``."""
    language = language or get_language()
    if language == "zh-hans":
        value = getattr(obj, f"{field}_zh_hans", "")
        if value:
            return value
    return getattr(obj, field, "") or ""


@register.filter
def tr(obj, field: str) -> str:
    return localized(obj, field)


@register.filter
def tr_md(obj, field: str) -> SafeString:
    return markdown_to_safe_html(localized(obj, field))


@register.simple_tag(takes_context=True)
def lang_url(context, code: str, absolute: bool = False) -> str:
    """The current page in language ``code``: its query string with ``lang`` set."""
    request = context["request"]
    params = [(key, value) for key, values in request.GET.lists() if key != "lang" for value in values]
    params.append(("lang", code))
    url = f"{request.path}?{urlencode(params)}"
    return request.build_absolute_uri(url) if absolute else url


@register.simple_tag(takes_context=True)
def page_url(context, page: int) -> str:
    """The current list with ``page`` set."""
    request = context["request"]
    params = [(key, value) for key, values in request.GET.lists() if key != "page" for value in values]
    if page > 1:
        params.append(("page", page))
    return f"{request.path}?{urlencode(params)}" if params else request.path
