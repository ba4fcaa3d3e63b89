"""The recruiter's side of self-scheduling: offer times for an application's
current stage (typed in, or suggested from the panel's free time), send the
candidate a link, and follow the application's invitations.

The page declares one swappable region, ``offer`` (the offer form with any
suggestions, and the invitations); the suggestion search and the send answer
htmx with it, and plain requests with the page (a send: message + redirect).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _

from core.http import GET_OR_POST, done_in_place, error_text, respond
from interviews.forms.selfschedule import OfferForm, SuggestForm
from interviews.models import Application
from interviews.selectors import get_application_for_user
from interviews.selectors import selfschedule as selectors
from interviews.services import selfschedule as services

PAGE = "interviews/selfschedule_offer.html"


def _context(request: HttpRequest, application: Application, **extra: Any) -> dict[str, Any]:
    stage = application.stage
    suggest_form = SuggestForm(request.GET if "window_start" in request.GET else None, stage=stage)
    suggestions = []
    if suggest_form.is_bound and suggest_form.is_valid():
        window_start, window_end = suggest_form.window()
        suggestions = selectors.slots_from_free_time(
            stage=stage,
            panel=list(suggest_form.cleaned_data["panel"]),
            window_start=window_start,
            window_end=window_end,
            duration=timedelta(minutes=suggest_form.cleaned_data["duration_minutes"]),
        )
    if "offer_form" not in extra:
        initial = {}
        if suggest_form.is_bound and suggest_form.is_valid():
            initial = {
                "panel": suggest_form.cleaned_data["panel"],
                "duration_minutes": suggest_form.cleaned_data["duration_minutes"],
            }
        extra["offer_form"] = OfferForm(stage=stage, initial=initial)
    return {
        "application": application,
        "candidate": application.candidate,
        "job": application.job,
        "stage": stage,
        "suggest_form": suggest_form,
        "suggestions": suggestions,
        "searched": suggest_form.is_bound,
        "invitations": selectors.invitation_list_for_application(application),
        **extra,
    }


def _page(request: HttpRequest, application: Application, *, status: int = 200, **extra: Any) -> HttpResponse:
    return respond(request, PAGE, "offer", _context(request, application, **extra), status=status)


@GET_OR_POST
def selfschedule_offer(request: HttpRequest, public_id) -> HttpResponse:
    """GET: the offer page (with suggestions when a window is given).
    POST: create the slots and send the invitation."""
    application = get_application_for_user(request.user, public_id, action="change")
    if request.method != "POST":
        return _page(request, application)
    form = OfferForm(request.POST, stage=application.stage)
    if not form.is_valid():
        return _page(request, application, status=422, offer_form=form)
    data = form.cleaned_data
    try:
        services.slots_offer_and_invite(
            application=application,
            actor=request.user,
            times=form.times(),
            panel=list(data["panel"]),
            location=data["location"],
            video_url=data["video_url"],
            message=data["message"],
            valid_for=timedelta(days=data["valid_for_days"]),
            request=request,
        )
    except ValidationError as error:
        return _page(request, application, status=422, offer_form=form, offer_error=error_text(error))
    notice = _("Invitation sent to %(name)s.") % {"name": application.candidate.full_name}

    def redraw(notice: str, _error: str) -> HttpResponse:
        return render(request, f"{PAGE}#offer", _context(request, application, offer_notice=notice))

    url = reverse("interviews:selfschedule-offer", args=[application.public_id])
    return done_in_place(request, url, redraw, notice=notice)


urlpatterns = [
    path("applications/<uuid:public_id>/self-schedule/", selfschedule_offer, name="selfschedule-offer"),
]
