"""The app shell in a real browser: the keyboard reaches the search, the sidebar
collapses and stays so, and the user menu opens and signs out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

# The class among others (app.js adds "js" to the same element).
COLLAPSED = re.compile(r"(^|\s)sidebar-collapsed(\s|$)")

pytestmark = pytest.mark.browser


def sign_in(page) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("recruiter@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_test_id("current-user")).to_be_visible()


def test_slash_focuses_the_search_which_opens_the_candidate_list(page, recruiter):
    sign_in(page)
    page.keyboard.press("/")
    search = page.get_by_test_id("global-search")
    expect(search).to_be_focused()
    search.fill("Zhang")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/candidates/\?q=Zhang$"))
    # Typing "/" in a field types it; it does not jump to the search.
    expect(page.get_by_test_id("global-search")).to_have_value("Zhang")
    page.get_by_test_id("global-search").press("End")
    page.get_by_test_id("global-search").press("/")
    expect(page.get_by_test_id("global-search")).to_have_value("Zhang/")
    assert page.csp_violations == []


def test_the_sidebar_collapses_to_its_icons_and_stays_collapsed(page, recruiter):
    sign_in(page)
    toggle = page.locator("[data-sidebar-toggle]")
    candidates = page.locator(".app-sidebar").get_by_role("link", name="Candidates", exact=True)
    wide = candidates.bounding_box()["width"]
    toggle.click()
    expect(page.locator("html")).to_have_class(COLLAPSED)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert candidates.bounding_box()["width"] < wide / 3  # the link keeps its name for screen readers
    page.reload()
    expect(page.locator("html")).to_have_class(COLLAPSED)  # the server draws it collapsed
    page.locator("[data-sidebar-toggle]").click()
    expect(page.locator("html")).not_to_have_class(COLLAPSED)
    assert page.csp_violations == []


def test_the_user_menu_shows_the_time_zone_and_signs_out(page, recruiter):
    sign_in(page)
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_hidden()
    page.get_by_test_id("current-user").click()
    expect(page.get_by_text(f"Time zone: {recruiter.time_zone}")).to_be_visible()
    page.keyboard.press("Escape")
    expect(sign_out).to_be_hidden()
    page.get_by_test_id("current-user").click()
    sign_out.click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert page.csp_violations == []
