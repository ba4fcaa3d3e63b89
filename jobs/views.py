"""Client, contact and job pages.

Each page declares its swappable regions with ``{% partialdef %}``; an htmx
request gets the region, any other request the page or a redirect, so every
action also works as a plain form POST.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from candidates.selectors import can_see_contact_details
from core.http import GET_OR_POST, done, done_in_place, error_text, respond, save_form
from interviews.models import InterviewPlanTemplate
from interviews.selectors.headcount import job_headcount
from interviews.services import job_create
from jobs import forms, selectors, services
from jobs.models import Client, Job
from placements.selectors import can_see_client_fee_terms, get_client_for_fee_terms, job_placements_for

JOBS_PER_PAGE = 50


# --- Clients -----------------------------------------------------------------------


@require_safe
def client_list(request: HttpRequest) -> HttpResponse:
    clients = selectors.client_list_for(request.user).select_related("owner")
    context = {"clients": clients, "can_change": selectors.can_manage_jobs(request.user)}
    return respond(request, "jobs/client_list.html", "client-rows", context)


def _client_context(request: HttpRequest, client: Client, **extra: Any) -> dict[str, Any]:
    see_fees = can_see_client_fee_terms(request.user)
    return {
        "client": client,
        # The fee agreement is fee information: administrators and recruiters only.
        "show_fee_terms": see_fees,
        "fee_terms_form": forms.ClientFeeTermsForm.for_client(client) if see_fees else None,
        "contacts": client.contacts.order_by("full_name"),
        "jobs": selectors.client_jobs_for(request.user, client),
        "show_contact_details": can_see_contact_details(request.user),
        "can_change": selectors.can_manage_jobs(request.user),
        "contact_form": forms.ContactForm(),
        **extra,
    }


@require_safe
def client_detail(request: HttpRequest, public_id) -> HttpResponse:
    client = selectors.get_client_for_user(request.user, public_id)
    return render(request, "jobs/client_detail.html", _client_context(request, client))


@GET_OR_POST
def client_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_jobs(request.user)
    form = forms.ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = save_form(
            form, lambda: services.client_create(actor=request.user, owner=request.user, **form.cleaned_data)
        )
        if client is not None:
            url = reverse("jobs:client-detail", args=[client.public_id])
            return done(request, url, _("Client %(name)s created.") % {"name": client.name})
    context = {"form": form, "title": _("New client"), "cancel_url": reverse("jobs:client-list")}
    return respond(request, "jobs/client_form.html", "form", context)


@GET_OR_POST
def client_edit(request: HttpRequest, public_id) -> HttpResponse:
    client = selectors.get_client_for_user(request.user, public_id, for_change=True)
    form = forms.ClientForm.for_client(client, request.POST or None)
    url = reverse("jobs:client-detail", args=[client.public_id])
    if request.method == "POST" and form.is_valid():
        saved = save_form(form, lambda: services.client_update(client=client, actor=request.user, **form.cleaned_data))
        if saved is not None:
            return done(request, url, _("Client %(name)s saved.") % {"name": client.name})
    context = {"form": form, "client": client, "title": _("Edit client"), "cancel_url": url}
    return respond(request, "jobs/client_form.html", "form", context)


@require_POST
def contact_add(request: HttpRequest, public_id) -> HttpResponse:
    client = selectors.get_client_for_user(request.user, public_id, for_change=True)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        contact = save_form(
            form, lambda: services.contact_create(client=client, actor=request.user, **form.cleaned_data)
        )
        if contact is not None:

            def redraw(notice: str, _error: str) -> HttpResponse:
                context = _client_context(request, client, notice=notice)
                return render(request, "jobs/client_detail.html#contacts", context)

            url = reverse("jobs:client-detail", args=[client.public_id])
            return done_in_place(
                request, url, redraw, notice=_("Contact %(name)s added.") % {"name": contact.full_name}
            )
    return respond(request, "jobs/client_detail.html", "contacts", _client_context(request, client, contact_form=form))


@require_POST
def client_fee_terms(request: HttpRequest, public_id) -> HttpResponse:
    """Set the fee agreement with a client, which new placements start from."""
    client = get_client_for_fee_terms(request.user, public_id)
    form = forms.ClientFeeTermsForm(request.POST)
    if form.is_valid():
        saved = save_form(
            form, lambda: services.client_fee_terms_update(client=client, actor=request.user, **form.cleaned_data)
        )
        if saved is not None:

            def redraw(notice: str, _error: str) -> HttpResponse:
                context = _client_context(request, client, fee_terms_notice=notice)
                return render(request, "jobs/client_detail.html#fee-terms", context)

            url = reverse("jobs:client-detail", args=[client.public_id])
            return done_in_place(request, url, redraw, notice=_("Fee terms saved."))
    context = _client_context(request, client, fee_terms_form=form)
    return respond(request, "jobs/client_detail.html", "fee-terms", context)


# --- Jobs --------------------------------------------------------------------------


@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    form = forms.JobFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    jobs = selectors.job_list_page_for(request.user, status=filters.get("status", ""), client=filters.get("client"))
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_change": selectors.can_manage_jobs(request.user),
    }
    return respond(request, "jobs/job_list.html", "job-rows", context)


def _job_context(request: HttpRequest, job: Job, **extra: Any) -> dict[str, Any]:
    can_change = selectors.can_manage_jobs(request.user)
    return {
        "job": job,
        "stages": selectors.job_stages_with_counts(job),
        "overdue": selectors.job_overdue_applications(job),
        "team": selectors.job_team(job),
        "next_statuses": [Job.Status(status) for status in services.job_next_statuses(job)],
        "can_change": can_change,
        "member_form": forms.JobMemberAddForm() if can_change else None,
        "headcount": job_headcount(job),
        # Fees only for administrators and the placing recruiter; no query for anyone else.
        "placements": job_placements_for(request.user, job),
        **extra,
    }


@require_safe
def job_detail(request: HttpRequest, public_id) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, public_id)
    return render(request, "jobs/job_detail.html", _job_context(request, job))


@GET_OR_POST
def job_create_view(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_jobs(request.user)
    plans = InterviewPlanTemplate.objects.filter(is_active=True)
    form = forms.JobForm(request.POST or None, user=request.user, plans=plans)
    if request.method == "POST" and form.is_valid():
        job = save_form(form, lambda: job_create(actor=request.user, **form.cleaned_data))
        if job is not None:
            url = reverse("jobs:job-detail", args=[job.public_id])
            return done(request, url, _("Job %(title)s created.") % {"title": job.title})
    context = {"form": form, "title": _("New job"), "cancel_url": reverse("jobs:job-list")}
    return respond(request, "jobs/job_form.html", "form", context)


@GET_OR_POST
def job_edit(request: HttpRequest, public_id) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, public_id, for_change=True)
    form = forms.JobEditForm(request.POST or None, job=job)
    url = reverse("jobs:job-detail", args=[job.public_id])
    if request.method == "POST" and form.is_valid():
        saved = save_form(form, lambda: services.job_update(job=job, actor=request.user, **form.cleaned_data))
        if saved is not None:
            return done(request, url, _("Job %(title)s saved.") % {"title": job.title})
    context = {"form": form, "job": job, "title": _("Edit job"), "cancel_url": url}
    return respond(request, "jobs/job_form.html", "form", context)


def _job_action_response(request: HttpRequest, job: Job, region: str, message: str, error: str = "") -> HttpResponse:
    """Answer a job action: htmx gets the changed region with the outcome in
    it; a plain POST goes back to the job page with the outcome as a message."""

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _job_context(request, job, **{f"{region}_notice": notice, f"{region}_error": error})
        return render(request, f"jobs/job_detail.html#{region}", context)

    url = reverse("jobs:job-detail", args=[job.public_id])
    return done_in_place(request, url, redraw, notice="" if error else message, error=error)


@require_POST
def job_status(request: HttpRequest, public_id) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, public_id, for_change=True)
    form = forms.JobStatusForm(request.POST)
    if not form.is_valid():
        return _job_action_response(request, job, "status", "", _("Choose a job status."))
    try:
        services.job_set_status(job=job, status=form.cleaned_data["status"], actor=request.user)
    except ValidationError as error:
        return _job_action_response(request, job, "status", "", error_text(error))
    message = _("The job is now %(status)s.") % {"status": job.get_status_display()}
    return _job_action_response(request, job, "status", message)


@require_POST
def job_member_add(request: HttpRequest, public_id) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, public_id, for_change=True)
    form = forms.JobMemberAddForm(request.POST)
    if not form.is_valid():
        return _job_action_response(request, job, "team", "", _("Choose a person and their role on the job."))
    user = form.cleaned_data["user"]
    try:
        services.job_member_add(job=job, user=user, job_role=form.cleaned_data["job_role"], actor=request.user)
    except ValidationError as error:
        return _job_action_response(request, job, "team", "", error_text(error))
    return _job_action_response(request, job, "team", _("%(name)s is on the team.") % {"name": user.full_name})


@require_POST
def job_member_remove(request: HttpRequest, public_id) -> HttpResponse:
    job = selectors.get_job_for_user(request.user, public_id, for_change=True)
    form = forms.JobMemberRemoveForm(request.POST)
    if not form.is_valid():
        return _job_action_response(request, job, "team", "", _("Choose a team member."))
    user = form.cleaned_data["user"]
    services.job_member_remove(job=job, user=user, actor=request.user)
    message = _("%(name)s is off the team.") % {"name": user.full_name}
    return _job_action_response(request, job, "team", message)


urlpatterns = [
    path("", job_list, name="job-list"),
    path("new/", job_create_view, name="job-create"),
    path("clients/", client_list, name="client-list"),
    path("clients/new/", client_create, name="client-create"),
    path("clients/<uuid:public_id>/", client_detail, name="client-detail"),
    path("clients/<uuid:public_id>/edit/", client_edit, name="client-edit"),
    path("clients/<uuid:public_id>/contacts/", contact_add, name="contact-add"),
    path("clients/<uuid:public_id>/fee-terms/", client_fee_terms, name="client-fee-terms"),
    path("<uuid:public_id>/", job_detail, name="job-detail"),
    path("<uuid:public_id>/edit/", job_edit, name="job-edit"),
    path("<uuid:public_id>/status/", job_status, name="job-status"),
    path("<uuid:public_id>/team/", job_member_add, name="job-member-add"),
    path("<uuid:public_id>/team/remove/", job_member_remove, name="job-member-remove"),
]
