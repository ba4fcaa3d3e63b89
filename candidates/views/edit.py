"""Creating and editing candidates, with the duplicate warning."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from candidates import selectors, services
from candidates.forms_edit import CandidateForm, DuplicateConfirmForm, ResumeForm
from candidates.models import Candidate
from candidates.services.arrivals import resume_arrive
from candidates.services.resume import resume_attach, resume_parse_text, resume_stash, resume_stash_open
from candidates.uploads import DocumentSizeLimitHandler, refuse_if_cut_off
from core.http import GET_OR_POST, done, error_text, is_htmx
from interviews.selectors import require_change_applications
from interviews.services import application_create
from jobs.models import Job
from jobs.selectors import get_job_for_user

PAGE = "candidates/candidate_form.html"
# The profile fields a resume fills on the new-candidate form.
RESUME_FIELDS = ("full_name", "email", "phone", "headline", "company", "location", "skills")
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


def _kept_resume(request: HttpRequest, token: str) -> dict | None:
    return resume_stash_open(token=token, user=request.user) if token else None


def _form_page(request: HttpRequest, candidate: Candidate | None) -> HttpResponse:
    """GET: the empty or filled form. POST: save through the service, unless the
    typed person looks like someone already kept and "create anyway" is not
    ticked; then the form comes back as typed, the reason at its top. A new
    candidate's resume (a file sent with the form, or one kept by "Fill from
    resume") is attached once they are saved."""
    data = request.POST if request.method == "POST" else None
    prefill = {}
    if candidate is None and data is None:
        # "Add candidate" from a search without results carries what was searched for.
        prefill["initial"] = {name: request.GET[name][:200] for name in PREFILL_FIELDS if request.GET.get(name)}
    form = CandidateForm(data, user=request.user, candidate=candidate, **prefill)
    job = _job_context(request, data) if candidate is None else None
    confirm = DuplicateConfirmForm(data)
    resume_form = ResumeForm(data, request.FILES if data is not None else None) if candidate is None else None
    kept = None
    if resume_form is not None and data is not None:
        refuse_if_cut_off(request, resume_form, "resume")
        kept = _kept_resume(request, data.get("resume_token", ""))
        if kept is not None:
            kept["token"] = data["resume_token"]
    duplicates: list[selectors.Duplicate] = []
    resume_ok = resume_form is None or data is None or (not resume_form.errors and resume_form.is_valid())
    if data is not None and form.is_valid() and confirm.is_valid() and resume_ok:
        values = form.service_values()
        if form.dedupe_changed() and not confirm.cleaned_data["confirm_duplicate"]:
            duplicates = _duplicates(request.user, values, candidate)
        if not duplicates:
            try:
                if candidate is None:
                    candidate = services.candidate_create(actor=request.user, request=request, **values)
                    _resume_attach(request, candidate, resume_form, kept)
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
        **_resume_context(resume_form, kept, form),
    }
    return render(request, PAGE, context)


def _resume_context(resume_form: ResumeForm | None, kept: dict | None, form: CandidateForm) -> dict[str, Any]:
    """The resume part of the new-candidate form: its field, the file kept
    by an earlier fill (its token carried on) and the fields still as the
    parser filled them, each marked "from resume"."""
    if resume_form is None:
        return {}
    marked: list[str] = []
    if kept is not None:
        values = kept.get("values", {})
        marked = [name for name, value in values.items() if name in form.fields and form[name].value() == value]
    return {"resume_form": resume_form, "resume_kept": kept, "from_resume_fields": marked}


def _resume_attach(request: HttpRequest, candidate: Candidate, resume_form: ResumeForm, kept: dict | None) -> None:
    upload = resume_form.cleaned_data.get("resume") if resume_form.is_valid() else None
    if upload:
        # A file sent with the form without "Fill from resume": parsed after commit into the empty fields.
        resume_arrive(
            candidate=candidate,
            filename=upload.name,
            content=upload.read(),
            content_type=upload.sniffed_type,
            actor=request.user,
        )
    elif kept is not None:
        resume_attach(
            candidate=candidate,
            actor=request.user,
            filename=kept["name"],
            content=kept["content"],
            content_type=kept["type"],
            kept=kept.get("values", {}),
            stash_id=kept["id"],
        )


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


