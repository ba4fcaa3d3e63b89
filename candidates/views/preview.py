"""The resume preview on the profile: the pages of a PDF as pictures, or the
extracted text of a Word file; checked like the download."""

from __future__ import annotations

from uuid import UUID

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_safe

from candidates import previews, selectors, services
from candidates.uploads import PDF
from core.crypto import DecryptionError
from core.http import private_file, respond
from core.services import audit_record

PAGE = "candidates/document_preview.html"


def _stored_content(document) -> bytes | None:
    """The document's bytes, or None when its file is missing from storage or
    cannot be decrypted: the preview then says it cannot be shown."""
    try:
        return services.document_read(document=document)
    except (OSError, DecryptionError):
        return None


@require_safe
def document_preview(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """The preview region (htmx, loaded into the profile) or a page of its own; audited as a read."""
    document = selectors.get_document_for_user(request.user, public_id)
    pages = None
    if document.content_type == PDF:
        content = _stored_content(document)
        pages = previews.pdf_page_count(content) if content is not None else None
    audit_record(action="candidates.document.preview", actor=request.user, target=document, request=request)
    context = {"document": document, "candidate": document.candidate, "pages": range(1, (pages or 0) + 1)}
    context["is_pdf"] = document.content_type == PDF
    return respond(request, PAGE, "preview", context)


@require_safe
def document_page(request: HttpRequest, public_id: UUID, number: int) -> HttpResponse:
    """One page of a PDF as a PNG; 404 for a page it does not have or a file that cannot be rendered."""
    document = selectors.get_document_for_user(request.user, public_id)
    if document.content_type != PDF:
        raise Http404
    content = _stored_content(document)
    image = previews.pdf_page_png(content, number) if content is not None else None
    if image is None:
        raise Http404
    return private_file(image, "image/png")


urlpatterns = [
    path("documents/<uuid:public_id>/preview/", document_preview, name="document-preview"),
    path("documents/<uuid:public_id>/preview/<int:number>.png", document_page, name="document-page"),
]
