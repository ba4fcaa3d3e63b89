"""Bulk resume upload: drop up to BULK_UPLOAD_MAX_FILES resumes (or zips of
them) on one page, watch each file become a candidate, and download the report.
Only roles that may import may use it (403 otherwise); an upload is visible
to its creator and administrators (404 for anyone else)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.conf import settings
from django.core.exceptions import TooManyFilesSent, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from candidates import selectors
from candidates.models import BulkUpload
from candidates.services import bulk as services
from candidates.spreadsheets import CSV_CONTENT_TYPE
from candidates.uploads import BulkUploadLimitHandler
from core.http import GET_OR_POST, private_file, respond


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is judged by the service, so one bad
    file never stops the others."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.docx,.zip", "data-bulk-files": ""}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class BulkUploadForm(forms.Form):
    files = MultipleFileField(
        label=gettext_lazy("Resumes"),
        required=False,
        help_text=gettext_lazy(
            "PDF or Word (.docx) files, or .zip files of them: up to %(count)d files, "
            "%(size)d MB each, %(total)d MB in all."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.help_text = field.help_text % {
            "count": settings.BULK_UPLOAD_MAX_FILES,
            "size": settings.DOCUMENT_MAX_BYTES // 2**20,
            "total": settings.BULK_UPLOAD_MAX_BYTES // 2**20,
        }


def _page(request: HttpRequest, form: BulkUploadForm) -> HttpResponse:
    context = {
        "form": form,
        "recent": selectors.bulk_uploads_recent_for(request.user),
        "max_files": settings.BULK_UPLOAD_MAX_FILES,
    }
    return render(request, "candidates/bulk_upload.html", context, status=400 if form.errors else 200)


@csrf_exempt
@GET_OR_POST
def bulk_upload(request: HttpRequest) -> HttpResponse:
    """The drop zone; a POST stores the files and queues one task per file.
    The limits are enforced while the body is read (the handler goes in before
    anything reads POST; the CSRF check runs after, in the inner view). A
    request with more files than Django parses is answered with the limit,
    not a bare 400; nothing is kept then."""
    selectors.require_import_export(request.user)
    if request.method == "POST":
        request.upload_handlers.insert(0, BulkUploadLimitHandler(request))
        try:
            request.POST  # noqa: B018 — parse now, where too many files can be answered
        except TooManyFilesSent:
            form = BulkUploadForm(data={})
            form.add_error("files", services.too_many_files_error())
            return _page(request, form)
    return _bulk_upload(request)


@csrf_protect
def _bulk_upload(request: HttpRequest) -> HttpResponse:
    form = BulkUploadForm()
    if request.method == "POST":
        form = BulkUploadForm(request.POST, request.FILES)
        limit = next(h for h in request.upload_handlers if isinstance(h, BulkUploadLimitHandler))
        if limit.too_big:
            form.is_valid()
            form.add_error(
                "files",
                _("These files add up to more than %(size)d MB, the most one upload takes: send them in batches.")
                % {"size": settings.BULK_UPLOAD_MAX_BYTES // 2**20},
            )
        elif form.is_valid():
            try:
                upload = services.bulk_upload_create(
                    actor=request.user,
                    files=form.cleaned_data["files"],
                    oversize=limit.oversize,
                    request=request,
                )
            except ValidationError as error:
                form.add_error("files", error)
            else:
                return redirect("candidates:bulk-upload-detail", public_id=upload.public_id)
    return _page(request, form)


@require_safe
def bulk_upload_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The upload's counters and files; htmx polls the ``progress`` region
    until every file is done (without JavaScript, a refresh link)."""
    upload = selectors.get_bulk_upload_for_user(request.user, public_id)
    items = selectors.bulk_upload_items(upload)
    for item in items:
        item.reason_shown = services.reason_text(item.reason_code, item.reason)
    context = {
        "upload": upload,
        "items": items,
        "running": upload.status == BulkUpload.Status.PROCESSING,
        "processed": upload.total - upload.waiting,
    }
    return respond(request, "candidates/bulk_upload_detail.html", "progress", context)


@require_safe
def bulk_upload_report(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The files as CSV: file, status, candidate, profile URL, reason; audited."""
    upload = selectors.get_bulk_upload_for_user(request.user, public_id)
    content = services.bulk_upload_report(
        upload=upload, actor=request.user, base_url=request.build_absolute_uri("/")[:-1], request=request
    )
    filename = f"bulk-upload-{upload.created_at:%Y%m%d-%H%M}.csv"
    return private_file(content, CSV_CONTENT_TYPE, filename=filename)


urlpatterns = [
    path("bulk/", bulk_upload, name="bulk-upload"),
    path("bulk/<uuid:public_id>/", bulk_upload_detail, name="bulk-upload-detail"),
    path("bulk/<uuid:public_id>/report.csv", bulk_upload_report, name="bulk-upload-report"),
]
