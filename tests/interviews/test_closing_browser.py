"""Withdrawing, marking hired and reopening in a real browser: from the
board's side panel (htmx) and from the profile's application row."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviews.models import Application, StageKind
from interviews.services import application_move
from tests import factories
from tests.interviews.test_board import board_url
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_hire_at_the_offer_stage_from_the_board_panel(page, recruiter, offer_job, screenshot):
    application = factories.application(job_=offer_job, candidate_=factories.candidate(full_name="Sally Ride"))
    application_move(application=application, to_stage=offer_job.stages.get(kind=StageKind.OFFER), actor=None)
    sign_in(page, recruiter.email)
    page.goto(board_url(offer_job))
    page.locator(f"#application-{application.public_id}").get_by_test_id("card-actions").click()
    panel = page.get_by_test_id("board-panel")
    expect(panel.get_by_test_id("hire-form")).to_be_visible()
    screenshot(page, "board-panel-mark-hired")
    panel.get_by_role("button", name="Mark hired").click()
    expect(page.locator("#board-alert")).to_contain_text("Sally Ride marked hired.")
    expect(page.locator(f"#application-{application.public_id}")).to_have_count(0)
    assert Application.objects.get(pk=application.pk).status == Application.Status.HIRED
    assert page.csp_violations == []


def test_a_withdrawal_then_a_reopening_from_the_profile(page, recruiter, job, screenshot):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    sign_in(page, recruiter.email)
    page.goto(f"/candidates/{application.candidate.public_id}/")
    page.get_by_test_id("closing-link").click()
    page.get_by_label("Why they withdrew").select_option("not_interested")
    page.get_by_label("Withdrawal note").fill("Staying with their employer")
    screenshot(page, "closing-page-withdraw")
    page.get_by_role("button", name="Record the withdrawal").click()
    expect(page.get_by_test_id("applications")).to_contain_text("no longer interested")
    page.get_by_test_id("reopen-link").click()
    page.get_by_label("Why reopen it").fill("They called back")
    page.get_by_role("button", name="Reopen").click()
    expect(page.get_by_test_id("toasts")).to_contain_text("Grace Hopper is active again")
    expect(page.get_by_test_id("closing-link")).to_be_visible()
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE
    assert page.csp_violations == []
