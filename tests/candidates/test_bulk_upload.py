"""Bulk resume upload: many resumes or zips dropped at once, one task per file,
progress on the page, duplicates attached to their candidate, hostile files
refused with the reason, and the report as CSV."""

from __future__ import annotations

import csv
import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import SENSITIVE_ACTIONS
from candidates.models import BulkUpload, BulkUploadItem, Candidate, Document, ProposedUpdate
from candidates.services import bulk as services
from candidates.tasks import bulk_upload_item_process_task, bulk_upload_sweep_task
from core.models import AuditEvent
from tests import factories
from tests.factories import files as samples
from tests.realparts import wait_until

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def handed(monkeypatch):
    """The item ids handed to Celery (apply_async recorded, not sent)."""
    sent: list[int] = []
    monkeypatch.setattr(
        bulk_upload_item_process_task, "apply_async", lambda args, **kwargs: sent.append(args[0]) or None
    )
    return sent


def resume_pdf(*lines: str, chinese: bool = False) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        page.setFont("STSong-Light", 14)
    for number, line in enumerate(lines):
        page.drawString(72, 740 - 20 * number, line)
    page.save()
    return buffer.getvalue()


def resume_docx(*lines: str) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def post(client, *files: tuple[str, bytes], **extra):
    uploads = [SimpleUploadedFile(name, content, content_type="application/octet-stream") for name, content in files]
    return client.post(reverse("candidates:bulk-upload"), {"files": uploads}, **extra)


def uploaded(client, *files: tuple[str, bytes]) -> BulkUpload:
    response = post(client, *files)
    assert response.status_code == 302, response.content.decode()[:3000]
    upload = BulkUpload.objects.latest("created_at")
    assert response["Location"] == reverse("candidates:bulk-upload-detail", args=[upload.public_id])
    return upload


def process_all(upload: BulkUpload) -> dict[str, str]:
    results = {}
    for item in upload.items.order_by("id"):
        results[item.filename] = bulk_upload_item_process_task(item.pk)
    upload.refresh_from_db()
    return results


def items(upload: BulkUpload) -> dict[str, BulkUploadItem]:
    return {item.filename: item for item in upload.items.select_related("candidate")}


ANNA = ("Anna Weber", "anna.weber@example.test", "+86 138 0013 8000", "Backend engineer at Acme")


# --- Uploading ---------------------------------------------------------------------------


def test_uploading_n_files_stores_n_encrypted_items_and_hands_each_to_celery_after_commit(
    client, recruiter, handed, media, django_capture_on_commit_callbacks
):
    client.force_login(recruiter)
    files = [(f"person{n}.pdf", resume_pdf(f"Person Number{chr(65 + n)}", f"p{n}@example.test")) for n in range(5)]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        upload = uploaded(client, *files)
    assert handed == []  # nothing is handed to Celery before the commit
    for callback in callbacks:
        callback()
    assert sorted(handed) == sorted(upload.items.values_list("pk", flat=True))
    assert (upload.total, upload.status, upload.created_by) == (5, BulkUpload.Status.PROCESSING, recruiter)
    stored = [path.read_bytes() for path in (media / services.FOLDER).iterdir()]
    assert len(stored) == 5 and not any(b"p0@example.test" in blob or b"%PDF" in blob for blob in stored)
    assert AuditEvent.objects.filter(action="candidates.bulkupload.upload", data__files=5).exists()


