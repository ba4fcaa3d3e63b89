"""Pipeline pages: the board of a job.

The board declares one swappable region, ``columns``; every action on it
(move, reject, bulk) answers htmx with that region and a plain POST with a
message and a redirect back to the board, filters kept.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from accounts.roles import rules_for
from candidates.selectors import candidate_search, get_candidate_for_user
from core.htmx import is_htmx
from interviews import forms, selectors, services
from interviews.models import Application
from jobs.models import Job
from jobs.selectors import get_job_for_user
from messaging.models import EmailTemplate
from messaging.selectors import email_template_names

BOARD = "interviews/board.html"


def _board_context(request: HttpRequest, job: Job, **extra: Any) -> dict[str, Any]:
    """Columns of the board, filtered by the request's query string (the actions
    post to URLs that carry it, so a re-render keeps the filters)."""
    filter_form = forms.BoardFilterForm(request.GET, job=job)
    filters = filter_form.filters()
    query = urlencode({name: request.GET[name] for name, value in filters.items() if value is not None})
    stages = list(job.stages.filter(archived_at__isnull=True).order_by("order"))
    by_stage = defaultdict(list)
    now = timezone.now()
    for application in selectors.board_applications_for(request.user, job, **filters):
        application.days_in_stage = (now - application.stage_entered_at).days
        by_stage[application.stage_id].append(application)
    columns = [
        {"stage": stage, "applications": by_stage[stage.pk], "next": stages[n + 1] if n + 1 < len(stages) else None}
        for n, stage in enumerate(stages)
    ]
    rules = rules_for(request.user.role)
    return {
        "job": job,
        "stages": stages,
        "columns": columns,
        "filter_form": filter_form,
        "query": f"?{query}" if query else "",
        "can_change": rules.applications_write,
        "can_decide": rules.record_decisions,
        "reasons": forms.RejectForm.base_fields["reason"].choices,
        "rejection_templates": _rejection_templates(),
        **extra,
    }


def _rejection_templates() -> list[str]:
    return email_template_names(purpose=EmailTemplate.Purpose.REJECTION)


def _respond(request: HttpRequest, job: Job, *, notice: str = "", error: str = "") -> HttpResponse:
    """After an action: the columns for htmx (alert inside), else message + redirect."""
    if is_htmx(request):
        context = _board_context(request, job, board_notice=notice, board_error=error)
        return render(request, f"{BOARD}#columns", context)
    if notice:
        messages.success(request, notice)
    if error:
        messages.error(request, error)
    query = request.GET.urlencode()
    return redirect(reverse("interviews:board", args=[job.public_id]) + (f"?{query}" if query else ""))


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


@require_safe
def board(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    context = _board_context(request, job)
    return render(request, f"{BOARD}#columns" if is_htmx(request) else BOARD, context)


@require_POST
def application_move(request: HttpRequest, public_id) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, public_id, action="change")
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return _respond(request, application.job, error=_("Choose a stage to move to."))
    stage = form.cleaned_data["stage"]
    try:
        services.application_move(application=application, to_stage=stage, actor=request.user)
    except ValidationError as error:
        return _respond(request, application.job, error=_error_text(error))
    notice = _("%(name)s moved to %(stage)s.") % {"name": application.candidate.full_name, "stage": stage.name}
    return _respond(request, application.job, notice=notice)


@require_POST
def application_reject(request: HttpRequest, public_id) -> HttpResponse:
    application = selectors.get_application_for_user(request.user, public_id, action="decide")
    form = forms.RejectForm(request.POST, email_templates=_rejection_templates())
    if not form.is_valid():
        error = (
            _("Choose a rejection reason.") if "reason" in form.errors else _error_text(ValidationError(form.errors))
        )
        return _respond(request, application.job, error=error)
    try:
        services.application_reject(application=application, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _respond(request, application.job, error=_error_text(error))
    name = application.candidate.full_name
    if form.cleaned_data["email_template"]:
        notice = _("%(name)s rejected; the email to them is queued.") % {"name": name}
    else:
        notice = _("%(name)s rejected.") % {"name": name}
    return _respond(request, application.job, notice=notice)


ADD_RESULTS = 10


def _add_results(request: HttpRequest, job: Job) -> dict[str, Any]:
    """The first candidates matching ``q`` the user may see, each marked if already active in ``job``."""
    query = request.GET.get("q", "").strip()[:200]
    if not query:
        return {"add_query": "", "add_results": None}
    results = candidate_search(request.user, query=query, limit=ADD_RESULTS).results
    active = set(
        job.applications.filter(status=Application.Status.ACTIVE, candidate__in=results).values_list(
            "candidate_id", flat=True
        )
    )
    for candidate in results:
        candidate.in_pipeline = candidate.pk in active
    return {"add_query": query, "add_results": results}


def _require_applications_write(request: HttpRequest) -> None:
    if not rules_for(request.user.role).applications_write:
        raise PermissionDenied


@require_safe
def board_add_search(request: HttpRequest, job_public_id) -> HttpResponse:
    """Search candidates to add to the pipeline: the results region for htmx,
    the board with the results otherwise."""
    job = get_job_for_user(request.user, job_public_id)
    _require_applications_write(request)
    if is_htmx(request):
        return render(request, f"{BOARD}#add_results", {"job": job, **_add_results(request, job)})
    return render(request, BOARD, _board_context(request, job, **_add_results(request, job)))


@require_POST
def board_add(request: HttpRequest, job_public_id) -> HttpResponse:
    """Put a candidate found by the search into the job's first stage."""
    job = get_job_for_user(request.user, job_public_id)
    _require_applications_write(request)
    form = forms.AddCandidateForm(request.POST)
    if not form.is_valid():
        return _respond(request, job, error=_("Choose a candidate to add."))
    candidate = get_candidate_for_user(request.user, form.cleaned_data["candidate"])
    try:
        application = services.application_create(candidate=candidate, job=job, actor=request.user)
    except ValidationError as error:
        return _respond(request, job, error=_error_text(error))
    notice = _("%(name)s added to %(stage)s.") % {"name": candidate.full_name, "stage": application.stage.name}
    return _respond(request, job, notice=notice)


