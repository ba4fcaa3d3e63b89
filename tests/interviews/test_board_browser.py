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


def test_a_cards_actions_open_on_demand_and_move_it_to_the_next_stage(page, recruiter, job):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    second = stages(job)[1]
    sign_in(page, recruiter.email)
    page.goto(board_url(job))
    card = page.locator(f"#application-{application.public_id}")
    expect(card.get_by_role("button", name="Move to next stage")).to_have_count(0)
    card.get_by_test_id("card-actions").click()
    panel = page.get_by_test_id("board-panel")  # a side panel, not inside the narrow card
    expect(panel.get_by_test_id("card-actions-panel")).to_be_visible()
    expect(card.get_by_test_id("card-actions-panel")).to_have_count(0)
    panel.get_by_role("button", name="Move to next stage").click()
    expect(page.locator(f"#column-{second.pk}").get_by_text("Grace Hopper")).to_be_visible()
    expect(page.locator("#board-alert")).to_contain_text("moved to")
    assert page.url.endswith(board_url(job))
    assert Application.objects.get(pk=application.pk).stage == second
    assert page.csp_violations == []


def test_a_cards_actions_reject_it_with_a_reason_and_note(page, hiring_manager, job, screenshot):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    sign_in(page, hiring_manager.email)
    page.goto(board_url(job))
    card = page.locator(f"#application-{application.public_id}")
    card.get_by_test_id("card-actions").click()
    panel = page.get_by_test_id("board-panel").get_by_test_id("card-actions-panel")
    expect(panel.get_by_role("button", name="Move")).to_have_count(0)  # a hiring manager decides, never moves
    panel.get_by_label("Reason").select_option("culture")
    panel.get_by_label("Note", exact=True).fill("Not a fit")
    screenshot(page, "board-card-actions")
    panel.get_by_role("button", name="Reject…").click()
    confirm = page.get_by_test_id("board-panel").get_by_test_id("reject-confirm")
    expect(confirm).to_contain_text("Reject Grace Hopper?")
    confirm.get_by_role("button", name="Reject").click()
    expect(page.locator("#board-alert")).to_contain_text("rejected")
    expect(page.locator(f"#application-{application.public_id}")).to_have_count(0)
    application.refresh_from_db()
    assert (application.status, application.rejection_reason, application.rejection_note) == (
        Application.Status.REJECTED,
        "culture",
        "Not a fit",
    )
    assert page.csp_violations == []


def test_a_rejection_can_be_undone_for_a_few_seconds(page, hiring_manager, job):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    sign_in(page, hiring_manager.email)
    page.goto(board_url(job))
    page.locator(f"#application-{application.public_id}").get_by_test_id("card-actions").click()
    panel = page.get_by_test_id("board-panel")
    panel.get_by_role("button", name="Reject…").click()
    panel.get_by_test_id("reject-confirm").get_by_role("button", name="Reject").click()
    expect(page.locator(f"#application-{application.public_id}")).to_have_count(0)
    page.get_by_test_id("reject-undo").get_by_role("button", name="Undo").click()
    expect(page.locator(f"#application-{application.public_id}")).to_be_visible()
    expect(page.locator("#board-alert")).to_contain_text("is back in")
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE
    assert page.csp_violations == []


def test_without_javascript_a_cards_actions_are_a_page_that_moves_it(browser, live_server, recruiter, job):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    second = stages(job)[1]
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("Email").fill(recruiter.email)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        tab.goto(board_url(job))
        tab.locator(f"#application-{application.public_id}").get_by_test_id("card-actions").click()
        expect(tab.get_by_role("heading", name="Actions: Grace Hopper")).to_be_visible()
        tab.get_by_role("button", name="Move to next stage").click()
        expect(tab.locator(f"#column-{second.pk}").get_by_text("Grace Hopper")).to_be_visible()
        assert tab.url.endswith(board_url(job))
    finally:
        context.close()
    assert Application.objects.get(pk=application.pk).stage == second
