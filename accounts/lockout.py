"""Sign-in lockout with django-axes: what failures are counted by, when a
lockout lifts, and the page that says so.

Failures are counted per account (the email typed) and per client address
(``core.http.client_address``); see AXES_* in the settings for how the two
interact. Both counts are AccessAttempt rows in PostgreSQL.
"""

from __future__ import annotations

import math
from datetime import datetime

from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from core.crypto import normalize_email
from core.http import is_htmx

# The session remembers when the lockout lifts for the page an htmx sign-in is sent to.
LOCKED_UNTIL_KEY = "accounts.locked_until"


def attempted_email(request: HttpRequest | None, credentials: dict | None) -> str:
    """The account an attempt was for: the email typed on allauth's sign-in form
    (``email`` in the credentials it authenticates with, ``login`` in the POST),
    or ``username`` in Django admin's; normalised, so case does not dodge the count."""
    credentials = credentials or {}
    posted = request.POST.get("login", "") if request is not None else ""
    attempted = credentials.get("email") or credentials.get("username") or posted
    return normalize_email(attempted) if attempted else ""


def _lifts_at(attempts, *, limit: int, now: datetime) -> datetime | None:
    """When the newest ``limit`` failures among ``attempts`` (each row a run of
    failures, dated by its last one) are older than the cool-off: the lockout
    lifts then. None when there are fewer than ``limit`` recent failures."""
    cool_off = get_cool_off()
    recent = attempts.filter(attempt_time__gt=now - cool_off).order_by("-attempt_time")
    total = 0
    for attempt_time, failures in recent.values_list("attempt_time", "failures_since_start"):
        total += failures
        if total >= limit:
            return attempt_time + cool_off
    return None


def lockout_lifts_at(*, username: str | None = None, ip_address: str | None = None) -> datetime | None:
    """When sign-in for the account ``username`` and from ``ip_address`` is no
    longer locked (the later of the two); None when neither is locked."""
    now = timezone.now()
    limit = settings.AXES_FAILURE_LIMIT
    times = []
    if username:
        times.append(_lifts_at(AccessAttempt.objects.filter(username=username), limit=limit, now=now))
    if ip_address:
        times.append(_lifts_at(AccessAttempt.objects.filter(ip_address=ip_address), limit=limit, now=now))
    times = [time for time in times if time is not None]
    return max(times) if times else None


def lift_context(lifts_at: datetime | None) -> dict:
    """What a page needs to say when a lock lifts: the time in the reader's time
    zone (and the date when it is not today) and in how many minutes."""
    if lifts_at is None:
        return {"lifts_at": None}
    now = timezone.now()
    local = timezone.localtime(lifts_at)
    return {
        "lifts_at": lifts_at,
        "lifts_today": local.date() == timezone.localtime(now).date(),
        "lifts_in_minutes": max(1, math.ceil((lifts_at - now).total_seconds() / 60)),
        "time_zone_name": timezone.get_current_timezone_name(),
    }


def render_locked_out(request: HttpRequest, lifts_at: datetime | None) -> HttpResponse:
    return render(request, "accounts/locked_out.html", lift_context(lifts_at), status=429)


def lockout_response(request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None):
    """django-axes' answer to a locked-out sign-in (allauth's form or Django
    admin's): the lockout page, status 429. An htmx request is sent to the same
    page as a full navigation (htmx does not swap a 429 in)."""
    username = get_client_username(request, credentials)
    lifts_at = lockout_lifts_at(username=username, ip_address=getattr(request, "axes_ip_address", None))
    if is_htmx(request):
        request.session[LOCKED_UNTIL_KEY] = lifts_at.isoformat() if lifts_at else ""
        return HttpResponseClientRedirect(reverse("accounts:locked-out"))
    return render_locked_out(request, lifts_at)
