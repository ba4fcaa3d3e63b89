"""A person's sessions page and the password asked again before an export, in
a real browser: no console error, no CSP violation, in both languages."""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from accounts import sessions
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def age_the_check(page, seconds: int) -> None:
    """Move this browser's sign-in ``seconds`` into the past."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    store = SessionStore(session_key=key)
    store[sessions.SIGNED_IN_AT] -= seconds
    store["account_authentication_methods"] = [
        {**record, "at": record["at"] - seconds} for record in store.get("account_authentication_methods", [])
    ]
    store.save()


def age_the_check_for_good(page, seconds: int) -> None:
    """Age the check once no request of the page is in flight any more: the list
    saves its search in the session, and a search that started before the aging
    and ended after it would save its older copy over the aged one."""
    key = next(c["value"] for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    for _attempt in range(5):
        page.wait_for_load_state("networkidle")
        age_the_check(page, seconds)
        page.wait_for_timeout(1000)
        page.wait_for_load_state("networkidle")
        if time.time() - SessionStore(session_key=key)[sessions.SIGNED_IN_AT] >= seconds:
            return
    raise AssertionError("the page kept saving its session over the aged one")


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


def test_an_export_after_sixteen_minutes_asks_for_the_password_and_comes_back_to_the_list(page, recruiter, screenshot):
    factories.candidate(full_name="Grace Hopper")
    sign_in(page, recruiter.email)
    page.goto("/candidates/?q=Grace")
    age_the_check_for_good(page, 16 * 60)
    page.get_by_test_id("export-links").get_by_text("Export CSV").click()
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
