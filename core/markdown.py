"""Markdown written by staff, made safe to show to anyone.

Recruiters write the careers site's culture text, employee stories and job
descriptions in Markdown. The Markdown is rendered, then everything that is
not on a short allow-list is removed by nh3 (a Rust HTML sanitiser): raw HTML
in the source never survives, images never come from Markdown (photos are
checked uploads), and links keep only http, https and mailto addresses.
"""

from __future__ import annotations

import html

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "a",
    "blockquote",
    "code",
    "pre",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
# Headings written as "#" become h2: the page's own title is the only h1.
HEADING_SHIFT = {"h1": "h2", "h5": "h4", "h6": "h4"}
# What a body may hold at most: a longer text is cut before rendering.
MAX_SOURCE_CHARS = 50_000


def markdown_to_safe_html(text: str) -> SafeString:
    """``text`` (Markdown) as HTML holding only the allowed tags; links get
    ``rel="nofollow noopener"``. Empty text gives an empty string."""
    if not text or not text.strip():
        return mark_safe("")
    source = text[:MAX_SOURCE_CHARS]
    # No raw HTML: escape it before Markdown sees it, so "<script>" is shown as text.
    source = source.replace("&", "&amp;").replace("<", "&lt;")
    rendered = markdown_lib.markdown(source, extensions=["sane_lists"], output_format="html")
    for old, new in HEADING_SHIFT.items():
        rendered = rendered.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    clean = nh3.clean(
        rendered,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="nofollow noopener",
        strip_comments=True,
    )
    return mark_safe(clean)  # nh3 kept only the allow-list above


def markdown_to_text(text: str) -> str:
    """``text`` (Markdown) as plain text: the sanitised HTML without its tags."""
    plain = nh3.clean(str(markdown_to_safe_html(text)), tags=set(), attributes={})
    return " ".join(html.unescape(plain).split())
