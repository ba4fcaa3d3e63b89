"""The money filter: an amount with its currency and grouping, in the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core.templatetags.money import format_money, parse_money


def render(value: object, language: str) -> str:
    with translation.override(language):
        return Template("{% load money %}{{ value|money }}").render(Context({"value": value}))


@pytest.mark.parametrize(
    ("value", "english", "chinese"),
    [
        (600000, "¥600,000", "¥60万"),
        ("600000", "¥600,000", "¥60万"),
        ("600,000 CNY", "¥600,000", "¥60万"),
        ("¥60万", "¥600,000", "¥60万"),
        ("RMB 655000", "¥655,000", "¥65.5万"),
        ("CNY 800k", "¥800,000", "¥80万"),
        ("USD 120k", "$120,000", "$12万"),
        ("8000", "¥8,000", "¥8,000"),
        ("30万元", "¥300,000", "¥30万"),
        (Decimal("1234.5"), "¥1,234.50", "¥1,234.50"),
    ],
)
def test_an_amount_reads_with_its_currency_and_grouping_in_both_languages(value, english, chinese):
    assert render(value, "en") == english
    assert render(value, "zh-hans") == chinese


@pytest.mark.parametrize("value", ["negotiable", "500k-600k", "面议", "about 50 thousand"])
def test_text_that_is_not_one_amount_is_shown_as_typed(value):
    assert parse_money(value) is None
    assert render(value, "en") == render(value, "zh-hans")
    assert "¥" not in render(value, "en")


def test_nothing_renders_as_nothing():
    assert render(None, "en") == ""
    assert render("", "zh-hans") == ""


def test_the_format_follows_the_active_language_unless_one_is_named():
    with translation.override("zh-hans"):
        assert format_money(Decimal(600000), "CNY") == "¥60万"
        assert format_money(Decimal(600000), "CNY", "en") == "¥600,000"
