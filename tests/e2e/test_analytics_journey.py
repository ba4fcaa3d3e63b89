"""A recruiter reads the reports in a real browser, once in English and once
in 简体中文: opens each dashboard from the nav and the tabs, sees the charts
drawn (Chart.js from static/, under the page's CSP), narrows the figures to
one source (the URL carries it, the table changes, the next tab keeps it) and
downloads a table as CSV, then refreshes the figures. No console errors, no
CSP violations.

Each dashboard is left as a screenshot under var/test-artifacts/analytics
(TEST_ARTIFACTS_DIR), named ``<language>-<n>-<report>[-<step>].png``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from analytics.report_views import REPORTS
from tests.analytics.test_report_pages import build_world
from tests.browser import ARTIFACTS
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SHOTS = ARTIFACTS / "analytics"


@dataclass(frozen=True)
class Login:
    language: str
    switch_to: str | None
    email: str
    password: str
    sign_in: str


ENGLISH = Login("en", None, "Email", "Password", "Sign in")
CHINESE = Login("zh-hans", "简体中文", "邮箱地址", "密码", "登录")


def shoot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def console_error(message) -> str | None:
    """The text of a console error; None for the browser's own favicon request (the site has none)."""
    url = (message.location or {}).get("url", "")
    return None if url.endswith("/favicon.ico") else f"{message.text} ({url})"


def charts_drawn(page) -> None:
    canvases = page.locator("canvas[data-chart]")
    expect(page.locator("canvas[data-drawn=true]")).to_have_count(canvases.count())


@pytest.mark.parametrize("ui", [ENGLISH, CHINESE], ids=lambda ui: ui.language)
def test_a_recruiter_reads_filters_and_exports_every_report(page, admin_user, recruiter, interviewer, ui):
    world = build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer)
    referral = world.sources["Referral"]
    errors: list[str] = []
    page.on("console", lambda message: errors.append(console_error(message)) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto("/accounts/login/")
    if ui.switch_to:
        page.get_by_role("button", name=ui.switch_to).click()
    expect(page.locator("html")).to_have_attribute("lang", ui.language)
    page.get_by_label(ui.email).fill(recruiter.email)
    page.get_by_label(ui.password).fill(PASSWORD)
    page.get_by_role("button", name=ui.sign_in, exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()

    page.get_by_test_id("nav-reports").click()
    expect(page).to_have_url("/analytics/funnel/")
    tabs = page.get_by_test_id("report-tabs").get_by_role("link")
    expect(tabs).to_have_count(len(REPORTS))

    for n, key in enumerate(REPORTS, start=1):
        # Open the dashboard from its tab, with the period chosen so far.
        tabs.nth(n - 1).click()
        page.wait_for_url(re.compile(rf"/analytics/{key}/"))
        expect(page.locator("html")).to_have_attribute("lang", ui.language)
        expect(page.get_by_test_id("report-table").first).to_be_visible()
        charts_drawn(page)
        shoot(page, f"{ui.language}-{n}-{key}")
        before = page.get_by_test_id("report-table").all_inner_texts()

        # One source only: the URL carries it, the figures change.
        page.locator("#id_source").select_option(str(referral.pk))
        page.get_by_test_id("report-filters").locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/analytics/{key}/\?.*source={referral.pk}"))
        expect(page.locator("#id_source")).to_have_value(str(referral.pk))
        charts_drawn(page)
        after = page.get_by_test_id("report-table").all_inner_texts()
        if key == "sources":
            table = page.get_by_test_id("table-sources")
            expect(table).to_contain_text("Referral")
            expect(table).not_to_contain_text("Job board")
        assert after != before, key
        shoot(page, f"{ui.language}-{n}-{key}-referral")

        # The first table as CSV, under the same filters.
        with page.expect_download() as download_info:
            page.get_by_test_id("export-csv").first.click()
        download = download_info.value
        assert download.suggested_filename.startswith(f"{key}-") and download.suggested_filename.endswith(".csv")
        content = Path(download.path()).read_bytes()
        assert content.startswith(b"\xef\xbb\xbf")
        header, *rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
        shown = page.get_by_test_id("report-table").first.locator("thead th").all_inner_texts()
        assert header == shown or (not shown and not rows)  # a table with no rows shows no header
        assert not any("Beta" in cell for row in rows for cell in row)

        # Back to every source for the next tab.
        page.locator("#id_source").select_option("")
        page.get_by_test_id("report-filters").locator("button[type=submit]").click()
        page.wait_for_url(re.compile(rf"/analytics/{key}/\?.*source=(&|$)"))

    # The tabs keep the filters.
    page.locator("#id_source").select_option(str(referral.pk))
    page.get_by_test_id("report-filters").locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"source={referral.pk}"))
    tabs.first.click()
    page.wait_for_url(re.compile(rf"/analytics/funnel/\?.*source={referral.pk}"))
    expect(page.locator("#id_source")).to_have_value(str(referral.pk))

    # "Refresh now" recomputes the roll-up and comes back to the same filters.
    page.get_by_test_id("refresh").click()
    page.wait_for_url(re.compile(rf"/analytics/funnel/\?.*source={referral.pk}"))
    expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#id_source")).to_have_value(str(referral.pk))

    assert page.csp_violations == []
    assert [error for error in errors if error] == []
