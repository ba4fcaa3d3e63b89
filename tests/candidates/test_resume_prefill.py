"""The new-candidate form filled from a resume ("Fill from resume"), and the
resume attached when the form is saved."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Candidate, Document, Experience
from candidates.services.resume import STASH_FOLDER, resume_stash
from tests.interviews.test_board import htmx

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "resume_corpus" / "files"
NEW = reverse("candidates:candidate-create")
FILL = reverse("candidates:candidate-prefill")
PDF_NAME = "zh-02-table.pdf"
LABEL = json.loads((CORPUS / f"{PDF_NAME}.json").read_text())


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def resume_file(name: str = PDF_NAME) -> SimpleUploadedFile:
    return SimpleUploadedFile("简历.pdf", (CORPUS / name).read_bytes(), content_type="application/pdf")


def stash_files(media) -> list:
    folder = media / STASH_FOLDER
    return list(folder.iterdir()) if folder.exists() else []


def form_values(html_form_fields: dict) -> dict:
    base = {"language": "zh-hans", "time_zone": "Asia/Shanghai", "full_name": "", "email": "", "phone": ""}
    return {**base, **html_form_fields}


def test_the_new_candidate_page_offers_to_fill_from_a_resume(client, recruiter):
    client.force_login(recruiter)
    html = client.get(NEW).text
    assert 'enctype="multipart/form-data"' in html
    assert f'formaction="{FILL}"' in html and 'data-testid="resume-fill"' in html


def test_a_chinese_pdf_fills_the_empty_fields_marked_from_resume_and_is_kept_encrypted(client, recruiter, media):
    client.force_login(recruiter)
    response = client.post(FILL, form_values({"resume": resume_file()}))
    assert response.status_code == 200 and "<html" in response.text
    html = response.text
    assert f'value="{LABEL["full_name"]}"' in html
    assert f'value="{LABEL["email"]}"' in html
    assert f'value="{LABEL["company"]}"' in html
    for field in ("full_name", "email", "phone", "headline", "company", "location"):
        assert f'data-testid="from-resume-{field}"' in html
    assert 'name="resume_token"' in html
    assert not Candidate.objects.exists()
    [stored] = stash_files(media)
    assert (CORPUS / PDF_NAME).read_bytes()[:64] not in stored.read_bytes()


def test_by_htmx_the_form_comes_back_as_its_region_and_typed_values_stay_unmarked(client, recruiter, media):
    client.force_login(recruiter)
    response = client.post(FILL, form_values({"resume": resume_file(), "full_name": "Typed Name"}), **htmx())
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form") and 'id="candidate-form"' in response.text
    assert 'value="Typed Name"' in response.text
    assert 'data-testid="from-resume-full_name"' not in response.text
    assert 'data-testid="from-resume-company"' in response.text


def test_saving_attaches_the_kept_resume_and_keeps_the_marks_of_the_fields_left_as_filled(
    client, recruiter, media, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    page = client.post(FILL, form_values({"resume": resume_file()}))
    token = page.context["resume_kept"]["token"]
    values = page.context["form"].initial
    posted = form_values({**values, "headline": "Typed title", "resume_token": token})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(NEW, posted)
    assert response.status_code == 302
    candidate = Candidate.objects.get()
    assert candidate.headline == "Typed title"
    assert "headline" not in candidate.from_resume
    assert {"full_name", "email", "company", "location"} <= set(candidate.from_resume)
    document = Document.objects.get(candidate=candidate)
    assert document.kind == Document.Kind.RESUME and document.parsed_at is not None
    assert Experience.objects.filter(candidate=candidate, from_resume=True).count() == len(LABEL["work"])
    for callback in callbacks:
        # The broker is not the point here: the stash removal is.
        with contextlib.suppress(Exception):
            callback()
    assert stash_files(media) == []


def test_a_forged_or_someone_elses_token_attaches_nothing(client, recruiter, outsider, media):
    client.force_login(recruiter)
    other = resume_stash(
        user=outsider, filename="x.pdf", content=b"%PDF-1.4", content_type="application/pdf", values={}
    )
    for name, token in zip(
        ("Anna Abbott", "Bert Brown", "Carl Cruz"), (other, "forged:token", other[:-2] + "xx"), strict=True
    ):
        response = client.post(NEW, form_values({"full_name": name, "resume_token": token, "confirm_duplicate": "on"}))
        assert response.status_code == 302
    assert Candidate.objects.count() == 3
    assert not Document.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused_with_a_message(client, recruiter, media):
    client.force_login(recruiter)
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(FILL, form_values({"resume": fake}))
    assert response.status_code == 400
    assert 'data-testid="resume-error"' in response.text
    assert stash_files(media) == []
    html = client.post(FILL, form_values({"resume": fake}), **htmx()).text
    assert 'data-testid="resume-error"' in html


def test_filling_without_a_file_asks_for_one(client, recruiter):
    client.force_login(recruiter)
    response = client.post(FILL, form_values({"full_name": "Lena"}))
    assert response.status_code == 400
    assert "Choose a resume file first." in response.text and 'value="Lena"' in response.text


def test_an_oversize_resume_is_stopped_while_it_arrives(client, recruiter, settings, media):
    settings.DOCUMENT_MAX_BYTES = 100_000
    client.force_login(recruiter)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 250_000, content_type="application/pdf")
    response = client.post(FILL, form_values({"resume": big}))
    assert "The file is larger than 0.095 MB, the most we accept." in response.text
    assert stash_files(media) == []


def test_a_resume_sent_with_the_form_without_filling_is_attached_and_parsed_later(client, recruiter, media):
    client.force_login(recruiter)
    response = client.post(NEW, form_values({"full_name": "Lena Park", "resume": resume_file()}))
    assert response.status_code == 302
    document = Document.objects.get(candidate__full_name="Lena Park")
    assert document.parse_requested and document.parsed_at is None


def test_a_bad_file_sent_with_the_form_saves_nothing(client, recruiter, media):
    client.force_login(recruiter)
    fake = SimpleUploadedFile("cv.pdf", b"<html></html>", content_type="application/pdf")
    response = client.post(NEW, form_values({"full_name": "Lena Park", "resume": fake}))
    assert response.status_code == 200 and 'data-testid="resume-error"' in response.text
    assert not Candidate.objects.exists()


@pytest.mark.parametrize("persona", ["interviewer", "reviewer"])
def test_roles_that_do_not_create_candidates_are_refused(client, personas, persona, media):
    client.force_login(personas[persona])
    assert client.post(FILL, form_values({"resume": resume_file()})).status_code == 403
    assert stash_files(media) == []


def test_filling_takes_only_a_post(client, recruiter):
    client.force_login(recruiter)
    assert client.get(FILL).status_code == 405