def _bulk_one(request: HttpRequest, job: Job, public_id, data: dict) -> None:
    """One item of a bulk action, fetched and checked on its own; raises
    ValidationError with the reason it was refused."""
    move = data["action"] == forms.BulkForm.MOVE
    try:
        application = selectors.get_application_for_user(request.user, public_id, action="change" if move else "decide")
    except Http404:
        raise ValidationError(_("an application you cannot see")) from None
    except PermissionDenied:
        raise ValidationError(_("you may not do that")) from None
    if application.job_id != job.pk:
        raise ValidationError(_("an application of another job"))
    try:
        if move:
            services.application_move(application=application, to_stage=data["stage"], actor=request.user)
        else:
            services.application_reject(
                application=application,
                actor=request.user,
                reason=data["reason"],
                note=data["note"],
                email_template=data["email_template"],
            )
    except ValidationError as error:
        raise ValidationError(f"{application.candidate.full_name}: {_error_text(error)}") from None


@require_POST
def board_bulk(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    form = forms.BulkForm(request.POST, job=job, email_templates=_rejection_templates())
    if not form.is_valid():
        return _respond(request, job, error=" ".join(e for errors in form.errors.values() for e in errors))
    done, refused = 0, []
    for public_id in form.cleaned_data["applications"]:
        try:
            _bulk_one(request, job, public_id, form.cleaned_data)
        except ValidationError as error:
            refused.append(_error_text(error))
        else:
            done += 1
    notice = ngettext("%(count)d application updated.", "%(count)d applications updated.", done) % {"count": done}
    error = _("Not done: %(reasons)s") % {"reasons": "; ".join(refused)} if refused else ""
    return _respond(request, job, notice=notice if done else "", error=error)


urlpatterns = [
    path("<uuid:job_public_id>/", board, name="board"),
    path("<uuid:job_public_id>/bulk/", board_bulk, name="board-bulk"),
    path("<uuid:job_public_id>/add/search/", board_add_search, name="board-add-search"),
    path("<uuid:job_public_id>/add/", board_add, name="board-add"),
    path("applications/<uuid:public_id>/move/", application_move, name="application-move"),
    path("applications/<uuid:public_id>/reject/", application_reject, name="application-reject"),
]
