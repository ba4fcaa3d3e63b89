"""One report table as a spreadsheet: CSV (UTF-8 with a BOM, so Excel reads
Chinese) or XLSX. The header row is the column labels in the user's language;
the values are the report's own, unformatted (a rate is 0.25, not "25.0%"),
so a spreadsheet can compute with them. Text cells that a spreadsheet would
run as a formula are neutralised (a source may be named "=HYPERLINK(…)")."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

from analytics.reports.base import Table
from candidates.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, escape_cell, xlsx_text_cell
from core.http import private_file

CSV, XLSX = "csv", "xlsx"
FORMATS = (CSV, XLSX)


def _value(value: Any) -> Any:
    """Numbers stay numbers, None is an empty cell, everything else is text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return value
    return str(value)


def _rows(table: Table) -> Iterator[list[Any]]:
    for row in table.rows:
        yield [_value(row.get(column.key)) for column in table.columns]


def _labels(table: Table) -> list[str]:
    return [str(column.label) for column in table.columns]


def _csv_value(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula neutralised (escape_cell)."""
    if value is None:
        return ""
    return escape_cell(value) if isinstance(value, str) else value


def table_csv(table: Table) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([escape_cell(label) for label in _labels(table)])
    for row in _rows(table):
        writer.writerow([_csv_value(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """Numbers as number cells, text as string cells shown as typed (never run
    as a formula, no apostrophe)."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    # A sheet title is at most 31 characters and a table key is plain ASCII.
    sheet = workbook.create_sheet(title=table.key[:31] or "report")
    bold = Font(bold=True)
    header = []
    for label in _labels(table):
        cell = xlsx_text_cell(sheet, label)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in _rows(table):
        sheet.append([xlsx_text_cell(sheet, value) if isinstance(value, str) else value for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(*, report_key: str, table: Table, fmt: str, start: date, end: date) -> HttpResponse:
    """The table as an attachment named ``<report>-<table>-<start>-<end>.<fmt>``."""
    if fmt == CSV:
        content, content_type = table_csv(table), CSV_CONTENT_TYPE
    else:
        content, content_type = table_xlsx(table), XLSX_CONTENT_TYPE
    filename = f"{report_key}-{table.key}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
    return private_file(content, content_type, filename=filename)
