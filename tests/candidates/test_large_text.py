"""Text without an end: a 5 MB resume and 2 MB of notes on one candidate, notes
and fields over their limits, and a search document that stays under
PostgreSQL's 1 MB tsvector limit whatever it is made of."""

from __future__ import annotations

import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation

from candidates import search
from candidates.models import Document, Note
from candidates.selectors import candidate_search
from candidates.services import document_create, document_set_text
from candidates.tasks import document_extract_text_task
from core.limits import NOTE_MAX_CHARS, TEXT_MAX_CHARS
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}
RESUME_WORD = "zephyrquokka"
NOTES_WORD = "marmalith"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(full_name="Lena Park", owner=recruiter)


def vocabulary(size: int, seed: int) -> list[str]:
    """Made-up lower-case words: like real writing, a long text repeats some thousands of them."""
    rng = random.Random(seed)
    return ["".join(rng.choice("abcdefghijklmnoprstuvw") for _ in range(rng.randint(3, 11))) for _ in range(size)]


def prose(words: list[str], chars: int, seed: int) -> str:
    rng = random.Random(seed)
    sentence = []
    length = 0
    while length < chars:
        word = rng.choice(words)
        sentence.append(word)
        length += len(word) + 1
    return " ".join(sentence)[:chars].rsplit(" ", 1)[0]


def docx_bytes(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def vector_bytes(candidate) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_column_size(search_vector) FROM candidates_candidate WHERE id = %s", [candidate.pk])
        return cursor.fetchone()[0]


def found(user, query) -> list[str]:
    return [c.full_name for c in candidate_search(user, query=query).results]


def test_a_5_mb_resume_and_2_mb_of_notes_break_no_page_and_both_still_find_the_candidate(
    client, recruiter, candidate, monkeypatch
):
    words = vocabulary(3000, seed=1)
    monkeypatch.setattr(document_extract_text_task, "apply_async", lambda *a, **kw: None)
    client.force_login(recruiter)

    # 2 MB of notes through the note view, each just under the limit; the
    # distinctive word closes the first note, so it comes last in the notes
    # text (newest first): cutting that text at 1 MB would lose it.
    notes = [prose(words, NOTE_MAX_CHARS - 200, seed=n) for n in range(21)]
    notes[0] += f" {NOTES_WORD}"
    for body in notes:
        response = client.post(reverse("candidates:note-create", args=[candidate.public_id]), {"body": body}, **HTMX)
        assert response.status_code == 200
    assert sum(len(note.body) for note in Note.objects.filter(candidate=candidate)) > 2_000_000

    # A 5 MB resume through the upload and the extraction task; the distinctive
    # word is its last, 5 million characters in.
    paragraphs = [prose(words, 10_000, seed=100 + n) for n in range(520)]
    paragraphs[-1] += f" {RESUME_WORD}"
    upload = SimpleUploadedFile("long-cv.docx", docx_bytes(paragraphs), content_type="application/octet-stream")
    response = client.post(
        reverse("candidates:document-upload", args=[candidate.public_id]), {"kind": "resume", "file": upload}
    )
    assert response.status_code == 302
    document = Document.objects.get(candidate=candidate)
    assert document_extract_text_task(document.pk) == "extracted"

    document.refresh_from_db()
    assert document.text_length > 5_000_000
    assert document.text_issue == Document.TextIssue.SHORTENED
    assert len(document.text) <= Document.TEXT_MAX_CHARS
    assert document.searchable_words is None
    assert vector_bytes(candidate) < 1024 * 1024 / 2

    assert found(recruiter, RESUME_WORD) == ["Lena Park"]
    assert found(recruiter, NOTES_WORD) == ["Lena Park"]
    assert found(recruiter, words[0]) == ["Lena Park"]

    job = factories.job(recruiter=recruiter)
    factories.application(job_=job, candidate_=candidate, actor=recruiter)
    pages = [
        reverse("candidates:candidate-detail", args=[candidate.public_id]),
        reverse("candidates:candidate-list"),
        reverse("candidates:candidate-list") + f"?q={RESUME_WORD}",
        reverse("candidates:candidate-list") + f"?q={NOTES_WORD}",
        reverse("interviews:board", args=[job.public_id]),
        reverse("candidates:candidate-export", args=["csv"]) + f"?q={NOTES_WORD}",
        reverse("candidates:candidate-export", args=["xlsx"]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"Lena Park" in response.content or url.endswith("xlsx"), url
    profile = client.get(pages[0]).text
    assert "characters long: each of its words is searchable" in profile


def test_a_resume_with_more_distinct_words_than_fit_says_how_many_are_searchable(client, recruiter, candidate):
    rng = random.Random(7)
    # Adversarial: every word new and long, Chinese among them; the first ones are kept.
    latin = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(40)) for _ in range(18_000)]
    chinese = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(50_000))
    document = document_create(
        candidate=candidate, actor=recruiter, filename="cv.pdf", content=b"%PDF-1.4", content_type="application/pdf"
    )
    document_set_text(document=document, text=" ".join(latin[:9_000]) + chinese + " ".join(latin[9_000:]))

    document.refresh_from_db()
    assert document.text_issue == ""
    assert 0 < document.searchable_words < 18_000
    assert vector_bytes(candidate) < 1024 * 1024
    assert found(recruiter, latin[0]) == ["Lena Park"]
    assert found(recruiter, latin[-1]) == []

    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.public_id])).text
    assert f"Only the first {document.searchable_words} distinct words of this document are searchable." in page


