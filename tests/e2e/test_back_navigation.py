"""Going back to a page that htmx updated in place shows the whole page again.

The candidate list answers a search with the page for a browser and with the
results region for htmx, at the same URL (htmx pushes it into the history).
Without ``Vary: HX-Request`` the browser keeps the fragment as that URL's
answer and shows it, bare, when the user comes back from a profile.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SEARCHED = re.compile(r"/candidates/\?q=robotics(&|$)")


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()


def test_back_from_a_profile_to_a_searched_list_shows_the_full_page(page, recruiter, screenshot):
    factories.candidate(full_name="Zhang Wei", headline="Robotics engineer")
    factories.candidate(full_name="Wang Fang", headline="Accountant")
    sign_in(page, recruiter)

    page.goto("/candidates/")
    page.get_by_label("Search", exact=True).fill("robotics")
    with page.expect_response(lambda response: "q=robotics" in response.url) as searched:
        page.get_by_role("button", name="Search", exact=True).click()
    assert searched.value.request.headers.get("hx-request") == "true"  # an htmx swap, not a page load
    expect(page).to_have_url(SEARCHED)
    rows = page.get_by_test_id("candidate-row")
    expect(rows).to_have_count(1)

    rows.first.get_by_role("link", name="Zhang Wei").click()
    expect(page.get_by_role("heading", name="Zhang Wei", level=1)).to_be_visible()

    page.go_back()
    expect(page).to_have_url(SEARCHED)
    # The page with its layout, heading and search form, and the results in it.
    expect(page.get_by_role("heading", name="Candidates", exact=True, level=1)).to_be_visible()
    expect(page.get_by_role("navigation").first).to_be_visible()
    expect(page.get_by_label("Search", exact=True)).to_have_value("robotics")
    expect(page.get_by_test_id("candidate-row")).to_have_count(1)
    assert page.locator("head title").count() == 1
    screenshot(page, "back-to-list")
    assert page.csp_violations == []
