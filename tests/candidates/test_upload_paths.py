"""Every generated file through every upload path, with the real views: a
resume, an attachment, a spreadsheet import and the admin's document form. A
hostile file is refused with its own reason (in the user's language) and
nothing is stored; a benign file is accepted where its type is taken and
refused by type (a clear error, never a 500) where it is not."""

from __future__ import annotations

import html
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from candidates.models import Document, ImportJob
from core.uploads import DOCX, PDF, XLSX
from tests import factories
from tests.factories import files

HTMX = {"HTTP_HX_REQUEST": "true"}

# What the user reads for each refusal, written out here so that a changed message fails a test.
REASONS = {
    "pdf_javascript": "This PDF contains JavaScript, which we do not accept.",
    "pdf_launch": "This PDF contains an action that starts another program, which we do not accept.",
    "pdf_automatic_action": "This PDF runs actions by itself when it is opened or viewed, which we do not accept.",
    "pdf_embedded_file": "This PDF carries other files inside it, which we do not accept.",
    "pdf_xfa": "This PDF is an XFA form, which we do not accept.",
    "pdf_encrypted": "This PDF is encrypted or protected by a password, so we cannot check it.",
    "pdf_damaged": "This PDF is damaged and cannot be read.",
    "office_macros": "This file contains macros, which we do not accept.",
    "office_external": "This file links to content outside it",
    "office_member_name": "This file holds a part whose name points outside the file, which we do not accept.",
    "office_too_large": "This file unpacks to more than 50 MB, the most we accept.",
    "office_too_many_members": "This file holds more than 5000 parts, the most we accept.",
    "office_compression": "it looks like a zip bomb",
    "office_encrypted": "This file is protected by a password, so we cannot check it.",
    "office_old_format": "This is an old-format Office file (.doc or .xls), which we do not accept.",
    "office_damaged": "This file is damaged and cannot be opened.",
    "docx_wrong_type": "This file is not a Word document (.docx).",
    "xlsx_wrong_type": "This file is not an Excel workbook (.xlsx).",
}
CHINESE_REASONS = {
    "pdf_javascript": "此 PDF 含有 JavaScript",
    "pdf_launch": "此 PDF 含有启动其他程序的动作",
    "office_macros": "此文件含有宏",
    "office_external": "此文件链接到文件之外的内容",
    "office_member_name": "此文件中有名称指向文件之外的部件",
    "office_encrypted": "此文件受密码保护",
}
NOT_A_DOCUMENT = "Upload a PDF or a Word (.docx) file."
NOT_A_CSV = "This file is not plain text, so it cannot be read as a CSV file."


@dataclass(frozen=True)
class Path:
    name: str
    accepts: tuple[str, ...]

    def __str__(self) -> str:
        return self.name


RESUME = Path("resume", (PDF, DOCX))
ATTACHMENT = Path("attachment", (PDF, DOCX))
IMPORT = Path("import", (XLSX,))
ADMIN = Path("admin", (PDF, DOCX))
PATHS = (RESUME, ATTACHMENT, IMPORT, ADMIN)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(full_name="Lena Park", owner=recruiter)


def post(client, path: Path, sample: files.Sample, candidate, **extra):
    upload = SimpleUploadedFile(sample.filename, sample.content, content_type="application/octet-stream")
    if path is IMPORT:
        return client.post(reverse("candidates:import-upload"), {"file": upload, "duplicate_policy": "update"}, **extra)
    if path is ADMIN:
        data = {"candidate": candidate.pk, "kind": Document.Kind.RESUME, "upload": upload}
        return client.post(reverse("admin:candidates_document_add"), data, **extra)
    data = {"kind": path.name, "file": upload}
    return client.post(reverse("candidates:document-upload", args=[candidate.public_id]), data, **extra)


def sign_in(client, path: Path, recruiter, admin_user) -> None:
    client.force_login(admin_user if path is ADMIN else recruiter)


