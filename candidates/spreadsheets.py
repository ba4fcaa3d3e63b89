"""Reading and writing candidate spreadsheets: CSV and XLSX, no database.

Reading turns a file into a header row and data rows of text, whatever the file
was made by: UTF-8 with or without a BOM, or GB18030 (what Excel writes for a
Chinese CSV), and XLSX through openpyxl in read-only mode. Headers are matched
to candidate fields by English and Chinese aliases (``detect_mapping``).
Writing puts a BOM in front of CSV so Excel opens UTF-8 Chinese correctly.
Nothing we write is ever run as a formula: in CSV a cell that looks like one
gets an apostrophe in front (``escape_cell``; reading takes it off again), and
in XLSX every cell is a string cell, shown exactly as typed.
"""

from __future__ import annotations

import csv
import functools
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

CSV, XLSX = "csv", "xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


class SpreadsheetError(ValueError):
    """The file cannot be read as a spreadsheet; the message says why, for the user."""


# The candidate fields a sheet may fill, in template order, with the header our
# template and exports write (in the language of whoever downloads them) and
# the other names people give the column. Aliases are compared after
# ``normalize_header``; the product's own labels are aliases too (header_aliases).
@dataclass(frozen=True)
class Column:
    field: str
    header: Promise
    label: Promise
    aliases: tuple[str, ...] = ()


# Headers are translated with a context of their own: a column of people's
# names is 姓名, where the plain "Name" of a template or a pool is 名称.


COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        pgettext_lazy("spreadsheet column", "ID"),
        _("ID (from an export)"),
        ("candidate id", "public id", "编号", "候选人编号"),
    ),
    Column(
        "full_name",
        pgettext_lazy("spreadsheet column", "Name"),
        _("Name"),
        ("full name", "candidate", "candidate name", "姓名", "名字", "候选人"),
    ),
    Column(
        "email",
        pgettext_lazy("spreadsheet column", "Email"),
        _("Email"),
        ("e-mail", "email address", "mail", "邮箱", "电子邮件", "电子邮箱", "邮件"),
    ),
    Column(
        "phone",
        pgettext_lazy("spreadsheet column", "Phone"),
        _("Phone"),
        (
            "mobile",
            "mobile phone",
            "cell",
            "telephone",
            "tel",
            "phone number",
            "手机",
            "电话",
            "手机号",
            "手机号码",
            "联系电话",
        ),
    ),
    Column(
        "headline",
        pgettext_lazy("spreadsheet column", "Title"),
        _("Title"),
        ("job title", "position", "headline", "职位", "职称", "头衔", "当前职位"),
    ),
    Column(
        "company",
        pgettext_lazy("spreadsheet column", "Company"),
        _("Company"),
        ("current company", "employer", "organisation", "公司", "当前公司", "单位"),
    ),
    Column(
        "location",
        pgettext_lazy("spreadsheet column", "Location"),
        _("Location"),
        ("city", "address city", "城市", "所在地", "地点", "所在城市"),
    ),
    Column("skills", pgettext_lazy("spreadsheet column", "Skills"), _("Skills"), ("skill", "技能", "专长")),
    Column("tags", pgettext_lazy("spreadsheet column", "Tags"), _("Tags"), ("tag", "labels", "标签")),
    Column("source", pgettext_lazy("spreadsheet column", "Source"), _("Source"), ("channel", "来源", "渠道")),
    Column(
        "owner",
        pgettext_lazy("spreadsheet column", "Owner"),
        _("Owner (email)"),
        ("owner email", "recruiter", "负责人", "所有者", "顾问"),
    ),
    Column("language", pgettext_lazy("spreadsheet column", "Language"), _("Language"), ("lang", "语言")),
    Column("time_zone", pgettext_lazy("spreadsheet column", "Time zone"), _("Time zone"), ("timezone", "tz", "时区")),
    Column("address", pgettext_lazy("spreadsheet column", "Address"), _("Address"), ("地址", "住址")),
    Column(
        "im_handle",
        pgettext_lazy("spreadsheet column", "IM handle"),
        _("IM handle"),
        ("im", "wechat", "微信", "微信号"),
    ),
    Column(
        "id_number",
        pgettext_lazy("spreadsheet column", "ID number"),
        _("ID number"),
        ("identity number", "身份证", "身份证号", "证件号"),
    ),
    Column(
        "birth_date",
        pgettext_lazy("spreadsheet column", "Birth date"),
        _("Birth date"),
        ("date of birth", "birthday", "dob", "出生日期", "生日"),
    ),
    Column(
        "current_compensation",
        pgettext_lazy("spreadsheet column", "Current compensation"),
        _("Current compensation"),
        ("current salary", "salary", "当前薪资", "目前薪资", "现薪资"),
    ),
    Column(
        "expected_compensation",
        pgettext_lazy("spreadsheet column", "Expected compensation"),
        _("Expected compensation"),
        ("expected salary", "期望薪资", "期望薪酬"),
    ),
)
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
# The columns of the downloadable template (the ID column is for exports only).
TEMPLATE_FIELDS = (
    "full_name",
    "email",
    "phone",
    "headline",
    "company",
    "location",
    "skills",
    "tags",
    "source",
    "owner",
    "language",
)


