"""Document uploads: a size limit enforced while the body arrives, the file
type decided from the bytes (never from the name or the browser's content type),
and the content inspected for active parts (core.uploads)."""

from __future__ import annotations

import zipfile
from typing import IO

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadhandler import FileUploadHandler, SkipFile, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.uploads import DOCX, PDF, upload_inspect

# A .docx whose main XML unpacks to more than this is refused (a zip bomb would
# otherwise be unpacked by the text extraction).
DOCX_XML_MAX_BYTES = 64 * 1024 * 1024
# Bodies up to this many times the limit are read to their end and thrown away,
# so the browser gets the error page; a larger one is cut off (connection reset).
DRAIN_FACTOR = 2


class DocumentSizeLimitHandler(FileUploadHandler):
    """Stops the upload once the files' bytes pass ``max_bytes``.

    Installed first (``request.upload_handlers.insert(0, ...)``), it sees each
    chunk before the handlers that keep it: the chunk that passes the limit is
    never handed on, so no more than ``max_bytes`` is ever kept in memory or on
    disk. ``too_big`` tells the view why the file is missing; ``received``
    counts the file bytes read.
    """

    chunk_size = 64 * 1024

    def __init__(self, request: HttpRequest | None = None, max_bytes: int | None = None) -> None:
        super().__init__(request)
        self.max_bytes = max_bytes if max_bytes is not None else settings.DOCUMENT_MAX_BYTES
        self.received = 0
        self.too_big = False
        self.body_length = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.body_length = content_length or 0

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        # The declared body is far past the limit: refuse before reading the file.
        if self.body_length > DRAIN_FACTOR * self.max_bytes + self.chunk_size:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.max_bytes:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _stop(self) -> None:
        self.too_big = True
        raise StopUpload(connection_reset=self.body_length > DRAIN_FACTOR * self.max_bytes)


def refuse_if_cut_off(request: HttpRequest, form: forms.Form, field: str = "file") -> bool:
    """If the request's DocumentSizeLimitHandler stopped the upload, put the
    reason on ``form``'s ``field`` (the form is bound and checked first) and
    return True; otherwise False and the form is left to the caller."""
    limit = next((h for h in request.upload_handlers if isinstance(h, DocumentSizeLimitHandler)), None)
    if limit is None or not limit.too_big:
        return False
    form.is_valid()
    size = f"{limit.max_bytes / 2**20:.2g}"
    form.errors[field] = form.error_class(
        [_("The file is larger than %(size)s MB, the most we accept.") % {"size": size}]
    )
    return True


def document_check(file: IO[bytes]) -> str:
    """The content type of an uploaded resume or attachment (PDF or DOCX), its
    content inspected (core.uploads). Raises ValidationError with the reason."""
    file.seek(0)
    content = file.read()
    file.seek(0)
    content_type = document_type(file)
    upload_inspect(content, expected=content_type)
    if content_type is None:
        raise ValidationError(gettext_lazy("Upload a PDF or a Word (.docx) file."), code="type")
    return content_type


def document_type(file: IO[bytes]) -> str | None:
    """The content type of an uploaded document judged from its bytes: PDF
    (``%PDF-``), DOCX (a zip holding ``word/document.xml``), else None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                members = {info.filename: info for info in archive.infolist()}
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        main = members.get("word/document.xml")
        if main is not None and "[Content_Types].xml" in members and main.file_size <= DOCX_XML_MAX_BYTES:
            return DOCX
    return None


class BulkUploadLimitHandler(FileUploadHandler):
    """The limits of a bulk resume upload, enforced while the body arrives.

    A file (other than one named .zip) that passes ``DOCUMENT_MAX_BYTES`` is
    skipped, its name kept in ``oversize`` so it is reported as refused while
    the other files go on; the whole request is stopped once its files pass
    ``BULK_UPLOAD_MAX_BYTES`` (``too_big``). Installed first, like
    DocumentSizeLimitHandler.
    """

    chunk_size = 64 * 1024

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.total_limit = settings.BULK_UPLOAD_MAX_BYTES
        self.received = 0
        self.current = 0
        self.current_limit = settings.DOCUMENT_MAX_BYTES
        self.too_big = False
        self.body_length = 0
        self.oversize: list[tuple[str, int]] = []

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None) -> None:
        self.body_length = content_length or 0

    def new_file(self, field_name, file_name, *args, **kwargs) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.current = 0
        zipped = (file_name or "").lower().endswith(".zip")
        self.current_limit = self.total_limit if zipped else settings.DOCUMENT_MAX_BYTES
        if self.body_length > DRAIN_FACTOR * self.total_limit + self.chunk_size:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        self.current += len(raw_data)
        if self.received > self.total_limit:
            self._stop()
        if self.current > self.current_limit:
            self.oversize.append((self.file_name or "file", self.current))
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _stop(self) -> None:
        self.too_big = True
        raise StopUpload(connection_reset=self.body_length > DRAIN_FACTOR * self.total_limit)
