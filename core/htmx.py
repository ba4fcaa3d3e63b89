"""HTMX helpers for views (DESIGN.md decision 6)."""

from __future__ import annotations

from django.http import HttpRequest


def is_htmx(request: HttpRequest) -> bool:
    """Whether to answer with a page's region rather than the page: an htmx
    request, except htmx restoring history after a cache miss, which needs the
    whole page."""
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-History-Restore-Request") != "true"
