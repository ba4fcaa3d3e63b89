"""Closing and reopening an application outside a rejection: the candidate
withdrew (a reason from the list and a note), a hire recorded at the offer
stage without an offer in the product, and a closed application reopened.

The forms live in one fragment (``_fragments/closing_actions.html``) shown in
three places: the board card's side panel (its forms swap the board's
columns, filters kept), and this module's page, opened from the profile's
application row, the debrief and the board's closed list (its forms carry
``next``, the page to go back to: htmx follows there, a plain POST is
redirected). Withdrawing and hiring follow ``record_decisions``; reopening is
for recruiters and administrators (accounts.roles reopen_applications).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import done, error_text, respond
from interviews import selectors, services
from interviews.forms import board as forms
from interviews.models import Application
from interviews.selectors.closing import (
    application_reason_label,
    can_reopen_applications,
    is_offer_stage,
    require_reopen_applications,
)
from interviews.selectors.scheduling import interviews_ahead_context
from interviews.views.board import _board_answer
from offers.selectors import application_has_open_offer
from offers.services import offers_of_closed_applications_withdraw
from placements.selectors import placement_blocks_reopen
from placements.services import application_hire_record

PAGE = "interviews/application_closing.html"


def _next_url(request: HttpRequest) -> str:
    """Where the form came from (``next``), if it is a page of this site; "" otherwise."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return ""


def _answer(request: HttpRequest, application: Application, *, notice: str = "", error: str = "") -> HttpResponse:
    """From the board's panel: the board's columns (htmx) or the board. From
    the closing page: back to the page it was opened from, or to the profile;
    a refusal goes back to the closing page, its message shown there."""
    next_url = _next_url(request)
    if not next_url and "next" not in request.POST:
        return _board_answer(request, application.job, notice=notice, error=error)
    back = next_url or reverse("candidates:candidate-detail", args=[application.candidate.public_id])
    if error:
        page = reverse("interviews:application-closing", args=[application.public_id])
        return done(request, f"{page}?{_query(back)}", error=error)
    return done(request, back, notice)


def _query(next_url: str) -> str:
    return urlencode({"next": next_url})


def closing_context(request: HttpRequest, application: Application) -> dict[str, Any]:
    """What the closing fragment needs about ``application`` and the user."""
    user = request.user
    active = application.status == Application.Status.ACTIVE
    return {
        "application": application,
        "withdrawal_reasons": forms.withdrawal_reasons() if active else [],
        "can_close": active and selectors.can_record_decisions(user),
        "at_offer_stage": active and is_offer_stage(application),
        "can_reopen": not active and can_reopen_applications(user),
        **(interviews_ahead_context(application) if active else {}),
    }


@require_safe
def application_closing(request: HttpRequest, public_id) -> HttpResponse:
    """The closing actions of one application, on their own page: withdraw or
    mark hired for an active one, reopen for a closed one. 404 to those who
    do not see it, 403 to those who see it but may not do what it offers."""
    application = selectors.get_application_for_user(request.user, public_id)
    if application.status == Application.Status.ACTIVE:
        selectors.require_record_decisions(request.user)
    else:
        require_reopen_applications(request.user)
    application.reason_label = application_reason_label(application)
    next_url = _next_url(request) or reverse("candidates:candidate-detail", args=[application.candidate.public_id])
    context = {
        **closing_context(request, application),
        "candidate": application.candidate,
        "job": application.job,
        "next_url": next_url,
    }
    return respond(request, PAGE, "closing", context)


@require_POST
def application_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    """Record that the candidate withdrew, why, and a note; their interviews
    still ahead are cancelled or kept as the form or the job says
    (services.application_withdraw)."""
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        return _answer(request, application, error=error_text(ValidationError(form.errors)))
    try:
        services.application_withdraw(application=application, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _answer(request, application, error=error_text(error))
    # An offer still open for it goes too: its link stops working.
    offers_of_closed_applications_withdraw(application=application)
    return _answer(request, application, notice=_("%(name)s withdrew.") % {"name": application.candidate.full_name})


@require_POST
def application_hire(request: HttpRequest, public_id) -> HttpResponse:
    """Mark an application hired at the offer stage, for a hire made without
    an offer in the product; an agency job's hire makes its placement
    (placements.services.application_hire_record)."""
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    if application.status == Application.Status.ACTIVE and not is_offer_stage(application):
        error = _("Only an application at an offer stage can be marked hired: move it there first.")
        return _answer(request, application, error=error)
    if application_has_open_offer(application):
        error = _("This application has an offer in progress: answer or withdraw the offer first.")
        return _answer(request, application, error=error)
    try:
        application_hire_record(application=application, actor=request.user)
    except ValidationError as error:
        return _answer(request, application, error=error_text(error))
    notice = _("%(name)s marked hired.") % {"name": application.candidate.full_name}
    return _answer(request, application, notice=notice)


@require_POST
def application_reopen(request: HttpRequest, public_id) -> HttpResponse:
    """Make a closed application active again in the stage it closed at, with a reason."""
    application = selectors.get_application_for_user(request.user, public_id)
    require_reopen_applications(request.user)
    form = forms.ReopenForm(request.POST)
    if not form.is_valid():
        return _answer(request, application, error=error_text(ValidationError(form.errors)))
    if application.status == Application.Status.HIRED and placement_blocks_reopen(application):
        error = _("The placement of this hire still stands: record that it fell through before reopening.")
        return _answer(request, application, error=error)
    try:
        services.application_reopen(application=application, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        return _answer(request, application, error=error_text(error))
    notice = _("%(name)s is active again in %(stage)s.") % {
        "name": application.candidate.full_name,
        "stage": application.stage.name,
    }
    return _answer(request, application, notice=notice)


urlpatterns = [
    path("applications/<uuid:public_id>/close/", application_closing, name="application-closing"),
    path("applications/<uuid:public_id>/withdraw/", application_withdraw, name="application-withdraw"),
    path("applications/<uuid:public_id>/hire/", application_hire, name="application-hire"),
    path("applications/<uuid:public_id>/reopen/", application_reopen, name="application-reopen"),
]