def normalize_header(text: str) -> str:
    """Full-width to ASCII, lower case, without spaces, ``_``, ``-``, ``*`` or a
    trailing "(…)" note: "E-mail *" and "email" and "Ｅｍａｉｌ" are one header."""
    text = unicodedata.normalize("NFKC", text or "").strip().lower()
    text = re.sub(r"\(.*\)$", "", text)
    return re.sub(r"[\s_\-*:：]+", "", text)


# The model field whose verbose name also names a column, where it is not the column's own.
_MODEL_FIELDS = {"id": "public_id"}


@functools.cache
def header_aliases() -> dict[str, str]:
    """Normalised header → candidate field, for every name a column may carry.

    Computed from the labels themselves, in every language of
    settings.LANGUAGES as the catalogues translate them: the header our
    template and exports write, the column's label on the mapping page, the
    candidate form's label and the Candidate model field's verbose name (so
    职位名称 and "Title" are the title, and a renamed label stays
    recognised); then the field's own name and the hand-kept aliases. The
    first field to claim a name keeps it. Computed once per process, on first
    use: translations need the app registry, which module import precedes.
    """
    from candidates.forms_edit import CandidateForm
    from candidates.models import Candidate

    aliases: dict[str, str] = {}

    def claim(name: object, field: str) -> None:
        if key := normalize_header(str(name)):
            aliases.setdefault(key, field)

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for column in COLUMNS:
                form_field = CandidateForm.base_fields.get(column.field)
                model_field = Candidate._meta.get_field(_MODEL_FIELDS.get(column.field, column.field))
                for name in (
                    column.header,
                    column.label,
                    form_field.label if form_field else "",
                    model_field.verbose_name,
                ):
                    claim(name, column.field)
    for column in COLUMNS:
        for name in (column.field, *column.aliases):
            claim(name, column.field)
    return aliases


def field_for_header(header: str) -> str | None:
    return header_aliases().get(normalize_header(header))


