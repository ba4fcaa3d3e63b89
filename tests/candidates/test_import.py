"""Spreadsheet import of candidates: CSV and XLSX, English and Chinese headers,
column mapping, a dry run with per-row errors and duplicates, and a run as a
Celery task that writes good rows only, whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from candidates.models import Activity, Candidate, ImportJob
from candidates.services import candidate_create
from candidates.services import spreadsheets as services
from candidates.spreadsheets import read_sheet, write_csv, write_xlsx
from candidates.tasks import import_job_run_task
from core import crypto
from core.models import AuditEvent
from tests import factories
from tests.realparts import wait_until

HTMX = {"HTTP_HX_REQUEST": "true"}
HEADERS = ["Name", "Email", "Phone", "Title", "Company", "Tags"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def csv_bytes(headers, rows, *, encoding="utf-8") -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(client, content: bytes, name: str = "people.csv", policy: str = "update"):
    file = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post(reverse("candidates:import-upload"), {"file": file, "duplicate_policy": policy})


def uploaded_job(client, content: bytes, **kwargs) -> ImportJob:
    response = upload(client, content, **kwargs)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("created_at")


def start_and_run(client, job: ImportJob, django_capture_on_commit_callbacks) -> ImportJob:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("candidates:import-start", args=[job.public_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("candidates:import-progress", args=[job.public_id])
    assert len(callbacks) == 1  # the task is handed to Celery only after commit
    assert import_job_run_task(job.pk) == "done"
    return ImportJob.objects.get(pk=job.pk)


def names() -> set[str]:
    return set(Candidate.objects.values_list("full_name", flat=True))


# --- The 10,000-row file --------------------------------------------------------------


def test_a_10000_row_csv_imports_the_good_rows_and_reports_each_bad_row_with_its_line_and_reason(
    client, recruiter, django_capture_on_commit_callbacks
):
    existing = [
        factories.candidate(full_name=f"Existing {n}", email=f"existing{n}@example.test", owner=recruiter)
        for n in range(20)
    ]
    rows, bad, duplicates_in_file, duplicates_of_existing = [], {}, set(), set()
    for n in range(10_000):
        line = n + 2
        row = [f"Person {n}", f"person{n}@example.test", f"+86 138 {n:04d} {n % 10000:04d}", "Engineer", "Acme", "imp"]
        if n % 37 == 5:
            row[0] = ""
            bad[line] = ("Name", "A name is required.")
        elif n % 41 == 7:
            row[1] = f"person{n}-at-example"
            bad[line] = ("Email", "Enter a valid email address.")
        elif n % 43 == 9:
            row[2] = "12"
            bad[line] = ("Phone", "Enter a valid phone number, with the country code if it is not local.")
        elif n % 97 == 11 and line - 1 not in bad:
            row = list(rows[-1])  # the same person again, one line later
            duplicates_in_file.add(line)
        elif n < 20:
            row[1] = f"EXISTING{n}@Example.test"  # another spelling of an existing address
            row[0] = f"Existing {n}"
            duplicates_of_existing.add(line)
        rows.append(row)
    content = csv_bytes(HEADERS, rows)
    client.force_login(recruiter)
    before = Candidate.objects.count()

    started = time.monotonic()
    job = uploaded_job(client, content)
    assert (job.total, job.failed) == (10_000, len(bad))
    assert job.duplicates == len(duplicates_in_file) + len(duplicates_of_existing)
    assert Candidate.objects.count() == before  # the dry run wrote nothing
    job = start_and_run(client, job, django_capture_on_commit_callbacks)
    duration = time.monotonic() - started

    good = 10_000 - len(bad)
    new = good - len(duplicates_in_file) - len(duplicates_of_existing)
    assert job.status == ImportJob.Status.DONE
    assert (job.processed, job.created, job.updated, job.skipped, job.failed) == (
        10_000,
        new,
        len(duplicates_in_file) + len(duplicates_of_existing),
        0,
        len(bad),
    )
    assert {error["line"]: (error["column"], error["message"]) for error in job.errors} == bad
    assert len(job.errors) == len(bad)
    assert Candidate.objects.count() == before + new
    # Nothing half-written: no bad row left a candidate, an activity or an audit row.
    assert not Candidate.objects.filter(full_name="").exists()
    assert not {f"Person {line - 2}" for line, (column, _m) in bad.items() if column != "Name"} & names()
    assert Activity.objects.filter(kind="created").count() == Candidate.objects.count()
    assert AuditEvent.objects.filter(action="candidates.candidate.create").count() == Candidate.objects.count()
    # Contact details are encrypted and indexed; the search document is built.
    person = Candidate.objects.get(email_index=crypto.email_index("person25@example.test"))
    assert person.phone == "+8613800250025" and person.owner == recruiter
    assert list(person.tags.values_list("name", flat=True)) == ["imp"]
    assert Candidate.objects.filter(search_vector=SearchQuery("person", config="simple")).count() >= new
    assert existing[3] in Candidate.objects.filter(email_index=crypto.email_index("existing3@example.test"))
    # No decrypted contact value is kept in the job.
    assert "example-at" not in json.dumps(job.errors) and "person7-at-example" not in json.dumps(job.errors)
    print(f"\n10,000-row import (upload, dry run and run): {duration:.1f}s")
    assert duration < 120


# --- Row-for-row equality with candidate_create ---------------------------------------


def test_a_batch_created_candidate_has_the_same_rows_as_one_made_by_candidate_create(recruiter, coordinator):
    source = factories.candidate().source  # None; sources come by name below
    assert source is None
    from candidates.services import source_get_or_create

    values = {
        "headline": "数据工程师",
        "company": "Example Co",
        "location": "上海",
        "skills": "Python, Spark",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
        "address": "1 Road",
        "current_compensation": "30k",
        "source": source_get_or_create(name="LinkedIn"),
        "owner": coordinator,
    }
    one = candidate_create(
        actor=recruiter, full_name="张伟", email="ONE@example.test", phone="138 0013 8000", tags=["a", "b"], **values
    )
    (many,) = services.candidate_create_many(
        actor=recruiter,
        entries=[
            {"full_name": "张伟", "email": "MANY@example.test", "phone": "138 0013 8001", "tags": ["b", "a"], **values}
        ],
    )
    one, many = Candidate.objects.get(pk=one.pk), Candidate.objects.get(pk=many.pk)
    # Every column alike, decrypted, except the row's own identity and its contact values.
    own = {"id", "public_id", "created_at", "updated_at", "email", "phone", "email_index", "phone_index"}
    for field in Candidate._meta.concrete_fields:
        if field.name not in own:
            assert getattr(one, field.name) == getattr(many, field.name), field.name
    assert (one.email, many.email) == ("one@example.test", "many@example.test")
    assert (one.phone, many.phone) == ("+8613800138000", "+8613800138001")
    assert bytes(many.email_index) == crypto.email_index("many@example.test")
    assert bytes(many.phone_index) == crypto.phone_index("+8613800138001")
    assert one.search_vector == many.search_vector and one.search_names == many.search_names
    assert sorted(one.tags.values_list("name", flat=True)) == sorted(many.tags.values_list("name", flat=True))

    def activity(candidate):
        return (
            Activity.objects.filter(candidate=candidate).values("kind", "actor", "message_id", "params", "data").get()
        )

    def audit(candidate):
        return AuditEvent.objects.filter(target_id=str(candidate.public_id)).values(
            "action", "actor", "target_type", "data"
        )

    assert activity(one) == activity(many)
    assert list(audit(one)) == list(audit(many))


# --- Formats and headers ---------------------------------------------------------------


def test_an_xlsx_file_with_numeric_phone_cells_is_imported(client, recruiter, django_capture_on_commit_callbacks):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "E-mail", "Mobile", "Job title"])
    sheet.append(["Ada Lovelace", "ada@example.test", 13800138000, "Analyst"])
    sheet.append(["", "nobody@example.test", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(recruiter)

    job = uploaded_job(client, buffer.getvalue(), name="people.xlsx")
    assert job.file_format == "xlsx"
    job = start_and_run(client, job, django_capture_on_commit_callbacks)

    assert (job.created, job.failed) == (1, 1)
    assert job.errors == [{"line": 3, "column": "Full name", "message": "A name is required."}]
    ada = Candidate.objects.get(full_name="Ada Lovelace")
    assert (ada.phone, ada.email, ada.headline) == ("+8613800138000", "ada@example.test", "Analyst")


def test_chinese_headers_are_recognised(client, recruiter, django_capture_on_commit_callbacks):
    content = csv_bytes(
        ["姓名", "邮箱", "手机号", "职位", "当前公司", "所在地", "技能", "标签", "来源", "负责人", "语言"],
        [
            [
                "李娜",
                "lina@example.test",
                "13900139000",
                "产品经理",
                "某公司",
                "北京",
                "Axure",
                "产品，资深",
                "猎聘",
                recruiter.email,
                "中文",
            ]
        ],
    )
    client.force_login(recruiter)
    job = uploaded_job(client, content)
    assert set(job.mapping.values()) == {"full_name", "email", "phone", "headline", "company", "location"} | {
        "skills",
        "tags",
        "source",
        "owner",
        "language",
    }
    start_and_run(client, job, django_capture_on_commit_callbacks)
    lina = Candidate.objects.get(full_name="李娜")
    assert (lina.headline, lina.company, lina.location, lina.language) == ("产品经理", "某公司", "北京", "zh-hans")
    assert sorted(lina.tags.values_list("name", flat=True)) == ["产品", "资深"]
    assert lina.source.name == "猎聘" and lina.owner == recruiter
    assert Candidate.objects.filter(search_vector=SearchQuery("li", config="simple"), pk=lina.pk).exists()  # pinyin


def test_a_gb18030_csv_made_by_excel_is_read(client, recruiter, django_capture_on_commit_callbacks):
    content = csv_bytes(["姓名", "电子邮件"], [["王芳", "wangfang@example.test"]], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    client.force_login(recruiter)
    job = start_and_run(client, uploaded_job(client, content), django_capture_on_commit_callbacks)
    assert job.created == 1
    assert Candidate.objects.get(full_name="王芳").email == "wangfang@example.test"


def test_a_csv_with_a_bom_and_semicolons_is_read():
    sheet = read_sheet(b"\xef\xbb\xbfName;Email\r\nAnn;ann@example.test\r\n\r\nBo;bo@example.test\r\n")
    assert sheet.headers == ["Name", "Email"]
    assert list(sheet.rows) == [(2, ["Ann", "ann@example.test"]), (4, ["Bo", "bo@example.test"])]


def test_the_column_mapping_can_be_changed_before_importing(client, recruiter, django_capture_on_commit_callbacks):
    content = csv_bytes(["Nom", "Courriel", "Notes"], [["Jean Dupont", "jean@example.test", "x"]])
    client.force_login(recruiter)
    job = uploaded_job(client, content)
    assert job.mapping == {}
    page = client.get(reverse("candidates:import-preview", args=[job.public_id]))
    assert "Choose the column that holds the candidates" in page.content.decode()
    assert "disabled" in page.content.decode().split('data-testid="start-import"')[0].rsplit("<button", 1)[1]

    response = client.post(
        reverse("candidates:import-mapping", args=[job.public_id]),
        {"column_0": "full_name", "column_1": "email", "column_2": "", "duplicate_policy": "skip"},
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping == {"0": "full_name", "1": "email"} and job.duplicate_policy == "skip"
    job = start_and_run(client, job, django_capture_on_commit_callbacks)
    assert Candidate.objects.get(full_name="Jean Dupont").email == "jean@example.test"


def test_a_mapping_that_uses_a_field_twice_is_refused_with_a_clear_error(client, recruiter):
    client.force_login(recruiter)
    job = uploaded_job(client, csv_bytes(["Name", "Email"], [["Ann", "ann@example.test"]]))
    response = client.post(
        reverse("candidates:import-mapping", args=[job.public_id]),
        {"column_0": "full_name", "column_1": "full_name", "duplicate_policy": "update"},
    )
    assert response.status_code == 400
    assert "is chosen for more than one column" in response.content.decode()
    job.refresh_from_db()
    assert job.mapping == {"0": "full_name", "1": "email"}


# --- The dry run ---------------------------------------------------------------------


def test_the_dry_run_shows_errors_duplicates_and_the_first_rows_and_writes_nothing(client, recruiter):
    factories.candidate(full_name="Ann Old", email="ann@example.test")
    content = csv_bytes(
        HEADERS,
        [
            ["Ann New", "ANN@example.test", "", "", "", ""],
            ["", "x@example.test", "", "", "", ""],
            ["Bo", "bo@example", "", "", "", ""],
            ["Cy", "cy@example.test", "13800138000", "", "", ""],
            ["Cy again", "", "+86 138-0013-8000", "", "", ""],
        ],
    )
    client.force_login(recruiter)
    before = (Candidate.objects.count(), Activity.objects.count())
    job = uploaded_job(client, content)
    page = client.get(reverse("candidates:import-preview", args=[job.public_id]))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="preview-rows"' in html and "Cy again" in html
    assert job.errors == [
        {"line": 3, "column": "Name", "message": "A name is required."},
        {"line": 4, "column": "Email", "message": "Enter a valid email address."},
    ]
    old = Candidate.objects.get(full_name="Ann Old")
    assert job.duplicate_rows == [
        {"line": 2, "reason": "email", "candidate": str(old.public_id)},
        {"line": 6, "reason": "file", "first_line": 5},
    ]
    assert (Candidate.objects.count(), Activity.objects.count()) == before


def test_the_preview_page_is_a_fixed_number_of_queries(client, recruiter, django_assert_num_queries):
    client.force_login(recruiter)
    rows = [[f"P{n}", f"p{n}@example.test", "", "", "", ""] for n in range(300)] + [["", "", "", "", "", ""]]
    job = uploaded_job(client, csv_bytes(HEADERS, rows + [["", "a@b", "", "", "", ""]] * 50))
    url = reverse("candidates:import-preview", args=[job.public_id])
    client.get(url)
    # session, user, the job
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200


# --- Duplicate policies and the round trip -----------------------------------------------


@pytest.mark.parametrize(
    ("policy", "created", "updated", "skipped", "title"),
    [("update", 1, 2, 0, "CTO"), ("skip", 1, 0, 2, "Engineer"), ("create", 3, 0, 0, "Engineer")],
)
def test_duplicates_are_updated_skipped_or_created_as_chosen(
    client, recruiter, django_capture_on_commit_callbacks, policy, created, updated, skipped, title
):
    kim = factories.candidate(full_name="Kim", email="kim@example.test", headline="Engineer")
    kim.tags.set([])
    content = csv_bytes(
        HEADERS,
        [
            ["Kim", "KIM@example.test", "", "CTO", "", "vip"],
            ["Lee", "lee@example.test", "13800138000", "", "", ""],
            ["Lee", "", "+8613800138000", "", "", ""],
        ],
    )
    client.force_login(recruiter)
    job = start_and_run(client, uploaded_job(client, content, policy=policy), django_capture_on_commit_callbacks)

    assert (job.created, job.updated, job.skipped, job.failed) == (created, updated, skipped, 0)
    kim.refresh_from_db()
    assert kim.headline == title
    assert Candidate.objects.filter(full_name="Kim").count() == (2 if policy == "create" else 1)
    assert Candidate.objects.filter(full_name="Lee").count() == (2 if policy == "create" else 1)
    if policy == "update":
        assert list(kim.tags.values_list("name", flat=True)) == ["vip"]
        assert AuditEvent.objects.filter(action="candidates.candidate.update", target_id=str(kim.public_id)).exists()


def test_reimporting_an_export_creates_no_duplicates(client, recruiter, django_capture_on_commit_callbacks):
    for n in range(30):
        factories.candidate(full_name=f"Round {n}", email=f"round{n}@example.test", phone=f"1380013{n:04d}", tags=["t"])
    factories.candidate(full_name="No contact", email="")
    client.force_login(recruiter)
    before = Candidate.objects.count()
    for fmt in ("csv", "xlsx"):
        exported = client.get(reverse("candidates:candidate-export", args=[fmt]))
        assert exported.status_code == 200
        job = uploaded_job(client, exported.content, name=f"export.{fmt}")
        assert job.duplicates == before and job.failed == 0
        job = start_and_run(client, job, django_capture_on_commit_callbacks)
        assert (job.created, job.failed) == (0, 0)
        assert Candidate.objects.count() == before
    # Nothing changed, so nothing was recorded as changed.
    assert not AuditEvent.objects.filter(action="candidates.candidate.update").exists()


# --- Atomic rows ------------------------------------------------------------------------


def test_a_row_the_database_refuses_leaves_nothing_and_the_others_are_still_imported(
    client, recruiter, refuse, django_capture_on_commit_callbacks
):
    content = csv_bytes(
        HEADERS, [["Ann", "ann@example.test", "", "", "", "x"], ["Boom", "boom@example.test", "", "", "", "x"]]
    )
    client.force_login(recruiter)
    job = start_and_run(client, uploaded_job(client, content), django_capture_on_commit_callbacks)

    assert (job.created, job.failed) == (1, 1)
    assert job.errors == [{"line": 3, "column": "", "message": "The row could not be saved."}]
    assert names() == {"Ann"}
    assert Activity.objects.count() == 1
    assert AuditEvent.objects.filter(action="candidates.candidate.create").count() == 1


# --- Limits and bad files ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The submitted file is empty."),
        (b"%PDF-1.4 nothing here", "This PDF is damaged and cannot be read."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", "This is an old-format Office file (.doc or .xls)"),
        (b"PK\x03\x04broken zip", "damaged"),
        (b"Name,Email\n", "no rows of candidates"),
    ],
)
def test_a_file_that_is_not_a_usable_spreadsheet_gets_a_clear_error(client, recruiter, content, message):
    client.force_login(recruiter)
    response = upload(client, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_file_too_large_or_too_long_is_refused(client, recruiter, monkeypatch):
    client.force_login(recruiter)
    monkeypatch.setattr(services, "IMPORT_MAX_BYTES", 2048)
    response = upload(client, csv_bytes(HEADERS, [["A" * 50, "", "", "", "", ""]] * 100))
    assert response.status_code == 400 and "larger than" in response.content.decode()
    monkeypatch.setattr(services, "IMPORT_MAX_BYTES", 10**6)
    monkeypatch.setattr(services, "IMPORT_MAX_ROWS", 5)
    response = upload(client, csv_bytes(HEADERS, [["A", "", "", "", "", ""]] * 6))
    assert response.status_code == 400 and "more than 5 rows" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_error_report_lists_line_column_and_reason(client, recruiter):
    client.force_login(recruiter)
    job = uploaded_job(client, csv_bytes(HEADERS, [["", "a@b", "", "", "", ""], ["Ok", "", "", "", "", ""]]))
    response = client.get(reverse("candidates:import-errors", args=[job.public_id]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Line", "Column", "Reason"],
        ["2", "Name", "A name is required."],
        ["2", "Email", "Enter a valid email address."],
    ]
    assert "a@b" not in response.content.decode()


def test_the_templates_download_as_csv_and_xlsx_and_read_back(client, recruiter):
    client.force_login(recruiter)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("candidates:import-template", args=[fmt]))
        assert response.status_code == 200
        sheet = read_sheet(response.content)
        assert sheet.headers[:3] == ["Name", "Email", "Phone"]
        assert next(sheet.rows)[1][0] == "张伟"
    assert client.get(reverse("candidates:import-template", args=["csv"])).content.startswith(b"\xef\xbb\xbf")


def test_written_cells_that_look_like_formulas_are_neutralised_and_read_back_as_written():
    rows = [['=HYPERLINK("http://x")', "+8613800138000", "-5", "@SUM(A1)"]]
    for content in (write_csv(["a", "b", "c", "d"], rows), write_xlsx(["a", "b", "c", "d"], rows)):
        assert list(read_sheet(content).rows) == [(2, rows[0])]
    assert b"'=HYPERLINK" in write_csv(["a"], [["=HYPERLINK(1)"]])


# --- Access ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "hiring_manager", "interviewer"])
def test_a_role_without_import_export_gets_403(client, personas, role):
    job = services.import_job_create(
        actor=personas["recruiter"], filename="a.csv", content=csv_bytes(HEADERS, [["A", "", "", "", "", ""]])
    )
    client.force_login(personas[role])
    assert client.get(reverse("candidates:import-upload")).status_code == 403
    assert upload(client, csv_bytes(HEADERS, [["A", "", "", "", "", ""]])).status_code == 403
    assert client.get(reverse("candidates:import-template", args=["csv"])).status_code == 403
    for name in ("import-preview", "import-progress", "import-errors"):
        assert client.get(reverse(f"candidates:{name}", args=[job.public_id])).status_code == 403
    assert client.post(reverse("candidates:import-start", args=[job.public_id])).status_code == 403
    assert not ImportJob.objects.exclude(pk=job.pk).exists()


def test_another_users_import_is_404_and_an_administrator_sees_it(client, recruiter, outsider, admin_user):
    job = services.import_job_create(
        actor=recruiter, filename="a.csv", content=csv_bytes(HEADERS, [["A", "", "", "", "", ""]])
    )
    client.force_login(outsider)
    for name in ("import-preview", "import-progress", "import-errors"):
        assert client.get(reverse(f"candidates:{name}", args=[job.public_id])).status_code == 404
    assert client.post(reverse("candidates:import-start", args=[job.public_id])).status_code == 404
    assert client.post(reverse("candidates:import-mapping", args=[job.public_id]), {}).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED
    client.force_login(admin_user)
    assert client.get(reverse("candidates:import-preview", args=[job.public_id])).status_code == 200


def test_wrong_methods_get_405(client, recruiter):
    job = services.import_job_create(
        actor=recruiter, filename="a.csv", content=csv_bytes(HEADERS, [["A", "", "", "", "", ""]])
    )
    client.force_login(recruiter)
    assert client.get(reverse("candidates:import-start", args=[job.public_id])).status_code == 405
    assert client.get(reverse("candidates:import-mapping", args=[job.public_id])).status_code == 405
    assert client.post(reverse("candidates:import-progress", args=[job.public_id])).status_code == 405
    assert client.post(reverse("candidates:import-errors", args=[job.public_id])).status_code == 405
    assert client.put(reverse("candidates:import-upload")).status_code == 405


def test_the_progress_page_polls_while_running_and_serves_its_region_to_htmx(
    client, recruiter, django_assert_num_queries
):
    job = services.import_job_create(
        actor=recruiter, filename="a.csv", content=csv_bytes(HEADERS, [["A", "", "", "", "", ""]])
    )
    services.import_job_start(job=job, actor=recruiter)
    client.force_login(recruiter)
    url = reverse("candidates:import-progress", args=[job.public_id])

    page = client.get(url)
    assert page.status_code == 200 and "<html" in page.content.decode()
    assert 'hx-trigger="every 2s"' in page.content.decode()
    with django_assert_num_queries(3):  # session, user, the job
        fragment = client.get(url, **HTMX)
    html = fragment.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<section id="import-progress"')

    import_job_run_task(job.pk)
    done = client.get(url, **HTMX).content.decode()
    assert "every 2s" not in done and 'data-testid="import-status">done<' in done
    # A second delivery of the task does nothing.
    assert import_job_run_task(job.pk) == "done already"
    assert Candidate.objects.filter(full_name="A").count() == 1
    # A started import cannot be started or remapped again.
    assert client.post(reverse("candidates:import-start", args=[job.public_id])).status_code == 302
    assert import_job_run_task(job.pk) == "done already"
    assert client.get(reverse("candidates:import-preview", args=[job.public_id]))["Location"] == url


def test_the_list_page_links_to_import_and_export_for_roles_that_may(client, recruiter, hiring_manager):
    factories.candidate(full_name="Someone")
    client.force_login(recruiter)
    html = client.get(reverse("candidates:candidate-list"), {"q": "Someone"}).content.decode()
    assert reverse("candidates:import-upload") in html
    assert reverse("candidates:candidate-export", args=["csv"]) + "?q=Someone" in html
    client.force_login(hiring_manager)
    html = client.get(reverse("candidates:candidate-list")).content.decode()
    assert reverse("candidates:import-upload") not in html
    assert reverse("candidates:candidate-export", args=["csv"]) not in html


# --- A real worker ------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_a_queued_import(celery_worker, recruiter, settings):
    import os

    settings.MEDIA_ROOT = os.environ["MEDIA_ROOT"]  # where the worker process reads the stored file
    content = csv_bytes(HEADERS, [["Wendy Worker", "wendy@example.test", "", "", "", ""], ["", "", "", "", "", ""]])
    content += b",bad@,,,,\n"
    job = services.import_job_create(actor=recruiter, filename="w.csv", content=content)
    with transaction.atomic():
        services.import_job_start(job=job, actor=recruiter)

    wait_until(lambda: ImportJob.objects.get(pk=job.pk).status == ImportJob.Status.DONE, "import done", 60)
    job.refresh_from_db()
    assert (job.created, job.failed) == (1, 1)
    assert Candidate.objects.get(full_name="Wendy Worker").email == "wendy@example.test"
    assert {error["line"] for error in job.errors} == {4}


def test_the_role_table_gives_import_export_to_the_roles_that_import():
    from accounts.roles import rules_for

    assert {role for role in Role if rules_for(role).import_export} == {
        Role.ADMINISTRATOR,
        Role.RECRUITER,
        Role.COORDINATOR,
    }


def test_a_run_whose_worker_was_lost_is_taken_over_and_resumes_after_its_last_chunk(recruiter):
    content = csv_bytes(
        HEADERS, [["One", "", "", "", "", ""], ["Two", "", "", "", "", ""], ["Three", "", "", "", "", ""]]
    )
    job = services.import_job_create(actor=recruiter, filename="a.csv", content=content)
    services.import_job_start(job=job, actor=recruiter)
    factories.candidate(full_name="One")  # as if the first chunk had committed
    ImportJob.objects.filter(pk=job.pk).update(status="running", processed=1, created=1)
    assert import_job_run_task(job.pk) == "running elsewhere"  # a live run is left alone

    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - services.STALE_AFTER * 2)
    assert import_job_run_task(job.pk) == "done"
    job.refresh_from_db()
    assert (job.processed, job.created) == (3, 3)
    assert sorted(names()) == ["One", "Three", "Two"]


def test_a_job_whose_stored_file_is_gone_fails_with_a_message(recruiter, media):
    job = services.import_job_create(
        actor=recruiter, filename="a.csv", content=csv_bytes(HEADERS, [["A", "", "", "", "", ""]])
    )
    services.import_job_start(job=job, actor=recruiter)
    (media / job.storage_name).unlink()
    assert import_job_run_task(job.pk) == "failed"
    job.refresh_from_db()
    assert job.errors == [{"line": 0, "column": "", "message": "The file cannot be read."}]
    assert not Candidate.objects.exists()
    assert import_job_run_task(job.pk) == "done already"
