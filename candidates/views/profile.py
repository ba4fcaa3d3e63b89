"""The candidate profile: details, applications, timeline, notes, documents."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe
from django_htmx.http import reswap, retarget

from accounts.models import User
from candidates import selectors, services
from candidates.models import Candidate, Document
from candidates.uploads import DocumentSizeLimitHandler, document_check, refuse_if_cut_off
from careers.selectors import answers_for_applications
from core.http import is_htmx, private_file, save_form
from core.limits import NOTE_MAX_CHARS
from core.services import audit_record
from core.widgets import InlineSelect, ValuesModelChoiceField
from interviews.selectors import (
    application_list_for,
    can_change_applications,
    can_record_decisions,
    require_change_applications,
)
from interviews.selectors.closing import can_reopen_applications, with_reason_label_columns, with_reason_labels
from interviews.selectors.messages import candidate_message_list_for
from interviews.selectors.profile import timeline_targets_for
from interviews.services import OPEN_JOB_STATUSES, application_create
from jobs.models import Job
from jobs.selectors import job_list_for
from placements.selectors import with_fee_placements

PAGE = "candidates/candidate_detail.html"
TIMELINE_LIMIT = 50


# --- Forms ----------------------------------------------------------------------------


NOTE_TOO_LONG = gettext_lazy(
    "A note can have at most %(limit_value)d characters; this one has %(show_value)d. Split it into several notes."
)


class NoteForm(forms.Form):
    body = forms.CharField(
        max_length=NOTE_MAX_CHARS,
        error_messages={"max_length": NOTE_TOO_LONG},
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Mention a colleague with @ and their email, e.g. @rita or @rita@example.com."),
        strip=True,
    )


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=gettext_lazy("Tags"),
        max_length=1000,
        required=False,
        help_text=gettext_lazy("Separate tags with commas."),
    )

    def clean_tags(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class OwnerForm(forms.Form):
    owner = ValuesModelChoiceField(
        label=gettext_lazy("Owner"),
        queryset=User.objects.none(),
        required=False,
        label_fields=("full_name",),
        widget=InlineSelect,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = selectors.owner_choices()


class AddToJobForm(forms.Form):
    """A choice among the user's open jobs, read once (one query per page)."""

    job = forms.ChoiceField(
        label=gettext_lazy("Job"), widget=InlineSelect(attrs={"class": "form-select form-select-sm"})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_jobs = job_list_for(user).filter(status__in=OPEN_JOB_STATUSES)
        rows = self.open_jobs.order_by("title", "id").values_list("public_id", "title", "client__name")
        self.jobs = [(str(public_id), f"{title} · {client}") for public_id, title, client in rows]
        self.fields["job"].choices = self.jobs

    def clean_job(self) -> Job:
        return self.open_jobs.select_related("client").get(public_id=self.cleaned_data["job"])


class DocumentUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("File"), help_text=gettext_lazy("PDF or Word (.docx)."))
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=Document.Kind.choices, initial=Document.Kind.RESUME)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload.sniffed_type = document_check(upload)
        return upload


# --- Helpers --------------------------------------------------------------------------


def _profile_url(candidate: Candidate) -> str:
    return reverse("candidates:candidate-detail", args=[candidate.public_id])


def _arrivals(user: User, candidate: Candidate, sees_contact: bool, can_write: bool) -> dict[str, Any]:
    """The values waiting on the profile (one query): each proposal with its
    field's label, the current value and the proposed one (contact values
    only for those who may see them); and the fields marked "from resume"."""
    sees_proposed_contact = sees_contact and selectors.can_see_proposed_contact_values(user)
    proposals = []
    for proposal in selectors.proposed_updates_pending(candidate):
        hidden = proposal.field in Candidate.CONTACT_FIELDS and not sees_proposed_contact
        proposals.append(
            {
                "proposal": proposal,
                "label": _field_label(proposal.field),
                "current": None
                if hidden
                else _shown_value(candidate, proposal.field, getattr(candidate, proposal.field)),
                "value": None if hidden else _shown_value(candidate, proposal.field, proposal.value),
                "hidden": hidden,
            }
        )
    marked = [
        {"field": name, "label": _field_label(name)}
        for name in candidate.from_resume or []
        if name not in Candidate.CONTACT_FIELDS or sees_contact
    ]
    return {"proposals": proposals, "from_resume": marked, "can_decide": can_write}


