"""A job's own stages: the page listing them, and adding, editing, reordering,
archiving, merging and deleting them.

Whoever sees the job reads the page (an outsider gets a 404); only roles with
``job_settings_write`` (recruiters, administrators) change it — the others get
a 403 (get_job_for_user(for_change=True)). The stage list is the ``stages``
region: htmx actions swap it, plain POSTs redirect back to the page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, done_in_place, error_text, respond, save_form
from interviews.forms import plans as forms
from interviews.selectors import plans as selectors
from interviews.services import job_stages as services
from jobs.models import Job
from jobs.selectors import can_manage_jobs, get_job_for_user

PAGE = "interviews/job_stages.html"
STAGE_FORM = "interviews/stage_form.html"


def _page_url(job: Job) -> str:
    return reverse("interviews:job-stages", args=[job.public_id])


def _context(request: HttpRequest, job: Job, **extra: Any) -> dict[str, Any]:
    rows = list(selectors.job_stage_rows(job))
    current = [stage for stage in rows if stage.archived_at is None]
    for stage in current:
        stage.others = [other for other in current if other.pk != stage.pk]
    return {
        "job": job,
        "current": current,
        "archived": [stage for stage in rows if stage.archived_at is not None],
        "can_change": can_manage_jobs(request.user),
        **extra,
    }


def _changed(request: HttpRequest, job: Job, *, notice: str = "", error: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        return render(request, f"{PAGE}#stages", _context(request, job, stages_notice=notice, stages_error=error))

    return done_in_place(request, _page_url(job), redraw, notice=notice, error=error)


@require_safe
def job_stages(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    return respond(request, PAGE, "stages", _context(request, job))


@GET_OR_POST
def job_stage_add(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    form = forms.JobStageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.stage_add(job=job, actor=request.user, **values)):
            return done(request, _page_url(job), _("Stage %(name)s added.") % {"name": values["name"]})
    context = {"form": form, "title": _("New stage"), "parent": job.title, "cancel_url": _page_url(job)}
    return respond(request, STAGE_FORM, "form", context)


@GET_OR_POST
def job_stage_edit(request: HttpRequest, job_public_id, stage_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    stage = selectors.get_job_stage(job, stage_id)
    form = forms.JobStageForm.for_stage(stage, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.stage_update(stage=stage, actor=request.user, **values)):
            return done(request, _page_url(job), _("Stage %(name)s saved.") % {"name": values["name"]})
    context = {"form": form, "title": _("Edit stage"), "parent": job.title, "cancel_url": _page_url(job)}
    return respond(request, STAGE_FORM, "form", context)


@require_POST
def job_stage_move(request: HttpRequest, job_public_id, stage_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    stage = selectors.get_job_stage(job, stage_id)
    form = forms.MoveForm(request.POST)
    current = [row.pk for row in job.stages.filter(archived_at__isnull=True).order_by("order")]
    if not form.is_valid() or stage.pk not in current:
        return _changed(request, job, error=_("Only a current stage can be moved up or down."))
    services.stages_reorder(job=job, order=form.moved(current, stage.pk), actor=request.user)
    return _changed(request, job)


@require_POST
def job_stage_archive(request: HttpRequest, job_public_id, stage_id: int) -> HttpResponse:
    """Archive a stage; its active applications move to ``move_to`` if given."""
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    stage = selectors.get_job_stage(job, stage_id)
    form = forms.ArchiveForm(request.POST, stages=job.stages.all())
    if not form.is_valid():
        return _changed(request, job, error=_("Choose a stage of this job."))
    try:
        services.stage_archive(stage=stage, actor=request.user, move_to=form.cleaned_data["move_to"])
    except ValidationError as error:
        return _changed(request, job, error=error_text(error))
    return _changed(request, job, notice=_("Stage %(name)s archived.") % {"name": stage.name})


@require_POST
def job_stage_merge(request: HttpRequest, job_public_id, stage_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    stage = selectors.get_job_stage(job, stage_id)
    form = forms.MergeForm(request.POST, stages=job.stages.all())
    if not form.is_valid():
        return _changed(request, job, error=_("Choose the stage to merge into."))
    into = form.cleaned_data["into"]
    try:
        services.stage_merge(stage=stage, into=into, actor=request.user)
    except ValidationError as error:
        return _changed(request, job, error=error_text(error))
    notice = _("Stage %(name)s merged into %(into)s.") % {"name": stage.name, "into": into.name}
    return _changed(request, job, notice=notice)


@require_POST
def job_stage_delete(request: HttpRequest, job_public_id, stage_id: int) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    stage = selectors.get_job_stage(job, stage_id)
    try:
        services.stage_delete(stage=stage, actor=request.user)
    except ValidationError as error:
        return _changed(request, job, error=error_text(error))
    return _changed(request, job, notice=_("Stage %(name)s deleted.") % {"name": stage.name})


urlpatterns = [
    path("<uuid:job_public_id>/stages/", job_stages, name="job-stages"),
    path("<uuid:job_public_id>/stages/new/", job_stage_add, name="job-stage-add"),
    path("<uuid:job_public_id>/stages/<int:stage_id>/", job_stage_edit, name="job-stage-edit"),
    path("<uuid:job_public_id>/stages/<int:stage_id>/move/", job_stage_move, name="job-stage-move"),
    path("<uuid:job_public_id>/stages/<int:stage_id>/archive/", job_stage_archive, name="job-stage-archive"),
    path("<uuid:job_public_id>/stages/<int:stage_id>/merge/", job_stage_merge, name="job-stage-merge"),
    path("<uuid:job_public_id>/stages/<int:stage_id>/delete/", job_stage_delete, name="job-stage-delete"),
]
