"""Pages for candidates, reached through tokenized links without an account
(core.AccessToken): pick an offered interview time or ask for others, and
later move the interview before the job's cut-off.

Every page is in the candidate's language and time zone. A GET never changes
state. A booking link reopened after booking shows the booking. A dead link
(expired, used, withdrawn, or of another kind) gets a page saying so and
naming the job's recruiter to contact; it never shows other candidates or
internal notes.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe

from core.http import error_text
from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from interviews.forms.selfschedule import OtherTimesForm, SlotPickForm
from interviews.models import Application, Interview, SchedulingInvitation
from interviews.selectors import selfschedule as selectors
from interviews.services import selfschedule as services

SELF_SCHEDULE = AccessToken.Purpose.SELF_SCHEDULE
RESCHEDULE = AccessToken.Purpose.RESCHEDULE
GONE_CODES = {"expired", "used", "revoked", "closed"}


def as_candidate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a token page without login, in the language and time zone of the
    candidate the link belongs to (the visitor's when the link is unknown),
    so its errors, dates and emails read as the candidate's."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        row = selectors.token_row_any_state(token=token, purposes=[SELF_SCHEDULE, RESCHEDULE])
        application = selectors.application_for_token_row(row) if row is not None else None
        if application is None:
            return view(request, token)
        candidate = application.candidate
        with translation.override(candidate.language), timezone.override(zoneinfo.ZoneInfo(candidate.time_zone)):
            request.LANGUAGE_CODE = candidate.language
            return view(request, token)

    return wrapper


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, application: Application | None, status: int = 200
) -> HttpResponse:
    if application is not None:
        context = {"recruiter": application.job.recruiter, "job": application.job, **context}
    return render(request, template, context, status=status)


def _dead_link(request: HttpRequest, token: str, error: ValidationError, purpose: str) -> HttpResponse:
    """410 for a link that worked once (expired, used, withdrawn, closed), 404
    for one that never opened this page (unknown, or of another kind)."""
    row = selectors.token_row_any_state(token=token, purposes=[SELF_SCHEDULE, RESCHEDULE])
    application = selectors.application_for_token_row(row) if row is not None else None
    code = getattr(error, "code", None)
    if row is not None and row.purpose != purpose:
        code, reason = "wrong_purpose", _("This link is not valid.")
    else:
        reason = error_text(error)
    status = 410 if code in GONE_CODES else 404
    context = {"reason": reason, "code": code}
    return _render(request, "interviews/public_gone.html", context, application=application, status=status)


def _invitation(token: str) -> SchedulingInvitation:
    """The open invitation a live self_schedule token opens; raises TokenInvalid / ValidationError."""
    row = access_token_resolve(token=token, purpose=SELF_SCHEDULE)
    invitation = selectors.invitation_for_token_row(row)
    if invitation is None or invitation.status not in services.OPEN_STATUSES:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    if invitation.application.status != Application.Status.ACTIVE:
        raise ValidationError(_("This application is closed."), code="closed")
    return invitation


def _booked_page(request: HttpRequest, invitation: SchedulingInvitation) -> HttpResponse:
    """What a reopened booking link shows: the interview booked through it
    and, while it can still be moved, how (the link in the confirmation)."""
    interview = invitation.booked_interview
    deadline = services.reschedule_deadline(interview)
    context = {"interview": interview, "deadline": deadline, "can_move": timezone.now() <= deadline}
    template = "interviews/public_booked.html"
    return _render(request, template, context, application=invitation.application)


def _pick_page(request: HttpRequest, token: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    try:
        invitation = _invitation(token)
    except ValidationError as error:
        booked = selectors.booked_invitation_for_token(token)
        if booked is not None:
            return _booked_page(request, booked)
        return _dead_link(request, token, error, SELF_SCHEDULE)
    context = {
        "token": token,
        "invitation": invitation,
        "slots": selectors.invitation_free_slots(invitation),
        "other_times_form": extra.pop("other_times_form", None) or OtherTimesForm(),
        "asked": request.GET.get("asked") == "1" or invitation.status == SchedulingInvitation.Status.OTHER_TIMES,
        **extra,
    }
    return _render(request, "interviews/public_pick.html", context, application=invitation.application, status=status)


@as_candidate
@require_safe
def selfschedule_pick(request: HttpRequest, token: str) -> HttpResponse:
    """The offered times still free, each a button that books it; a form to ask for other times."""
    return _pick_page(request, token)


@as_candidate
@require_POST
def selfschedule_book(request: HttpRequest, token: str) -> HttpResponse:
    form = SlotPickForm(request.POST)
    if not form.is_valid():
        return _pick_page(request, token, status=422, error=_("Choose one of the times below."))
    try:
        _interview, new_token = services.slot_book(
            token=token, slot_public_id=form.cleaned_data["slot"], request=request
        )
    except services.SlotTaken as error:
        return _pick_page(request, token, status=409, error=error_text(error))
    except ValidationError as error:
        if selectors.booked_invitation_for_token(token) is not None:
            # Sent twice (double click, back and resubmit): the first booking stands, nothing more is sent.
            return redirect("interviews:selfschedule-pick", token)
        return _dead_link(request, token, error, SELF_SCHEDULE)
    return redirect(reverse("interviews:selfschedule-reschedule", args=[new_token]) + "?booked=1")


@as_candidate
@require_POST
def selfschedule_other_times(request: HttpRequest, token: str) -> HttpResponse:
    form = OtherTimesForm(request.POST)
    if not form.is_valid():
        return _pick_page(request, token, status=422, other_times_form=form)
    try:
        services.other_times_request(token=token, message=form.cleaned_data["message"])
    except ValidationError as error:
        return _dead_link(request, token, error, SELF_SCHEDULE)
    return redirect(reverse("interviews:selfschedule-pick", args=[token]) + "?asked=1")


def _interview(token: str) -> Interview:
    row = access_token_resolve(token=token, purpose=RESCHEDULE)
    interview = selectors.interview_for_token_row(row)
    if interview is None or interview.status != Interview.Status.SCHEDULED:
        raise ValidationError(_("This interview is no longer scheduled."), code="closed")
    return interview


def _reschedule_page(request: HttpRequest, token: str, *, status: int = 200, **extra: Any) -> HttpResponse:
    try:
        interview = _interview(token)
    except ValidationError as error:
        return _dead_link(request, token, error, RESCHEDULE)
    invitation = selectors.invitation_for_interview(interview)
    deadline = services.reschedule_deadline(interview)
    can_move = invitation is not None and timezone.now() <= deadline
    context = {
        "token": token,
        "interview": interview,
        "deadline": deadline,
        "can_move": can_move,
        "slots": selectors.invitation_free_slots(invitation, for_move=True) if can_move else [],
        "booked": request.GET.get("booked") == "1",
        "moved": request.GET.get("moved") == "1",
        **extra,
    }
    template = "interviews/public_reschedule.html"
    return _render(request, template, context, application=interview.application, status=status)


@as_candidate
@require_safe
def selfschedule_reschedule(request: HttpRequest, token: str) -> HttpResponse:
    """The booked interview; until the cut-off, the other free times to move it to."""
    return _reschedule_page(request, token)


@as_candidate
@require_POST
def selfschedule_reschedule_move(request: HttpRequest, token: str) -> HttpResponse:
    form = SlotPickForm(request.POST)
    if not form.is_valid():
        return _reschedule_page(request, token, status=422, error=_("Choose one of the times below."))
    slot = form.cleaned_data["slot"]
    try:
        _interview, new_token = services.interview_reschedule_by_candidate(
            token=token, slot_public_id=slot, request=request
        )
    except (services.SlotTaken, services.TooLateToReschedule) as error:
        return _reschedule_page(request, token, status=409, error=error_text(error))
    except (TokenInvalid, ValidationError) as error:
        return _dead_link(request, token, error, RESCHEDULE)
    return redirect(reverse("interviews:selfschedule-reschedule", args=[new_token]) + "?moved=1")


urlpatterns = [
    path("s/<str:token>/", selfschedule_pick, name="selfschedule-pick"),
    path("s/<str:token>/book/", selfschedule_book, name="selfschedule-book"),
    path("s/<str:token>/other-times/", selfschedule_other_times, name="selfschedule-other-times"),
    path("r/<str:token>/", selfschedule_reschedule, name="selfschedule-reschedule"),
    path("r/<str:token>/move/", selfschedule_reschedule_move, name="selfschedule-reschedule-move"),
]