@csrf_exempt
@GET_OR_POST
def candidate_create(request: HttpRequest) -> HttpResponse:
    """The new-candidate form. It may carry a resume, so the upload size limit
    is installed before anything reads POST; the CSRF check (which reads
    POST) runs after, in the inner view (as documents upload)."""
    request.upload_handlers.insert(0, DocumentSizeLimitHandler(request))
    return _candidate_create(request)


@csrf_protect
def _candidate_create(request: HttpRequest) -> HttpResponse:
    selectors.require_candidates_write(request.user)
    return _form_page(request, None)


@csrf_exempt
@require_POST
def candidate_prefill(request: HttpRequest) -> HttpResponse:
    """ "Fill from resume" on the new-candidate form (size limit first, as above)."""
    request.upload_handlers.insert(0, DocumentSizeLimitHandler(request))
    return _candidate_prefill(request)


@csrf_protect
def _candidate_prefill(request: HttpRequest) -> HttpResponse:
    """The resume is checked like every upload, its text extracted and parsed
    here and now; the form comes back with the empty fields filled (what was
    typed stays) and marked "from resume", the file kept, encrypted, for the
    save to attach. For htmx the form region, the page otherwise."""
    from candidates.tasks import UnreadableDocument, extract_text

    selectors.require_candidates_write(request.user)
    job = _job_context(request, request.POST)
    resume_form = ResumeForm(request.POST, request.FILES)
    shape = CandidateForm(user=request.user)
    typed = {name: request.POST[name] for name in shape.fields if request.POST.get(name, "").strip()}
    filled: dict[str, str] = {}
    kept = None
    if not refuse_if_cut_off(request, resume_form, "resume") and resume_form.is_valid():
        upload = resume_form.cleaned_data["resume"]
        if not upload:
            resume_form.add_error("resume", _("Choose a resume file first."))
        else:
            content = upload.read()
            try:
                parsed = resume_parse_text(extract_text(content, upload.sniffed_type))
            except UnreadableDocument:
                resume_form.add_error("resume", _("The text of this file cannot be read. Fill the form by hand."))
            else:
                filled = {
                    name: value
                    for name, value in parsed.profile_values().items()
                    if name in RESUME_FIELDS and name in shape.fields and name not in typed
                }
                token = resume_stash(
                    user=request.user,
                    filename=upload.name,
                    content=content,
                    content_type=upload.sniffed_type,
                    values=filled,
                )
                kept = {"name": upload.name, "values": filled, "token": token, "fresh": True}
    if kept is None and request.POST.get("resume_token"):
        kept = _kept_resume(request, request.POST["resume_token"])
        if kept is not None:
            kept["token"] = request.POST["resume_token"]
    form = CandidateForm(user=request.user, initial={**typed, **filled})
    context = {
        "form": form,
        "candidate": None,
        "held_for_duplicates": False,
        # Said only when this file was read: "nothing more to fill" is about it.
        "resume_filled": bool(filled) if kept is not None and "token" in kept and kept.get("fresh") else None,
        **_warning_context([], editing=False, job=job),
        "resume_form": resume_form,
        "resume_kept": kept,
        "from_resume_fields": list(filled)
        or [n for n, v in (kept or {}).get("values", {}).items() if typed.get(n) == v],
    }
    status = 400 if resume_form.errors and not is_htmx(request) else 200
    return render(request, f"{PAGE}#form" if is_htmx(request) else PAGE, context, status=status)


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
    path("new/from-resume/", candidate_prefill, name="candidate-prefill"),
    path("duplicates/", candidate_duplicates, name="candidate-duplicates"),
    path("<uuid:public_id>/edit/", candidate_edit, name="candidate-edit"),
]
