"""The resume preview on the profile: a PDF's pages rendered to pictures on
the server, a Word file's text, nothing broken by a broken file, and the
same access as the download."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from candidates.services import document_create, document_set_text
from candidates.uploads import DOCX, PDF
from core.models import AuditEvent
from tests import factories

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def pdf_bytes(*pages: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer)
    for text in pages:
        drawing.drawString(72, 720, text)
        drawing.showPage()
    drawing.save()
    return buffer.getvalue()


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(full_name="Lena Park", owner=recruiter)


@pytest.fixture
def resume(candidate, recruiter):
    return document_create(
        candidate=candidate, actor=recruiter, filename="cv.pdf", content=pdf_bytes("one", "two"), content_type=PDF
    )


def preview_url(document) -> str:
    return reverse("candidates:document-preview", args=[document.public_id])


def page_url(document, number: int) -> str:
    return reverse("candidates:document-page", args=[document.public_id, number])


def test_the_profile_loads_the_latest_resume_preview_after_the_page(client, recruiter, candidate, resume):
    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.public_id])).text
    assert f'hx-get="{preview_url(resume)}" hx-trigger="load"' in page
    assert f'href="{preview_url(resume)}"' in page  # without JavaScript: a link to the preview page


def test_the_preview_shows_every_page_as_a_picture_and_is_audited(client, recruiter, resume):
    client.force_login(recruiter)
    fragment = client.get(preview_url(resume), headers=HTMX)
    assert fragment.status_code == 200
    html = fragment.text
    assert "<html" not in html
    assert html.count('data-testid="document-page"') == 2
    assert page_url(resume, 1) in html and page_url(resume, 2) in html
    assert AuditEvent.objects.filter(action="candidates.document.preview", target_id=str(resume.public_id)).exists()
    assert "<html" in client.get(preview_url(resume)).text


def test_a_page_is_a_png_never_sniffed_nor_cached(client, recruiter, resume):
    client.force_login(recruiter)
    response = client.get(page_url(resume, 2))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert client.get(page_url(resume, 3)).status_code == 404
    assert client.get(page_url(resume, 0)).status_code == 404


def test_a_broken_pdf_says_it_cannot_be_shown_and_never_fails(client, recruiter, candidate):
    broken = document_create(
        candidate=candidate, actor=recruiter, filename="cv.pdf", content=b"%PDF-1.4 broken", content_type=PDF
    )
    client.force_login(recruiter)
    response = client.get(preview_url(broken), headers=HTMX)
    assert response.status_code == 200
    assert 'data-testid="no-preview"' in response.text
    assert client.get(page_url(broken, 1)).status_code == 404


def test_a_file_missing_from_storage_says_it_cannot_be_shown_and_never_fails(client, recruiter, resume):
    default_storage.delete(resume.storage_name)
    client.force_login(recruiter)
    response = client.get(preview_url(resume), headers=HTMX)
    assert response.status_code == 200
    assert 'data-testid="no-preview"' in response.text
    assert client.get(page_url(resume, 1)).status_code == 404


def test_a_word_resume_shows_its_text(client, recruiter, candidate):
    document = document_create(
        candidate=candidate, actor=recruiter, filename="cv.docx", content=b"PK not read here", content_type=DOCX
    )
    document_set_text(document=document, text="Kubernetes operator")
    client.force_login(recruiter)
    html = client.get(preview_url(document), headers=HTMX).text
    assert 'data-testid="document-text">Kubernetes operator<' in html
    assert client.get(page_url(document, 1)).status_code == 404


def test_an_interviewer_previews_only_on_the_candidates_panel(client, interviewer, candidate, resume):
    client.force_login(interviewer)
    assert client.get(preview_url(resume)).status_code == 404
    assert client.get(page_url(resume, 1)).status_code == 404
    application = factories.application(candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    assert client.get(preview_url(resume)).status_code == 200
    assert client.get(page_url(resume, 1)).status_code == 200


def test_a_hiring_manager_outside_the_job_gets_404(client, hiring_manager, resume):
    client.force_login(hiring_manager)
    assert client.get(preview_url(resume)).status_code == 404
    assert client.get(page_url(resume, 1)).status_code == 404


def test_the_preview_refuses_post_and_unknown_documents(client, recruiter, resume):
    client.force_login(recruiter)
    assert client.post(preview_url(resume)).status_code == 405
    assert client.post(page_url(resume, 1)).status_code == 405
    assert client.get(reverse("candidates:document-preview", args=[uuid.uuid4()])).status_code == 404


def test_the_preview_and_a_page_take_a_fixed_number_of_queries(client, recruiter, resume, django_assert_num_queries):
    client.force_login(recruiter)
    client.get(preview_url(resume), headers=HTMX)  # the session and user, warmed
    with django_assert_num_queries(5):
        assert client.get(preview_url(resume), headers=HTMX).status_code == 200
    with django_assert_num_queries(4):
        assert client.get(page_url(resume, 1)).status_code == 200


def test_an_upload_by_htmx_brings_the_new_resumes_preview(client, recruiter, candidate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(recruiter)
    upload = SimpleUploadedFile("cv.pdf", pdf_bytes("fresh"), content_type="application/pdf")
    url = reverse("candidates:document-upload", args=[candidate.public_id])
    html = client.post(url, {"kind": "resume", "file": upload}, headers=HTMX).text
    document = candidate.documents.get()
    assert f'hx-swap-oob="true" hx-get="{preview_url(document)}"' in html
