"""A talent-pool check-in in a real browser: the sweep emails a pool member a
link; the candidate, signed out, opens it in their language, answers "not now"
with a new salary range, and the recruiter sees the answer on the candidate's
timeline and the new range on the profile. Screenshots under
var/test-artifacts (TEST_ARTIFACTS_DIR), named ``<test>-<step>.png``."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from messaging.models import Notification, OutboundEmail
from messaging.services import outbox
from talentpool.models import CheckIn, PoolMembership
from talentpool.services import checkin_sweep, pool_create, pool_member_add
from tests import factories
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_candidate_answers_not_now_with_a_salary_range_and_the_recruiter_sees_it(
    page, recruiter, screenshot, language, live_server, settings
):
    settings.SITE_URL = live_server.url
    pool = pool_create(actor=recruiter, name="Robotics alumni", cadence_days=90)
    candidate = factories.candidate(full_name="Grace Hopper", language=language, owner=recruiter)
    membership = pool_member_add(
        pool=pool, candidate=factories.pool_consent(candidate), actor=recruiter, reason="Strong final round"
    )
    # Its check-in falls due now (one cadence after joining, in real life).
    PoolMembership.objects.filter(pk=membership.pk).update(next_check_in_at=timezone.now())
    assert checkin_sweep() == 1
    link = OutboundEmail.objects.get(related_type="talentpool.checkin").context["checkin_url"]

    # The candidate, with no account, opens the emailed link in their language.
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    form = page.get_by_test_id("checkin-form")
    expect(form).to_be_visible()
    form.locator("input[value=not_now]").check()
    form.locator("[name=roles]").fill("Robotics lead")
    form.locator("[name=salary_range]").fill("CNY 650k-720k")
    form.locator("[name=availability]").fill("After the summer")
    screenshot(page, "1-candidate-answers")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("checkin-thanks")).to_be_visible()
    screenshot(page, "2-candidate-thanked")
    assert CheckIn.objects.get(membership=membership).answer == CheckIn.Answer.NOT_NOW

    # The recruiter is notified and reads the answer on the timeline.
    assert Notification.objects.filter(recipient=recruiter, kind="candidate_answer").exists()
    sign_in(page, recruiter.email)
    page.goto(f"/candidates/{candidate.public_id}/")
    timeline = page.get_by_test_id("timeline")
    expect(timeline).to_contain_text("Robotics lead")
    expect(timeline).to_contain_text("After the summer")
    expect(page.get_by_text("CNY 650k-720k")).to_be_visible()
    screenshot(page, "3-recruiter-timeline")

    # The pool shows the member's last check-in and answer.
    page.goto(f"/pools/{pool.public_id}/")
    expect(page.get_by_test_id("member-answer")).to_contain_text("Robotics lead")
    screenshot(page, "4-recruiter-pool")

    # The link is spent: opening it again thanks them and asks nothing.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.get_by_test_id("checkin-thanks")).to_be_visible()
    assert page.csp_violations == []
