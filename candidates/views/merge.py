"""Finding a candidate's duplicates and merging two records of one person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accounts.models import User
from candidates import selectors
from candidates.models import Candidate
from candidates.services.merge import MERGE_FIELDS, OTHER, SURVIVOR, candidate_merge
from core.http import GET_OR_POST, done, respond, save_form

PAGE = "candidates/candidate_merge.html"
DUPLICATES_PAGE = "candidates/candidate_duplicates.html"


def _get_for_merge(user: User, public_id: UUID) -> Candidate:
    return selectors.get_candidate_for_user(user, public_id, for_change=True)


def _visible_fields(user: User) -> list[str]:
    hidden = set()
    if not selectors.can_see_contact_details(user):
        hidden |= set(Candidate.CONTACT_FIELDS)
    if not selectors.can_see_compensation(user):
        hidden |= set(Candidate.COMPENSATION_FIELDS)
    return [name for name in MERGE_FIELDS if name not in hidden]


def _shown(candidate: Candidate, name: str) -> str:
    value = getattr(candidate, name)
    if name == "owner":
        return (value.full_name or value.email) if value else ""
    if name == "language":
        return candidate.get_language_display()
    return str(value or "")


class MergeForm(forms.Form):
    """One choice per field whose values differ: keep this record's or take the other's."""

    def __init__(self, *args: Any, survivor: Candidate, other: Candidate, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for name in fields:
            mine, theirs = _shown(survivor, name), _shown(other, name)
            if mine == theirs:
                continue
            # The default keeps a value over a blank, the survivor's over the other's.
            initial = OTHER if not mine and theirs else SURVIVOR
            label = Candidate._meta.get_field(name).verbose_name
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[(SURVIVOR, mine or "—"), (OTHER, theirs or "—")],
                initial=initial,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                required=False,  # a field left out gets the service's default
            )
            self.rows.append((self[name], mine, theirs))

    def choices(self) -> dict[str, str]:
        return {name: choice for name, choice in self.cleaned_data.items() if choice}


@require_safe
def candidate_duplicate_list(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Candidates that may be the same person as this one, each with a merge link."""
    candidate = _get_for_merge(request.user, public_id)
    duplicates = selectors.candidate_duplicates_for(
        request.user,
        email=candidate.email or "",
        phone=candidate.phone or "",
        full_name=candidate.full_name,
        company=candidate.company,
        exclude=candidate.public_id,
    )
    return respond(request, DUPLICATES_PAGE, "duplicates", {"candidate": candidate, "duplicates": duplicates})


@GET_OR_POST
def candidate_merge_view(request: HttpRequest, public_id: UUID, other_id: UUID) -> HttpResponse:
    """GET: the two records side by side, a choice per differing field and what
    will move. POST: merge ``other_id`` into ``public_id`` and open the survivor."""
    survivor = _get_for_merge(request.user, public_id)
    other = _get_for_merge(request.user, other_id)
    if survivor.pk == other.pk:
        raise BadRequest(_("A record cannot be merged with itself."))
    data = request.POST if request.method == "POST" else None
    form = MergeForm(data, survivor=survivor, other=other, fields=_visible_fields(request.user))
    if data is not None and form.is_valid():
        merged = save_form(
            form,
            lambda: candidate_merge(
                survivor=survivor, other=other, actor=request.user, choices=form.choices(), request=request
            ),
        )
        if merged is not None:
            url = reverse("candidates:candidate-detail", args=[merged.public_id])
            return done(request, url, _("The two records are now one: %(name)s.") % {"name": merged.full_name})
    context = {
        "survivor": survivor,
        "other": other,
        "form": form,
        "moving": selectors.candidate_related_counts(other),
        "conflicts": selectors.candidate_merge_conflicts(survivor=survivor, other=other),
        "tags": {"survivor": list(survivor.tags.all()), "other": list(other.tags.all())},
        "can_see_contact": selectors.can_see_contact_details(request.user),
    }
    return render(request, PAGE, context, status=400 if form.errors else 200)


urlpatterns = [
    path("<uuid:public_id>/duplicates/", candidate_duplicate_list, name="candidate-duplicate-list"),
    path("<uuid:public_id>/merge/<uuid:other_id>/", candidate_merge_view, name="candidate-merge"),
]
