"""Spreadsheet import (upload → mapping and dry run → run with progress → error
report) and export of the filtered candidate list. Only roles with
``import_export`` may use them (403 otherwise); an import is visible to its
creator and administrators (404 for anyone else)."""

from __future__ import annotations

import itertools
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from candidates import selectors
from candidates.models import ImportJob
from candidates.services import spreadsheets as services
from candidates.spreadsheets import (
    COLUMNS,
    COLUMNS_BY_FIELD,
    CSV,
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    SpreadsheetError,
    read_sheet,
    template_headers,
    template_rows,
    write_csv,
    write_xlsx,
)
from candidates.uploads import DocumentSizeLimitHandler, refuse_if_cut_off
from candidates.views.list import search_form_for, search_params
from core.files import file_read
from core.http import GET_OR_POST, error_text, private_file, respond

PREVIEW_ROWS = 10
ERRORS_SHOWN = 200
DUPLICATES_SHOWN = 100
RUNNING = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet"), help_text=gettext_lazy("CSV (UTF-8 or GB18030) or Excel XLSX.")
    )
    duplicate_policy = forms.ChoiceField(
        label=gettext_lazy("When a row matches a candidate already here (by ID, email or phone)"),
        choices=ImportJob.DuplicatePolicy.choices,
        initial=ImportJob.DuplicatePolicy.UPDATE,
        widget=forms.RadioSelect,
    )


class ImportMappingForm(forms.Form):
    """One choice per column of the file: the candidate field it fills, or nothing."""

    duplicate_policy = forms.ChoiceField(
        label=gettext_lazy("When a row matches a candidate already here"),
        choices=ImportJob.DuplicatePolicy.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, job: ImportJob, samples: dict[int, str] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"duplicate_policy": job.duplicate_policy} | {f"column_{k}": v for k, v in job.mapping.items()}
        )
        super().__init__(*args, **kwargs)
        choices = [("", _("— ignore this column —")), *((c.field, c.label) for c in COLUMNS)]
        for position, header in enumerate(job.headers):
            sample = (samples or {}).get(position, "")
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=header or _("Column %(number)d") % {"number": position + 1},
                choices=choices,
                required=False,
                help_text=_("First row: %(value)s") % {"value": sample[:60]} if sample else "",
            )
        self.order_fields([*(f"column_{p}" for p in range(len(job.headers))), "duplicate_policy"])

    def mapping(self) -> dict[str, str]:
        return {
            name.removeprefix("column_"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("column_") and value
        }


@csrf_exempt
@GET_OR_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    """The upload form; a POST stores the file and dry-runs it. The size limit is
    enforced while the body is read (installed before anything reads POST; the
    CSRF check runs after, in the inner view)."""
    if request.method == "POST":
        request.upload_handlers.insert(0, DocumentSizeLimitHandler(request, max_bytes=services.IMPORT_MAX_BYTES))
    return _import_upload(request)


@csrf_protect
def _import_upload(request: HttpRequest) -> HttpResponse:
    selectors.require_import_export(request.user)
    form = ImportUploadForm()
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES)
        if not refuse_if_cut_off(request, form) and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                job = services.import_job_create(
                    actor=request.user,
                    filename=upload.name,
                    content=upload.read(),
                    duplicate_policy=form.cleaned_data["duplicate_policy"],
                    request=request,
                )
            except ValidationError as error:
                for message in error.message_dict.get("file", error.messages):
                    form.add_error("file", message)
            else:
                return redirect("candidates:import-preview", public_id=job.public_id)
    recent = ImportJob.objects.filter(created_by=request.user).order_by("-created_at")[:10]
    context = {"form": form, "recent": recent, "max_rows": services.IMPORT_MAX_ROWS}
    return render(request, "candidates/import_upload.html", context, status=400 if form.errors else 200)


def _first_rows(job: ImportJob) -> list[tuple[int, list[str]]]:
    """The file's first rows, re-read for display (nothing decrypted is stored)."""
    try:
        return list(itertools.islice(read_sheet(file_read(job)).rows, PREVIEW_ROWS))
    except SpreadsheetError:
        return []


def _render_preview(request: HttpRequest, job: ImportJob, form: ImportMappingForm | None = None) -> HttpResponse:
    rows = _first_rows(job)
    if form is None:
        form = ImportMappingForm(job=job, samples=dict(enumerate(rows[0][1])) if rows else {})
    mapped = sorted((int(position), name) for position, name in job.mapping.items())
    context = {
        "job": job,
        "form": form,
        "labels": [COLUMNS_BY_FIELD[name].label for _position, name in mapped],
        "rows": [(line, [cells[p] if p < len(cells) else "" for p, _name in mapped]) for line, cells in rows],
        "mapping_errors": services.import_mapping_errors(job.mapping),
        "errors": job.errors[:ERRORS_SHOWN],
        "more_errors": max(0, len(job.errors) - ERRORS_SHOWN),
        "duplicate_rows": job.duplicate_rows[:DUPLICATES_SHOWN],
        "valid": job.total - job.failed,
    }
    return render(request, "candidates/import_preview.html", context, status=400 if form.errors else 200)


