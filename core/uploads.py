"""What an uploaded file holds, checked before anything keeps it.

Every upload path (resumes and attachments, spreadsheet imports, the admin,
later the public application form) runs ``upload_inspect`` on the bytes it
received, after its own size limit and next to its own type detection. The
inspection judges the content, never the name: a PDF is parsed with pypdf and
its whole object graph walked (so a name written ``/J#61vaScript`` is read as
``/JavaScript``); a zip is judged from its central directory and the few small
XML parts that say what it is and what it links to, without unpacking it to
disk. A refusal is a ValidationError whose code names the reason and whose
message says it in the user's language.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv"

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
# An OLE compound file: old .doc/.xls, or an OOXML file wrapped by password encryption.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# The main part an OOXML package of each type must declare in [Content_Types].xml.
MAIN_PARTS = {
    DOCX: ("/word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    XLSX: ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
# A relationship that a viewer follows only when the reader clicks it; every
# other external relationship (attached template, OLE link, external
# workbook, frame, image) is fetched or opened by the application itself.
CLICKED_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
# Spreadsheet parts that pull data from elsewhere without any relationship.
EXTERNAL_DATA_PARTS = ("xl/connections.xml", "xl/querytables/")
# The small XML parts read to judge a package: never more than this each.
XML_PART_MAX_BYTES = 4 * 1024 * 1024
# A member compressed more tightly than this (and big enough to matter) is a
# zip bomb: real Office XML compresses 5 to 30 times.
MEMBER_RATIO_FLOOR_BYTES = 1024 * 1024
RELATIONSHIP_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

REASONS = {
    "pdf_encrypted": _(
        "This PDF is encrypted or protected by a password, so we cannot check it. "
        "Remove the protection, save it again and upload the new file."
    ),
    "pdf_damaged": _("This PDF is damaged and cannot be read. Save or export it again and upload the new file."),
    "pdf_javascript": _(
        "This PDF contains JavaScript, which we do not accept. "
        "Print it to a new PDF (or export it again without scripts) and upload that."
    ),
    "pdf_launch": _(
        "This PDF contains an action that starts another program, which we do not accept. "
        "Print it to a new PDF and upload that."
    ),
    "pdf_automatic_action": _(
        "This PDF runs actions by itself when it is opened or viewed, which we do not accept. "
        "Print it to a new PDF and upload that."
    ),
    "pdf_embedded_file": _(
        "This PDF carries other files inside it, which we do not accept. "
        "Remove the attachments (or print it to a new PDF) and upload that."
    ),
    "pdf_xfa": _("This PDF is an XFA form, which we do not accept. Print it to a new PDF and upload that."),
    "pdf_trailing_data": _(
        "This file holds other data after the end of the PDF (it may be two files in one), "
        "which we do not accept. Save or print it to a new PDF and upload that."
    ),
    "pdf_too_complex": _(
        "This PDF is made of more than %(count)d objects, more than we can check. "
        "Print it to a new PDF (or split it) and upload that."
    ),
    "office_old_format": _(
        "This is an old-format Office file (.doc or .xls), which we do not accept. "
        "Save it as .docx or .xlsx and upload that."
    ),
    "office_encrypted": _(
        "This file is protected by a password, so we cannot check it. "
        "Remove the password, save it again and upload the new file."
    ),
    "office_damaged": _("This file is damaged and cannot be opened. Save it again and upload the new file."),
    "office_member_name": _(
        "This file holds a part whose name points outside the file, which we do not accept. "
        "Save it again from Word or Excel and upload the new file."
    ),
    "office_too_many_members": _("This file holds more than %(count)d parts, the most we accept."),
    "office_too_large": _("This file unpacks to more than %(size)d MB, the most we accept."),
    "office_compression": _(
        "This file is compressed far more tightly than a real document (it looks like a zip bomb), "
        "which we do not accept."
    ),
    "office_macros": _(
        "This file contains macros, which we do not accept. "
        "Save it as a plain Word (.docx) or Excel (.xlsx) file without macros and upload that."
    ),
    "office_external": _(
        "This file links to content outside it (an attached template, a linked object or external data), "
        "which we do not accept. Remove the links, save it again and upload the new file."
    ),
    "docx_wrong_type": _("This file is not a Word document (.docx)."),
    "xlsx_wrong_type": _("This file is not an Excel workbook (.xlsx)."),
    "csv_not_text": _("This file is not plain text, so it cannot be read as a CSV file."),
}


def refusal(code: str, **params: object) -> ValidationError:
    """The ValidationError for one reason of REASONS, with its code."""
    return ValidationError(REASONS[code], code=code, params=params or None)


def upload_inspect(content: bytes, *, expected: str | None = None) -> None:
    """Refuse an upload whose content is hostile or cannot be checked.

    The content is judged by what it is: a PDF by its object graph, a zip by
    its members and relationships, an OLE compound file is always refused
    (an encrypted OOXML or an old binary Office file). ``expected`` is the
    type the caller's own detection settled on (PDF, DOCX, XLSX or CSV, or
    None when it found none); it adds the check that a zip really is that
    OOXML type and that a CSV is text. A file that passes is left to the
    caller's type detection. Raises ValidationError (code: a key of REASONS).
    """
    if content.startswith(CFB_MAGIC):
        raise refusal("office_encrypted" if _is_encrypted_package(content) else "office_old_format")
    if content.startswith(PDF_MAGIC) or expected == PDF:
        pdf_inspect(content)
    elif content.startswith(ZIP_MAGIC) or expected in MAIN_PARTS:
        ooxml_inspect(content, expected=expected if expected in MAIN_PARTS else None)
    if expected == CSV and (content.startswith((PDF_MAGIC, ZIP_MAGIC)) or b"\x00" in content):
        raise refusal("csv_not_text")


# --- PDF -------------------------------------------------------------------------------

# Keys whose mere presence means active content, by reason.
PDF_KEYS = {
    "/JS": "pdf_javascript",
    "/JavaScript": "pdf_javascript",
    "/AA": "pdf_automatic_action",
    "/EmbeddedFiles": "pdf_embedded_file",
    "/EmbeddedFile": "pdf_embedded_file",
    "/EF": "pdf_embedded_file",
    "/XFA": "pdf_xfa",
}
# Action types (/S) and object types (/Type, /Subtype), by reason.
PDF_NAMES = {
    "/JavaScript": "pdf_javascript",
    "/Launch": "pdf_launch",
    "/GoToE": "pdf_embedded_file",
    "/EmbeddedFile": "pdf_embedded_file",
    "/FileAttachment": "pdf_embedded_file",
}
# When a PDF has several, the reason shown is the first of these.
PDF_ORDER = ("pdf_javascript", "pdf_launch", "pdf_automatic_action", "pdf_embedded_file", "pdf_xfa")


def pdf_inspect(content: bytes) -> None:
    """Refuse an encrypted or unreadable PDF, and one with JavaScript, Launch
    actions, actions that run on their own (/OpenAction with an action, /AA),
    embedded files or file attachments, or XFA. Every object pypdf can reach
    is looked at: the trailer's graph (catalog, names trees, pages,
    annotations, AcroForm) and every object listed in the cross-reference
    tables, reachable or not, up to UPLOAD_PDF_MAX_OBJECTS. An /OpenAction that is only a destination (the
    page to open at, which LaTeX and Word write) is no action and passes."""
    from pypdf import PdfReader

    _pdf_end_check(content)
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            raise refusal("pdf_encrypted")
        found = set(_pdf_findings(reader))
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of error on malformed files
        raise refusal("pdf_damaged") from None
    for code in PDF_ORDER:
        if code in found:
            raise refusal(code)


def _pdf_end_check(content: bytes) -> None:
    """Refuse a polyglot: a PDF with something else after its last ``%%EOF``
    (a zip, an HTML page) is two files in one, and the other one is read by
    whatever opens it as that type. Only whitespace may follow."""
    end = content.rfind(b"%%EOF")
    if end >= 0 and content[end + 5 :].strip(b" \t\r\n\x00\x0c"):
        raise refusal("pdf_trailing_data")


def _pdf_findings(reader) -> Iterator[str]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    most = settings.UPLOAD_PDF_MAX_OBJECTS
    if sum(map(len, reader.xref.values())) + len(reader.xref_objStm) > most:
        # Each object costs pypdf about a millisecond to parse: a bound on the time a request may take.
        raise refusal("pdf_too_complex", count=most)
    if len(reader.pages) == 0:
        raise ValueError("a PDF without pages")
    roots: list = [reader.trailer]
    for generation, numbers in reader.xref.items():
        roots.extend(IndirectObject(number, generation, reader) for number in numbers)
    roots.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
    seen: set[tuple[int, int]] = set()
    stack = roots
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                if key in PDF_KEYS and value is not None:
                    yield PDF_KEYS[key]
                elif key == "/OpenAction" and _is_action(value):
                    yield "pdf_automatic_action"
                elif key in ("/S", "/Type", "/Subtype") and isinstance(value, NameObject) and value in PDF_NAMES:
                    yield PDF_NAMES[value]
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)


def _is_action(value) -> bool:
    from pypdf.generic import DictionaryObject

    value = value.get_object() if value is not None else None
    return isinstance(value, DictionaryObject)


# --- DOCX and XLSX -----------------------------------------------------------------------

MEMBER_ESCAPES = re.compile(r"(^[/\\])|\\|(^|/)\.\.(/|$)|^[A-Za-z]:|\x00")


def ooxml_inspect(content: bytes, *, expected: str | None = None) -> None:
    """Refuse a zip that escapes the archive with a member name, is encrypted,
    is too big once unpacked (total size, member count or a zip-bomb
    compression ratio), holds macros (vbaProject.bin, macro-enabled or
    macro-sheet content types), has any external relationship other than a
    hyperlink or spreadsheet data connections, or is not the ``expected``
    OOXML type. Only the central directory, [Content_Types].xml and the .rels
    parts are read, each bounded; nothing is written to disk. (Python's zip
    reader never unpacks more than a member's declared size, so the sizes
    checked here are the sizes any later reader gets.)"""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refusal("office_damaged") from None
    with archive:
        members = archive.infolist()
        _check_members(members)
        names = {member.filename.lower(): member for member in members}
        try:
            content_types = _read_xml(archive, names.get("[content_types].xml"))
            relationships = [_read_xml(archive, member) for name, member in names.items() if name.endswith(".rels")]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, ElementTree.ParseError):
            raise refusal("office_damaged") from None
    declared = _declared_types(content_types)
    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names) or any(
        "macroenabled" in kind or "vbaproject" in kind or "macrosheet" in kind for kind in declared.values()
    ):
        raise refusal("office_macros")
    if any(name.startswith(("xl/macrosheets/", "word/vbadata")) for name in names):
        raise refusal("office_macros")
    for rels in relationships:
        for relationship in rels.iter(f"{RELATIONSHIP_NS}Relationship"):
            if relationship.get("TargetMode", "").lower() == "external" and (
                relationship.get("Type") != CLICKED_RELATIONSHIP
            ):
                raise refusal("office_external")
    if any(name.startswith(EXTERNAL_DATA_PARTS) for name in names):
        raise refusal("office_external")
    if expected in MAIN_PARTS:
        part, kind = MAIN_PARTS[expected]
        if declared.get(part.lower()) != kind.lower() or part[1:].lower() not in names:
            raise refusal("docx_wrong_type" if expected == DOCX else "xlsx_wrong_type")


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if any(MEMBER_ESCAPES.search(member.orig_filename) for member in members):
        raise refusal("office_member_name")
    if any(member.flag_bits & 0x1 for member in members):
        raise refusal("office_encrypted")
    limit = settings.UPLOAD_ARCHIVE_MAX_MEMBERS
    if len(members) > limit:
        raise refusal("office_too_many_members", count=limit)
    most = settings.UPLOAD_ARCHIVE_MAX_BYTES
    if sum(member.file_size for member in members) > most:
        raise refusal("office_too_large", size=most // 2**20)
    ratio = settings.UPLOAD_ARCHIVE_MAX_RATIO
    for member in members:
        if member.file_size > MEMBER_RATIO_FLOOR_BYTES and member.file_size > ratio * max(member.compress_size, 1):
            raise refusal("office_compression")


def _read_xml(archive: zipfile.ZipFile, member: zipfile.ZipInfo | None) -> ElementTree.Element:
    """A small XML part, parsed; an empty element when the part is missing. A
    document type declaration (never in a real package) is refused as damage,
    so no entity is ever expanded."""
    if member is None:
        return ElementTree.Element("missing")
    if member.file_size > XML_PART_MAX_BYTES:
        raise ValueError("an XML part too large to be a real one")
    with archive.open(member) as handle:
        data = handle.read(XML_PART_MAX_BYTES + 1)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise ValueError("a document type declaration")
    return ElementTree.fromstring(data)


def _declared_types(content_types: ElementTree.Element) -> dict[str, str]:
    """Part name (lower case) → content type (lower case) for every Override,
    and ``*.ext`` for every Default."""
    declared = {}
    for override in content_types.iter(f"{CONTENT_TYPES_NS}Override"):
        declared[override.get("PartName", "").lower()] = override.get("ContentType", "").lower()
    for default in content_types.iter(f"{CONTENT_TYPES_NS}Default"):
        declared["*." + default.get("Extension", "").lower()] = default.get("ContentType", "").lower()
    return declared


def _is_encrypted_package(content: bytes) -> bool:
    """An OLE compound file holding an ``EncryptionInfo`` stream: how Office
    wraps a password-protected .docx or .xlsx (the stream names are UTF-16)."""
    return "EncryptionInfo".encode("utf-16-le") in content
