"""The import recognises the product's own labels as column headers, in
English and in Chinese as the catalogue translates them: the candidate form's
labels, the candidate model's field names, and the export's own headers, so a
sheet typed from the form, or an export in Chinese, maps every column
without manual mapping."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from candidates.forms_edit import CandidateForm
from candidates.models import Candidate, ImportJob
from candidates.spreadsheets import COLUMNS, detect_mapping, field_for_header, header_aliases, read_sheet, write_csv
from tests import factories

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def fresh_aliases():
    # Computed once per process; a test that changes a label clears it again.
    header_aliases.cache_clear()
    yield
    header_aliases.cache_clear()


def form_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {name: str(field.label) for name, field in CandidateForm.base_fields.items()}


def model_labels(language: str) -> dict[str, str]:
    with translation.override(language):
        return {
            column.field: str(
                Candidate._meta.get_field("public_id" if column.field == "id" else column.field).verbose_name
            )
            for column in COLUMNS
        }


def upload(client, content: bytes) -> ImportJob:
    file = SimpleUploadedFile("people.csv", content, content_type="text/csv")
    response = client.post(reverse("candidates:import-upload"), {"file": file, "duplicate_policy": "update"})
    assert response.status_code == 302, response.content.decode()[:1000]
    return ImportJob.objects.latest("created_at")


def test_the_chinese_labels_are_the_catalogues_title_is_zhiwei_mingcheng():
    assert form_labels("zh-hans")["headline"] == "职位名称"
    assert field_for_header("职位名称") == "headline"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_sheet_whose_headers_are_exactly_the_forms_labels_maps_every_column(language):
    labels = form_labels(language)
    mapping = detect_mapping(list(labels.values()))
    assert {int(position): field for position, field in mapping.items()} == dict(enumerate(labels))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_model_field_name_of_a_column_names_that_column(language):
    for field, label in model_labels(language).items():
        assert field_for_header(label) == field, label


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_exports_own_headers_in_each_language_name_their_columns(language):
    with translation.override(language):
        headers = [str(column.header) for column in COLUMNS]
    assert detect_mapping(headers) == {str(n): column.field for n, column in enumerate(COLUMNS)}


def test_no_label_of_one_field_is_taken_by_another():
    """A label shared by two fields would send one of them to the wrong column:
    every label names its own field, in both languages."""
    for language in LANGUAGES:
        for field, label in {**model_labels(language), **form_labels(language)}.items():
            assert field_for_header(label) == field, (language, label)


def test_a_renamed_label_is_recognised_without_touching_the_aliases(monkeypatch):
    monkeypatch.setattr(CandidateForm.base_fields["company"], "label", "Employer of record")
    header_aliases.cache_clear()
    assert field_for_header("Employer of record") == "company"
    assert field_for_header("employer") == "company"  # the hand-kept alias still works


def test_the_check_bites_a_header_that_is_no_label_maps_nothing():
    assert detect_mapping(["职位名称", "Favourite colour", "喜欢的颜色"]) == {"0": "headline"}


def test_a_chinese_form_labelled_sheet_imports_through_the_pages(client, recruiter):
    labels = form_labels("zh-hans")
    values = {
        "full_name": "周杰",
        "headline": "数据工程师",
        "company": "星云科技",
        "location": "杭州",
        "skills": "Spark, Airflow",
        "source": "",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
        "owner": recruiter.email,
        "email": "zhou.jie@example.test",
        "phone": "13900001234",
        "address": "杭州市西湖区",
        "im_handle": "zhoujie",
        "id_number": "",
        "birth_date": "1990-01-02",
        "current_compensation": "30k",
        "expected_compensation": "40k",
        "tags": "数据, 资深",
    }
    content = write_csv(list(labels.values()), [[values[name] for name in labels]])
    client.force_login(recruiter)
    job = upload(client, content)
    assert set(job.mapping.values()) == set(labels)
    assert job.failed == 0


def test_an_export_in_chinese_re_imports_without_manual_mapping_and_updates_the_same_candidates(
    client, recruiter, django_capture_on_commit_callbacks
):
    from tests.candidates.test_import import start_and_run

    for n in range(3):
        factories.candidate(full_name=f"候选人{n}", email=f"c{n}@example.test", tags=["t"])
    recruiter.language = "zh-hans"
    recruiter.save()
    client.force_login(recruiter)
    before = Candidate.objects.count()
    exported = client.get(reverse("candidates:candidate-export", args=["xlsx"]))
    headers = read_sheet(exported.content).headers
    assert headers[:3] == ["编号", "姓名", "邮箱地址"]
    job = upload(client, exported.content)
    assert len(job.mapping) == len(headers)
    assert job.duplicates == before and job.failed == 0
    job = start_and_run(client, job, django_capture_on_commit_callbacks)
    assert (job.created, job.failed) == (0, 0) and Candidate.objects.count() == before
