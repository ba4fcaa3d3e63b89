"""Celery tasks of candidates. They take ids and load rows, so a task delivered
twice, or for a row deleted since, does no harm."""

from __future__ import annotations

import io
import logging

from celery import shared_task
from django.db import OperationalError

from candidates.models import Document
from candidates.services import document_mark_unreadable, document_read, document_set_text
from candidates.uploads import DOCX, PDF
from core.tasks import SWEEP_TASK_OPTIONS

logger = logging.getLogger(__name__)


class UnreadableDocument(Exception):
    """The file cannot be read as the type it was stored as: not retried."""


def extract_text(content: bytes, content_type: str) -> str:
    """The plain text of a PDF or DOCX. Raises UnreadableDocument."""
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(content))
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        if content_type == DOCX:
            import docx

            document = docx.Document(io.BytesIO(content))
            paragraphs = [paragraph.text for paragraph in document.paragraphs]
            cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
            return "\n".join(paragraphs + cells)
    except Exception as exc:
        # pypdf and python-docx raise many kinds of error on malformed files;
        # a file that takes past the soft time limit lands here too.
        raise UnreadableDocument(str(exc) or exc.__class__.__name__) from exc
    raise UnreadableDocument(f"no text extraction for {content_type}")


@shared_task(
    name="candidates.document_extract_text",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=120,
    soft_time_limit=100,
)
def document_extract_text_task(document_id: int) -> str:
    """Extract a document's text so its words find the candidate. Idempotent:
    a document that has its text already is left alone."""
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return "gone"
    if document.text or document.text_issue:
        return "done already"
    try:
        text = extract_text(document_read(document=document), document.content_type)
    except UnreadableDocument as exc:
        logger.warning("document %s: no text extracted: %s", document_id, exc)
        document_mark_unreadable(document=document, reason=str(exc) or exc.__class__.__name__)
        return "unreadable"
    document_set_text(document=document, text=text)
    if document.parse_requested:
        from candidates.services.resume import resume_apply

        resume_apply(document=document)
    return "extracted"


@shared_task(
    name="candidates.import_job_run",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    # 50,000 rows take about a minute; each chunk commits, so a cut-off run resumes.
    time_limit=3600,
    soft_time_limit=3500,
)
def import_job_run_task(import_job_id: int) -> str:
    """Run a queued spreadsheet import. Idempotent: a job that is gone, done,
    or being run by another worker is left alone; a job whose worker was lost
    is taken over and resumes after its last committed chunk."""
    from candidates.models import ImportJob
    from candidates.services.spreadsheets import import_job_claim, import_job_run

    job = ImportJob.objects.filter(pk=import_job_id).only("status").first()
    if job is None:
        return "gone"
    if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
        return "done already"
    job = import_job_claim(job_id=import_job_id)
    if job is None:
        return "running elsewhere"
    return import_job_run(job=job).status


@shared_task(
    name="candidates.bulk_upload_item_process",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=120,
    soft_time_limit=100,
)
def bulk_upload_item_process_task(item_id: int) -> str:
    """Process one file of a bulk upload. Idempotent: an item that is gone,
    processed, or claimed by a live worker is left alone."""
    from candidates.models import BulkUploadItem
    from candidates.services.bulk import bulk_upload_item_claim, bulk_upload_item_process

    item = BulkUploadItem.objects.filter(pk=item_id).only("status").first()
    if item is None:
        return "gone"
    if item.status != BulkUploadItem.Status.WAITING:
        return "done already"
    item = bulk_upload_item_claim(item_id=item_id)
    if item is None:
        return "running elsewhere"
    return bulk_upload_item_process(item=item).status


@shared_task(name="candidates.bulk_upload_sweep", **SWEEP_TASK_OPTIONS)
def bulk_upload_sweep_task() -> int:
    """Hand out again the bulk upload files whose task was lost."""
    from candidates.services.bulk import bulk_upload_sweep

    return bulk_upload_sweep()