@require_safe
def import_preview(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The dry run: detected mapping (changeable), row errors, duplicates, the first rows."""
    job = selectors.get_import_job_for_user(request.user, public_id)
    if job.status not in (ImportJob.Status.UPLOADED, ImportJob.Status.PREVIEWED):
        return redirect("candidates:import-progress", public_id=job.public_id)
    return _render_preview(request, job)


@require_POST
def import_mapping(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Dry-run again with the columns mapped as chosen."""
    job = selectors.get_import_job_for_user(request.user, public_id)
    form = ImportMappingForm(request.POST, job=job)
    if form.is_valid():
        try:
            services.import_job_preview(
                job=job, mapping=form.mapping(), duplicate_policy=form.cleaned_data["duplicate_policy"]
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Checked again with your column choices."))
            return redirect("candidates:import-preview", public_id=job.public_id)
    return _render_preview(request, job, form)


@require_POST
def import_start(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """Queue the import; its progress page follows."""
    job = selectors.get_import_job_for_user(request.user, public_id)
    try:
        services.import_job_start(job=job, actor=request.user, request=request)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect("candidates:import-preview", public_id=job.public_id)
    return redirect("candidates:import-progress", public_id=job.public_id)


@require_safe
def import_progress(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The run's counters; htmx polls the ``progress`` region while it runs."""
    job = selectors.get_import_job_for_user(request.user, public_id)
    context = {"job": job, "running": job.status in RUNNING, "errors": job.errors[:ERRORS_SHOWN]}
    return respond(request, "candidates/import_progress.html", "progress", context)


@require_safe
def import_errors(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The row errors as a CSV file: line, column, reason."""
    job = selectors.get_import_job_for_user(request.user, public_id)
    stem = job.filename.rsplit(".", 1)[0] or "import"
    return private_file(services.import_error_report(job=job), CSV_CONTENT_TYPE, filename=f"{stem}-errors.csv")


@require_safe
def import_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """An empty spreadsheet with our columns and one example row."""
    selectors.require_import_export(request.user)
    headers, rows = template_headers(), template_rows()
    if fmt == CSV:
        return private_file(write_csv(headers, rows), CSV_CONTENT_TYPE, filename="candidates-template.csv")
    return private_file(write_xlsx(headers, rows), XLSX_CONTENT_TYPE, filename="candidates-template.xlsx")


@require_safe
def candidate_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list's current search and filters (same GET parameters) as CSV or XLSX; audited."""
    selectors.require_import_export(request.user)
    form = search_form_for(request.user, request.GET)
    params = search_params(request.GET)
    if not form.is_valid():
        messages.error(request, _("Nothing was exported: check the filters."))
        return redirect(f"{reverse('candidates:candidate-list')}?{urlencode(params)}")
    export = services.candidate_export(user=request.user, fmt=fmt, **form.search_args(), params=params, request=request)
    if export.withheld:
        # Shown on the next page the user opens (the download leaves this one as it is).
        messages.warning(
            request,
            ngettext(
                "%(count)d candidate was left out of the export: no consent to share them with this client.",
                "%(count)d candidates were left out of the export: no consent to share them with this client.",
                export.withheld,
            )
            % {"count": export.withheld},
        )
    filename = f"candidates-{timezone.localdate():%Y%m%d}.{fmt}"
    return private_file(export.content, CSV_CONTENT_TYPE if fmt == CSV else XLSX_CONTENT_TYPE, filename=filename)


urlpatterns = [
    path("import/", import_upload, name="import-upload"),
    re_path(r"^import/template\.(?P<fmt>csv|xlsx)$", import_template, name="import-template"),
    path("import/<uuid:public_id>/", import_preview, name="import-preview"),
    path("import/<uuid:public_id>/mapping/", import_mapping, name="import-mapping"),
    path("import/<uuid:public_id>/start/", import_start, name="import-start"),
    path("import/<uuid:public_id>/progress/", import_progress, name="import-progress"),
    path("import/<uuid:public_id>/errors.csv", import_errors, name="import-errors"),
    re_path(r"^export\.(?P<fmt>csv|xlsx)$", candidate_export, name="candidate-export"),
]
