"""The design system's template helpers and the classes they name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template, TemplateSyntaxError

from core.templatetags.ui import STATUS_TONES, avatar_hue, icon_names, initials
from interviews.models import Application, StageKind

BASE_DIR = Path(__file__).resolve().parents[2]
SPRITE = BASE_DIR / "static" / "vendor" / "bootstrap-icons" / "icons.svg"
APP_CSS = (BASE_DIR / "static" / "css" / "app.css").read_text()


def render(source: str, **context) -> str:
    return Template("{% load ui %}" + source).render(Context(context))


def test_an_icon_is_a_hidden_svg_that_uses_the_vendored_sprite():
    html = render('{% icon "people" "me-1" %}')
    assert html == (
        '<svg class="bi me-1" aria-hidden="true" focusable="false">'
        '<use href="/static/vendor/bootstrap-icons/icons.svg#people"></use></svg>'
    )


def test_an_icon_missing_from_the_sprite_is_refused():
    with pytest.raises(TemplateSyntaxError, match="not in the sprite"):
        render('{% icon "rocket-takeoff" %}')


def test_the_sprite_holds_every_listed_icon_and_every_icon_the_templates_use():
    symbols = set(re.findall(r'<symbol id="([^"]+)"', SPRITE.read_text()))
    assert symbols == set(icon_names())
    used = set()
    for path in (BASE_DIR / "templates").rglob("*.html"):
        text = path.read_text()
        used |= set(re.findall(r'{%\s*icon\s+"([^"]+)"', text))
        used |= set(re.findall(r'\b(?:icon|action_icon)="([^"]+)"', text))
    assert used - symbols == set()
    assert (SPRITE.parent / "LICENSE").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Ada Lovelace", "AL"),
        ("Grace Brewster Murray Hopper", "GH"),
        ("madonna", "M"),
        ("Jean-Luc Picard", "JP"),
        ("王小明", "小明"),
        ("李娜", "李娜"),
        ("欧阳娜娜", "娜娜"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_initials_follow_the_way_each_language_shortens_a_name(name, expected):
    assert initials(name) == expected


def test_an_avatars_colour_comes_from_the_name_and_stays_the_same():
    assert avatar_hue("Ada Lovelace") == avatar_hue(" ada lovelace ")
    hues = {avatar_hue(name) for name in ["Ada Lovelace", "王小明", "Grace Hopper", "李娜", "Tom Baker", "陈敏"]}
    assert len(hues) > 1
    for hue in hues:
        assert f".{hue} {{" in APP_CSS


def test_an_avatar_shows_the_initials_and_hides_them_from_screen_readers():
    html = render('{% avatar name "lg" %}', name="Ada Lovelace")
    assert html == f'<span class="avatar {avatar_hue("Ada Lovelace")} avatar-lg" aria-hidden="true">AL</span>'


def test_every_application_status_and_stage_kind_has_its_colour():
    for status in Application.Status.values:
        tone = STATUS_TONES[status]
        assert f".pill-{tone} {{" in APP_CSS
        assert render("{{ status|status_pill }}", status=status) == f"pill pill-{tone}"
    for kind in StageKind.values:
        assert f".stage-{kind} {{" in APP_CSS
        assert render("{{ kind|stage_pill }}", kind=kind) == f"pill stage-{kind}"


def test_a_page_header_places_breadcrumb_title_facts_and_actions():
    html = render(
        "{% page_header title testid='job-title' avatar='Ada Lovelace' %}"
        '<li class="breadcrumb-item"><a href="/jobs/">Jobs</a></li>'
        "{% header_facts %}<li>3 openings</li>"
        '{% header_actions %}<a class="btn btn-primary" href="/new/">New</a>'
        '{% header_menu %}<a class="menu-item" href="/edit/">Edit</a>'
        "{% endpage_header %}",
        title="Engineer <Python>",
    )
    assert '<ol class="breadcrumb"><li class="breadcrumb-item"><a href="/jobs/">Jobs</a></li></ol>' in html
    assert '<h1 class="page-title" data-testid="job-title">Engineer &lt;Python&gt;</h1>' in html
    assert '<ul class="page-facts" data-testid="page-facts"><li>3 openings</li></ul>' in html
    assert '<a class="btn btn-primary" href="/new/">New</a>' in html
    assert '<details class="page-menu" data-menu>' in html and '<a class="menu-item" href="/edit/">Edit</a>' in html
    assert 'class="avatar ' in html


def test_a_page_header_leaves_out_the_parts_a_page_does_not_have():
    html = render("{% page_header 'Candidates' %}{% endpage_header %}")
    assert '<h1 class="page-title">Candidates</h1>' in html
    assert "breadcrumb" not in html and "page-facts" not in html and "page-actions" not in html


def test_a_page_header_refuses_unknown_options():
    with pytest.raises(TemplateSyntaxError):
        render("{% page_header 'x' colour='red' %}{% endpage_header %}")
