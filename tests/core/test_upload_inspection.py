"""The upload inspection on its own: each kind of hostile file gets its own
reason, benign files pass, the reason is in the user's language, and the
archive limits follow the settings."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.uploads import CSV, DOCX, PDF, XLSX, upload_inspect
from tests.factories import files

BY_NAME = {sample.name: sample for sample in (*files.BENIGN, *files.HOSTILE, files.WRONG_TYPE)}


def refusal_code(content: bytes, expected: str | None) -> str | None:
    try:
        upload_inspect(content, expected=expected)
    except ValidationError as error:
        return error.code
    return None


def test_the_corpus_covers_every_kind_asked_for():
    codes = {sample.refusal for sample in files.HOSTILE}
    assert len(files.HOSTILE) >= 20
    assert {"pdf_javascript", "pdf_launch", "pdf_automatic_action", "pdf_embedded_file", "pdf_xfa"} <= codes
    assert {"pdf_encrypted", "office_macros", "office_external", "office_member_name", "office_encrypted"} <= codes
    assert {"office_too_large", "office_compression", "office_too_many_members"} <= codes
    assert {(s.kind, s.name[-2:]) for s in files.BENIGN} >= {
        (k, lang) for k in (PDF, DOCX, XLSX) for lang in ("en", "zh")
    }


@pytest.mark.parametrize("sample", files.HOSTILE, ids=str)
def test_a_hostile_file_is_refused_with_its_own_reason(sample):
    assert refusal_code(sample.content, sample.kind) == sample.refusal


@pytest.mark.parametrize("sample", files.HOSTILE, ids=str)
def test_a_hostile_file_is_refused_whatever_type_the_caller_expected(sample):
    # The content decides, not the caller's guess; only a zip announced as a
    # PDF is refused as a damaged PDF instead.
    for expected in (None, DOCX, XLSX, CSV, *([PDF] if sample.kind == PDF else [])):
        assert refusal_code(sample.content, expected) == sample.refusal, expected


@pytest.mark.parametrize("sample", files.BENIGN, ids=str)
def test_a_benign_file_passes(sample):
    assert refusal_code(sample.content, sample.kind) is None
    assert refusal_code(sample.content, None) is None


def test_a_hex_escaped_name_is_read_as_the_name_it_spells():
    content = BY_NAME["pdf-hex-escaped-javascript"].content
    assert b"/JavaScript" not in content and b"/JS" not in content
    assert refusal_code(content, PDF) == "pdf_javascript"


def test_an_open_action_that_only_names_the_first_page_and_a_web_link_pass():
    content = BY_NAME["pdf-open-at-first-page-with-link"].content
    assert b"/OpenAction" in content and b"/URI" in content
    assert refusal_code(content, PDF) is None


def test_a_word_hyperlink_is_the_one_external_relationship_accepted():
    content = BY_NAME["docx-with-hyperlink"].content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b'TargetMode="External"' in archive.read("word/_rels/document.xml.rels")
    assert refusal_code(content, DOCX) is None
    assert refusal_code(BY_NAME["docx-external-image"].content, DOCX) == "office_external"


def test_a_package_of_another_type_is_refused_as_not_the_declared_type():
    assert refusal_code(BY_NAME["dotx-template-as-docx"].content, DOCX) == "docx_wrong_type"
    assert refusal_code(BY_NAME["docx-en"].content, XLSX) == "xlsx_wrong_type"
    assert refusal_code(BY_NAME["xlsx-en"].content, DOCX) == "docx_wrong_type"
    assert refusal_code(b"PK\x03\x04 not a zip at all", DOCX) == "office_damaged"


def test_something_else_than_a_pdf_where_a_pdf_is_expected_is_refused_as_damaged():
    assert refusal_code(b"<html><script>alert(1)</script></html>", PDF) == "pdf_damaged"
    assert refusal_code(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", PDF) == "pdf_damaged"


def test_a_csv_stays_a_csv_and_binary_content_is_not_one():
    assert refusal_code("姓名,邮箱\n王小明,wang@example.test\n".encode("gb18030"), CSV) is None
    assert refusal_code(b"Name,Email\r\n=cmd|' /C calc'!A0,a@b.test\r\n", CSV) is None
    assert refusal_code(b"Name\x00,Email\n", CSV) == "csv_not_text"
    assert refusal_code(BY_NAME["pdf-en"].content, CSV) == "csv_not_text"
    assert refusal_code(BY_NAME["xlsx-en"].content, CSV) == "csv_not_text"


def test_the_archive_limits_follow_the_settings(settings):
    content = BY_NAME["docx-en"].content
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5
    with pytest.raises(ValidationError) as refused:
        upload_inspect(content, expected=DOCX)
    assert (refused.value.code, refused.value.messages) == (
        "office_too_many_members",
        ["This file holds more than 5 parts, the most we accept."],
    )
    settings.UPLOAD_ARCHIVE_MAX_MEMBERS = 5000
    settings.UPLOAD_ARCHIVE_MAX_BYTES = 2 * 2**20
    bigger = files.rezip(content, add={"word/media/image1.png": bytes(3 * 2**20)})
    with pytest.raises(ValidationError) as refused:
        upload_inspect(bigger, expected=DOCX)
    assert refused.value.messages == ["This file unpacks to more than 2 MB, the most we accept."]
    settings.UPLOAD_ARCHIVE_MAX_BYTES = 50 * 2**20
    settings.UPLOAD_ARCHIVE_MAX_RATIO = 10_000
    assert refusal_code(bigger, DOCX) is None


def test_the_reason_is_given_in_the_active_language():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        upload_inspect(BY_NAME["pdf-launch"].content, expected=PDF)
    with translation.override("zh-hans"):
        assert refused.value.messages == [
            "此 PDF 含有启动其他程序的动作，我们不接受此类文件。请将其打印为新的 PDF 后上传。"
        ]
    with translation.override("en"):
        assert refused.value.messages[0].startswith("This PDF contains an action that starts another program")


@pytest.mark.django_db
def test_the_inspection_reads_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        for sample in (*files.BENIGN, *files.HOSTILE):
            refusal_code(sample.content, sample.kind)


def test_a_pdf_made_of_more_objects_than_the_setting_is_refused_before_it_is_walked(settings):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    for page in range(60):
        document.drawString(72, 720, f"Page {page}")
        document.showPage()
    document.save()
    settings.UPLOAD_PDF_MAX_OBJECTS = 100
    with pytest.raises(ValidationError) as refused:
        upload_inspect(buffer.getvalue(), expected=PDF)
    assert refused.value.code == "pdf_too_complex"
    assert refused.value.messages[0].startswith("This PDF is made of more than 100 objects")
    settings.UPLOAD_PDF_MAX_OBJECTS = 10_000
    assert refusal_code(buffer.getvalue(), PDF) is None
