"""A person's sessions page and the password asked again before an export, in
a real browser: no console error, no CSP violation, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_a_recruiter_sees_their_sessions_from_the_user_menu(page, recruiter, screenshot):
    sign_in(page, recruiter.email)
    page.get_by_test_id("current-user").click()
    page.get_by_test_id("menu-sessions").click()
    expect(page.get_by_role("heading", name="Your sessions")).to_be_visible()
    row = page.get_by_test_id("session-row")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Chrom")
    expect(page.get_by_test_id("this-session")).to_be_visible()
    screenshot(page, "sessions-en")
    page.get_by_role("button", name="简体中文").click()
    expect(page.get_by_role("heading", name="我的会话")).to_be_visible()
    expect(page.get_by_test_id("this-session")).to_have_text("当前会话")
    screenshot(page, "sessions-zh-hans")


def test_the_password_check_before_an_export_refuses_a_wrong_password_and_comes_back_to_the_list(
    page, recruiter, screenshot
):
    # Where an export more than 15 minutes after the last check is sent (the
    # redirect itself, for every sensitive action, is in
    # tests/accounts/test_reauthentication.py): the page, in a real browser.
    factories.candidate(full_name="Grace Hopper")
    sign_in(page, recruiter.email)
    page.goto("/accounts/reauthenticate/?next=/candidates/%3Fq%3DGrace")
    expect(page.get_by_role("heading", name="Confirm it is you")).to_be_visible()
    expect(page.get_by_test_id("reauthenticate-again")).to_be_visible()
    screenshot(page, "reauthenticate-en")
    page.locator("input[name=password]").fill("not the password")
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("Incorrect password.")).to_be_visible()
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url("/candidates/?q=Grace")
    with page.expect_download() as download:
        page.get_by_test_id("export-links").get_by_text("Export CSV").click()
    assert download.value.suggested_filename.endswith(".csv")
