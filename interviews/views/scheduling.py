"""Scheduling pages: schedule, reschedule and cancel an interview, and a
user's own declared unavailable times.

The scheduling form declares one region, ``conflicts``: htmx re-fetches it
with a GET of the form's values whenever a field changes; it shows the time in
the scheduler's and the candidate's time zones and each panelist's conflicts.
Saving is a plain POST; with conflicts it asks to confirm ("save anyway").
"""

from __future__ import annotations

from datetime import time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.access import get_or_404
from core.http import GET_OR_POST, done, done_in_place, error_text, is_htmx, respond
from interviews import selectors
from interviews.forms.scheduling import CancelForm, ScheduleForm, UnavailabilityForm, UnavailabilityRemoveForm
from interviews.models import Application, Interview
from interviews.selectors.scheduling import (
    panel_conflicts,
    require_declare_unavailability,
    stage_panel_candidates,
    unavailability_list_for,
)
from interviews.services import scheduling as services

SCHEDULE = "interviews/interview_schedule.html"
UNAVAILABILITY = "interviews/unavailability_list.html"


def _next_url(request: HttpRequest, application: Application) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("interviews:board", args=[application.job.public_id])


def _form(request: HttpRequest, application: Application, interview: Interview | None) -> ScheduleForm:
    """Bound to the POST, or (for the htmx re-check) to the GET's values;
    otherwise prefilled: the interview's values, or tomorrow 10:00 for the stage."""
    stage = interview.stage if interview else application.stage
    options = {"panel_candidates": stage_panel_candidates(stage), "time_zone": request.user.time_zone}
    if request.method == "POST":
        return ScheduleForm(request.POST, **options)
    if is_htmx(request):
        return ScheduleForm(request.GET, **options)
    if interview is not None:
        starts = timezone.localtime(interview.starts_at)
        initial = {
            "date": starts.date(),
            "time": starts.time(),
            "duration_minutes": int((interview.ends_at - interview.starts_at).total_seconds() // 60),
            "panel": list(interview.panel.all()),
            "location": interview.location,
            "video_url": interview.video_url,
        }
    else:
        tomorrow = timezone.localdate() + timedelta(days=1)
        initial = {"date": tomorrow, "time": time(10, 0), "duration_minutes": stage.duration_minutes}
    return ScheduleForm(initial={**initial, "next": _next_url(request, application)}, **options)


def _context(request: HttpRequest, application: Application, form: ScheduleForm, interview=None) -> dict[str, Any]:
    """The page's context; the conflicts of the chosen panel at the chosen time
    once the form holds both."""
    context = {"application": application, "candidate": application.candidate, "form": form, "interview": interview}
    data = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    if "starts_at" in data:
        panel = list(data.get("panel") or [])
        conflicts = panel_conflicts(
            users=panel,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            exclude_interview=interview,
            viewer=request.user,
        )
        context |= {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "conflicts": [(user, conflicts[user.pk]) for user in panel if user.pk in conflicts],
        }
    return context


def _save(request: HttpRequest, application: Application, interview: Interview | None) -> HttpResponse:
    form = _form(request, application, interview)
    context = _context(request, application, form, interview)
    if not form.is_valid():
        return render(request, SCHEDULE, context)
    if context.get("conflicts") and not form.cleaned_data["confirm"]:
        form.add_error("confirm", _("Some panelists are busy then. Tick “save anyway” to keep this time."))
        return render(request, SCHEDULE, context)
    data = form.cleaned_data
    values = {"starts_at": data["starts_at"], "ends_at": data["ends_at"], "panel": list(data["panel"])}
    values |= {"location": data["location"], "video_url": data["video_url"], "actor": request.user}
    try:
        if interview is None:
            services.interview_schedule(application=application, **values)
        else:
            services.interview_reschedule(interview=interview, **values)
    except ValidationError as error:
        form.add_error(None, error_text(error))
        return render(request, SCHEDULE, context)
    name = application.candidate.full_name
    message = (
        _("Interview with %(name)s scheduled; invitations are on their way.")
        if interview is None
        else _("Interview with %(name)s rescheduled; the panel and the candidate get the update.")
    )
    return done(request, _next_url(request, application), message % {"name": name})


def _schedule_page(request: HttpRequest, application: Application, interview: Interview | None) -> HttpResponse:
    """GET: the form (htmx: its ``conflicts`` region, re-checked); POST: save it."""
    if request.method == "POST":
        return _save(request, application, interview)
    form = _form(request, application, interview)
    return respond(request, SCHEDULE, "conflicts", _context(request, application, form, interview))


@GET_OR_POST
def interview_schedule(request: HttpRequest, public_id) -> HttpResponse:
    """Schedule an interview at the application's current stage."""
    application = selectors.get_application_for_user(request.user, public_id, action="change")
    return _schedule_page(request, application, None)


@GET_OR_POST
def interview_reschedule(request: HttpRequest, public_id) -> HttpResponse:
    """Move an interview or change its place or panel; cancel it from the same page."""
    interview = selectors.get_interview_for_user(request.user, public_id, for_change=True)
    return _schedule_page(request, interview.application, interview)


@require_POST
def interview_cancel(request: HttpRequest, public_id) -> HttpResponse:
    interview = selectors.get_interview_for_user(request.user, public_id, for_change=True)
    form = CancelForm(request.POST)
    form.is_valid()
    url = _next_url(request, interview.application)
    try:
        services.interview_cancel(interview=interview, actor=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        return done(request, url, error=error_text(error))
    return done(request, url, _("Interview cancelled; the panel and the candidate are told."))


# --- My unavailable times ------------------------------------------------------------


def _unavailability_page(request: HttpRequest, form: UnavailabilityForm | None = None, status: int = 200):
    context = {"form": form or UnavailabilityForm(), "unavailabilities": unavailability_list_for(request.user)}
    return respond(request, UNAVAILABILITY, "unavailability", context, status=status)


def _unavailability_changed(request: HttpRequest, notice: str) -> HttpResponse:
    """htmx: the list again; a plain POST: back to the page with ``notice``."""

    def redraw(_notice: str, _error: str) -> HttpResponse:
        return _unavailability_page(request)

    return done_in_place(request, reverse("interviews:unavailability-list"), redraw, notice=notice)


@require_safe
def unavailability_list(request: HttpRequest) -> HttpResponse:
    require_declare_unavailability(request.user)
    return _unavailability_page(request)


@require_POST
def unavailability_add(request: HttpRequest) -> HttpResponse:
    require_declare_unavailability(request.user)
    form = UnavailabilityForm(request.POST)
    if form.is_valid():
        try:
            services.unavailability_add(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error_text(error))
    if form.errors:
        return _unavailability_page(request, form)
    return _unavailability_changed(request, _("Unavailable time added."))


@require_POST
def unavailability_remove(request: HttpRequest) -> HttpResponse:
    require_declare_unavailability(request.user)
    form = UnavailabilityRemoveForm(request.POST)
    pk = form.cleaned_data["unavailability"] if form.is_valid() else None
    unavailability = get_or_404(unavailability_list_for(request.user), pk=pk)
    services.unavailability_remove(user=request.user, unavailability=unavailability)
    return _unavailability_changed(request, _("Unavailable time removed."))


urlpatterns = [
    path("applications/<uuid:public_id>/schedule/", interview_schedule, name="interview-schedule"),
    path("interviews/<uuid:public_id>/reschedule/", interview_reschedule, name="interview-reschedule"),
    path("interviews/<uuid:public_id>/cancel/", interview_cancel, name="interview-cancel"),
    path("unavailability/", unavailability_list, name="unavailability-list"),
    path("unavailability/add/", unavailability_add, name="unavailability-add"),
    path("unavailability/remove/", unavailability_remove, name="unavailability-remove"),
]
