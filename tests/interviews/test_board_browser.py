"""The board's drag and drop (static/js/board.js) in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviews.models import Application
from tests import factories
from tests.conftest import PASSWORD
from tests.interviews.test_board import board_url, stages

pytestmark = pytest.mark.browser


def sign_in(tab, email: str) -> None:
    tab.goto("/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_test_id("current-user")).to_be_visible()


def test_dragging_a_card_to_another_column_moves_the_application(page, recruiter, job, screenshot):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    first, second = stages(job)[:2]
    sign_in(page, recruiter.email)
    page.goto(board_url(job))
    card = page.locator(f"#application-{application.public_id}")
    expect(page.locator(f"#column-{first.pk}").get_by_text("Grace Hopper")).to_be_visible()
    card.locator(".text-body-secondary").first.drag_to(page.locator(f"#column-{second.pk} .board-cards"))
    expect(page.locator(f"#column-{second.pk}").get_by_text("Grace Hopper")).to_be_visible()
    expect(page.locator("#board-alert")).to_contain_text("moved to")
    screenshot(page, "board-after-drag")
    application.refresh_from_db()
    assert application.stage == second
    assert page.csp_violations == []


def test_the_move_buttons_work_with_htmx(page, recruiter, job):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    second = stages(job)[1]
    sign_in(page, recruiter.email)
    page.goto(board_url(job))
    page.locator(f"#application-{application.public_id}").get_by_role("button", name="Move to next stage").click()
    expect(page.locator(f"#column-{second.pk}").get_by_text("Grace Hopper")).to_be_visible()
    assert Application.objects.get(pk=application.pk).stage == second
    assert page.csp_violations == []
