"""Pages of the privacy app. The candidate's "keep my profile" page, opened
from a retention renewal email (a tokenized link: GET shows, POST confirms)."""

from __future__ import annotations

import contextlib

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from core.http import client_address
from core.services import TokenInvalid
from privacy import selectors
from privacy.services.retention import retention_keep

KEEP = "privacy/public_keep.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def keep(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the question, POST keeps the profile (talent-pool consent
    renewed); a dead link says why (404 unknown, 410 otherwise), a used one
    thanks them."""
    link = selectors.keep_link_for(token)
    language = link.candidate.language if link.candidate else translation.get_language()
    with translation.override(language):
        request.LANGUAGE_CODE = language
        if link.state != "open":
            status = {"used": 200, "unknown": 404}.get(link.state, 410)
            return render(request, KEEP, {"link": link}, status=status)
        if request.method == "POST":
            # Used or withdrawn meanwhile: the page it redirects to says so.
            with contextlib.suppress(TokenInvalid):
                retention_keep(
                    token=token,
                    ip_address=client_address(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            return redirect("privacy:keep", token=token)
        return render(request, KEEP, {"link": link})
