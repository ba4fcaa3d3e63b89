"""One-page PDF resumes for the demo candidates, drawn with reportlab.

Chinese resumes use reportlab's built-in CID font ``STSong-Light``: it ships
with every PDF reader, so no font file is embedded and the text stays
extractable (pypdf reads it back, which is what resume search indexes).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

CJK_FONT = "STSong-Light"
LATIN_FONT = "Helvetica"
LATIN_BOLD = "Helvetica-Bold"
MARGIN = 56
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_HAS_CJK = re.compile(f"[{_CJK}]")
# A CJK character is its own word; other text breaks at spaces.
_TOKENS = re.compile(f"[{_CJK}]|[^\\s{_CJK}]+|\\s+")


@dataclass
class Position:
    period: str
    company: str
    title: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class Resume:
    """What a resume says; ``chinese`` picks the headings and the font."""

    name: str
    headline: str
    contact: str
    summary: str
    positions: list[Position]
    education: str
    skills: str
    chinese: bool

    @property
    def headings(self) -> tuple[str, str, str, str]:
        if self.chinese:
            return ("个人简介", "工作经历", "教育背景", "专业技能")
        return ("Profile", "Experience", "Education", "Skills")

    def text(self) -> str:
        """The plain text a parser would extract: stored with the document."""
        profile, experience, education, skills = self.headings
        lines = [self.name, self.headline, self.contact, "", profile, self.summary, "", experience]
        for job in self.positions:
            lines.append(f"{job.period}  {job.company}  {job.title}")
            lines.extend(f"- {bullet}" for bullet in job.bullets)
        lines += ["", education, self.education, "", skills, self.skills]
        return "\n".join(lines)


def _register_cjk_font() -> None:
    if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines, current = [], ""
    for token in _TOKENS.findall(text):
        candidate = current + token
        if current and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines


def resume_pdf(resume: Resume) -> bytes:
    """Render ``resume`` on one A4 page and return the PDF's bytes."""
    _register_cjk_font()
    regular = CJK_FONT if resume.chinese else LATIN_FONT
    bold = CJK_FONT if resume.chinese else LATIN_BOLD
    buffer = io.BytesIO()
    # invariant: no creation date or random id in the file, so a seed is reproducible.
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.setTitle(resume.name)
    page_width, page_height = A4
    width = page_width - 2 * MARGIN
    y = page_height - MARGIN

    def write(text: str, *, font: str = regular, size: float = 10, gap: float = 4, indent: float = 0) -> None:
        nonlocal y
        if _HAS_CJK.search(text):  # a Chinese name on an English resume: Helvetica has no glyphs for it
            font = CJK_FONT
        if y < MARGIN:
            raise ValueError(f"the resume of {resume.name} does not fit on one page")
        for line in _wrap(text, font, size, width - indent) or [""]:
            pdf.setFont(font, size)
            pdf.drawString(MARGIN + indent, y, line)
            y -= size + gap

    write(resume.name, font=bold, size=20, gap=8)
    write(resume.headline, size=12, gap=4)
    write(resume.contact, size=9, gap=10)
    profile, experience, education, skills = resume.headings

    def heading(text: str) -> None:
        nonlocal y
        y -= 6
        write(text, font=bold, size=13, gap=3)
        pdf.setLineWidth(0.5)
        pdf.line(MARGIN, y + 10, MARGIN + width, y + 10)
        y -= 4

    heading(profile)
    write(resume.summary)
    heading(experience)
    for job in resume.positions:
        write(f"{job.period}   {job.company}   {job.title}", font=bold, size=10.5)
        for bullet in job.bullets:
            # STSong-Light has no U+2022 glyph.
            write(f"{'-' if resume.chinese else '•'} {bullet}", indent=10)
        y -= 4
    heading(education)
    write(resume.education)
    heading(skills)
    write(resume.skills)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