def detect_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Column position (as text, JSON's key type) → field, for the headers we
    recognise; each field is taken by its first column only."""
    mapping: dict[str, str] = {}
    for position, header in enumerate(headers):
        field = field_for_header(header)
        if field and field not in mapping.values():
            mapping[str(position)] = field
    return mapping


# --- Reading ------------------------------------------------------------------------


@dataclass
class Sheet:
    """A read spreadsheet: its format, header row and data rows. ``rows`` yields
    ``(line, cells)``: the row's number as a spreadsheet shows it (the header is
    line 1), blank rows left out. Cells are the text as written, spaces and
    all (the import trims what it stores), but for the apostrophe of our CSV
    exports (``unescape_cell``)."""

    format: str
    headers: list[str]
    rows: Iterator[tuple[int, list[str]]]


def sniff_format(content: bytes) -> str:
    """XLSX if the bytes are a zip holding a workbook, else CSV. Raises
    SpreadsheetError for other zips and for old binary .xls files."""
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            raise SpreadsheetError(_("The file is damaged: it cannot be opened as an XLSX workbook.")) from None
        if "xl/workbook.xml" in names:
            return XLSX
        raise SpreadsheetError(_("This is not a CSV or XLSX file."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(_("Old Excel (.xls) files are not supported: save it as .xlsx or .csv first."))
    return CSV


def decode_text(content: bytes) -> str:
    """UTF-8 (a BOM is dropped), else GB18030 (Excel's "CSV" on a Chinese Windows)."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError(_("The file's text encoding is not UTF-8 or GB18030: save it as “CSV UTF-8”.")) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        # Phone numbers typed into Excel come back as numbers.
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def unescape_cell(text: str) -> str:
    """Undo ``escape_cell``: take off the apostrophe it puts before a value,
    and only that one, so a CSV export reads back as what was exported. Also
    applied to XLSX cells: our XLSX exports before string cells carried the
    same apostrophe."""
    if text.startswith("'") and _looks_like_formula(text[1:].lstrip("'")):
        return text[1:]
    return text


def _csv_rows(text: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    first_line = text.split("\n", 1)[0]
    # Excel in many European locales writes ";"; some tools write tabs.
    delimiter = max(",;\t", key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [cell.strip() for cell in next(reader)]
    except StopIteration:
        return [], iter(())
    except csv.Error:
        raise SpreadsheetError(_("The file cannot be read as CSV.")) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        line = 1
        try:
            for cells in reader:
                line += 1
                if any(cell.strip() for cell in cells):
                    yield line, [unescape_cell(cell) for cell in cells]
        except csv.Error as error:
            raise SpreadsheetError(
                _("Line %(line)d cannot be read as CSV: %(error)s") % {"line": line + 1, "error": error}
            ) from None

    return headers, rows()


def _xlsx_rows(content: bytes) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        values = sheet.iter_rows(values_only=True)
        headers = [_cell_text(value).strip() for value in next(values, ())]
    except Exception:  # openpyxl raises many kinds of error on malformed files
        raise SpreadsheetError(_("The file is damaged: it cannot be opened as an XLSX workbook.")) from None
    while headers and not headers[-1]:
        headers.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for line, row in enumerate(values, start=2):
                cells = [unescape_cell(_cell_text(value)) for value in row]
                if any(cell.strip() for cell in cells):
                    yield line, cells
        except Exception:
            raise SpreadsheetError(_("The workbook is damaged: not every row can be read.")) from None
        finally:
            workbook.close()

    return headers, rows()


def read_sheet(content: bytes) -> Sheet:
    """The header row and data rows of a CSV or XLSX file. Raises SpreadsheetError
    (also while iterating ``rows``)."""
    fmt = sniff_format(content)
    headers, rows = _xlsx_rows(content) if fmt == XLSX else _csv_rows(decode_text(content))
    if not any(headers):
        raise SpreadsheetError(_("The file is empty: the first row must name the columns."))
    return Sheet(format=fmt, headers=headers, rows=rows)


# --- Writing ------------------------------------------------------------------------

# What a spreadsheet may read as the start of a formula or a command (OWASP's
# CSV injection list): a cell starting with one of these, also after leading
# spaces (spreadsheets trim them), is escaped. Phone numbers like "+86 138…"
# too: a spreadsheet reads the "+" as a formula all the same, and a rule for
# what merely looks like a number is what "-2+3" or "+1+cmd|…" slip through.
FORMULA_STARTS = ("=", "+", "-", "@", "|", "%", "\t", "\r")


def _looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)


def escape_cell(value: object) -> str:
    """CSV cell text that no spreadsheet will run as a formula (CSV injection):
    an apostrophe in front of a value starting with ``=``, ``+``, ``-``,
    ``@``, ``|``, ``%``, a tab or a carriage return, also after leading
    spaces. A value that already starts with apostrophes before such a
    character gets one more, so that ``unescape_cell`` gives every value back."""
    text = "" if value is None else str(value)
    if _looks_like_formula(text.lstrip("'")):
        return "'" + text
    return text


def write_csv(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 CSV with a BOM (so Excel reads Chinese correctly), formulas neutralised."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([escape_cell(header) for header in headers])
    for row in rows:
        writer.writerow([escape_cell(value) for value in row])
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def xlsx_text_cell(sheet, value: object):
    """A string cell holding ``value`` as typed: openpyxl makes a string starting
    with "=" a formula cell, so the type is set after the value; Excel shows it
    and never runs it, and no apostrophe is needed to escape it."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value="" if value is None else str(value))
    cell.data_type = "s"
    return cell


def write_xlsx(headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "Candidates") -> bytes:
    """An XLSX workbook of one sheet, every cell a string cell (xlsx_text_cell)."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = xlsx_text_cell(sheet, header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([xlsx_text_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_headers() -> list[str]:
    return [COLUMNS_BY_FIELD[field].header for field in TEMPLATE_FIELDS]


def template_rows() -> list[list[str]]:
    """One example row, so people see what goes where."""
    example = {
        "full_name": "张伟",
        "email": "zhang.wei@example.com",
        "phone": "+86 138 0013 8000",
        "headline": "Backend Engineer",
        "company": "Example Co.",
        "location": "上海",
        "skills": "Python, Django",
        "tags": "python, senior",
        "source": "LinkedIn",
        "owner": "",
        "language": "zh-hans",
    }
    return [[example[field] for field in TEMPLATE_FIELDS]]
