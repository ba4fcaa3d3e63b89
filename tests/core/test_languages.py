"""core.languages: a text made once, read in either language."""

from django.utils import translation
from django.utils.translation import gettext_lazy

from core.languages import for_reader, in_each_language


def test_a_text_is_rendered_in_each_language_from_its_messages():
    texts = in_each_language(lambda: f"cv.pdf: {gettext_lazy('This file is empty.')}")
    assert texts["en"] == "cv.pdf: This file is empty."
    assert texts["zh-hans"].startswith("cv.pdf: ") and "empty" not in texts["zh-hans"]


def test_a_text_is_cut_to_its_length_in_each_language():
    assert in_each_language(lambda: "x" * 20, max_length=5) == {"en": "xxxxx", "zh-hans": "xxxxx"}


def test_the_reader_reads_their_language_else_the_default_else_any():
    texts = {"en": "Refused", "zh-hans": "已拒绝"}
    with translation.override("zh-hans"):
        assert for_reader(texts) == "已拒绝"
        assert for_reader({"en": "Refused"}) == "Refused"
    with translation.override("en"):
        assert for_reader(texts) == "Refused"
        assert for_reader({"zh-hans": "已拒绝"}) == "已拒绝"
    assert for_reader({}) == "" and for_reader(None) == ""