def test_an_unreadable_resume_is_marked_on_the_profile_with_the_reason_and_the_task_does_not_raise(
    client, recruiter, candidate
):
    document = document_create(
        candidate=candidate,
        actor=recruiter,
        filename="cv.docx",
        content=b"PK\x03\x04 not a real archive",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    assert document_extract_text_task(document.pk) == "unreadable"
    assert document_extract_text_task(document.pk) == "done already"
    document.refresh_from_db()
    assert document.text_issue == Document.TextIssue.UNREADABLE
    assert document.text_issue_detail

    client.force_login(recruiter)
    page = client.get(reverse("candidates:candidate-detail", args=[candidate.public_id])).text
    assert "This document's text could not be read, so its words do not find the candidate" in page
    assert document.text_issue_detail[:20] in page


def test_text_with_nul_characters_is_indexed_without_them(recruiter, candidate):
    document = document_create(
        candidate=candidate, actor=recruiter, filename="cv.pdf", content=b"%PDF-1.4", content_type="application/pdf"
    )
    document_set_text(document=document, text="Kubernetes\x00operator")
    assert found(recruiter, "kubernetes") == ["Lena Park"]


@pytest.mark.parametrize(("language", "message"), [("en", "A note can have at most"), ("zh-hans", "备注最多")])
def test_a_note_over_the_limit_is_refused_with_a_clear_message_in_the_users_language(
    client, recruiter, candidate, language, message
):
    recruiter.language = language
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    url = reverse("candidates:note-create", args=[candidate.public_id])
    body = "word " * (NOTE_MAX_CHARS // 5 + 1)
    for headers in ({}, HTMX):
        response = client.post(url, {"body": body}, headers={"Accept-Language": language}, **headers)
        assert response.status_code == 200
        assert message in response.text
    assert not Note.objects.filter(candidate=candidate).exists()


def test_the_note_service_refuses_a_note_over_the_limit(recruiter, candidate):
    from django.core.exceptions import ValidationError

    from candidates.services import note_create

    with translation.override("en"), pytest.raises(ValidationError, match="at most 100000 characters"):
        note_create(candidate=candidate, author=recruiter, body="x" * (NOTE_MAX_CHARS + 1))


def test_an_over_long_text_field_is_a_form_error_not_a_500(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        reverse("candidates:candidate-edit", args=[candidate.public_id]),
        {"full_name": "Lena Park", "skills": "python " * (TEXT_MAX_CHARS // 7 + 1), "language": "en"},
    )
    assert response.status_code in (200, 400)
    assert "at most 20000 fit here" in response.text
    candidate.refresh_from_db()
    assert candidate.skills == ""


@pytest.mark.parametrize(
    "word",
    [
        "a-b-c-d-e-f-g-h-i-j-k-l-m",
        "http://www.example.com/some/long-path?x=1&y=2",
        "ȺȾȺȾȺȾȺȾȺȾ",
        "3e3e3e3e3e3e",
        "中华人民共和国",
        "x@y.example.com",
        "/usr/local/bin/x.y-z",
        "😀a😀b😀c",
    ],
)
def test_a_words_cost_bounds_what_postgresql_stores_for_it(db, word):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(v) - 8 - 4 * length(v) FROM (SELECT to_tsvector('simple', %s) v) t",
            [search.segment(word)],
        )
        stored = cursor.fetchone()[0]
    assert stored <= sum(search.word_cost(w) for w in search.segment(word).split())


def test_any_text_fitted_to_every_budget_makes_a_vector_under_the_limit(db):
    rng = random.Random(3)
    alphabet = "abcXYZ019-._/:@?=&ȺȾİσΣ中文字😀"
    hostile = " ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60))) for _ in range(60_000))
    texts = [search.fit([hostile], budget).text for budget in search.BUDGETS]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_column_size({search.VECTOR_SQL})", texts)
        size = cursor.fetchone()[0]
    assert size < search.TSVECTOR_MAX_BYTES
    assert sum(search.BUDGETS) < search.TSVECTOR_MAX_BYTES


def test_a_text_within_its_budget_goes_in_unchanged():
    text = "Python python Go,\nKubernetes — 后端工程师 后端工程师"
    assert search.fit([text], search.BUDGETS[2]).text == " ".join(search.segment(text).split())
    assert search.fit([text], search.BUDGETS[2]).kept == [None]
    assert search.fit(["b a b c", "c d e"], 6 * 3).text == "b a c"
    assert search.fit(["b a b c", "c d e"], 6 * 3).kept == [None, 0]


def test_a_long_chinese_text_is_segmented_only_as_far_as_its_budget_reaches(monkeypatch):
    rng = random.Random(5)
    text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(400_000))
    segmented = []
    jieba = search._jieba()

    class Counting:
        def cut_for_search(self, run):
            segmented.append(len(run))
            return jieba.cut_for_search(run)

    monkeypatch.setattr(search, "_jieba", Counting)

    fitted = search.fit([text], search.BUDGETS[2])

    assert fitted.kept[0] is not None and fitted.kept[0] > 1000
    assert sum(segmented) < len(text) / 2
    assert fitted.text.split()[:50] == search.segment(text[:2000]).split()[:50]
