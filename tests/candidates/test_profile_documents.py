"""Documents on the candidate profile: uploads checked by content and size, text
extraction after commit, and audited downloads."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from candidates.models import Document
from candidates.selectors import candidate_search
from candidates.services import document_create
from candidates.tasks import document_extract_text_task
from candidates.uploads import DOCX, PDF, DocumentSizeLimitHandler
from core.models import AuditEvent
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(full_name="Lena Park", owner=recruiter)


def pdf_bytes(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def docx_bytes(text: str) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload_url(candidate) -> str:
    return reverse("candidates:document-upload", args=[candidate.public_id])


def download_url(document) -> str:
    return reverse("candidates:document-download", args=[document.public_id])


def stored_files(media) -> list:
    folder = media / "documents"
    return list(folder.iterdir()) if folder.exists() else []


# --- Upload ---------------------------------------------------------------------------


def test_a_docx_is_accepted_and_its_text_extraction_queued_after_commit(
    client, recruiter, candidate, media, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(document_extract_text_task, "apply_async", lambda args, **kw: queued.append(args))
    client.force_login(recruiter)
    upload = SimpleUploadedFile("cv.docx", docx_bytes("Kubernetes operator"), content_type="application/octet-stream")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(upload_url(candidate), {"kind": "resume", "file": upload})
    assert response.status_code == 302
    document = Document.objects.get(candidate=candidate)
    assert (document.filename, document.content_type, document.uploaded_by) == ("cv.docx", DOCX, recruiter)
    assert not queued  # nothing goes to the broker before the commit
    for callback in callbacks:
        callback()
    assert queued == [[document.pk]]
    assert b"Kubernetes" not in stored_files(media)[0].read_bytes()  # encrypted at rest


def test_a_broker_outage_does_not_fail_the_upload(client, recruiter, candidate, monkeypatch):
    def broker_down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(document_extract_text_task, "apply_async", broker_down)
    client.force_login(recruiter)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("hello"), content_type="application/pdf")
    response = client.post(upload_url(candidate), {"kind": "resume", "file": upload})
    assert response.status_code == 302
    assert Document.objects.filter(candidate=candidate).exists()


def test_an_htmx_upload_answers_with_the_documents_region(client, coordinator, candidate, monkeypatch):
    monkeypatch.setattr(document_extract_text_task, "apply_async", lambda *a, **kw: None)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("简历.pdf", pdf_bytes("hello"), content_type="application/pdf")
    response = client.post(upload_url(candidate), {"kind": "resume", "file": upload}, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="profile-documents"')
    assert "简历.pdf" in response.text
    assert 'id="timeline" class="card" hx-swap-oob="true"' in response.text


def test_an_html_file_renamed_pdf_is_refused_and_nothing_is_stored(client, recruiter, candidate, media):
    client.force_login(recruiter)
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(upload_url(candidate), {"kind": "resume", "file": fake})
    assert response.status_code == 200
    assert "Upload a PDF or a Word (.docx) file." in response.text
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_zip_that_is_not_a_word_document_is_refused(client, recruiter, candidate):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    client.force_login(recruiter)
    fake = SimpleUploadedFile("cv.docx", buffer.getvalue(), content_type=DOCX)
    response = client.post(upload_url(candidate), {"kind": "resume", "file": fake}, **HTMX)
    assert "Upload a PDF or a Word (.docx) file." in response.text
    assert not Document.objects.exists()


def test_an_oversize_upload_is_stopped_while_it_arrives_and_nothing_is_stored(
    client, recruiter, candidate, settings, media
):
    settings.DOCUMENT_MAX_BYTES = 100_000
    content = b"%PDF-1.4\n" + b"0" * 250_000
    client.force_login(recruiter)
    upload = SimpleUploadedFile("big.pdf", content, content_type="application/pdf")
    response = client.post(upload_url(candidate), {"kind": "resume", "file": upload})
    assert response.status_code == 200
    assert "The file is larger than 0.095 MB, the most we accept." in response.text
    handler = response.wsgi_request.upload_handlers[0]
    assert isinstance(handler, DocumentSizeLimitHandler)
    assert handler.too_big
    # Stopped at the first chunk past the limit: the rest of the file was never read.
    assert settings.DOCUMENT_MAX_BYTES < handler.received <= settings.DOCUMENT_MAX_BYTES + handler.chunk_size
    assert handler.received < len(content)
    assert not Document.objects.exists()
    assert stored_files(media) == []


def test_a_body_declared_far_past_the_limit_is_refused_before_the_file_is_read(client, recruiter, candidate, settings):
    settings.DOCUMENT_MAX_BYTES = 2048
    client.force_login(recruiter)
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 500_000, content_type="application/pdf")
    response = client.post(upload_url(candidate), {"kind": "resume", "file": upload}, **HTMX)
    assert "the most we accept" in response.text
    assert response.wsgi_request.upload_handlers[0].received == 0
    assert not Document.objects.exists()


def test_uploads_are_403_for_a_reviewer_404_out_of_reach_and_405_for_get(client, reviewer, interviewer, candidate):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("hello"), content_type="application/pdf")
    assert client.post(upload_url(candidate), {"kind": "resume", "file": upload}).status_code == 403
    assert client.get(upload_url(candidate)).status_code == 405
    client.force_login(interviewer)
    upload.seek(0)
    assert client.post(upload_url(candidate), {"kind": "resume", "file": upload}).status_code == 404
    assert not Document.objects.exists()


def test_uploads_still_check_the_csrf_token(recruiter, candidate):
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("hello"), content_type="application/pdf")
    assert client.post(upload_url(candidate), {"kind": "resume", "file": upload}).status_code == 403
    assert not Document.objects.exists()


# --- Text extraction ------------------------------------------------------------------


@pytest.mark.parametrize(("build", "content_type"), [(pdf_bytes, PDF), (docx_bytes, DOCX)])
def test_the_extraction_task_makes_the_candidate_findable_by_a_resume_phrase(recruiter, candidate, build, content_type):
    document = document_create(
        candidate=candidate,
        actor=recruiter,
        filename="cv",
        content=build("Led the zeppelin telemetry migration"),
        content_type=content_type,
    )
    assert candidate_search(recruiter, query="zeppelin telemetry").results == []
    assert document_extract_text_task(document.pk) == "extracted"
    document.refresh_from_db()
    assert "zeppelin telemetry" in document.text
    assert candidate_search(recruiter, query="zeppelin telemetry").results == [candidate]
    assert document_extract_text_task(document.pk) == "done already"


def test_the_extraction_task_skips_missing_and_unreadable_documents(recruiter, candidate):
    assert document_extract_text_task(999_999) == "gone"
    broken = document_create(
        candidate=candidate, actor=recruiter, filename="cv.pdf", content=b"%PDF-1.4 broken", content_type=PDF
    )
    assert document_extract_text_task(broken.pk) == "unreadable"


# --- Download -------------------------------------------------------------------------


@pytest.fixture
def resume() -> bytes:
    return pdf_bytes("cv")


@pytest.fixture
def document(candidate, recruiter, resume):
    return document_create(
        candidate=candidate, actor=recruiter, filename="简历 Lena.pdf", content=resume, content_type=PDF
    )


def test_a_download_is_an_audited_attachment_that_is_never_sniffed(client, recruiter, document, resume):
    client.force_login(recruiter)
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert response.content == resume
    assert response["Content-Type"] == PDF
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''%E7%AE%80%E5%8E%86%20Lena.pdf" in disposition
    event = AuditEvent.objects.get(action="candidates.document.download")
    assert (event.actor, event.target_id) == (recruiter, str(document.public_id))


def test_an_interviewer_downloads_only_on_the_candidates_panel(client, interviewer, candidate, document):
    client.force_login(interviewer)
    assert client.get(download_url(document)).status_code == 404
    assert not AuditEvent.objects.filter(action="candidates.document.download").exists()
    application = factories.application(candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    assert client.get(download_url(document)).status_code == 200


def test_downloads_refuse_post_and_unknown_documents(client, recruiter, document):
    import uuid

    client.force_login(recruiter)
    assert client.post(download_url(document)).status_code == 405
    assert client.get(reverse("candidates:document-download", args=[uuid.uuid4()])).status_code == 404


def test_the_profile_lists_documents_with_download_links(client, recruiter, candidate, document):
    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.public_id])).text
    assert download_url(document) in page
    assert "简历 Lena.pdf" in page
