"""A team member's referral link to the careers site: whoever applies through
it is recorded as referred by them (careers.services.applications)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.services import referral_code_ensure
from core.links import absolute_url


@require_safe
def referral(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own link; its code is made on first view."""
    code = referral_code_ensure(user=request.user)
    link = absolute_url(f"/careers/?ref={code}", request)
    return render(request, "careers/referral.html", {"code": code, "link": link})
