"""The interviewer's workspace: "my interviews", the interview page (candidate
summary, resume, kit) and the scorecard actions.

The interview page declares two swappable regions: ``scorecard`` (the own
scorecard form or its read-only copy, and the other panelists' scorecards) and
``saved`` (the autosave indicator). Every action answers htmx with a region and
a plain POST with a message and a redirect back to the page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from candidates.services import candidate_read_record
from core.http import done_in_place, error_text, is_htmx
from interviews.forms.workspace import ScorecardForm
from interviews.models import Interview, Scorecard
from interviews.selectors import get_interview_for_user
from interviews.selectors.workspace import get_panel_interview_for_user, interview_page_for
from interviews.selectors.workspace import my_interviews as my_interviews_for
from interviews.services.scoring import scorecard_criteria, scorecard_revise, scorecard_save_draft, scorecard_submit

PAGE = "interviews/interview_detail.html"


@require_safe
def my_interviews(request: HttpRequest) -> HttpResponse:
    groups = my_interviews_for(request.user, timezone.now())
    return render(request, "interviews/my_interviews.html", {"groups": groups})


def _context(request: HttpRequest, interview: Interview, **extra: Any) -> dict[str, Any]:
    return {
        "interview": interview,
        "page": interview_page_for(request.user, interview),
        "scores": range(1, 5),
        # Before the start a scorecard is only a draft: the submit button says when it opens.
        "submit_opens_at": interview.starts_at if interview.starts_at > timezone.now() else None,
        **extra,
    }


@require_safe
def interview_detail(request: HttpRequest, public_id) -> HttpResponse:
    interview = get_interview_for_user(request.user, public_id)
    context = _context(request, interview)
    if context["page"].contact is not None:
        # Contact details shown: a read of the profile's personal data, audited.
        candidate_read_record(user=request.user, candidate=interview.application.candidate, request=request)
    return render(request, PAGE, context)


def _form(request: HttpRequest, interview: Interview, own: Scorecard | None, **kwargs: Any) -> ScorecardForm:
    form = ScorecardForm(request.POST, criteria=scorecard_criteria(interview=interview, scorecard=own), **kwargs)
    form.is_valid()
    return form


def _scorecard_answer(request: HttpRequest, interview: Interview, *, notice: str = "", error: str = "") -> HttpResponse:
    """After a scorecard action: the ``scorecard`` region for htmx (a refusal is
    shown inside it, with status 200 so htmx swaps it in), else message + redirect."""

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _context(request, interview, scorecard_notice=notice, scorecard_error=error)
        return render(request, f"{PAGE}#scorecard", context)

    url = reverse("interviews:interview-detail", args=[interview.public_id])
    return done_in_place(request, url, redraw, notice=notice, error=error)


@require_POST
def scorecard_draft(request: HttpRequest, public_id) -> HttpResponse:
    """Save the own draft: the autosave (htmx, answered with the ``saved``
    indicator) and the "Save draft" button."""
    interview, own = get_panel_interview_for_user(request.user, public_id)
    form = _form(request, interview, own)
    error = form.error_text()
    if not error:
        try:
            own = scorecard_save_draft(
                interview=interview, interviewer=request.user, ratings=form.ratings(), **_overall(form)
            )
        except ValidationError as exc:
            error = error_text(exc)
    if is_htmx(request):
        context = {"saved_at": None if error else own.updated_at, "saved_error": error}
        return render(request, f"{PAGE}#saved", context)
    return _scorecard_answer(request, interview, notice="" if error else _("Draft saved."), error=error)


def _overall(form: ScorecardForm) -> dict[str, str]:
    return {"recommendation": form.cleaned_data["recommendation"], "summary": form.cleaned_data["summary"].strip()}


@require_POST
def scorecard_submit_view(request: HttpRequest, public_id) -> HttpResponse:
    """Submit the own scorecard. The form is first kept as the draft, so a
    refused submission loses nothing."""
    interview, own = get_panel_interview_for_user(request.user, public_id)
    form = _form(request, interview, own)
    if form.errors:
        return _scorecard_answer(request, interview, error=form.error_text())
    try:
        scorecard_save_draft(interview=interview, interviewer=request.user, ratings=form.ratings(), **_overall(form))
        scorecard_submit(interview=interview, interviewer=request.user, ratings=form.ratings(), **_overall(form))
    except ValidationError as exc:
        return _scorecard_answer(request, interview, error=error_text(exc))
    return _scorecard_answer(request, interview, notice=_("Scorecard submitted."))


@require_POST
def scorecard_revise_view(request: HttpRequest, public_id) -> HttpResponse:
    """Change the own submitted scorecard; a reason is required and the change is recorded."""
    interview, own = get_panel_interview_for_user(request.user, public_id)
    if own is None or own.status != Scorecard.Status.SUBMITTED:
        return _scorecard_answer(request, interview, error=_("Submit your scorecard before changing it."))
    form = _form(request, interview, own, require_reason=True)
    if form.errors:
        return _scorecard_answer(request, interview, error=form.error_text())
    try:
        scorecard_revise(
            scorecard=own,
            interviewer=request.user,
            ratings=form.ratings(),
            reason=form.cleaned_data["reason"],
            **_overall(form),
        )
    except ValidationError as exc:
        return _scorecard_answer(request, interview, error=error_text(exc))
    return _scorecard_answer(request, interview, notice=_("Scorecard changed; the change is recorded."))


urlpatterns = [
    path("my-interviews/", my_interviews, name="my-interviews"),
    path("interviews/<uuid:public_id>/", interview_detail, name="interview-detail"),
    path("interviews/<uuid:public_id>/scorecard/draft/", scorecard_draft, name="scorecard-draft"),
    path("interviews/<uuid:public_id>/scorecard/submit/", scorecard_submit_view, name="scorecard-submit"),
    path("interviews/<uuid:public_id>/scorecard/revise/", scorecard_revise_view, name="scorecard-revise"),
]
