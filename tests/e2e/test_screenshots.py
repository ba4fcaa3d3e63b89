"""The main pages in both languages at 1280 × 800 and 1920 × 1080, on the demo agency.

Each page is saved as a full-page screenshot under var/test-artifacts
(TEST_ARTIFACTS_DIR), named ``<test>-<language>-<width>x<height>-<n>-<page>.png``,
and on each the test checks what a reviewer would see at a glance: the page does
not scroll sideways, no sidebar item wraps or is cut short, the top bar keeps to
one row, and the tab title names the page before the product.

With UPDATE_DOCS_SCREENSHOTS=1 the two pictures of the README (the board in English
and a profile in Chinese, both 1280 × 800) are written to docs/screenshots/ as well.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from accounts.demo import DEMO_PASSWORD_DEFAULT
from interviews.models import Application, Interview
from jobs.models import Job
from messaging.models import EmailTemplate

pytestmark = pytest.mark.browser

SIZES = [(1280, 800), (1920, 1080)]
DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# (language, page) → file under docs/screenshots/, at the first size.
DOCS_SHOTS = {("en", "board"): "board-en.png", ("zh-hans", "profile"): "profile-zh-hans.png"}


@dataclass(frozen=True)
class Shot:
    name: str
    email: str
    url: str


def demo_pages() -> list[Shot]:
    """The pages to look at, each as the persona who works in it, on seeded data."""
    recruiter = "recruiter@demo.test"
    interviewer = "interviewer@demo.test"
    job = Job.objects.filter(recruiter__email=recruiter, status=Job.Status.OPEN).order_by("pk").first()
    # An application past its first stage: its debrief has scorecards to compare.
    application = (
        Application.objects.filter(job=job, status=Application.Status.ACTIVE, stage__order__gt=1)
        .select_related("candidate")
        .order_by("stage__order", "pk")
        .first()
    )
    scored = (
        Interview.objects.filter(application=application, stage__order__lt=application.stage.order)
        .order_by("-starts_at")
        .first()
    )
    own_interview = (
        Interview.objects.filter(panelists__user__email=interviewer, status=Interview.Status.SCHEDULED)
        .order_by("starts_at")
        .first()
    )
    assert EmailTemplate.objects.exists()
    return [
        Shot("home", recruiter, reverse("home")),
        Shot("candidate-list", recruiter, reverse("candidates:candidate-list")),
        Shot("profile", recruiter, reverse("candidates:candidate-detail", args=[application.candidate.public_id])),
        Shot("board", recruiter, reverse("interviews:board", args=[job.public_id])),
        Shot("scheduling", recruiter, reverse("interviews:interview-schedule", args=[application.public_id])),
        Shot("debrief", recruiter, reverse("interviews:debrief", args=[application.public_id, scored.stage_id])),
        Shot("reports", recruiter, reverse("analytics:report", args=["funnel"])),
        Shot("pools", recruiter, reverse("talentpool:pool-list")),
        Shot("templates", recruiter, reverse("messaging:template-list")),
        Shot("scorecard", interviewer, reverse("interviews:interview-detail", args=[own_interview.public_id])),
    ]


# What the page measures of itself: sideways scrolling, sidebar labels that wrap
# or are cut short (ellipsis), and a top bar taller than its one row.
LAYOUT = """() => {
  const root = document.documentElement;
  const labels = [...document.querySelectorAll(".app-sidebar .app-nav-link .nav-label")].map((label) => {
    const lineHeight = parseFloat(getComputedStyle(label).lineHeight);
    return {
      text: label.textContent.trim(),
      wraps: label.getBoundingClientRect().height > lineHeight * 1.5,
      cut: label.scrollWidth > label.clientWidth + 1,
    };
  });
  const topbar = document.querySelector(".app-topbar");
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: root.clientWidth,
    labels,
    topbarHeight: topbar ? topbar.getBoundingClientRect().height : null,
  };
}"""


def sign_in(page, email: str) -> None:
    page.goto(reverse("account_login"))
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD_DEFAULT)
    page.locator("form button[type=submit]:not([name=language])").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def switch_language(page, language: str) -> None:
    if page.locator("html").get_attribute("lang") != language:
        page.locator(f".app-topbar button[name=language][value={language}]").click()
        expect(page.locator("html")).to_have_attribute("lang", language)


def save_for_docs(page, filename: str) -> None:
    """The screen as a reader first sees it, in a small palette PNG for the README."""
    from PIL import Image

    DOCS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot(caret="initial"))).convert("RGB")
    image.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(DOCS / filename, optimize=True)


def test_the_main_pages_fit_in_both_languages_at_both_sizes(browser, live_server, screenshot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", force=True, stdout=io.StringIO())
    shots = demo_pages()
    update_docs = os.environ.get("UPDATE_DOCS_SCREENSHOTS") == "1"
    problems: list[str] = []

    for email in dict.fromkeys(shot.email for shot in shots):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda message, out=errors: out.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error, out=errors: out.append(str(error)))
        sign_in(page, email)
        for language in ("en", "zh-hans"):
            switch_language(page, language)
            for number, shot in enumerate(shots, start=1):
                if shot.email != email:
                    continue
                page.set_viewport_size({"width": 1280, "height": 800})
                page.goto(shot.url)
                page.wait_for_load_state("networkidle")
                expect(page.locator("html")).to_have_attribute("lang", language)
                title = page.title()
                if not re.fullmatch(r".+ · RecruitCRM", title):
                    problems.append(f"{language} {shot.name}: tab title {title!r}")
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    label = f"{language}-{width}x{height}-{number:02d}-{shot.name}"
                    layout = page.evaluate(LAYOUT)
                    wide, visible = layout["scrollWidth"], layout["clientWidth"]
                    if wide > visible:
                        problems.append(f"{label}: scrolls sideways ({wide} > {visible} px)")
                    for item in layout["labels"]:
                        if item["wraps"] or item["cut"]:
                            problems.append(f"{label}: sidebar item {item['text']!r} wraps or is cut short")
                    if layout["topbarHeight"] != 56:
                        problems.append(f"{label}: the top bar is {layout['topbarHeight']} px high, not one row")
                    screenshot(page, label)
                    if update_docs and (width, height) == SIZES[0] and (language, shot.name) in DOCS_SHOTS:
                        save_for_docs(page, DOCS_SHOTS[(language, shot.name)])
        problems.extend(f"{email}: console: {error}" for error in errors)
        context.close()

    assert problems == []
