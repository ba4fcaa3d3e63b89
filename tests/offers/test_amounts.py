"""An offer's salary reads as recruiters say it, in its own currency: ¥450,000 in English, ¥45万 in Chinese."""

from django.utils import translation

from offers.models import OfferVersion
from offers.templatetags.offers import base_salary


def test_english_groups_thousands_and_chinese_counts_in_wan():
    version = OfferVersion(base_salary="450000.00", currency="CNY")
    with translation.override("en"):
        assert base_salary(version) == "¥450,000"
    with translation.override("zh-hans"):
        assert base_salary(version) == "¥45万"
    assert base_salary(OfferVersion(base_salary="120000.50", currency="USD")) == "$120,000.50"


def test_nothing_stored_reads_as_nothing():
    assert base_salary(OfferVersion(base_salary=None, currency="CNY")) == ""
