"""The candidate list and search page, its saved searches and bulk actions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NamedTuple
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from candidates.forms import (
    FILTER_FIELDS,
    BulkJobForm,
    BulkPoolForm,
    BulkTagForm,
    CandidateSearchForm,
    SavedSearchForm,
)
from candidates.models import Candidate, SavedSearch, Tag
from candidates.selectors import (
    BadCursor,
    can_write_candidates,
    candidate_list_for,
    candidate_search,
    require_candidates_write,
)
from candidates.services import candidate_tags_add, saved_search_delete, saved_search_save
from candidates.templatetags.candidate_search import highlight_terms
from core.http import error_text, is_htmx
from interviews.models import Application, Stage
from interviews.selectors import can_change_applications, require_change_applications
from interviews.services import OPEN_JOB_STATUSES, application_create
from jobs.models import Client
from jobs.selectors import client_list_for, get_job_for_user, job_list_for
from talentpool.selectors import get_pool_for_user, pool_list_for
from talentpool.services import pool_member_add

PAGE_SIZE = 25
# A search that looks like an email address prefills the new candidate's email.
EMAIL_LIKE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# Parameters a search carries from page to page and into a saved search.
SEARCH_PARAMS = ("q", "sort", *FILTER_FIELDS)


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(str(value))
    except (TypeError, ValueError):
        return None


class VisibleJob(NamedTuple):
    public_id: UUID
    title: str
    client_public_id: UUID
    client_name: str
    status: str


def visible_jobs(user: User) -> list[VisibleJob]:
    """The jobs ``user`` sees, with their clients, in one query: the job and
    client filters and the bulk "add to job" list are all read from it (the
    access predicate takes longer to compile than to run, bench/run: ~3 ms
    for jobs and ~8 ms for clients, per queryset)."""
    rows = job_list_for(user).order_by("title", "id")
    fields = ("public_id", "title", "client__public_id", "client__name", "status")
    return [VisibleJob(*row) for row in rows.values_list(*fields)]


def search_form_for(user: User, data: QueryDict, jobs: list[VisibleJob] | None = None) -> CandidateSearchForm:
    """The search form. Given ``jobs`` (visible_jobs: the page shows the
    options), its job and client options are read from them: the clients of
    the jobs ``user`` sees, since a client without a visible job would find
    nobody; without, the options stay lazy querysets (the export only
    validates)."""
    job_id = _uuid(data.get("job"))
    # Stages are offered for the chosen job only: all stages of all jobs would be thousands.
    stages = (
        Stage.objects.filter(job__in=job_list_for(user).values("pk"), job__public_id=job_id).order_by("order")
        if job_id
        else Stage.objects.none()
    )
    if jobs is None:
        clients = client_list_for(user)
    else:
        by_name = sorted({(job.client_name, job.client_public_id) for job in jobs})
        clients = Client.objects.filter(public_id__in=[public_id for _name, public_id in by_name])
    form = CandidateSearchForm(
        data,
        jobs=job_list_for(user).order_by("title", "id"),
        stages=stages,
        clients=clients.order_by("name"),
        statuses=Application.Status.choices,
    )
    if jobs is not None:
        form.fields["job"].choices = [
            ("", form.fields["job"].empty_label),
            *((job.public_id, f"{job.title} · {job.client_name}") for job in jobs),
        ]
        form.fields["client"].choices = [
            ("", form.fields["client"].empty_label),
            *((public_id, name) for name, public_id in by_name),
        ]
    return form


def search_params(data: QueryDict) -> dict[str, str]:
    return {key: data[key] for key in SEARCH_PARAMS if data.get(key)}


def _bulk_choices(user: User, jobs: list[VisibleJob]) -> dict[str, Any]:
    can_tag, can_add_to_job = can_write_candidates(user), can_change_applications(user)
    pools = pool_list_for(user) if can_tag else None
    return {
        "can_tag": can_tag,
        "bulk_jobs": [job for job in jobs if job.status in OPEN_JOB_STATUSES] if can_add_to_job else [],
        "bulk_pools": list(pools.order_by("name").values_list("public_id", "name")) if pools is not None else [],
        "can_add_to_job": can_add_to_job,
        "can_add_to_pool": pools is not None,
    }


def _add_candidate_url(query: str) -> str:
    """The new-candidate form, prefilled with what was searched for: as the
    email when it looks like one, as the name otherwise."""
    url = reverse("candidates:candidate-create")
    query = query.strip()
    if not query:
        return url
    field = "email" if EMAIL_LIKE.fullmatch(query) else "full_name"
    return f"{url}?{urlencode({field: query})}"


@require_safe
def candidate_list(request: HttpRequest) -> HttpResponse:
    """Search and filter the candidates the user may see, one keyset page at a time."""
    jobs = visible_jobs(request.user)
    form = search_form_for(request.user, request.GET, jobs)
    page, cursor_reset = None, False
    if form.is_valid():
        args = form.search_args()
        try:
            page = candidate_search(request.user, **args, after=request.GET.get("after") or None, limit=PAGE_SIZE)
        except BadCursor:
            cursor_reset = True
            page = candidate_search(request.user, **args, limit=PAGE_SIZE)
        prefetch_related_objects(page.results, Prefetch("tags", queryset=Tag.objects.order_by("name")))
    params = search_params(request.GET)
    can_create = can_write_candidates(request.user)
    context = {
        "can_create": can_create,
        "add_candidate_url": _add_candidate_url(form.cleaned_data.get("q", "") if form.is_valid() else ""),
        "form": form,
        "page": page,
        "cursor_reset": cursor_reset,
        "terms": highlight_terms(form.cleaned_data.get("q", "") if form.is_valid() else ""),
        "search_params": params,
        "next_url": f"?{urlencode({**params, 'after': page.next_cursor})}" if page and page.next_cursor else "",
        "current_url": request.get_full_path(),
    }
    if is_htmx(request):
        return render(request, "candidates/candidate_list.html#results", context | {"is_htmx": True})
    saved = list(SavedSearch.objects.filter(owner=request.user).order_by("name"))
    for search in saved:
        search.url = "?" + urlencode({"q": search.query, "sort": search.sort, **search.filters})
    context |= {
        "saved_searches": saved,
        **_bulk_choices(request.user, jobs),
    }
    return render(request, "candidates/candidate_list.html", context)


@require_POST
def saved_search_create(request: HttpRequest) -> HttpResponse:
    """Save the current query, filters and sort under a name; back to the list with them."""
    form = SavedSearchForm(request.POST)
    search_form = search_form_for(request.user, request.POST)
    params = search_params(request.POST)
    list_url = reverse("candidates:candidate-list")
    back = f"{list_url}?{urlencode(params)}" if params else list_url
    if not form.is_valid() or not search_form.is_valid():
        errors = [error for errors in (form.errors | search_form.errors).values() for error in errors]
        messages.error(request, _("The search was not saved: %(errors)s") % {"errors": " ".join(errors)})
        return redirect(back)
    filters = {key: value for key, value in params.items() if key in FILTER_FIELDS}
    try:
        saved = saved_search_save(
            owner=request.user,
            name=form.cleaned_data["name"],
            query=form.cleaned_data["q"],
            filters=filters,
            sort=form.cleaned_data["sort"] or "relevance",
        )
    except ValidationError as error:
        messages.error(request, _("The search was not saved: %(errors)s") % {"errors": error_text(error)})
        return redirect(back)
    messages.success(request, _("Saved search “%(name)s” created.") % {"name": saved.name})
    return redirect(back)


@require_POST
def saved_search_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete one of the user's own saved searches; anyone else's is a 404."""
    saved = get_object_or_404(SavedSearch, pk=pk, owner=request.user)
    saved_search_delete(saved_search=saved)
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("candidates:candidate-list")


