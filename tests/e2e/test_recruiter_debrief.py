"""A recruiter's debrief in a real browser: open the debrief from the board,
read the panel's scorecards side by side, advance the candidate (htmx), and
see an override recorded when a scorecard is missing. Screenshots go to
var/test-artifacts (TEST_ARTIFACTS_DIR)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from interviews.models import StageTransition
from jobs.models import JobMember
from jobs.services import client_create, client_grant, job_member_add
from tests import factories
from tests.conftest import PASSWORD
from tests.interviews.debrief_helpers import score, stages
from tests.interviews.test_board import board_url

pytestmark = pytest.mark.browser


@pytest.fixture
def job(db, recruiter, hiring_manager, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=client, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


@pytest.fixture
def application(job):
    return factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))


def sign_in(tab, email: str) -> None:
    tab.goto("/accounts/login/")
    tab.get_by_label("Email").fill(email)
    tab.get_by_label("Password").fill(PASSWORD)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab.get_by_test_id("current-user")).to_be_visible()


def test_a_recruiter_opens_the_debrief_compares_the_scorecards_and_advances(
    page, recruiter, interviewer, job, application, screenshot
):
    second_panelist = factories.user(Role.INTERVIEWER, full_name="Zoe Second")
    interview = factories.interview(application_=application, panel=[interviewer, second_panelist], days_from_now=-1)
    score(interview, interviewer, {"Problem solving": 4, "Communication": 3, "Ownership": 3}, "strong_yes")
    score(interview, second_panelist, {"Problem solving": 2, "Communication": 3}, "yes", summary="Slow on the tree.")
    first, second = stages(job)[:2]

    sign_in(page, recruiter.email)
    page.goto(board_url(job))
    page.locator(f"#application-{application.public_id}").get_by_test_id("card-actions").click()
    page.get_by_test_id("board-panel").get_by_role("link", name="Debrief").click()
    expect(page.get_by_role("heading", name=f"Debrief: Grace Hopper, {first.name}")).to_be_visible()
    table = page.get_by_test_id("scorecards")
    expect(table.get_by_test_id("scorecard-column")).to_have_count(2)
    expect(table).to_contain_text("Ivan Interviewer")
    expect(table).to_contain_text("Zoe Second")
    expect(page.get_by_test_id("disagreement-row")).to_contain_text("Problem solving")
    expect(page.get_by_test_id("tally")).to_contain_text("Strong yes: 1")
    screenshot(page, "debrief-before")

    page.get_by_role("button", name=f"Advance to {second.name}").click()
    expect(page.locator("#debrief-alert")).to_contain_text(f"Grace Hopper moved to {second.name}.")
    expect(page.get_by_role("link", name="Open that stage's debrief")).to_be_visible()
    screenshot(page, "debrief-advanced")
    application.refresh_from_db()
    assert application.stage == second
    assert page.csp_violations == []


def test_a_recruiter_overrides_a_missing_scorecard_with_a_reason(
    page, recruiter, interviewer, job, application, screenshot
):
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=-1)
    first, second = stages(job)[:2]
    sign_in(page, recruiter.email)
    page.goto(f"/pipeline/applications/{application.public_id}/debrief/{first.pk}/")
    expect(page.get_by_test_id("missing")).to_contain_text("Ivan Interviewer")
    page.get_by_label("Reason for moving on without them").fill("The candidate holds another offer")
    page.get_by_role("button", name=f"Override and advance to {second.name}").click()
    expect(page.locator("#debrief-alert")).to_contain_text(f"moved to {second.name}")
    screenshot(page, "debrief-override")
    transition = StageTransition.objects.filter(application=application).last()
    assert transition.override_reason == "The candidate holds another offer"
    assert transition.to_stage == second
    assert interview.scorecards.count() == 0
    assert page.csp_violations == []
