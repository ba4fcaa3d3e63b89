"""Recruiters' Markdown, made safe for the public site."""

from __future__ import annotations

import re

import pytest

from core.markdown import markdown_to_safe_html, markdown_to_text


def test_markdown_renders_the_allowed_formatting():
    html = markdown_to_safe_html("## Team\n\n**bold** *it* `code`\n\n- one\n- two\n\n> quote")
    for tag in ("<h2>", "<strong>", "<em>", "<code>", "<ul>", "<li>", "<blockquote>"):
        assert tag in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://e.test" onclick="alert(1)">x</a>',
        "<iframe src=https://evil.test></iframe>",
        '<svg onload="alert(1)"></svg>',
        "<style>body{display:none}</style>",
    ],
)
def test_raw_html_never_passes_through(source):
    html = markdown_to_safe_html(source)
    assert set(re.findall(r"<(\w+)", html)) == {"p"}  # the source is shown as text
    assert "&lt;" in html


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)"],
)
def test_only_http_https_and_mailto_links_keep_their_address(link):
    html = markdown_to_safe_html(f"[click]({link})")
    assert "href" not in html
    assert "click" in html


def test_safe_links_are_kept_with_nofollow_noopener():
    html = markdown_to_safe_html("[site](https://e.test/a) [mail](mailto:hr@e.test)")
    assert 'href="https://e.test/a"' in html and 'href="mailto:hr@e.test"' in html
    assert html.count('rel="nofollow noopener"') == 2


def test_markdown_images_are_dropped():
    html = markdown_to_safe_html("![tracker](https://evil.test/pixel.png)")
    assert "<img" not in html and "evil.test" not in html


def test_a_top_heading_becomes_a_second_level_heading():
    assert "<h2>Title</h2>" in markdown_to_safe_html("# Title")


def test_empty_text_is_empty():
    assert markdown_to_safe_html("") == "" and markdown_to_safe_html("   \n") == ""


def test_plain_text_drops_tags_and_keeps_words():
    assert markdown_to_text("# Hi & bye\n\n- a <b>x</b>") == "Hi & bye a <b>x</b>"