def test_a_broker_that_is_down_does_not_fail_the_upload_and_the_sweep_hands_the_files_out_later(
    client, recruiter, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []

    def down(args, **kwargs):
        calls.append(args[0])
        raise ConnectionRefusedError("broker down")

    monkeypatch.setattr(bulk_upload_item_process_task, "apply_async", down)
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        upload = uploaded(client, ("a.pdf", resume_pdf(*ANNA)), ("b.pdf", resume_pdf("Bo Li", "bo@example.test")))
    assert len(calls) == 1  # the first failure stops the rest: each would wait for the same broker
    assert upload.items.filter(status=BulkUploadItem.Status.WAITING).count() == 2

    sent = []
    monkeypatch.setattr(bulk_upload_item_process_task, "apply_async", lambda args, **kwargs: sent.append(args[0]))
    assert bulk_upload_sweep_task() == 0  # too recent: their tasks may still be on their way
    later = timezone.now() + services.SWEEP_AFTER + services.CLAIM_LEASE
    assert services.bulk_upload_sweep(now=later) == 2
    assert sorted(sent) == sorted(upload.items.values_list("pk", flat=True))


def test_the_bulk_upload_sweep_is_registered_with_the_other_beat_entries():
    from recruitcrm.celery import app

    assert {"task": "candidates.bulk_upload_sweep"}.items() <= app.conf.beat_schedule["bulk-upload-sweep"].items()


# --- Processing -------------------------------------------------------------------------


def test_each_file_becomes_a_new_candidate_with_its_resume_and_the_contact_found_in_it(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(
        client,
        ("anna.pdf", resume_pdf(*ANNA)),
        ("王小明_简历.docx", resume_docx("王小明", "手机：13900139000", "高级后端工程师")),
    )
    assert set(process_all(upload).values()) == {"created"}
    assert (upload.created, upload.attached, upload.refused, upload.status) == (2, 0, 0, BulkUpload.Status.DONE)
    anna = Candidate.objects.get(full_name="Anna Weber")
    assert (anna.email, anna.phone, anna.owner) == ("anna.weber@example.test", "+8613800138000", recruiter)
    wang = Candidate.objects.get(full_name="王小明")
    assert wang.phone == "+8613900139000"
    document = Document.objects.get(candidate=anna)
    assert document.parse_requested and "Backend engineer" in document.text
    rows = items(upload)
    assert rows["anna.pdf"].candidate == anna and rows["anna.pdf"].document == document
    assert not rows["anna.pdf"].storage_name  # the upload's copy is gone; the resume lives on as a Document
    # A second delivery of a task does nothing.
    assert bulk_upload_item_process_task(rows["anna.pdf"].pk) == "done already"
    assert Candidate.objects.count() == 2


def test_a_resume_of_a_known_candidate_is_attached_to_them_and_differing_values_wait_as_proposals(
    client, recruiter, handed
):
    known = factories.candidate(full_name="Anna W.", email="anna.weber@example.test")
    client.force_login(recruiter)
    upload = uploaded(client, ("anna.pdf", resume_pdf(*ANNA)))
    assert process_all(upload) == {"anna.pdf": "attached"}
    assert (upload.created, upload.attached) == (0, 1)
    known.refresh_from_db()
    assert known.full_name == "Anna W."  # never overwritten
    assert known.phone == "+8613800138000"  # an empty field is filled
    proposal = ProposedUpdate.objects.get(candidate=known)
    assert (proposal.field, proposal.value, proposal.origin) == (
        "full_name",
        "Anna Weber",
        ProposedUpdate.Origin.BULK_UPLOAD,
    )
    assert Document.objects.filter(candidate=known).count() == 1
    assert Candidate.objects.count() == 1


def test_the_same_person_twice_in_one_upload_is_one_candidate_with_two_resumes(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("a.pdf", resume_pdf(*ANNA)), ("a.docx", resume_docx(*ANNA)))
    assert sorted(process_all(upload).values()) == ["attached", "created"]
    assert Candidate.objects.count() == 1 and Document.objects.count() == 2


def test_a_zip_with_good_files_an_html_renamed_pdf_and_a_nested_zip_creates_and_refuses_with_reasons(
    client, recruiter, handed
):
    archive = zipped(
        {
            "resumes/anna.pdf": resume_pdf(*ANNA),
            "resumes/bo.docx": resume_docx("Bo Li", "bo.li@example.test"),
            "resumes/evil.pdf": b"<html><script>alert(1)</script></html>",
            "resumes/more.zip": zipped({"c.pdf": resume_pdf("Chen Jie", "chen@example.test")}),
            "__MACOSX/resumes/._anna.pdf": b"\x00\x05\x16\x07",
            "resumes/": b"",
        }
    )
    client.force_login(recruiter)
    upload = uploaded(client, ("batch.zip", archive))
    rows = items(upload)
    assert set(rows) == {"anna.pdf", "bo.docx", "evil.pdf", "more.zip"}  # folders and macOS extras are left out
    assert rows["evil.pdf"].status == BulkUploadItem.Status.REFUSED
    assert rows["evil.pdf"].reason == "This is not a PDF or a Word (.docx) file."
    assert rows["more.zip"].reason_code == "zip_nested" and "zip inside a zip" in rows["more.zip"].reason
    assert upload.refused == 2 and upload.items.filter(status=BulkUploadItem.Status.WAITING).count() == 2
    process_all(upload)
    assert (upload.created, upload.refused, upload.status) == (2, 2, BulkUpload.Status.DONE)
    assert set(Candidate.objects.values_list("full_name", flat=True)) == {"Anna Weber", "Bo Li"}


def test_a_zip_made_on_chinese_windows_keeps_its_chinese_file_names(client, recruiter, handed):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("张伟简历.pdf")
        archive.writestr(info, resume_pdf("Zhang Wei", "zhang@example.test"))
    raw = buffer.getvalue().replace("张伟简历.pdf".encode(), "张伟简历.pdf".encode("gbk").ljust(16, b" "))
    # Rebuilt with the GBK name and no UTF-8 flag, as Windows writes it.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        info = zipfile.ZipInfo("placeholder.pdf")
        archive.writestr(info, resume_pdf("Zhang Wei", "zhang@example.test"))
    raw = buffer.getvalue().replace(b"placeholder.pdf", "张伟简历.pdf".encode("gbk") + b"   ")
    client.force_login(recruiter)
    upload = uploaded(client, ("batch.zip", raw))
    assert [item.filename for item in upload.items.all()] == ["张伟简历.pdf   "]


@pytest.mark.parametrize(
    ("archive", "code"),
    [
        (lambda: zipped({"bomb.pdf": bytes(30 * 2**20)}), "zip_bomb"),
        (lambda: zipped({"../../etc/evil.pdf": resume_pdf(*ANNA)}), "zip_member_name"),
        (lambda: zipped({"C:/evil.pdf": resume_pdf(*ANNA)}), "zip_member_name"),
        (lambda: b"PK\x03\x04 not really a zip", "zip_damaged"),
    ],
    ids=["bomb", "parent-path", "drive-letter", "damaged"],
)
def test_a_hostile_zip_is_refused_whole_and_nothing_in_it_is_stored(client, recruiter, handed, media, archive, code):
    client.force_login(recruiter)
    upload = uploaded(client, ("batch.zip", archive()), ("anna.pdf", resume_pdf(*ANNA)))
    rows = items(upload)
    assert rows["batch.zip"].status == BulkUploadItem.Status.REFUSED and rows["batch.zip"].reason_code == code
    assert rows["batch.zip"].reason == services.reasons()[code]
    assert rows["anna.pdf"].status == BulkUploadItem.Status.WAITING  # the others go on
    assert len(list((media / services.FOLDER).iterdir())) == 1


def test_a_zip_that_unpacks_past_the_limit_is_refused(client, recruiter, handed, settings):
    settings.BULK_UPLOAD_UNPACKED_MAX_BYTES = 2**20
    members = {f"r{n}.pdf": os.urandom(400_000) for n in range(4)}
    client.force_login(recruiter)
    upload = uploaded(client, ("big.zip", zipped(members)))
    assert items(upload)["big.zip"].reason_code == "zip_too_large"


def test_a_file_that_passes_the_size_limit_is_refused_while_the_others_go_on(client, recruiter, handed, settings):
    settings.DOCUMENT_MAX_BYTES = 64 * 1024
    client.force_login(recruiter)
    big = resume_pdf(*ANNA) + b"%" + b"x" * (200 * 1024)
    upload = uploaded(client, ("big.pdf", big), ("anna.pdf", resume_pdf(*ANNA)))
    rows = items(upload)
    assert rows["big.pdf"].status == BulkUploadItem.Status.REFUSED
    assert rows["big.pdf"].reason == "This file is larger than 0.062 MB, the most we accept for one resume."
    assert rows["anna.pdf"].status == BulkUploadItem.Status.WAITING


def test_a_request_whose_files_pass_the_total_limit_is_refused_and_nothing_is_kept(client, recruiter, settings):
    settings.BULK_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(recruiter)
    files = [(f"r{n}.zip", zipped({"a.pdf": bytes(300 * 1024)}) + bytes(300 * 1024)) for n in range(5)]
    response = post(client, *files)
    assert response.status_code == 400
    assert "These files add up to more than 1 MB" in response.content.decode()
    assert not BulkUpload.objects.exists()


def test_501_files_are_refused_with_a_clear_message_and_nothing_is_kept(client, recruiter, handed):
    client.force_login(recruiter)
    small = resume_pdf("Someone Here", "x@example.test")
    response = post(client, *[(f"r{n}.pdf", small) for n in range(501)])
    assert response.status_code == 400
    assert "You sent more than 500 files" in response.content.decode()
    # A zip counts by the files inside it.
    response = post(
        client,
        ("many.zip", zipped({f"r{n}.pdf": small for n in range(400)})),
        *[(f"s{n}.pdf", small) for n in range(101)],
    )
    assert response.status_code == 400 and "You sent more than 500 files" in response.content.decode()
    assert not BulkUpload.objects.exists() and handed == []


def test_500_files_are_taken(client, recruiter, handed, django_capture_on_commit_callbacks):
    client.force_login(recruiter)
    small = resume_pdf("Someone Here", "x@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        upload = uploaded(client, *[(f"r{n}.pdf", small) for n in range(500)])
    assert upload.total == 500 and len(handed) == 500


def test_an_empty_post_asks_for_files(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("candidates:bulk-upload"), {})
    assert response.status_code == 400 and "Choose at least one resume or zip file." in response.content.decode()


def test_a_pdf_with_active_content_is_refused_by_its_task_with_the_inspection_reason(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("script.pdf", samples.pdf_open_action_javascript()))
    assert process_all(upload) == {"script.pdf": "refused"}
    item = upload.items.get()
    assert item.reason_code == "pdf_javascript" and "contains JavaScript" in item.reason
    assert not item.storage_name and not Candidate.objects.exists()


def test_a_file_with_no_email_phone_or_name_is_refused_with_the_reason_in_the_uploaders_language(
    client, recruiter, handed
):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    upload = uploaded(client, ("resume-2026.pdf", resume_pdf("Experience", "2019 - 2024 things happened")))
    assert process_all(upload) == {"resume-2026.pdf": "refused"}
    item = upload.items.get()
    assert item.reason_code == "no_contact" and "没有" in item.reason
    assert upload.refused == 1 and upload.status == BulkUpload.Status.DONE


def test_a_file_with_only_a_name_in_its_file_name_becomes_a_candidate(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("Jane_Doe_CV.pdf", resume_pdf("Experience", "2019 - 2024 things happened")))
    assert process_all(upload) == {"Jane_Doe_CV.pdf": "created"}
    assert Candidate.objects.get().full_name == "Jane Doe"


def test_an_item_claimed_by_a_live_worker_is_not_taken_again_and_a_lost_claim_is(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("anna.pdf", resume_pdf(*ANNA)))
    item = upload.items.get()
    assert services.bulk_upload_item_claim(item_id=item.pk) is not None
    assert bulk_upload_item_process_task(item.pk) == "running elsewhere"
    BulkUploadItem.objects.filter(pk=item.pk).update(claimed_at=timezone.now() - services.CLAIM_LEASE * 2)
    assert bulk_upload_item_process_task(item.pk) == "created"
    assert bulk_upload_item_process_task(item.pk) == "done already"
    assert bulk_upload_item_process_task(10**9) == "gone"


def test_the_contact_reader_finds_email_phone_and_a_name_in_chinese_and_english():
    text = "个人简历\n姓名：李娜\n电话：139-0013-9000 | 邮箱 li.na@example.cn\n"
    found = services.resume_contact(text, "resume.pdf")
    assert (found.name, found.email, found.phone) == ("李娜", "li.na@example.cn", "+8613900139000")
    found = services.resume_contact("CURRICULUM VITAE\nJohn Smith\n+44 20 7946 0958\n", "x.docx")
    assert (found.name, found.email, found.phone) == ("John Smith", "", "+442079460958")
    assert services.name_from_filename("张伟_简历.pdf") == "张伟"
    assert services.name_from_filename("张伟简历2026.pdf") == ""  # digits glued to the name: not a name
    assert services.name_from_filename("jane-doe-resume-final.docx") == "Jane Doe"
    assert services.name_from_filename("CV (3).pdf") == ""
    assert services.name_from_filename("notes.pdf") == ""  # one word names a file more often than a person


# --- The page ---------------------------------------------------------------------------


def test_the_progress_page_polls_while_files_wait_and_serves_its_region_to_htmx(
    client, recruiter, handed, django_assert_num_queries
):
    client.force_login(recruiter)
    upload = uploaded(client, ("anna.pdf", resume_pdf(*ANNA)), ("bo.pdf", resume_pdf("Bo Li", "bo@example.test")))
    url = reverse("candidates:bulk-upload-detail", args=[upload.public_id])
    with django_assert_num_queries(4):  # the whole page: no more than its region
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html and 'hx-trigger="every 2s"' in html
    assert reverse("candidates:bulk-upload-detail", args=[upload.public_id]) in html  # the refresh link
    with django_assert_num_queries(4):  # session, user, the upload, its files with their candidates
        fragment = client.get(url, **HTMX)
    assert "<html" not in fragment.content.decode()
    assert fragment.content.decode().lstrip().startswith('<section id="bulk-progress"')

    process_all(upload)
    with django_assert_num_queries(4):  # the same with every file done
        done = client.get(url, **HTMX).content.decode()
    assert "every 2s" not in done and 'data-testid="bulk-status">done<' in done
    anna = Candidate.objects.get(full_name="Anna Weber")
    assert reverse("candidates:candidate-detail", args=[anna.public_id]) in done
    assert reverse("candidates:bulk-upload-report", args=[upload.public_id]) in done


def test_the_report_lists_each_file_with_its_candidate_and_reason_escaped_for_spreadsheets(client, recruiter, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("anna.pdf", resume_pdf(*ANNA)), ("=HYPERLINK(1).pdf", b"<html>not a pdf</html>"))
    process_all(upload)
    response = client.get(reverse("candidates:bulk-upload-report", args=[upload.public_id]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    anna = Candidate.objects.get(full_name="Anna Weber")
    assert rows[0] == ["File", "Status", "Candidate", "Profile", "Reason"]
    assert rows[1] == [
        "anna.pdf",
        "new candidate",
        "Anna Weber",
        "http://testserver" + reverse("candidates:candidate-detail", args=[anna.public_id]),
        "",
    ]
    assert rows[2][0] == "'=HYPERLINK(1).pdf" and rows[2][1] == "refused"
    assert AuditEvent.objects.filter(action="candidates.bulkupload.export", actor=recruiter).exists()
    assert "candidates:bulk-upload-report" in SENSITIVE_ACTIONS


def test_the_upload_page_lists_the_users_recent_uploads_and_the_list_page_links_to_it(
    client, recruiter, coordinator, hiring_manager, handed
):
    client.force_login(recruiter)
    upload = uploaded(client, ("anna.pdf", resume_pdf(*ANNA)))
    html = client.get(reverse("candidates:bulk-upload")).content.decode()
    assert reverse("candidates:bulk-upload-detail", args=[upload.public_id]) in html
    assert 'type="file"' in html and "multiple" in html and 'enctype="multipart/form-data"' in html
    assert reverse("candidates:bulk-upload") in client.get(reverse("candidates:candidate-list")).content.decode()
    client.force_login(coordinator)
    assert (
        reverse("candidates:bulk-upload-detail", args=[upload.public_id])
        not in client.get(reverse("candidates:bulk-upload")).content.decode()
    )
    client.force_login(hiring_manager)
    assert reverse("candidates:bulk-upload") not in client.get(reverse("candidates:candidate-list")).content.decode()


# --- Access ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "hiring_manager", "interviewer"])
def test_a_role_that_may_not_import_gets_403(client, personas, role, handed):
    upload = services.bulk_upload_create(actor=personas["recruiter"], files=[SimpleUploadedFile("a.pdf", b"x")])
    client.force_login(personas[role])
    assert client.get(reverse("candidates:bulk-upload")).status_code == 403
    assert post(client, ("anna.pdf", resume_pdf(*ANNA))).status_code == 403
    for name in ("bulk-upload-detail", "bulk-upload-report"):
        assert client.get(reverse(f"candidates:{name}", args=[upload.public_id])).status_code == 403
    assert BulkUpload.objects.count() == 1


@pytest.mark.parametrize("role", ["administrator", "recruiter", "coordinator"])
def test_the_roles_that_import_may_upload(client, personas, role, handed):
    client.force_login(personas[role])
    assert client.get(reverse("candidates:bulk-upload")).status_code == 200
    uploaded(client, ("anna.pdf", resume_pdf(*ANNA)))


def test_another_users_upload_is_404_and_an_administrator_sees_it(client, recruiter, outsider, admin_user, handed):
    upload = services.bulk_upload_create(actor=recruiter, files=[SimpleUploadedFile("a.pdf", b"x")])
    client.force_login(outsider)
    for name in ("bulk-upload-detail", "bulk-upload-report"):
        assert client.get(reverse(f"candidates:{name}", args=[upload.public_id])).status_code == 404
    client.force_login(admin_user)
    assert client.get(reverse("candidates:bulk-upload-detail", args=[upload.public_id])).status_code == 200


def test_wrong_methods_get_405(client, recruiter, handed):
    upload = services.bulk_upload_create(actor=recruiter, files=[SimpleUploadedFile("a.pdf", b"x")])
    client.force_login(recruiter)
    assert client.post(reverse("candidates:bulk-upload-detail", args=[upload.public_id])).status_code == 405
    assert client.post(reverse("candidates:bulk-upload-report", args=[upload.public_id])).status_code == 405
    assert client.put(reverse("candidates:bulk-upload")).status_code == 405


# --- A real worker ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_processes_every_file_of_an_upload(celery_worker, recruiter, settings):
    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]  # where the worker process reads the stored files
    known = factories.candidate(full_name="Bo Li", email="bo@example.test")
    files = [
        SimpleUploadedFile("anna.pdf", resume_pdf(*ANNA)),
        SimpleUploadedFile("bo.docx", resume_docx("Bo Li", "bo@example.test", "13700137000")),
        SimpleUploadedFile("junk.pdf", b"<html></html>"),
    ]
    with transaction.atomic():
        upload = services.bulk_upload_create(actor=recruiter, files=files)

    wait_until(lambda: BulkUpload.objects.get(pk=upload.pk).status == BulkUpload.Status.DONE, "upload done", 60)
    upload.refresh_from_db()
    assert (upload.created, upload.attached, upload.refused) == (1, 1, 1)
    assert Document.objects.filter(candidate=known).count() == 1
    assert Candidate.objects.get(full_name="Anna Weber").email == "anna.weber@example.test"
    assert not BulkUploadItem.objects.exclude(storage_name="").exists()


def test_a_reason_is_shown_in_the_readers_language_whoever_uploaded(client, recruiter, admin_user, handed):
    client.force_login(recruiter)
    upload = uploaded(client, ("evil.pdf", b"<html></html>"), ("script.pdf", samples.pdf_open_action_javascript()))
    process_all(upload)
    admin_user.language = "zh-hans"
    admin_user.save(update_fields=["language"])
    client.force_login(admin_user)
    html = client.get(reverse("candidates:bulk-upload-detail", args=[upload.public_id])).content.decode()
    assert "这不是 PDF 或 Word（.docx）文件。" in html
    assert "This is not a PDF" not in html and "JavaScript" in html
