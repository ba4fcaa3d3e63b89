"""What arrived about a candidate, as a recruiter handles it on the profile:
proposed values accepted or dismissed, fields from the resume confirmed, and
the work history and education kept up to date in a side panel."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from candidates import selectors
from candidates.models import Candidate, Education, Experience
from candidates.services import confirm, history
from candidates.services.proposals import proposed_update_accept, proposed_update_dismiss
from candidates.views.profile import PAGE, _context, _profile_url
from core.http import GET_OR_POST, done_in_place, error_text, form_errors, is_htmx, respond

ENTRY_PAGE = "candidates/history_entry.html"
# What an arrival can change besides its own panel: the fields, the contact
# card, the history (a "Confirm all") and the timeline.
ARRIVAL_OOB = ("details", "private", "history", "timeline")


# --- Forms ----------------------------------------------------------------------------


class MonthField(forms.DateField):
    """A month (``<input type="month">``, "2019-03"); kept as its first day."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", ["%Y-%m", "%Y-%m-%d"])
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class _DatesForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end and not data.get("is_current"):
            self.add_error("end", _("The end cannot come before the start."))
        return data


class ExperienceForm(_DatesForm):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200, required=False)
    company = forms.CharField(label=gettext_lazy("Company"), max_length=200, required=False)
    start = MonthField(label=pgettext_lazy("start of a period", "From"))
    end = MonthField(label=pgettext_lazy("end of a period", "Until"))
    is_current = forms.BooleanField(label=gettext_lazy("Works here now"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("company") and not data.get("title") and not self.errors:
            self.add_error("company", _("Give at least a company or a title."))
        return data


class EducationForm(_DatesForm):
    school = forms.CharField(label=gettext_lazy("School"), max_length=200)
    degree = forms.CharField(label=gettext_lazy("Degree"), max_length=100, required=False)
    major = forms.CharField(label=gettext_lazy("Major"), max_length=200, required=False)
    start = MonthField(label=pgettext_lazy("start of a period", "From"))
    end = MonthField(label=pgettext_lazy("end of a period", "Until"))


# Each kind of entry: its model, form, services and words.
KINDS: dict[str, dict[str, Any]] = {
    "experience": {
        "model": Experience,
        "form": ExperienceForm,
        "fields": history.EXPERIENCE_FIELDS,
        "create": history.experience_create,
        "update": lambda entry, **kw: history.experience_update(experience=entry, **kw),
        "delete": lambda entry, **kw: history.experience_delete(experience=entry, **kw),
        "confirm": lambda entry, **kw: history.experience_confirm(experience=entry, **kw),
        "title_add": gettext_lazy("Add work history"),
        "title_edit": gettext_lazy("Edit work history"),
        "saved": gettext_lazy("Work history saved."),
        "deleted": gettext_lazy("Work history entry removed."),
    },
    "education": {
        "model": Education,
        "form": EducationForm,
        "fields": history.EDUCATION_FIELDS,
        "create": history.education_create,
        "update": lambda entry, **kw: history.education_update(education=entry, **kw),
        "delete": lambda entry, **kw: history.education_delete(education=entry, **kw),
        "confirm": lambda entry, **kw: history.education_confirm(education=entry, **kw),
        "title_add": gettext_lazy("Add education"),
        "title_edit": gettext_lazy("Edit education"),
        "saved": gettext_lazy("Education saved."),
        "deleted": gettext_lazy("Education entry removed."),
    },
}


# --- Helpers --------------------------------------------------------------------------


def _answer(
    request: HttpRequest, public_id: UUID, region: str, *, notice: str = "", error: str = "", oob: tuple[str, ...] = ()
) -> HttpResponse:
    """After an action: htmx gets ``region`` of the profile (and ``oob``
    regions) redrawn from fresh rows, the outcome as a toast; a plain POST
    the profile again with the outcome as a message."""
    candidate = selectors.get_candidate_for_user(request.user, public_id)

    def redraw(notice: str, error: str) -> HttpResponse:
        context = _context(request, candidate)
        context.update(region_notice=notice, region_error=error)
        html = render_to_string(f"{PAGE}#{region}", context, request=request)
        for name in oob:
            html += render_to_string(f"{PAGE}#{name}", {**context, "oob": True}, request=request)
        return HttpResponse(html)

    return done_in_place(request, _profile_url(candidate), redraw, notice=notice, error=error)


def _arrivals(request: HttpRequest, candidate: Candidate, *, notice: str = "", error: str = "") -> HttpResponse:
    return _answer(request, candidate.public_id, "arrivals", notice=notice, error=error, oob=ARRIVAL_OOB)


# --- Proposed updates -----------------------------------------------------------------


@require_POST
def proposed_update_accept_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Write one proposed value into its field; a malformed value is refused
    and shown, and nothing changes."""
    proposal = selectors.get_proposed_update_for_user(request.user, public_id)
    try:
        proposed_update_accept(proposal=proposal, actor=request.user)
    except ValidationError as exc:
        return _arrivals(request, proposal.candidate, error=error_text(exc))
    return _arrivals(request, proposal.candidate, notice=_("The proposed value is on the profile now."))


@require_POST
def proposed_update_dismiss_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    proposal = selectors.get_proposed_update_for_user(request.user, public_id)
    try:
        proposed_update_dismiss(proposal=proposal, actor=request.user)
    except ValidationError as exc:
        return _arrivals(request, proposal.candidate, error=error_text(exc))
    return _arrivals(request, proposal.candidate, notice=_("The proposed value was dismissed."))


@require_POST
def proposed_updates_accept_all(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    accepted, refused = confirm.proposed_updates_accept_all(candidate=candidate, actor=request.user)
    count = len(accepted)
    notice = ngettext("%(count)d value accepted.", "%(count)d values accepted.", count) % {"count": count}
    error = " ".join(refused.values())
    return _arrivals(request, candidate, notice=notice, error=error)


@require_POST
def proposed_updates_dismiss_all(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    dismissed = confirm.proposed_updates_dismiss_all(candidate=candidate, actor=request.user)
    notice = ngettext("%(count)d value dismissed.", "%(count)d values dismissed.", dismissed) % {"count": dismissed}
    return _arrivals(request, candidate, notice=notice)


# --- "From resume" marks --------------------------------------------------------------


@require_POST
def resume_field_confirm(request: HttpRequest, public_id: UUID, field: str) -> HttpResponse:
    """Confirm one field the resume parser filled."""
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    confirm.candidate_resume_confirm(candidate=candidate, actor=request.user, fields=[field])
    return _arrivals(request, candidate, notice=_("Confirmed."))


@require_POST
def resume_confirm_all(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Confirm every field and every history entry the resume parser filled."""
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    confirm.candidate_resume_confirm(candidate=candidate, actor=request.user, entries=True)
    return _arrivals(request, candidate, notice=_("Everything from the resume is confirmed."))


# --- Work history and education -------------------------------------------------------


def _entry_context(request: HttpRequest, candidate: Candidate, kind: str, form: forms.Form, entry=None) -> dict:
    return {
        "candidate": candidate,
        "kind": kind,
        "entry": entry,
        "form": form,
        "heading": KINDS[kind]["title_edit" if entry else "title_add"],
        "in_panel": is_htmx(request),
        "profile_url": _profile_url(candidate),
    }


def _entry_refused(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    """The form again with its errors: in the side panel for htmx, as a page otherwise."""
    if is_htmx(request):
        response = render(request, f"{ENTRY_PAGE}#panel", context)
        return reswap(retarget(response, "#profile-panel-body"), "innerHTML")
    return render(request, ENTRY_PAGE, context)


def _entry_save(request: HttpRequest, candidate: Candidate, kind: str, entry=None) -> HttpResponse:
    spec = KINDS[kind]
    if request.method != "POST":
        initial = {name: getattr(entry, name) for name in spec["fields"]} if entry else {}
        form = spec["form"](initial=initial)
        return respond(request, ENTRY_PAGE, "panel", _entry_context(request, candidate, kind, form, entry))
    form = spec["form"](request.POST)
    if form.is_valid():
        try:
            if entry is None:
                spec["create"](candidate=candidate, actor=request.user, **form.cleaned_data)
            else:
                spec["update"](entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            return _answer(request, candidate.public_id, "history", notice=str(spec["saved"]), oob=("timeline",))
    return _entry_refused(request, _entry_context(request, candidate, kind, form, entry))


@GET_OR_POST
def entry_create(request: HttpRequest, public_id: UUID, kind: str) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    return _entry_save(request, candidate, kind)


@GET_OR_POST
def entry_edit(request: HttpRequest, public_id: UUID, entry_id: int, kind: str) -> HttpResponse:
    entry = selectors.get_history_entry_for_user(request.user, KINDS[kind]["model"], public_id, entry_id)
    return _entry_save(request, entry.candidate, kind, entry)


@require_POST
def entry_delete(request: HttpRequest, public_id: UUID, entry_id: int, kind: str) -> HttpResponse:
    entry = selectors.get_history_entry_for_user(request.user, KINDS[kind]["model"], public_id, entry_id)
    KINDS[kind]["delete"](entry, actor=request.user)
    return _answer(request, public_id, "history", notice=str(KINDS[kind]["deleted"]), oob=("timeline",))


@require_POST
def entry_confirm(request: HttpRequest, public_id: UUID, entry_id: int, kind: str) -> HttpResponse:
    entry = selectors.get_history_entry_for_user(request.user, KINDS[kind]["model"], public_id, entry_id)
    KINDS[kind]["confirm"](entry, actor=request.user)
    return _answer(request, public_id, "history", notice=_("Confirmed."), oob=("arrivals",))


def _kind_paths(kind: str, segment: str) -> list:
    extra = {"kind": kind}
    return [
        path(f"<uuid:public_id>/{segment}/add/", entry_create, extra, name=f"{kind}-create"),
        path(f"<uuid:public_id>/{segment}/<int:entry_id>/edit/", entry_edit, extra, name=f"{kind}-edit"),
        path(f"<uuid:public_id>/{segment}/<int:entry_id>/delete/", entry_delete, extra, name=f"{kind}-delete"),
        path(f"<uuid:public_id>/{segment}/<int:entry_id>/confirm/", entry_confirm, extra, name=f"{kind}-confirm"),
    ]


urlpatterns = [
    path("proposed-updates/<uuid:public_id>/accept/", proposed_update_accept_view, name="proposed-update-accept"),
    path("proposed-updates/<uuid:public_id>/dismiss/", proposed_update_dismiss_view, name="proposed-update-dismiss"),
    path("<uuid:public_id>/proposed-updates/accept/", proposed_updates_accept_all, name="proposed-updates-accept-all"),
    path(
        "<uuid:public_id>/proposed-updates/dismiss/", proposed_updates_dismiss_all, name="proposed-updates-dismiss-all"
    ),
    path("<uuid:public_id>/from-resume/<slug:field>/confirm/", resume_field_confirm, name="resume-field-confirm"),
    path("<uuid:public_id>/from-resume/confirm/", resume_confirm_all, name="resume-confirm-all"),
    *_kind_paths("experience", "work-history"),
    *_kind_paths("education", "education"),
]
