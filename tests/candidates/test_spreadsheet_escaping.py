"""Cells that a spreadsheet could run as a formula: a CSV export neutralises
them with an apostrophe that the import takes off again; an XLSX export writes
every cell as a string cell, shown as typed, with no apostrophe at all."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.services import spreadsheets as services
from candidates.spreadsheets import escape_cell, read_sheet, unescape_cell, write_csv, write_xlsx
from tests import factories

TYPED = ["=1+1", "+86 138 0013 8000", "@handle", "|cmd", " =1+1", "%x", "-2+3"]
# What the CSV holds for each: the typed text behind one apostrophe.
NEUTRALISED = ["'=1+1", "'+86 138 0013 8000", "'@handle", "'|cmd", "' =1+1", "'%x", "'-2+3"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def csv_cells(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def xlsx_cells(content: bytes) -> list[list[openpyxl.cell.Cell]]:
    # Not data_only: a formula cell would show here as data_type "f".
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()]


def test_every_formula_start_is_neutralised_in_csv_and_read_back_as_typed():
    content = write_csv(["value"], [[value] for value in TYPED])
    assert [row[0] for row in csv_cells(content)[1:]] == NEUTRALISED
    # The raw bytes: every one of them starts its line with the apostrophe.
    lines = content.decode("utf-8-sig").splitlines()[1:]
    assert lines == ["'=1+1", "'+86 138 0013 8000", "'@handle", "'|cmd", "' =1+1", "'%x", "'-2+3"]
    assert [cells[0] for _line, cells in read_sheet(content).rows] == TYPED


def test_every_xlsx_cell_is_a_string_cell_holding_the_typed_text():
    content = write_xlsx(["value"], [[value] for value in TYPED])
    cells = [row[0] for row in xlsx_cells(content)[1:]]
    assert [cell.value for cell in cells] == TYPED
    assert {cell.data_type for cell in cells} == {"s"}
    assert [cells[0] for _line, cells in read_sheet(content).rows] == TYPED


def test_tabs_carriage_returns_and_values_that_already_start_with_apostrophes_round_trip_through_csv():
    values = ["\t=1+1", "\r=1+1", "'=1+1", "''+1", "'plain", "plain", "", "'", "1-2", "a=b"]
    assert [unescape_cell(escape_cell(value)) for value in values] == values
    assert [escape_cell(value) for value in values[:4]] == ["'\t=1+1", "'\r=1+1", "''=1+1", "'''+1"]
    # Nothing else gets an apostrophe.
    assert [escape_cell(value) for value in values[4:]] == values[4:]
    content = write_csv(["value"], [[value] for value in values])
    assert [cells[0] for _line, cells in read_sheet(content).rows] == [v for v in values[:7] if v] + values[7:]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_candidate_export_neutralises_formulas_in_csv_and_shows_them_as_typed_in_xlsx(client, recruiter, fmt):
    for n, value in enumerate(TYPED):
        person = factories.candidate(full_name=f"Person {n}", headline=value, email="", owner=recruiter)
        # The services trim what they store; the export must not rely on it.
        Candidate.objects.filter(pk=person.pk).update(headline=value)
    factories.candidate(full_name="Phone Person", phone="+86 138 0013 8000", email="", owner=recruiter)
    client.force_login(recruiter)
    response = client.get(reverse("candidates:candidate-export", args=[fmt]))
    assert response.status_code == 200

    if fmt == "csv":
        header, *rows = csv_cells(response.content)
        by_name = {row[header.index("Name")]: row for row in rows}
        headlines = [by_name[f"Person {n}"][header.index("Title")] for n in range(len(TYPED))]
        assert headlines == NEUTRALISED
        assert by_name["Phone Person"][header.index("Phone")] == "'+8613800138000"
    else:
        header, *rows = xlsx_cells(response.content)
        names = [cell.value for cell in header]
        by_name = {row[names.index("Name")].value: row for row in rows}
        headlines = [by_name[f"Person {n}"][names.index("Title")] for n in range(len(TYPED))]
        assert [cell.value for cell in headlines] == TYPED
        assert {cell.data_type for row in rows for cell in row if cell.value is not None} == {"s"}
        assert by_name["Phone Person"][names.index("Phone")].value == "+8613800138000"
    # Either way the import reads back what was typed.
    table = read_sheet(response.content)
    title = table.headers.index("Title")
    assert sorted(cells[title] for _line, cells in table.rows if cells[title]) == sorted(TYPED)


def resaved(content: bytes) -> bytes:
    """The workbook as a spreadsheet program saves it again (shared strings
    instead of inline ones, no write-only layout)."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def old_export(written: list[str]) -> bytes:
    """An XLSX as our exports wrote it before string cells: the cell text as
    ``written``, the CSV apostrophe included."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Title"])
    for n, text in enumerate(written):
        workbook.active.append([f"Old {n}", text])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def imported(actor, content: bytes, prefix: str) -> list[str]:
    """Run the import of ``content``; the headlines of the candidates it made, in file order."""
    job = services.import_job_create(actor=actor, filename="people.xlsx", content=content, duplicate_policy="skip")
    services.import_job_start(job=job, actor=actor)
    job = services.import_job_run(job=services.import_job_claim(job_id=job.pk))
    assert job.failed == 0, job.errors
    headlines = dict(Candidate.objects.filter(full_name__startswith=prefix).values_list("full_name", "headline"))
    return [headlines[f"{prefix}{n}"] for n in range(len(headlines))]


def test_an_export_saved_again_by_a_spreadsheet_is_imported_as_typed(recruiter):
    content = resaved(write_xlsx(["Name", "Title"], [[f"New {n}", value] for n, value in enumerate(TYPED)]))
    assert {cell.data_type for row in xlsx_cells(content) for cell in row} == {"s"}
    assert [cells[1] for _line, cells in read_sheet(content).rows] == TYPED
    # The import trims what it stores, so " =1+1" comes in as "=1+1".
    assert imported(recruiter, content, "New ") == [value.strip() for value in TYPED]


def test_an_older_xlsx_export_with_apostrophes_is_imported_without_them(recruiter):
    # The old rule let phone numbers and amounts through as they were.
    content = old_export(["'=HYPERLINK(1)", "'@SUM(A1)", "+86 138 0013 8000", "'-2+3", "-5"])
    typed = ["=HYPERLINK(1)", "@SUM(A1)", "+86 138 0013 8000", "-2+3", "-5"]
    assert [cells[1] for _line, cells in read_sheet(content).rows] == typed
    assert imported(recruiter, content, "Old ") == typed
