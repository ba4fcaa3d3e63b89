"""The debrief of an application at a stage, and the decision taken from it.

The page declares one swappable region, ``debrief``: the scorecards side by
side, the missing ones, and the decision. Advancing and rejecting answer htmx
with that region and a plain POST with a message and a redirect to the page.

Advancing from the debrief to the next stage is a decision, like rejecting:
both need ``record_decisions`` (get_application_for_user(action="decide")), so
a hiring manager records their decision on their jobs here although they may
not move applications on the board. Overriding missing scorecards stays with
recruiters and administrators (accounts.roles stage_override); the service
refuses it to anyone else.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import rules_for
from core.http import done_in_place, error_text, respond
from interviews import services
from interviews.forms import board as forms
from interviews.forms.debrief import AdvanceForm
from interviews.models import Application, Stage
from interviews.selectors.debrief import debrief_for, get_debrief_for_user, may_override
from interviews.selectors.scheduling import interviews_ahead_context
from messaging.models import EmailTemplate
from messaging.selectors import email_template_names

DEBRIEF = "interviews/debrief.html"


def _rejection_templates() -> list[str]:
    return email_template_names(purpose=EmailTemplate.Purpose.REJECTION)


def _next_stage(application: Application, stage: Stage) -> Stage | None:
    later = application.job.stages.filter(archived_at__isnull=True, order__gt=stage.order)
    return later.order_by("order").first()


def _context(request: HttpRequest, application: Application, stage: Stage, **extra: Any) -> dict[str, Any]:
    debrief = debrief_for(request.user, application, stage)
    is_current = application.status == Application.Status.ACTIVE and application.stage_id == stage.pk
    return {
        "application": application,
        "job": application.job,
        "stage": stage,
        "stages": list(application.job.stages.filter(archived_at__isnull=True).order_by("order")),
        "debrief": debrief,
        "is_current": is_current,
        "next_stage": _next_stage(application, stage) if is_current else None,
        "can_decide": rules_for(request.user.role).record_decisions,
        "can_override": may_override(request.user),
        "reject_form": _reject_form(),
        **interviews_ahead_context(application),
        **extra,
    }


def _reject_form() -> forms.RejectForm:
    form = forms.RejectForm(email_templates=_rejection_templates(), auto_id="reject_%s")
    for name, field in form.fields.items():
        field.widget.attrs["class"] = "form-control form-control-sm" if name == "note" else "form-select form-select-sm"
    return form


def _debrief_answer(
    request: HttpRequest, public_id, stage_id: int, *, notice: str = "", error: str = ""
) -> HttpResponse:
    """After an action: the region for htmx (the outcome inside), else the
    outcome as a message and back to the page."""

    def redraw(notice: str, error: str) -> HttpResponse:
        application, stage = get_debrief_for_user(request.user, public_id, stage_id)
        context = _context(request, application, stage, debrief_notice=notice, debrief_error=error)
        return render(request, f"{DEBRIEF}#debrief", context)

    url = reverse("interviews:debrief", args=[public_id, stage_id])
    return done_in_place(request, url, redraw, notice=notice, error=error)


@require_safe
def debrief(request: HttpRequest, public_id, stage_id: int) -> HttpResponse:
    application, stage = get_debrief_for_user(request.user, public_id, stage_id)
    return respond(request, DEBRIEF, "debrief", _context(request, application, stage))


@require_POST
def debrief_advance(request: HttpRequest, public_id, stage_id: int) -> HttpResponse:
    application, stage = get_debrief_for_user(request.user, public_id, stage_id, action="decide")
    form = AdvanceForm(request.POST)
    next_stage = _next_stage(application, stage)
    if not form.is_valid():
        return _debrief_answer(request, public_id, stage_id, error=error_text(ValidationError(form.errors)))
    if application.stage_id != stage.pk or next_stage is None:
        return _debrief_answer(request, public_id, stage_id, error=_("There is no next stage to move to from here."))
    try:
        services.application_move(
            application=application,
            to_stage=next_stage,
            actor=request.user,
            override_reason=form.cleaned_data["override_reason"],
        )
    except ValidationError as error:
        return _debrief_answer(request, public_id, stage_id, error=error_text(error))
    notice = _("%(name)s moved to %(stage)s.") % {"name": application.candidate.full_name, "stage": next_stage.name}
    return _debrief_answer(request, public_id, stage_id, notice=notice)


@require_POST
def debrief_reject(request: HttpRequest, public_id, stage_id: int) -> HttpResponse:
    application, _stage = get_debrief_for_user(request.user, public_id, stage_id, action="decide")
    form = forms.RejectForm(request.POST, email_templates=_rejection_templates())
    if not form.is_valid():
        return _debrief_answer(request, public_id, stage_id, error=error_text(ValidationError(form.errors)))
    try:
        services.application_reject(application=application, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _debrief_answer(request, public_id, stage_id, error=error_text(error))
    notice = _("%(name)s rejected.") % {"name": application.candidate.full_name}
    return _debrief_answer(request, public_id, stage_id, notice=notice)


urlpatterns = [
    path("applications/<uuid:public_id>/debrief/<int:stage_id>/", debrief, name="debrief"),
    path("applications/<uuid:public_id>/debrief/<int:stage_id>/advance/", debrief_advance, name="debrief-advance"),
    path("applications/<uuid:public_id>/debrief/<int:stage_id>/reject/", debrief_reject, name="debrief-reject"),
]
