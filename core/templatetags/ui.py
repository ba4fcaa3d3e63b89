"""The design system's template helpers: ``{% icon %}``, ``{% avatar %}`` and the
colour classes of states, so the board, the profile and the reports agree."""

from __future__ import annotations

import unicodedata
import zlib
from functools import cache
from pathlib import Path

from django import template
from django.template.base import token_kwargs
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ICON_LIST = Path(__file__).resolve().parents[1] / "icons.txt"
AVATAR_HUES = 8


@cache
def icon_names() -> frozenset[str]:
    """The icons in the vendored sprite (static/vendor/bootstrap-icons/icons.svg)."""
    return frozenset(line.strip() for line in ICON_LIST.read_text().splitlines() if line.strip())


@register.simple_tag
def icon(name: str, css: str = ""):
    """An icon from the sprite, hidden from screen readers: the label beside it says what it means."""
    if name not in icon_names():
        raise template.TemplateSyntaxError(f"Icon {name!r} is not in the sprite: add it to core/icons.txt")
    classes = f"bi {css}".strip()
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
        classes,
        static("vendor/bootstrap-icons/icons.svg"),
        name,
    )


def _is_cjk(char: str) -> bool:
    return unicodedata.name(char, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))


@register.filter
def initials(name: str) -> str:
    """Up to two letters for an avatar: "Ada Lovelace" → "AL"; a Chinese name's given
    name ("王小明" → "小明"), as Chinese apps show it; "" for no name."""
    name = (name or "").strip()
    if not name:
        return ""
    if _is_cjk(name[0]):
        han = "".join(char for char in name if _is_cjk(char))
        return han[-2:] if len(han) > 2 else han
    words = [word for word in name.replace("-", " ").split() if word[0].isalnum()]
    if not words:
        return name[0].upper()
    if len(words) == 1:
        return words[0][0].upper()
    return (words[0][0] + words[-1][0]).upper()


@register.filter
def avatar_hue(name: str) -> str:
    """A colour class chosen from the name, the same on every page and every run."""
    return f"avatar-hue-{zlib.crc32((name or '').strip().casefold().encode()) % AVATAR_HUES}"


@register.simple_tag
def avatar(name: str, size: str = ""):
    """A round badge with the initials, coloured from the name; the name itself is beside it."""
    classes = f"avatar {avatar_hue(name)}" + (f" avatar-{size}" if size else "")
    return format_html('<span class="{}" aria-hidden="true">{}</span>', classes, initials(name))


STATUS_TONES = {
    # Application
    "active": "accent",
    "hired": "success",
    "rejected": "danger",
    "withdrawn": "neutral",
    # Job
    "draft": "neutral",
    "open": "success",
    "on_hold": "warning",
    "filled": "info",
    "closed": "neutral",
    # Interview, scorecard, self-scheduling, email
    "scheduled": "accent",
    "completed": "success",
    "cancelled": "neutral",
    "submitted": "success",
    "booked": "success",
    "other_times": "warning",
    "sent": "success",
    "failed": "danger",
    "queued": "info",
    # Offer and its approvals
    "awaiting_approval": "warning",
    "approved": "success",
    "accepted": "success",
    "declined": "danger",
    "expired": "neutral",
    "pending": "warning",
    # Candidates' requests about their data
    "awaiting_confirmation": "warning",
    "done": "success",
    "refused": "neutral",
}


@register.filter
def status_pill(status: str) -> str:
    """The pill class of a status value: ``<span class="{{ application.status|status_pill }}">``."""
    return f"pill pill-{STATUS_TONES.get(status, 'neutral')}"


@register.filter
def stage_pill(kind: str) -> str:
    """The pill class of a stage kind (screening, phone, technical, behavioural, final, offer)."""
    return f"pill stage-{kind or 'other'}"


class PageHeaderNode(template.Node):
    SECTIONS = ("breadcrumb", "header_facts", "header_actions", "header_menu")

    def __init__(self, title, options, sections):
        self.title = title
        self.options = options
        self.sections = sections

    def render(self, context):
        # Each section is rendered template output, escaped as it was rendered.
        parts = {name: nodelist.render(context).strip() for name, nodelist in self.sections.items()}
        with context.push(
            title=self.title.resolve(context),
            **{name: value.resolve(context) for name, value in self.options.items()},
            breadcrumb=mark_safe(parts.get("breadcrumb", "")),
            facts=mark_safe(parts.get("header_facts", "")),
            actions=mark_safe(parts.get("header_actions", "")),
            menu=mark_safe(parts.get("header_menu", "")),
        ):
            return context.template.engine.get_template("_layout/page_header.html").render(context)


@register.tag
def page_header(parser, token):
    """A page's header: breadcrumb, title, a line of key facts, the primary action at the
    right and the secondary ones in a menu (templates/_layout/page_header.html)::

        {% page_header title testid="job-title" avatar=candidate.full_name %}
          <li class="breadcrumb-item"><a href="…">Jobs</a></li>
        {% header_facts %}
          <li>3 open</li>
        {% header_actions %}
          <a class="btn btn-primary" href="…">New job</a>
        {% header_menu %}
          <a class="menu-item" href="…">Import</a>
        {% endpage_header %}

    Every section is optional; the breadcrumb is what comes before the first marker.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("page_header takes the title, then testid=… and avatar=… if wanted")
    title = parser.compile_filter(bits[1])
    options = token_kwargs(bits[2:], parser)
    if len(options) != len(bits) - 2 or set(options) - {"testid", "avatar"}:
        raise template.TemplateSyntaxError("page_header's options are testid=… (of the title) and avatar=… (a name)")
    sections = {}
    name = "breadcrumb"
    while True:
        nodelist = parser.parse(("header_facts", "header_actions", "header_menu", "endpage_header"))
        sections[name] = nodelist
        marker = parser.next_token().contents
        if marker == "endpage_header":
            break
        if marker in sections:
            raise template.TemplateSyntaxError(f"page_header has two {marker} sections")
        name = marker
    return PageHeaderNode(title, options, sections)
