"""What django-axes counts failed sign-ins by."""

from __future__ import annotations

from django.http import HttpRequest

from core.crypto import normalize_email


def attempted_email(request: HttpRequest, credentials: dict | None) -> str:
    """The account an attempt was for: the email typed on allauth's sign-in form
    (``email`` in the credentials it authenticates with, ``login`` in the POST),
    or ``username`` in Django admin's; normalised, so case does not dodge the count."""
    credentials = credentials or {}
    attempted = credentials.get("email") or credentials.get("username") or request.POST.get("login", "")
    return normalize_email(attempted) if attempted else ""
