"""An interviewer's scorecard in a real browser: from "My interviews" to the
interview page, rate each criterion, choose a recommendation, watch the draft
save itself, submit, and only then read the other panelist's scorecard. Each
step is left as a screenshot under var/test-artifacts (TEST_ARTIFACTS_DIR)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from interviews.models import Scorecard
from interviews.services import scorecard_submit
from jobs.services import client_create
from tests import factories
from tests.conftest import PASSWORD
from tests.interviews.workspace_setup import full_ratings, kit_on

pytestmark = pytest.mark.browser


def test_an_interviewer_fills_and_submits_a_scorecard(page, interviewer, admin_user, screenshot):
    shots = []

    def shot(name: str) -> None:
        shots.append(screenshot(page, f"{len(shots) + 1:02d}-{name}"))

    job = factories.job(client=client_create(actor=admin_user, name="Acme Robotics"), title="Robot Whisperer")
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    kit_on(application.stage)
    colleague = factories.user(Role.INTERVIEWER, full_name="Carla Colleague")
    interview = factories.interview(application_=application, panel=[interviewer, colleague], days_from_now=-0.1)
    scorecard_submit(
        interview=interview,
        interviewer=colleague,
        ratings=full_ratings(interview, 4),
        recommendation="strong_yes",
        summary="Verdict by Carla",
    )

    # 1. Sign in and open My interviews.
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(interviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("link", name="My interviews", exact=True).click()
    expect(page.get_by_role("heading", name="My interviews")).to_be_visible()
    to_score = page.get_by_test_id("interviews-to-score")
    expect(to_score).to_contain_text("Grace Hopper")
    shot("my-interviews")

    # 2. The interview page: kit, candidate, and the others' scorecards still hidden.
    to_score.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_test_id("kit")).to_contain_text("Tell me about a hard bug.")
    expect(page.get_by_test_id("others-hidden")).to_be_visible()
    expect(page.get_by_test_id("other-scorecards")).not_to_contain_text("Verdict by Carla")
    shot("interview-page")

    # 3. Rate each criterion beside its anchors, note one, pick a recommendation.
    criteria = page.get_by_test_id("criterion")
    expect(criteria).to_have_count(3)
    for n in range(3):
        criteria.nth(n).get_by_label("3 — good").check()
    criteria.first.get_by_role("textbox").fill("Found the bug by bisecting.")
    page.locator("label[for=recommendation-yes]").click()

    # 4. The draft saves itself.
    expect(page.get_by_test_id("scorecard-saved")).to_contain_text("Draft saved at")
    page.wait_for_timeout(1200)  # the last change's autosave (delay 800 ms) settles
    draft = Scorecard.objects.get(interview=interview, interviewer=interviewer)
    assert draft.status == Scorecard.Status.DRAFT and draft.recommendation == "yes"
    assert sorted(draft.ratings.values_list("score", flat=True)) == [3, 3, 3]
    shot("draft-saved")

    # 5. Submit: the form turns read-only and the other panelist's scorecard appears.
    page.get_by_role("button", name="Submit", exact=True).click()
    expect(page.get_by_test_id("scorecard").get_by_text("Scorecard submitted.")).to_be_visible()
    expect(page.get_by_test_id("own-scorecard")).to_contain_text("Found the bug by bisecting.")
    expect(page.get_by_test_id("other-scorecard")).to_contain_text("Verdict by Carla")
    expect(page.get_by_test_id("scorecard-form")).to_have_count(0)
    expect(page.get_by_text("Edit (recorded)")).to_be_visible()
    shot("submitted")

    submitted = Scorecard.objects.get(pk=draft.pk)
    assert submitted.status == Scorecard.Status.SUBMITTED and submitted.submitted_at
    assert all(path.exists() for path in shots)
    assert page.csp_violations == []
