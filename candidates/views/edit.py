"""Creating and editing candidates, with the duplicate warning."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from candidates import selectors, services
from candidates.forms_edit import CandidateForm, DuplicateConfirmForm
from candidates.models import Candidate
from core.http import GET_OR_POST, done, error_text, is_htmx
from interviews.selectors import require_change_applications
from interviews.services import application_create
from jobs.models import Job
from jobs.selectors import get_job_for_user

PAGE = "candidates/candidate_form.html"
FRAGMENT = "candidates/_fragments/duplicates.html"
# Fields the new-candidate form takes from its query string.
PREFILL_FIELDS = ("full_name", "email", "phone", "company")
# The field beside which each reason for a duplicate is shown.
REASON_FIELDS = {"email": "email", "phone": "phone", "name": "full_name", "name_company": "full_name"}


def _uuid(value: str | None) -> UUID | None:
    try:
        return UUID(value) if value else None
    except ValueError:
        return None


def _duplicates(user: User, values: dict, candidate: Candidate | None) -> list[selectors.Duplicate]:
    return selectors.candidate_duplicates_for(
        user,
        email=values.get("email") or "",
        phone=values.get("phone") or "",
        full_name=values.get("full_name") or "",
        company=values.get("company") or "",
        exclude=candidate.public_id if candidate else None,
    )


def _by_field(duplicates: list[selectors.Duplicate]) -> dict[str, list[selectors.Duplicate]]:
    """The duplicates to show beside each field of the form: by email under the
    email, by phone under the phone, by name (and company) under the name."""
    fields: dict[str, list[selectors.Duplicate]] = {"email": [], "phone": [], "full_name": []}
    for duplicate in duplicates:
        for name in dict.fromkeys(REASON_FIELDS[reason] for reason in duplicate.reasons):
            fields[name].append(duplicate)
    return fields


def _job_context(request: HttpRequest, data: Any) -> Job | None:
    """The job a new candidate is created for (``?job=`` from its board), when
    the user may add applications: the new person, or the existing one the
    warning found, joins it. A job the user cannot see is a 404."""
    job_id = _uuid((data or request.GET).get("job"))
    if job_id is None:
        return None
    job = get_job_for_user(request.user, job_id)
    require_change_applications(request.user)
    return job


def _warning_context(duplicates: list, *, editing: bool, job: Job | None) -> dict[str, Any]:
    return {"duplicates": duplicates, "by_field": _by_field(duplicates), "editing": editing, "job": job}


def _form_page(request: HttpRequest, candidate: Candidate | None) -> HttpResponse:
    """GET: the empty or filled form. POST: save through the service, unless the
    typed person looks like someone already kept and "create anyway" is not
    ticked; then the form comes back as typed, the reason at its top."""
    data = request.POST if request.method == "POST" else None
    prefill = {}
    if candidate is None and data is None:
        # "Add candidate" from a search without results carries what was searched for.
        prefill["initial"] = {name: request.GET[name][:200] for name in PREFILL_FIELDS if request.GET.get(name)}
    form = CandidateForm(data, user=request.user, candidate=candidate, **prefill)
    job = _job_context(request, data) if candidate is None else None
    confirm = DuplicateConfirmForm(data)
    duplicates: list[selectors.Duplicate] = []
    if data is not None and form.is_valid() and confirm.is_valid():
        values = form.service_values()
        if form.dedupe_changed() and not confirm.cleaned_data["confirm_duplicate"]:
            duplicates = _duplicates(request.user, values, candidate)
        if not duplicates:
            try:
                if candidate is None:
                    candidate = services.candidate_create(actor=request.user, request=request, **values)
                else:
                    candidate = services.candidate_update(
                        candidate=candidate, actor=request.user, request=request, **values
                    )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return _saved(request, candidate, job)
    context = {
        "form": form,
        "candidate": candidate,
        "held_for_duplicates": bool(duplicates),
        **_warning_context(duplicates, editing=candidate is not None, job=job),
    }
    return render(request, PAGE, context)


def _saved(request: HttpRequest, candidate: Candidate, job: Job | None) -> HttpResponse:
    """To the profile; a candidate created for a job joins its first stage on the way."""
    url = reverse("candidates:candidate-detail", args=[candidate.public_id])
    if job is None:
        return done(request, url)
    try:
        application = application_create(candidate=candidate, job=job, actor=request.user)
    except ValidationError as error:
        return done(request, url, error=error_text(error))
    notice = _("%(name)s added to %(stage)s.") % {"name": candidate.full_name, "stage": application.stage.name}
    return done(request, url, notice)


@GET_OR_POST
def candidate_create(request: HttpRequest) -> HttpResponse:
    selectors.require_candidates_write(request.user)
    return _form_page(request, None)


@GET_OR_POST
def candidate_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    return _form_page(request, candidate)


@require_safe
def candidate_duplicates(request: HttpRequest) -> HttpResponse:
    """The live warning: for htmx the fragment (the notice above the button and,
    out of band, the matches beside each field), a small page otherwise."""
    selectors.require_candidates_write(request.user)
    exclude = _uuid(request.GET.get("exclude"))
    job = _job_context(request, None) if exclude is None else None
    duplicates = selectors.candidate_duplicates_for(
        request.user,
        email=request.GET.get("email", "")[:254],
        phone=request.GET.get("phone", "")[:50],
        full_name=request.GET.get("full_name", "")[:200],
        company=request.GET.get("company", "")[:200],
        exclude=exclude,
    )
    htmx = is_htmx(request)
    # The fields beside which the form shows matches (contact fields only for those who see them).
    slots = ["email", "phone", "full_name"] if selectors.can_see_contact_details(request.user) else ["full_name"]
    context = _warning_context(duplicates, editing=exclude is not None, job=job)
    context |= {"in_form": htmx, "oob": htmx, "slots": slots}
    return render(request, FRAGMENT if htmx else PAGE, context)


urlpatterns = [
    path("new/", candidate_create, name="candidate-create"),
    path("duplicates/", candidate_duplicates, name="candidate-duplicates"),
    path("<uuid:public_id>/edit/", candidate_edit, name="candidate-edit"),
]
