"""Pictures of a PDF's pages, for the resume preview on the profile.

pypdfium2 renders each page to a PNG on the server, so the browser shows
plain images from our own origin (the CSP allows no frames or plug-ins), and a
reader never needs the file itself. A file PDFium cannot open is no preview,
never an error.
"""

from __future__ import annotations

import io

import pypdfium2

# At most this many pages are shown: a resume is one to three.
MAX_PAGES = 5
# The width of a rendered page in pixels: sharp in a column of the profile.
PAGE_WIDTH = 900


def pdf_page_count(content: bytes) -> int | None:
    """How many pages of ``content`` the preview shows (up to MAX_PAGES); None when PDFium cannot open it."""
    try:
        pdf = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError:
        return None
    try:
        return min(len(pdf), MAX_PAGES) or None
    finally:
        pdf.close()


def pdf_page_png(content: bytes, number: int) -> bytes | None:
    """Page ``number`` (from 1) of ``content`` as a PNG; None for a page the
    preview does not show or a file PDFium cannot render."""
    if not 1 <= number <= MAX_PAGES:
        return None
    try:
        pdf = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError:
        return None
    try:
        if number > len(pdf):
            return None
        page = pdf[number - 1]
        width = page.get_width() or PAGE_WIDTH
        image = page.render(scale=PAGE_WIDTH / width).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    except pypdfium2.PdfiumError:
        return None
    finally:
        pdf.close()
