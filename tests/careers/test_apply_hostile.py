"""Hostile input to the public application form: files that are not what they
say, bodies past the limits, hundreds of junk posts (never a 500), the rate
limits (429 in the visitor's language), and Redis stopped (every application
still stored, the limit counted in the database)."""

from __future__ import annotations

import io
import random
import string
import time
import zipfile

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from candidates.models import Candidate, Document
from candidates.services import document_read
from careers.models import Question
from core.antispam import started_value
from core.models import RateCount
from interviews.models import Application
from messaging.models import OutboundEmail
from tests.careers.conftest import apply_url, form_data, post, question, random_address, resume
from tests.factories import files
from tests.realparts import private_redis  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

NOT_A_DOCUMENT = "Upload a PDF or a Word (.docx) file."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def _zip(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buffer.getvalue()


HOSTILE_FILES = {
    "html renamed pdf": (b"<html><body><script>alert(1)</script></body></html>", NOT_A_DOCUMENT),
    "pdf with a zip appended": (
        files.pdf_en() + _zip(**{"index.html": "<script>alert(1)</script>"}),
        "other data after the end of the PDF",
    ),
    "pdf with html appended": (
        files.pdf_en() + b"<html><script>alert(document.cookie)</script></html>",
        "other data after the end of the PDF",
    ),
    "html before a pdf": (b"<html><script>alert(1)</script></html>\n" + files.pdf_en(), NOT_A_DOCUMENT),
    "zip bomb docx": (files.docx_zip_bomb(), "it looks like a zip bomb"),
}


@pytest.mark.parametrize("name", list(HOSTILE_FILES))
def test_a_hostile_resume_is_refused_with_a_clear_message_and_nothing_is_stored(client, posting, name, media):
    content, message = HOSTILE_FILES[name]
    response = post(client, posting, "lang=en", resume=SimpleUploadedFile("cv.pdf", content, "application/pdf"))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'data-testid="error-resume"' in page
    assert not Candidate.objects.exists() and not Document.objects.exists()
    assert not list(media.rglob("*.*"))


def test_a_hostile_file_answer_is_refused_on_its_question(client, posting):
    portfolio = question(posting, Question.Kind.FILE, "Portfolio")
    content = HOSTILE_FILES["pdf with a zip appended"][0]
    response = post(client, posting, "lang=en", **{f"q_{portfolio.public_id.hex}": resume(content, "work.pdf")})
    assert response.status_code == 400
    assert f'data-testid="error-q_{portfolio.public_id.hex}"' in response.content.decode()
    assert not Application.objects.exists()


def test_the_refusal_is_named_in_chinese_on_a_chinese_page(client, posting):
    response = post(client, posting, "lang=zh-hans", resume=resume(b"<html></html>", "cv.pdf"))
    assert response.status_code == 400
    assert "请上传 PDF 或 Word（.docx）文件。" in response.content.decode()


def test_an_oversize_resume_is_stopped_while_it_arrives(client, posting, settings):
    settings.DOCUMENT_MAX_BYTES = 100_000
    big = files.pdf_en() + b"%" + b"0" * 150_000
    response = post(client, posting, "lang=en", resume=resume(big))
    assert response.status_code == 400
    assert "The file is larger than" in response.content.decode()
    assert not Application.objects.exists()


def test_two_thousand_fields_get_a_clear_400_page(client, posting):
    data = {f"field{index}": "x" for index in range(2000)}
    response = client.post(apply_url(posting, "lang=en"), data, REMOTE_ADDR=random_address())
    assert response.status_code == 400
    assert "We could not read the form" in response.content.decode()


def test_ten_megabytes_of_text_get_a_clear_413_page(client, posting):
    response = client.post(
        apply_url(posting, "lang=en"),
        "full_name=" + "a" * (10 * 1024 * 1024),
        content_type="application/x-www-form-urlencoded",
        REMOTE_ADDR=random_address(),
    )
    assert response.status_code == 413
    assert "Too much to send" in response.content.decode()


# --- Junk ----------------------------------------------------------------------------------


def _junk_value(rng: random.Random):
    return rng.choice(
        [
            "",
            "x" * rng.choice([1, 300, 5_000, 120_000]),
            "".join(rng.choice(string.printable) for _ in range(rng.randint(1, 80))),
            "null\x00byte",
            "<script>alert(1)</script>",
            "😀" * 50,
            ["a", "b"],
            "on",
            "yes",
            str(rng.random()),
        ]
    )


def _junk_file(rng: random.Random) -> SimpleUploadedFile:
    content = rng.choice(
        [
            b"",
            rng.randbytes(rng.randint(1, 5000)),
            b"%PDF-1.7\n" + rng.randbytes(200),
            b"PK\x03\x04" + rng.randbytes(300),
            files.pdf_en(),
            files.docx_zh(),
        ]
    )
    return SimpleUploadedFile(rng.choice(["cv.pdf", "cv.docx", "../../etc/passwd", "简历.pdf", "x" * 300]), content)


def _junk_post(rng: random.Random, posting, questions) -> dict:
    data = form_data()
    for name in list(data):
        if rng.random() < 0.3:
            del data[name]
        elif rng.random() < 0.3:
            data[name] = _junk_value(rng) if name != "resume" else _junk_file(rng)
    if rng.random() < 0.3:
        data["resume"] = _junk_file(rng)
    if rng.random() < 0.2:
        data["started"] = rng.choice(["", "forged", started_value(time.time()), started_value(0)])
    if rng.random() < 0.1:
        data["website"] = "http://spam.test"
    for question_ in questions:
        if rng.random() < 0.6:
            data[f"q_{question_.public_id.hex}"] = (
                _junk_file(rng) if question_.kind == Question.Kind.FILE else _junk_value(rng)
            )
    for _index in range(rng.randint(0, 5)):
        data[f"q_{rng.randbytes(16).hex()}"] = _junk_value(rng)
    return data


def test_three_hundred_junk_posts_never_get_a_500(posting, settings):
    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    questions = [
        question(posting, Question.Kind.SHORT_TEXT, "Short", required=True),
        question(posting, Question.Kind.LONG_TEXT, "Long"),
        question(posting, Question.Kind.SINGLE_CHOICE, "One", choices=[{"value": "a", "label": "A"}]),
        question(posting, Question.Kind.MULTIPLE_CHOICE, "Many", choices=[{"value": "a", "label": "A"}]),
        question(posting, Question.Kind.YES_NO, "Yes or no", knockout_answers=["no"]),
        question(posting, Question.Kind.FILE, "File"),
    ]
    rng = random.Random(19)
    client = Client(raise_request_exception=False)
    statuses = []
    for index in range(300):
        language = rng.choice(["en", "zh-hans", "xx", ""])
        url = apply_url(posting, f"lang={language}")
        if index % 10 == 0:  # a body that is not even a form, in a broken encoding
            body = rng.choice([b"full_name=%ff%fe%00&email=\xff\xfe", rng.randbytes(500), b"--x\r\n\r\n"])
            content_type = rng.choice(
                ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data"]
            )
            response = client.post(url, body, content_type=content_type, REMOTE_ADDR=random_address())
        else:
            response = client.post(url, _junk_post(rng, posting, questions), REMOTE_ADDR=random_address())
        statuses.append(response.status_code)
    assert statuses.count(500) == 0
    assert set(statuses) <= {200, 302, 400, 413}
    assert statuses.count(400) > 200  # junk is refused…
    # …and what got through is whole: each application has its candidate, resume and confirmation.
    for application in Application.objects.select_related("candidate"):
        assert application.candidate.documents.filter(kind=Document.Kind.RESUME).exists()


# --- Rate limits ---------------------------------------------------------------------------


def test_the_address_limit_answers_429_in_the_visitors_language_with_retry_after(client, posting, settings):
    settings.CAREERS_APPLY_LIMIT_PER_IP = 3
    address = random_address()
    statuses = [post(client, posting, "lang=en", address=address, email="bad").status_code for _ in range(3)]
    assert statuses == [400, 400, 400]
    refused = post(client, posting, "lang=zh-hans", address=address)
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 600
    page = refused.content.decode()
    assert 'lang="zh-hans"' in page and 'data-testid="retry-after"' in page
    english = post(client, posting, "lang=en", address=address)
    assert english.status_code == 429 and "Please try again after" in english.content.decode()
    assert not Application.objects.exists()
    # Another address is not limited.
    assert post(client, posting, "lang=en").status_code == 302


def test_the_email_limit_answers_429_after_five_applications_of_one_address(client, posting, settings):
    settings.CAREERS_APPLY_LIMIT_PER_EMAIL = 5
    email = f"busy-{random.randint(1, 10**9)}@example.test"
    statuses = [post(client, posting, "lang=en", email=email).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


# --- Redis stopped -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_redis_stopped_twenty_applications_are_all_stored_and_counted_in_the_database(
    private_redis,  # noqa: F811
    settings,
    brand,
    posting,
):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": private_redis.url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    settings.CAREERS_APPLY_LIMIT_PER_IP = 100
    caches._settings = None
    client = Client(raise_request_exception=False)
    try:
        private_redis.stop()
        statuses = [
            client.post(
                apply_url(posting, "lang=en"),
                form_data(email=f"outage{index}@example.test", phone=f"+86138{index:08d}"),
                REMOTE_ADDR="192.0.2.77",
            ).status_code
            for index in range(20)
        ]
    finally:
        caches._settings = None
    assert statuses == [302] * 20
    assert Application.objects.count() == 20 and Candidate.objects.count() == 20
    documents = list(Document.objects.all())
    assert len(documents) == 20 and all(document_read(document=document).startswith(b"%PDF-") for document in documents)
    assert OutboundEmail.objects.filter(template="application_received").count() == 20
    assert RateCount.objects.exists()
    assert max(row.count for row in RateCount.objects.all()) >= 20  # the address's count went on in the database
