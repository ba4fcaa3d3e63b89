"""What the user is told after pressing a button, in a real browser: a
refused form shows its errors, a failed request says so, a success is a toast
that screen readers announce, and the console stays clean (the ``page``
fixture fails any test whose page logs an error or a CSP violation)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from talentpool.models import TalentPool
from tests.browser import assert_clean_console, watch_console
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser

SERVER_ERROR = "Something went wrong on our side and the action was not completed."
NETWORK_ERROR = "The server could not be reached."


def open_pools(page, recruiter):
    sign_in(page, recruiter.email)
    page.goto("/pools/")
    return page.locator("#pool-create")


def test_a_form_refused_as_invalid_is_swapped_in_with_its_error_and_the_cursor_on_the_field(page, recruiter):
    form = open_pools(page, recruiter)
    form.get_by_role("button", name="Create the pool").click()

    expect(form.locator(".invalid-feedback")).to_have_text("This field is required.")
    expect(form.get_by_label("Name")).to_be_focused()
    assert not TalentPool.objects.exists()


def test_settling_a_swapped_form_writes_no_style_attribute_the_csp_refuses(page, recruiter):
    form = open_pools(page, recruiter)
    # A style set through the CSSOM is allowed; htmx copying it as an
    # attribute onto the swapped-in field would be refused by the CSP.
    form.get_by_label("Name").evaluate("input => { input.style.caretColor = 'transparent'; }")
    form.get_by_role("button", name="Create the pool").click()

    expect(form.locator(".invalid-feedback")).to_be_visible()
    page.wait_for_timeout(200)
    assert page.csp_violations == []


def test_a_successful_action_is_announced_in_a_status_toast(page, recruiter, screenshot):
    form = open_pools(page, recruiter)
    form.get_by_label("Name").fill("Robotics alumni")
    form.get_by_role("button", name="Create the pool").click()

    toasts = page.get_by_test_id("toasts")
    expect(toasts).to_have_attribute("role", "status")
    expect(toasts).to_have_attribute("aria-live", "polite")
    expect(toasts.get_by_text("Pool Robotics alumni created.")).to_be_visible()
    screenshot(page, "success-toast")


def test_a_server_error_on_an_htmx_request_shows_a_message(page, recruiter, screenshot):
    form = open_pools(page, recruiter)
    # The browser's network layer answers 500 in the server's place: the
    # page's own script is what is under test.
    page.route("**/pools/new/", lambda route: route.fulfill(status=500, body="Server Error (500)"))
    page.expected_console_errors += [r"status of 500", r"Response Status Error Code 500"]
    form.get_by_label("Name").fill("Robotics alumni")
    form.get_by_role("button", name="Create the pool").click()

    expect(page.get_by_role("alert").filter(has_text=SERVER_ERROR)).to_be_visible()
    screenshot(page, "server-error-toast")


def test_a_network_failure_on_an_htmx_request_shows_a_message(page, recruiter):
    form = open_pools(page, recruiter)
    page.route("**/pools/new/", lambda route: route.abort("connectionrefused"))
    page.expected_console_errors += [r"net::ERR_CONNECTION_REFUSED", r"^htmx:sendError", r"^htmx:afterRequest"]
    form.get_by_label("Name").fill("Robotics alumni")
    form.get_by_role("button", name="Create the pool").click()

    expect(page.get_by_role("alert").filter(has_text=NETWORK_ERROR)).to_be_visible()
    assert not TalentPool.objects.exists()


def test_the_console_check_fails_a_test_on_a_console_error_and_on_a_csp_violation(page, recruiter):
    sign_in(page, recruiter.email)
    assert_clean_console(page)

    page.evaluate("() => console.error('planted error')")
    with pytest.raises(pytest.fail.Exception, match="planted error"):
        assert_clean_console(page)
    page.console_errors.clear()

    page.evaluate("() => document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(100)
    with pytest.raises(pytest.fail.Exception, match="Content Security Policy"):
        assert_clean_console(page)
    page.console_errors.clear()
    page.csp_violations.clear()


def test_a_long_form_answers_with_a_summary_at_the_top_and_the_cursor_on_the_first_invalid_field(
    page, recruiter, screenshot
):
    sign_in(page, recruiter.email)
    page.goto("/candidates/new/")
    page.get_by_role("button", name="Create candidate").click()

    summary = page.get_by_test_id("form-errors")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Full name")).to_have_attribute("href", "#id_full_name")
    expect(page.get_by_label("Full name")).to_be_focused()
    screenshot(page, "error-summary")


def test_without_javascript_the_outcome_is_a_plain_alert_at_the_top_of_the_page(browser, live_server, recruiter):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        watch_console(tab)
        form = open_pools(tab, recruiter)
        form.get_by_label("Name").fill("Robotics alumni")
        form.get_by_role("button", name="Create the pool").click()

        toast = tab.get_by_test_id("toasts").get_by_text("Pool Robotics alumni created.")
        expect(toast).to_be_visible()
        assert tab.get_by_test_id("toasts").evaluate("region => getComputedStyle(region).position") == "static"
        assert_clean_console(tab)
    finally:
        context.close()
