"""Creating and editing candidates, with the duplicate warning."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_safe

from accounts.models import User
from candidates import selectors, services
from candidates.forms_edit import CandidateForm, DuplicateConfirmForm
from candidates.models import Candidate
from core.http import GET_OR_POST, is_htmx

PAGE = "candidates/candidate_form.html"
FRAGMENT = "candidates/_fragments/duplicates.html"
# Fields the new-candidate form takes from its query string.
PREFILL_FIELDS = ("full_name", "email", "phone", "company")


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


def _form_page(request: HttpRequest, candidate: Candidate | None) -> HttpResponse:
    """GET: the empty or filled form. POST: save through the service, unless the
    typed person looks like someone already kept and "create anyway" is not ticked."""
    data = request.POST if request.method == "POST" else None
    prefill = {}
    if candidate is None and data is None:
        # "Add candidate" from a search without results carries what was searched for.
        prefill["initial"] = {name: request.GET[name][:200] for name in PREFILL_FIELDS if request.GET.get(name)}
    form = CandidateForm(data, user=request.user, candidate=candidate, **prefill)
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
                return redirect("candidates:candidate-detail", candidate.public_id)
    context = {"form": form, "candidate": candidate, "duplicates": duplicates, "editing": candidate is not None}
    return render(request, PAGE, context)


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
    """The live warning: the fragment for htmx, a small page otherwise."""
    selectors.require_candidates_write(request.user)
    exclude = _uuid(request.GET.get("exclude"))
    duplicates = selectors.candidate_duplicates_for(
        request.user,
        email=request.GET.get("email", "")[:254],
        phone=request.GET.get("phone", "")[:50],
        full_name=request.GET.get("full_name", "")[:200],
        company=request.GET.get("company", "")[:200],
        exclude=exclude,
    )
    htmx = is_htmx(request)
    context = {"duplicates": duplicates, "editing": exclude is not None, "in_form": htmx}
    return render(request, FRAGMENT if htmx else PAGE, context)


urlpatterns = [
    path("new/", candidate_create, name="candidate-create"),
    path("duplicates/", candidate_duplicates, name="candidate-duplicates"),
    path("<uuid:public_id>/edit/", candidate_edit, name="candidate-edit"),
]
