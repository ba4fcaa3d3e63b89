"""Absolute links for emails (invitations, self-scheduling, surveys, check-ins)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` on this site, for an email: SITE_URL if set, else the host of
    the request that sends the email, else the first CSRF_TRUSTED_ORIGINS entry,
    else the local development server."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    base = next(iter(settings.CSRF_TRUSTED_ORIGINS), "") or "http://localhost:8000"
    return base.rstrip("/") + path
