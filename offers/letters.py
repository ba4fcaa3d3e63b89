"""The offer letter: its merge fields, its text with an offer's values in the
letter's language, and its PDF.

A letter template is staff-written text, not a Django template: only the names
in ``FIELDS`` (the messaging registry plus the offer's terms) are replaced,
and a template naming any other field is refused when saved. Money reads with
its currency and grouping (``¥60万`` in Chinese, ``¥600,000`` in English).
The PDF is drawn with reportlab; Chinese text uses the built-in CID font
STSong-Light (no font file to ship) and wraps between any two characters.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.templatetags.money import format_money, parse_money
from messaging import merge_fields
from offers.models import Offer, OfferLetterTemplate, OfferVersion

TERM_FIELDS = {
    "base_salary": _("the base salary with its currency"),
    "currency": _("the currency of the salary"),
    "pay_period": _("how often the base salary is paid (per year, per month…)"),
    "bonus": _("the bonus"),
    "equity": _("the equity"),
    "other_terms": _("the other terms"),
    "start_date": _("the start date"),
    "work_location": _("the work location"),
    "expiry_date": _("the date the offer expires"),
}
# The registry's fields that have a value for an offer: an interview's time
# and the links of other candidate pages have none, so a letter may not use them.
FIELDS = {
    **{
        name: label
        for name, label in merge_fields.FIELDS.items()
        if name != "interview_time" and not name.endswith("_link")
    },
    **TERM_FIELDS,
}
# What the email subject may not hold: it is stored in the outbox as written,
# and compensation is encrypted everywhere it is kept.
SUBJECT_FORBIDDEN = ("base_salary", "bonus", "equity", "other_terms")

CJK_FONT = "STSong-Light"


def unknown_fields(text: str) -> list[str]:
    """Names used in ``text`` that are not letter merge fields, in order of appearance."""
    return list(dict.fromkeys(name for name in merge_fields.PLACEHOLDER.findall(text) if name not in FIELDS))


def subject_compensation_fields(text: str) -> list[str]:
    """The compensation fields a subject uses (it may use none)."""
    return [name for name in dict.fromkeys(merge_fields.PLACEHOLDER.findall(text)) if name in SUBJECT_FORBIDDEN]


def render(text: str, values: Mapping[str, str], *, html: bool = False) -> str:
    """``text`` with each known placeholder replaced by its value (escaped, line breaks kept, for HTML)."""

    def value(match: Any) -> str:
        name = match.group(1)
        if name not in FIELDS:
            return match.group(0)
        found = str(values.get(name, ""))
        return escape(found) if html else found

    if not html:
        return merge_fields.PLACEHOLDER.sub(value, text)
    # Staff-written text is never HTML: escaped, its line breaks kept.
    return merge_fields.PLACEHOLDER.sub(value, str(escape(text))).replace("\r\n", "\n").replace("\n", "<br>\n")


def amount(value: str, currency: str, language: str) -> str:
    """A stored amount (``"450000.00"``) with its currency and grouping in
    ``language``; text that is not one amount (``"negotiable"``) as typed."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        number = Decimal(value.replace(",", ""))
    except InvalidOperation:
        parsed = parse_money(value)
        if parsed is None:
            return value
        number, currency = parsed
    return format_money(number, currency or "CNY", language)


def _date(value: date | None, language: str) -> str:
    if value is None:
        return ""
    with translation.override(language):
        return formats.date_format(value, "DATE_FORMAT")


def first_year_base(version: OfferVersion) -> Decimal | None:
    """The base salary over the first year: the amount times the pay periods a
    year (13 or 14 months is usual in China); None when the base is not one amount."""
    try:
        return Decimal(str(version.base_salary).replace(",", "").strip()) * (version.periods_per_year or 1)
    except InvalidOperation:
        return None


def letter_values(offer: Offer, language: str) -> dict[str, str]:
    """Every merge field's value for ``offer`` in ``language``: the candidate,
    the job and its people, and the current version's terms."""
    application = offer.application
    job = application.job
    version = offer.current_version
    recruiter = job.recruiter
    with translation.override(language):
        period = str(OfferVersion.PayPeriod(version.pay_period).label) if version else ""
    values = {name: "" for name in FIELDS}
    values.update(
        {
            "candidate_name": application.candidate.full_name,
            "job_title": job.title,
            "client_name": job.client.name,
            "recruiter_name": recruiter.full_name if recruiter else "",
            "sender_name": recruiter.full_name if recruiter else "",
            "stage_name": application.stage.name if application.stage_id else "",
            "recruiter_signature": merge_fields.signature(recruiter) if recruiter else "",
        }
    )
    if version is not None:
        values.update(
            {
                "base_salary": amount(version.base_salary, version.currency, language),
                "currency": version.currency,
                "pay_period": period,
                "bonus": amount(version.bonus, version.currency, language),
                "equity": str(version.equity or ""),
                "other_terms": str(version.other_terms or ""),
                "start_date": _date(version.start_date, language),
                "work_location": version.work_location,
                "expiry_date": _date(version.expires_on, language),
            }
        )
    return values