def _field_label(name: str) -> str:
    try:
        return str(Candidate._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def _shown_value(candidate: Candidate, field: str, value: Any) -> str:
    if field == "language":
        return str(dict(settings.LANGUAGES).get(value, value or ""))
    return "" if value is None else str(value)


def _context(request: HttpRequest, candidate: Candidate, **forms_: forms.Form) -> dict[str, Any]:
    """Everything the page shows; a fixed number of queries whatever the candidate's history."""
    user = request.user
    can_write = selectors.can_write_candidates(user)
    contact = compensation = None
    if selectors.can_see_contact_details(user):
        contact = {name: getattr(candidate, name) for name in Candidate.CONTACT_FIELDS}
    if selectors.can_see_compensation(user):
        compensation = {name: getattr(candidate, name) for name in Candidate.COMPENSATION_FIELDS}
    tags = list(candidate.tags.all())
    documents = list(candidate.documents.select_related("uploaded_by").defer("text").order_by("-created_at"))
    applications = with_reason_labels(
        with_fee_placements(
            user,
            with_reason_label_columns(application_list_for(user))
            .filter(candidate=candidate)
            .select_related("job", "stage", "source")
            .order_by("-created_at", "-id"),
        )
    )
    answers = answers_for_applications(application.pk for application in applications)
    for application in applications:
        application.form_answers = answers.get(application.pk, [])
        application.form_knockout = any(answer.is_knockout for answer in application.form_answers)
    experiences, educations = selectors.candidate_history(candidate)
    arrivals = _arrivals(user, candidate, contact is not None, can_write)
    arrivals["resume_entries"] = sum(entry.from_resume for entry in (*experiences, *educations))
    context = {
        "candidate": candidate,
        "arrivals": arrivals,
        "experiences": experiences,
        "educations": educations,
        "tags": tags,
        "can_write": can_write,
        "contact": contact,
        "compensation": compensation,
        "applications": applications,
        # The row's "Withdraw or hire…" and "Reopen…" links (interviews/views/closing.py).
        "can_decide_applications": can_record_decisions(user),
        "can_reopen_applications": can_reopen_applications(user),
        "timeline": selectors.candidate_timeline(
            candidate, TIMELINE_LIMIT, visible_targets=timeline_targets_for(user, candidate)
        ),
        "documents": documents,
        # The latest resume is previewed on the page.
        "preview_document": next((doc for doc in documents if doc.kind == Document.Kind.RESUME), None),
        "outbound_emails": candidate_message_list_for(user, candidate),
        "max_upload_mb": f"{settings.DOCUMENT_MAX_BYTES / 2**20:g}",
    }
    if selectors.can_see_consents(user):
        # The consent panel: every consent with its history, and who stopped contact and why.
        context["consents"] = list(selectors.consent_history(candidate))
        context["contact_stop"] = selectors.contact_stop_entry(candidate)
    if can_write:
        context["note_form"] = forms_.get("note_form") or NoteForm()
        context["tags_form"] = forms_.get("tags_form") or TagsForm(
            initial={"tags": ", ".join(tag.name for tag in tags)}
        )
        context["owner_form"] = forms_.get("owner_form") or OwnerForm(initial={"owner": candidate.owner_id})
        context["upload_form"] = forms_.get("upload_form") or DocumentUploadForm()
    if can_change_applications(user):
        context["job_form"] = forms_.get("job_form") or AddToJobForm(user=user)
    return context


def _regions(
    request: HttpRequest, candidate: Candidate, region: str, *, oob: tuple[str, ...] = (), **forms_: forms.Form
) -> HttpResponse:
    """HTMX: the named region (and any out-of-band ones); otherwise back to the profile,
    or the whole page again when a form has errors."""
    has_errors = any(form.errors for form in forms_.values())
    if not is_htmx(request):
        if has_errors:
            return render(request, PAGE, _context(request, candidate, **forms_))
        return HttpResponseRedirect(_profile_url(candidate))
    context = _context(request, candidate, **forms_)
    html = render_to_string(f"{PAGE}#{region}", context, request=request)
    for name in oob:
        html += render_to_string(f"{PAGE}#{name}", {**context, "oob": True}, request=request)
    return HttpResponse(html)


# --- Views ----------------------------------------------------------------------------


@require_safe
def candidate_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The profile; every read is audited (an AuditEvent). A link to a
    record merged away leads to the record it was merged into."""
    try:
        candidate = selectors.get_candidate_for_user(request.user, public_id)
    except Http404:
        survivor = selectors.candidate_merged_into(public_id)
        if survivor and selectors.candidate_list_for(request.user).filter(public_id=survivor).exists():
            return redirect("candidates:candidate-detail", survivor)
        raise
    services.candidate_read_record(user=request.user, candidate=candidate, request=request)
    return render(request, PAGE, _context(request, candidate))


@require_POST
def note_create(request: HttpRequest, public_id: UUID) -> HttpResponse:
    form = NoteForm(request.POST)
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    if form.is_valid():
        body = form.cleaned_data["body"]
        note = save_form(
            form,
            lambda: services.note_create_with_mentions(
                candidate=candidate, author=request.user, body=body, url=_profile_url(candidate)
            ),
        )
        if note is not None:
            form = NoteForm()
    if form.errors and is_htmx(request):
        # The errors belong in the form, not in the timeline the form targets.
        response = _regions(request, candidate, "note_form", note_form=form)
        return reswap(retarget(response, "#note-form"), "outerHTML")
    return _regions(request, candidate, "timeline", oob=("note_form",), note_form=form)


@require_POST
def candidate_tags(request: HttpRequest, public_id: UUID) -> HttpResponse:
    form = TagsForm(request.POST)
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    if form.is_valid():
        candidate = services.candidate_update(
            candidate=candidate, actor=request.user, tags=form.cleaned_data["tags"], request=request
        )
    return _regions(request, candidate, "details", oob=("timeline",), tags_form=form)


@require_POST
def candidate_owner(request: HttpRequest, public_id: UUID) -> HttpResponse:
    form = OwnerForm(request.POST)
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    if form.is_valid():
        candidate = services.candidate_update(
            candidate=candidate, actor=request.user, owner=form.cleaned_data["owner"], request=request
        )
    return _regions(request, candidate, "details", oob=("timeline",), owner_form=form)


@require_POST
def candidate_add_to_job(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Put the candidate in the first stage of one of the user's open jobs."""
    candidate = selectors.get_candidate_for_user(request.user, public_id)
    require_change_applications(request.user)
    form = AddToJobForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            application_create(candidate=candidate, job=form.cleaned_data["job"], actor=request.user)
        except ValidationError as exc:
            form.add_error("job", exc)
    return _regions(request, candidate, "applications", oob=("timeline",), job_form=form)


@csrf_exempt
@require_POST
def document_upload(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Upload a PDF or DOCX. The size limit is enforced while the body is read, so
    this view installs its handler before anything reads POST; the CSRF check
    (which reads POST) runs after, in the inner view (Django docs: "Modifying
    upload handlers on the fly")."""
    request.upload_handlers.insert(0, DocumentSizeLimitHandler(request))
    return _document_upload(request, public_id)


@csrf_protect
def _document_upload(request: HttpRequest, public_id: UUID) -> HttpResponse:
    candidate = selectors.get_candidate_for_user(request.user, public_id, for_change=True)
    form = DocumentUploadForm(request.POST, request.FILES)
    if not refuse_if_cut_off(request, form) and form.is_valid():
        upload = form.cleaned_data["file"]
        services.document_upload(
            candidate=candidate,
            actor=request.user,
            filename=upload.name,
            content=upload.read(),
            content_type=upload.sniffed_type,
            kind=form.cleaned_data["kind"],
        )
        form = DocumentUploadForm()
        if not is_htmx(request):
            messages.success(request, _("Document uploaded. Its text will be searchable in a moment."))
    return _regions(request, candidate, "documents", oob=("timeline", "resume_preview"), upload_form=form)


@require_safe
def document_download(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The decrypted file, as an attachment, never rendered inline; audited."""
    document = selectors.get_document_for_user(request.user, public_id)
    audit_record(action="candidates.document.download", actor=request.user, target=document, request=request)
    return private_file(services.document_read(document=document), document.content_type, filename=document.filename)


urlpatterns = [
    path("<uuid:public_id>/", candidate_detail, name="candidate-detail"),
    path("<uuid:public_id>/notes/", note_create, name="note-create"),
    path("<uuid:public_id>/tags/", candidate_tags, name="candidate-tags"),
    path("<uuid:public_id>/owner/", candidate_owner, name="candidate-owner"),
    path("<uuid:public_id>/documents/", document_upload, name="document-upload"),
    path("<uuid:public_id>/applications/", candidate_add_to_job, name="candidate-add-to-job"),
    path("documents/<uuid:public_id>/download/", document_download, name="document-download"),
]
