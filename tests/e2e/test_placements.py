"""In a real browser: the placing recruiter changes a placement's terms in the
side panel of the placements page and the table shows the new fee; when a
job's hires reach its headcount the board asks to mark it filled, and the
confirm panel closes the rest. In English and in Chinese; no console error,
no CSP violation."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from accounts.services import user_update
from interviews.models import Application
from jobs.models import Job
from jobs.services import client_create, client_grant
from placements.services import application_hire_record
from tests import factories
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile("/accounts/login/"))


@pytest.fixture
def hired(recruiter, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    job = factories.job(recruiter=recruiter, client=client, title="Robot Whisperer")
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    application_hire_record(application=application, actor=recruiter, first_year_base=Decimal("400000"))
    still_open = factories.application(job_=job, candidate_=factories.candidate(full_name="Alan Turing"))
    return job, still_open


@pytest.mark.parametrize(("language", "saved", "fee"), [("en", "saved", "¥60,000"), ("zh-hans", "已保存", "¥6万")])
def test_the_recruiter_changes_a_placements_terms_in_the_side_panel(
    page, recruiter, hired, screenshot, language, saved, fee
):
    user_update(user=recruiter, actor=None, language=language)
    sign_in(page, recruiter)
    page.goto("/placements/")
    expect(page.get_by_test_id("placement-fee")).to_have_text("¥80,000" if language == "en" else "¥8万")
    page.get_by_test_id("placement-edit").click()
    panel = page.locator("#placement-panel")
    expect(panel.get_by_test_id("placement-form")).to_be_visible()
    panel.locator("input[name=rate]").fill("15")
    with page.expect_response(lambda response: response.request.method == "POST"):
        panel.get_by_test_id("placement-form").locator("button[type=submit]").click()
    expect(page.locator("#placement-rows")).to_contain_text(saved)
    expect(page.get_by_test_id("placement-fee")).to_have_text(fee)
    screenshot(page, f"placements-{language}")


def test_the_board_asks_to_fill_the_job_and_the_panel_closes_the_rest(page, recruiter, hired, screenshot):
    job, still_open = hired
    sign_in(page, recruiter)
    page.goto(f"/pipeline/{job.public_id}/")
    page.get_by_test_id("fill-open").click()
    panel = page.locator("#board-panel")
    expect(panel.get_by_test_id("fill-remaining")).to_contain_text("Alan Turing")
    screenshot(page, "fill-panel")
    panel.get_by_test_id("job-fill-submit").click()
    page.wait_for_url(f"**/jobs/{job.public_id}/")
    expect(page.get_by_test_id("job-status")).to_have_text("Filled")
    assert Job.objects.get(pk=job.pk).status == Job.Status.FILLED
    assert Application.objects.get(pk=still_open.pk).status == Application.Status.REJECTED