def stored(media) -> list:
    return [item for item in media.rglob("*") if item.is_file()]


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def assert_nothing_stored(media) -> None:
    assert not Document.objects.exists()
    assert not ImportJob.objects.exists()
    assert stored(media) == []


@pytest.mark.parametrize("sample", files.HOSTILE, ids=str)
@pytest.mark.parametrize("path", PATHS, ids=str)
def test_a_hostile_file_is_refused_with_its_reason_and_nothing_is_stored(
    client, recruiter, admin_user, candidate, media, path, sample
):
    sign_in(client, path, recruiter, admin_user)
    response = post(client, path, sample, candidate)
    assert response.status_code in (200, 400)
    assert REASONS[sample.refusal] in page_text(response)
    assert_nothing_stored(media)


@pytest.mark.parametrize("sample", files.BENIGN, ids=str)
@pytest.mark.parametrize("path", PATHS, ids=str)
def test_a_benign_file_is_accepted_where_its_type_is_taken_and_refused_by_type_elsewhere(
    client, recruiter, admin_user, candidate, media, path, sample
):
    sign_in(client, path, recruiter, admin_user)
    response = post(client, path, sample, candidate)
    if sample.kind in path.accepts:
        assert response.status_code == 302, page_text(response)[:3000]
        if path is IMPORT:
            assert ImportJob.objects.get().filename == sample.filename
        else:
            assert Document.objects.get(candidate=candidate).filename == sample.filename
        assert len(stored(media)) == 1
        return
    assert response.status_code in (200, 400)
    expected = {
        (IMPORT, PDF): NOT_A_CSV,
        (IMPORT, DOCX): REASONS["xlsx_wrong_type"],
    }.get((path, sample.kind), NOT_A_DOCUMENT)
    assert expected in page_text(response)
    assert_nothing_stored(media)


@pytest.mark.parametrize(
    ("path", "reason"),
    [(RESUME, "docx_wrong_type"), (IMPORT, "xlsx_wrong_type"), (ADMIN, "docx_wrong_type")],
    ids=str,
)
def test_a_package_that_is_not_the_declared_type_is_refused_as_such(
    client, recruiter, admin_user, candidate, media, path, reason
):
    sign_in(client, path, recruiter, admin_user)
    response = post(client, path, files.WRONG_TYPE, candidate)
    assert REASONS[reason] in page_text(response)
    assert_nothing_stored(media)


# One file for each reason checked in Chinese.
CHINESE_SAMPLES = list({s.refusal: s for s in reversed(files.HOSTILE) if s.refusal in CHINESE_REASONS}.values())


@pytest.mark.parametrize("sample", CHINESE_SAMPLES, ids=str)
@pytest.mark.parametrize("path", [RESUME, IMPORT], ids=str)
def test_a_chinese_speaking_recruiter_reads_the_reason_in_chinese(client, candidate, media, path, sample):
    client.force_login(factories.user(role="recruiter", language="zh-hans"))
    response = post(client, path, sample, candidate)
    text = page_text(response)
    assert CHINESE_REASONS[sample.refusal] in text
    assert REASONS[sample.refusal] not in text
    assert_nothing_stored(media)


def test_an_htmx_upload_of_a_hostile_file_answers_with_the_form_and_its_reason(client, recruiter, candidate, media):
    client.force_login(recruiter)
    sample = next(s for s in files.HOSTILE if s.name == "pdf-hex-escaped-javascript")
    response = post(client, RESUME, sample, candidate, **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="profile-documents"')
    assert REASONS["pdf_javascript"] in page_text(response)
    assert_nothing_stored(media)


def test_a_benign_chinese_workbook_is_imported_row_for_row(client, recruiter, media):
    client.force_login(recruiter)
    response = post(client, IMPORT, next(s for s in files.BENIGN if s.name == "xlsx-zh"), None)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.file_format, job.headers, job.total) == ("xlsx", ["姓名", "邮箱", "职位"], 1)