def _selected(user: User, data: QueryDict) -> QuerySet[Candidate]:
    """The ticked candidates, re-fetched through the user's scope: others are dropped."""
    ids = [uuid for uuid in map(_uuid, data.getlist("candidates")) if uuid]
    return candidate_list_for(user).filter(public_id__in=ids).order_by("full_name", "id")


def _bulk(request: HttpRequest, form: forms.Form, action_for: Callable[[dict[str, Any]], Callable[[Candidate], Any]]):
    """A bulk action on the ticked candidates, back to the list the user came
    from (``next``, if it is ours). ``action_for`` takes the valid form's data
    and returns what to do to one candidate (it may answer 404 for a job or
    pool the user does not see). Refusals are reported one by one, the rest
    as a count."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = reverse("candidates:candidate-list")
    if not form.is_valid():
        errors = [error for errors in form.errors.values() for error in errors]
        messages.error(request, _("Nothing was changed: %(errors)s") % {"errors": " ".join(errors)})
        return redirect(next_url)
    candidates = _selected(request.user, request.POST)
    if not candidates.exists():
        raise Http404
    action = action_for(form.cleaned_data)
    done = 0
    for candidate in candidates:
        try:
            action(candidate)
        except ValidationError as error:
            messages.warning(request, error_text(error))
        else:
            done += 1
    if done:
        messages.success(request, _("Done for %(count)d candidate(s).") % {"count": done})
    return redirect(next_url)


@require_POST
def candidate_bulk_tag(request: HttpRequest) -> HttpResponse:
    """Add tags to the ticked candidates."""
    user = request.user
    require_candidates_write(user)

    def tag(data: dict[str, Any]) -> Callable[[Candidate], Any]:
        return lambda candidate: candidate_tags_add(candidate=candidate, actor=user, tags=data["tags"])

    return _bulk(request, BulkTagForm(request.POST), tag)


@require_POST
def candidate_bulk_job(request: HttpRequest) -> HttpResponse:
    """Put the ticked candidates in the first stage of a job's pipeline."""
    user = request.user
    require_change_applications(user)

    def apply(data: dict[str, Any]) -> Callable[[Candidate], Any]:
        job = get_job_for_user(user, data["job"])
        return lambda candidate: application_create(candidate=candidate, job=job, actor=user)

    return _bulk(request, BulkJobForm(request.POST), apply)


@require_POST
def candidate_bulk_pool(request: HttpRequest) -> HttpResponse:
    """Add the ticked candidates to a talent pool the user sees."""
    user = request.user
    require_candidates_write(user)

    def join(data: dict[str, Any]) -> Callable[[Candidate], Any]:
        pool = get_pool_for_user(user, data["pool"])
        return lambda candidate: pool_member_add(pool=pool, candidate=candidate, actor=user)

    return _bulk(request, BulkPoolForm(request.POST), join)


urlpatterns = [
    path("", candidate_list, name="candidate-list"),
    path("saved-searches/", saved_search_create, name="saved-search-create"),
    path("saved-searches/<int:pk>/delete/", saved_search_remove, name="saved-search-delete"),
    path("bulk/tag/", candidate_bulk_tag, name="candidate-bulk-tag"),
    path("bulk/job/", candidate_bulk_job, name="candidate-bulk-job"),
    path("bulk/pool/", candidate_bulk_pool, name="candidate-bulk-pool"),
]
