"""The scheduling form in a real browser: htmx re-checks conflicts as the
panel and the time change, under the strict CSP, and saving over a conflict
asks to confirm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from interviews.models import Interview
from interviews.services.scheduling import unavailability_add
from tests import factories
from tests.interviews.test_board_browser import sign_in
from tests.interviews.test_scheduling import schedule_url

pytestmark = pytest.mark.browser


def test_choosing_a_busy_panelist_shows_the_conflict_then_saving_anyway_schedules(
    page, recruiter, interviewer, job, screenshot
):
    recruiter.time_zone = "UTC"
    recruiter.save(update_fields=["time_zone"])
    candidate = factories.candidate(full_name="Grace Hopper", time_zone="Asia/Shanghai")
    application = factories.application(job_=job, candidate_=candidate)
    start = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)
    unavailability_add(user=interviewer, starts_at=start, ends_at=start + timedelta(hours=1), reason="Training")
    sign_in(page, recruiter.email)
    page.goto(schedule_url(application))
    page.get_by_label("Date").fill("2031-03-04")
    page.get_by_label("Start time").fill("02:00")
    page.get_by_label("Ivan Interviewer").check()
    conflicts = page.get_by_test_id("conflicts")
    expect(conflicts).to_contain_text("Training")
    expect(page.get_by_test_id("candidate-time")).to_contain_text("10:00–11:00")
    screenshot(page, "schedule-conflict")
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.get_by_text("Tick “save anyway”")).to_be_visible()
    page.get_by_label("Save anyway, despite the conflicts").check()
    page.get_by_role("button", name="Schedule and send invitations").click()
    expect(page.get_by_text("scheduled; invitations are on their way")).to_be_visible()
    assert Interview.objects.get().starts_at == start
    assert page.csp_violations == []
