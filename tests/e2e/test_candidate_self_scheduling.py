"""Self-scheduling in a real browser: a recruiter offers times found in the
panel's free time and sends the link; the candidate, signed out, opens it in
their language (English, then 简体中文), books a time and sees the
confirmation with the link to move it; reopening the emailed link shows
the booking. Screenshots under var/test-artifacts
(TEST_ARTIFACTS_DIR), named ``<test>-<step>.png``."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from interviews.models import Interview, SchedulingInvitation
from jobs.services import client_create, client_grant
from messaging.models import OutboundEmail
from tests import factories
from tests.interviews.test_board_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def job(db, recruiter, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    return factories.job(client=client, title="Robot Whisperer")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_candidate_books_an_offered_time_through_the_emailed_link(
    page, recruiter, interviewer, job, screenshot, language
):
    candidate = factories.candidate(full_name="Grace Hopper", language=language, time_zone="Europe/Berlin")
    application = factories.application(job_=job, candidate_=candidate)

    # The recruiter offers two times the panel is free and sends the invitation.
    sign_in(page, recruiter.email)
    page.goto(f"/pipeline/{job.public_id}/")
    page.locator(f"#application-{application.public_id}").get_by_test_id("card-actions").click()
    page.get_by_test_id("board-panel").get_by_test_id("offer-slots-link").click()
    page.get_by_text("Suggest times from the panel's free time").click()
    finder = page.get_by_role("form", name="Find free times")
    finder.get_by_label(interviewer.full_name).check()
    finder.get_by_role("button", name="Find free times").click()
    suggestions = page.get_by_test_id("suggestions").get_by_role("checkbox")
    expect(suggestions.first).to_be_visible()
    suggestions.nth(0).check()
    suggestions.nth(4).check()
    offer = page.get_by_test_id("offer-form")
    expect(offer.get_by_label(interviewer.full_name)).to_be_checked()
    offer.get_by_label("Message to the candidate").fill("We look forward to meeting you.")
    screenshot(page, "1-recruiter-offers")
    offer.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_test_id("invitation-status")).to_have_text("waiting for the candidate")
    invitation = SchedulingInvitation.objects.get(application=application)
    slots = list(invitation.slots.order_by("starts_at"))
    assert len(slots) == 2
    link = OutboundEmail.objects.get(idempotency_key=f"invitation:{invitation.pk}:sent").context["link"]

    # The candidate, with no account, opens the link from the email.
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_test_id("slot")).to_have_count(2)
    expect(page.get_by_test_id("recruiter-message")).to_contain_text("We look forward")
    expect(page.get_by_text("Europe/Berlin")).to_be_visible()
    screenshot(page, "2-candidate-picks")
    page.get_by_test_id("slot").nth(1).click()

    expect(page.get_by_test_id("booked")).to_be_visible()
    expect(page.get_by_test_id("interview-time")).to_contain_text("Europe/Berlin")
    screenshot(page, "3-candidate-confirmation")
    interview = Interview.objects.get(application=application)
    assert interview.starts_at == slots[1].starts_at
    assert list(interview.panel.all()) == [interviewer]
    invitation.refresh_from_db()
    assert invitation.status == SchedulingInvitation.Status.BOOKED

    # Back to the picking page: it shows the booking, not the times to book again.
    page.go_back()
    expect(page.get_by_test_id("already-booked")).to_be_visible()
    expect(page.get_by_test_id("slot")).to_have_count(0)

    # Reopening the emailed link shows the booking and how to move it.
    page.goto(link)
    expect(page.get_by_test_id("already-booked")).to_be_visible()
    expect(page.get_by_test_id("interview-time")).to_contain_text("Europe/Berlin")
    expect(page.get_by_test_id("how-to-move")).to_be_visible()
    expect(page.get_by_test_id("gone-reason")).to_have_count(0)
    screenshot(page, "4-link-reopened")
    # One confirmation to the candidate, carrying the calendar file; the panel gets its invitation.
    to_candidate = (
        OutboundEmail.objects.filter(idempotency_key__startswith=f"interview:{interview.pk}:")
        .exclude(idempotency_key__contains=":panelist:")
        .exclude(idempotency_key__contains=":reminder:")
    )
    assert [email.template for email in to_candidate] == ["selfschedule_booked"]
    assert page.csp_violations == []