# Sample terms are data, not interface text: each language gets plausible ones.
_SAMPLE_TERMS = {
    "en": {"equity": "10,000 RSU", "other_terms": "Private health insurance", "work_location": "London"},
    "zh-hans": {"equity": "10,000 股限制性股票", "other_terms": "补充商业医疗保险", "work_location": "上海"},
}


def sample_values(language: str) -> dict[str, str]:
    """A value for every letter field in ``language``, for the template page's preview."""
    language = language if language in _SAMPLE_TERMS else "en"
    values = {name: value for name, value in merge_fields.sample_values(language).items() if name in FIELDS}
    today = timezone.localdate()
    with translation.override(language):
        values |= {
            "base_salary": format_money(Decimal("40000"), "CNY", language),
            "currency": "CNY",
            "pay_period": str(OfferVersion.PayPeriod.MONTH.label),
            "bonus": format_money(Decimal("80000"), "CNY", language),
            "start_date": formats.date_format(today + timedelta(days=30), "DATE_FORMAT"),
            "expiry_date": formats.date_format(today + timedelta(days=7), "DATE_FORMAT"),
            **_SAMPLE_TERMS[language],
        }
    return values


def letter_text(template: OfferLetterTemplate, offer: Offer) -> dict[str, str]:
    """The letter of ``offer`` written with ``template``: ``subject``, ``text`` and
    ``html`` (escaped, its line breaks kept), in the template's language."""
    values = letter_values(offer, template.language)
    return {
        "language": template.language,
        "subject": render(template.subject, values),
        "text": render(template.body, values),
        "html": render(template.body, values, html=True),
    }


def terms_rows(offer: Offer, language: str) -> list[tuple[str, str]]:
    """The terms as (label, value) rows in ``language``, the empty ones left out."""
    values = letter_values(offer, language)
    version = offer.current_version
    with translation.override(language):
        base = values["base_salary"]
        if base and values["pay_period"]:
            base = f"{base} {values['pay_period']}"
            if version is not None and version.periods_per_year > 1:
                base += " × " + gettext("%(count)s periods a year") % {"count": version.periods_per_year}
        rows = [
            (gettext("Position"), values["job_title"]),
            (gettext("Company"), values["client_name"]),
            (gettext("Base salary"), base),
            (gettext("Bonus"), values["bonus"]),
            (gettext("Equity"), values["equity"]),
            (gettext("Other terms"), values["other_terms"]),
            (gettext("Start date"), values["start_date"]),
            (gettext("Work location"), values["work_location"]),
            (gettext("Offer expires on"), values["expiry_date"]),
        ]
    return [(label, value) for label, value in rows if value]


def _has_cjk(text: str) -> bool:
    return any(
        "\u2e80" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\uff00" <= char <= "\uffef" for char in text
    )


def letter_pdf(template: OfferLetterTemplate, offer: Offer) -> bytes:
    """The letter as a PDF: the job as its title, the letter's paragraphs, the
    terms as a table and the expiry. Chinese letters (or any letter with
    Chinese in it, a Chinese name in an English letter) use STSong-Light and
    wrap between characters; English ones use Helvetica and wrap between words."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    letter = letter_text(template, offer)
    language = template.language
    rows = terms_rows(offer, language)
    everything = letter["text"] + "".join(label + value for label, value in rows)
    chinese = language.startswith("zh")
    if chinese or _has_cjk(everything):
        if CJK_FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(UnicodeCIDFont(CJK_FONT))
        font, bold = CJK_FONT, CJK_FONT
    else:
        font, bold = "Helvetica", "Helvetica-Bold"
    # CJK wrapping breaks between any two characters, as Chinese text does.
    wrap = "CJK" if chinese else None
    body = ParagraphStyle("body", fontName=font, fontSize=11, leading=17 if chinese else 15, wordWrap=wrap)
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=16, leading=22, spaceAfter=4 * mm)
    cell = ParagraphStyle("cell", parent=body, fontSize=10, leading=14)

    with translation.override(language):
        heading = gettext("Offer of employment: %(job)s") % {"job": offer.application.job.title}
        terms_heading = gettext("The terms")
    story: list[Any] = [Paragraph(escape(heading), title)]
    for paragraph in letter["text"].replace("\r\n", "\n").split("\n\n"):
        if paragraph.strip():
            story += [Paragraph(escape(paragraph.strip()).replace("\n", "<br/>"), body), Spacer(1, 3 * mm)]
    if rows:
        story += [Spacer(1, 3 * mm), Paragraph(escape(terms_heading), ParagraphStyle("h2", parent=title, fontSize=13))]
        table = Table(
            [
                [Paragraph(escape(label), cell), Paragraph(escape(value).replace("\n", "<br/>"), cell)]
                for label, value in rows
            ],
            colWidths=[45 * mm, 120 * mm],
        )
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#d0d7de")),
                    ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#f6f8fa")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=heading, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm
    )
    document.build(story)
    return buffer.getvalue()


def pdf_filename(offer: Offer) -> str:
    return f"offer-{offer.public_id}.pdf"
