"""The letter's text and PDF (offers.letters): merge values in the letter's
language, money with its currency, and a Chinese PDF whose text reads back."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from offers import letters
from offers.models import OfferLetterTemplate
from tests import factories
from tests.offers.factories import approved_offer, default_letters

pytestmark = pytest.mark.django_db


def template(language: str) -> OfferLetterTemplate:
    default_letters()
    return OfferLetterTemplate.objects.get(language=language, archived_at__isnull=True)


def chinese_offer(job):
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    return approved_offer(application=factories.application(job_=job, candidate_=candidate), base_salary="600000")


def test_the_chinese_letter_writes_salaries_in_wan_with_the_candidates_name(job):
    offer = chinese_offer(job)
    text = letters.letter_text(template("zh-hans"), offer)["text"]
    assert "王小明，您好" in text
    assert "您的基本工资为¥60万（每月）" in text
    assert "Robot Whisperer" in text and "Shanghai" in text


def test_the_english_letter_groups_the_salary_and_names_the_pay_period(job):
    offer = approved_offer(application=factories.application(job_=job), base_salary="45000.00")
    text = letters.letter_text(template("en"), offer)["text"]
    assert "¥45,000 per month" in text
    assert "Shanghai" in text and "Acme Robotics" in text


def test_the_html_letter_escapes_what_staff_and_candidates_wrote(job):
    candidate = factories.candidate(full_name="<b>Eve</b>")
    offer = approved_offer(application=factories.application(job_=job, candidate_=candidate))
    html = letters.letter_text(template("en"), offer)["html"]
    assert "&lt;b&gt;Eve&lt;/b&gt;" in html and "<b>" not in html
    assert "<br>" in html


def test_the_chinese_pdf_reads_back_with_the_candidates_name_and_the_terms(job):
    offer = chinese_offer(job)
    pdf = letters.letter_pdf(template("zh-hans"), offer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\n", "")
    assert "王小明" in text
    for term in ("¥60万", "¥8万", "10,000 RSU", "Shanghai", "Robot Whisperer", "基本工资"):
        assert term in text, term


def test_the_english_pdf_has_the_terms_table_and_the_expiry(job):
    offer = approved_offer(application=factories.application(job_=job))
    pdf = letters.letter_pdf(template("en"), offer)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Offer of employment: Robot Whisperer" in text
    assert "Base salary" in text and "Offer expires on" in text and "¥40,000" in text


def test_unknown_and_known_fields_are_told_apart():
    text = "{{ candidate_name }} {{ base_salary }} {{ salary }} {{ candidate.name }} {{ survey_link }}"
    # A link to another candidate page has no value in a letter: refused like an unknown name.
    assert letters.unknown_fields(text) == ["salary", "candidate.name", "survey_link"]
