"""Finding a candidate's duplicates and merging two records of one person."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from candidates import selectors
from candidates.models import Candidate
from candidates.services.merge import MERGE_FIELDS, OTHER, SURVIVOR, candidate_merge
from core.http import done, respond, save_form

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
    """One choice per field whose values differ: keep this record's or take the
    other's. Every choice must be made; the radio buttons start on a value over
    a blank, the survivor's over the other's."""

    def __init__(self, *args: Any, survivor: Candidate, other: Candidate, fields: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for name in fields:
            mine, theirs = _shown(survivor, name), _shown(other, name)
            if mine == theirs:
                continue
            label = Candidate._meta.get_field(name).verbose_name
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=[(SURVIVOR, mine or "—"), (OTHER, theirs or "—")],
                initial=OTHER if not mine and theirs else SURVIVOR,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"required": _("Choose which value to keep.")},
            )
            self.rows.append((self[name], mine, theirs))

    def choices(self) -> dict[str, str]:
        return {name: choice for name, choice in self.cleaned_data.items() if name in MERGE_FIELDS and choice}

    def kept(self) -> list[tuple[str, str, bool]]:
        """Each differing field as chosen: its label, the value kept, and
        whether it comes from the other record."""
        kept = []
        for field, mine, theirs in self.rows:
            from_other = self.cleaned_data[field.name] == OTHER
            kept.append((field.label, (theirs if from_other else mine) or "—", from_other))
        return kept


class ConfirmMergeForm(MergeForm):
    """The choices again, as the summary carries them, and the confirmation."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not cleaned.get("confirmed"):
            raise forms.ValidationError(
                _("Nothing was merged: choose the values to keep and confirm the merge on the summary first.")
            )
        return cleaned


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


def _pair(request: HttpRequest, public_id: UUID, other_id: UUID) -> tuple[Candidate, Candidate]:
    survivor = _get_for_merge(request.user, public_id)
    other = _get_for_merge(request.user, other_id)
    if survivor.pk == other.pk:
        raise BadRequest(_("A record cannot be merged with itself."))
    return survivor, other


def _merge_page(
    request: HttpRequest, survivor: Candidate, other: Candidate, form: MergeForm, *, confirming: bool = False
) -> HttpResponse:
    """The choices (or, ``confirming``, the summary of the chosen merge); the
    ``merge`` region for htmx. 400 when the form was refused."""
    context = {
        "survivor": survivor,
        "other": other,
        "form": form,
        "confirming": confirming,
        "moving": selectors.candidate_related_counts(other),
        "conflicts": selectors.candidate_merge_conflicts(survivor=survivor, other=other),
        "tags": {"survivor": list(survivor.tags.all()), "other": list(other.tags.all())},
    }
    return respond(request, PAGE, "merge", context, status=400 if form.errors else 200)


def _form(request: HttpRequest, survivor: Candidate, other: Candidate, form_class=MergeForm) -> MergeForm:
    data = request.POST if request.method == "POST" else None
    return form_class(data, survivor=survivor, other=other, fields=_visible_fields(request.user))


@require_safe
def candidate_merge_choose(request: HttpRequest, public_id: UUID, other_id: UUID) -> HttpResponse:
    """The two records side by side, a choice per differing field and what will move."""
    survivor, other = _pair(request, public_id, other_id)
    return _merge_page(request, survivor, other, _form(request, survivor, other))


@require_POST
def candidate_merge_review(request: HttpRequest, public_id: UUID, other_id: UUID) -> HttpResponse:
    """The chosen merge summed up, with the button that confirms it; the
    choices again, with their errors, when one is missing."""
    survivor, other = _pair(request, public_id, other_id)
    form = _form(request, survivor, other)
    return _merge_page(request, survivor, other, form, confirming=form.is_valid())


@require_POST
def candidate_merge_view(request: HttpRequest, public_id: UUID, other_id: UUID) -> HttpResponse:
    """Merge ``other_id`` into ``public_id`` with the confirmed choices and open
    the survivor. Without every choice and the confirmation: 400 and the choices."""
    survivor, other = _pair(request, public_id, other_id)
    form = _form(request, survivor, other, ConfirmMergeForm)
    if form.is_valid():
        merged = save_form(
            form,
            lambda: candidate_merge(
                survivor=survivor, other=other, actor=request.user, choices=form.choices(), request=request
            ),
        )
        if merged is not None:
            url = reverse("candidates:candidate-detail", args=[merged.public_id])
            return done(request, url, _("The two records are now one: %(name)s.") % {"name": merged.full_name})
    return _merge_page(request, survivor, other, form)


urlpatterns = [
    path("<uuid:public_id>/duplicates/", candidate_duplicate_list, name="candidate-duplicate-list"),
    path("<uuid:public_id>/merge/<uuid:other_id>/", candidate_merge_choose, name="candidate-merge"),
    path("<uuid:public_id>/merge/<uuid:other_id>/review/", candidate_merge_review, name="candidate-merge-review"),
    path("<uuid:public_id>/merge/<uuid:other_id>/confirm/", candidate_merge_view, name="candidate-merge-confirm"),
]
