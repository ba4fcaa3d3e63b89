"""Messages on the candidate profile: every email about the candidate's
applications and interviews with its state; resend a failed one, cancel a queued one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from messaging.messages import MESSAGES
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbound_email_cancel, outbox
from tests import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def handed_off(monkeypatch):
    """The ids handed to Celery after commit (the broker is not the point here)."""
    calls = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: calls.extend(email_ids) or len(email_ids))
    return calls


@pytest.fixture
def application(recruiter):
    job = factories.job(recruiter=recruiter)
    return factories.application(job_=job, candidate_=factories.candidate(full_name="Lena Park"))


def mail(application, key: str, subject: str, status: str = OutboundEmail.Status.QUEUED) -> OutboundEmail:
    email = email_queue(
        to="lena@example.com",
        idempotency_key=key,
        language="en",
        subject=subject,
        body_text="Hello",
        related=application,
    )
    OutboundEmail.objects.filter(pk=email.pk).update(status=status)
    email.refresh_from_db()
    return email


def profile(candidate) -> str:
    return reverse("candidates:candidate-detail", args=[candidate.public_id])


def action(name: str, email: OutboundEmail) -> str:
    return reverse(f"candidates:message-{name}", args=[email.public_id])


# --- The region -------------------------------------------------------------------------


def test_the_profile_lists_each_email_about_the_candidate_with_its_state(client, recruiter, application):
    for status in ("queued", "sent", "failed", "cancelled"):
        mail(application, f"t:{status}", f"About {status}", status)
    client.force_login(recruiter)
    page = client.get(profile(application.candidate)).text
    region = page[page.index('id="profile-messages"') :]
    for status in ("queued", "sent", "failed", "cancelled"):
        assert f"About {status}" in region
        assert f'data-status="{status}"' in region
    assert region.count(">Resend<") == 1 and region.count(">Cancel<") == 1


def test_emails_about_the_candidates_interviews_show_by_their_template_name(client, recruiter, interviewer):
    job = factories.job(recruiter=recruiter)
    application = factories.application(job_=job)
    factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    client.force_login(recruiter)
    page = client.get(profile(application.candidate)).text
    assert "Interview invitation" in page[page.index('id="profile-messages"') :]


def test_another_candidates_email_is_not_on_the_profile(client, recruiter, application):
    other = factories.application(job_=application.job)
    mail(other, "t:other", "Not for Lena")
    client.force_login(recruiter)
    assert "Not for Lena" not in client.get(profile(application.candidate)).text


# --- Resend and cancel -------------------------------------------------------------------


def test_a_failed_email_can_be_resent_and_goes_back_in_the_queue(
    client, recruiter, application, handed_off, django_capture_on_commit_callbacks
):
    email = mail(application, "t:failed", "Offer letter", OutboundEmail.Status.FAILED)
    client.force_login(recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(action("resend", email))
    assert response.status_code == 302 and response["Location"] == profile(application.candidate)
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.QUEUED and email.attempts == 0
    assert handed_off == [email.pk]
    assert AuditEvent.objects.filter(action="messaging.outbound_email.resend", actor=recruiter).count() == 1


def test_a_queued_email_can_be_cancelled_and_htmx_gets_the_region_back(client, recruiter, application):
    email = mail(application, "t:queued", "Reminder")
    client.force_login(recruiter)
    response = client.post(action("cancel", email), **HTMX)
    assert response.status_code == 200
    assert response.text.startswith('<section id="profile-messages"')
    assert "<html" not in response.text and 'data-status="cancelled"' in response.text
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.CANCELLED
    assert AuditEvent.objects.filter(action="messaging.outbound_email.cancel", target_id=str(email.public_id)).exists()


def test_a_sent_email_cannot_be_cancelled(client, recruiter, application):
    email = mail(application, "t:sent", "Invitation", OutboundEmail.Status.SENT)
    client.force_login(recruiter)
    response = client.post(action("cancel", email), **HTMX)
    assert response.status_code == 200 and "Only a queued email can be cancelled" in response.text
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENT
    assert not AuditEvent.objects.filter(action="messaging.outbound_email.cancel").exists()


def test_a_queued_email_cannot_be_resent(client, recruiter, application):
    email = mail(application, "t:queued", "Reminder")
    client.force_login(recruiter)
    client.post(action("resend", email))
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.QUEUED


def test_cancelling_loses_to_a_worker_that_claimed_the_email_first(db, recruiter, application):
    email = mail(application, "t:claimed", "Reminder")
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.SENDING)
    assert outbound_email_cancel(email=email, actor=recruiter) is False
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.SENDING


# --- Access -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator"])
def test_roles_that_change_candidates_may_cancel(client, personas, application, persona):
    user = personas[persona]
    if persona == "coordinator":
        from jobs.services import job_member_add

        job_member_add(job=application.job, user=user, job_role="coordinator", actor=None)
    email = mail(application, "t:queued", "Reminder")
    client.force_login(user)
    assert client.post(action("cancel", email)).status_code == 302
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.CANCELLED


def test_a_reviewer_sees_the_messages_but_may_not_act(client, reviewer, application):
    email = mail(application, "t:failed", "Offer letter", OutboundEmail.Status.FAILED)
    client.force_login(reviewer)
    page = client.get(profile(application.candidate)).text
    assert "Offer letter" in page and ">Resend<" not in page
    assert client.post(action("resend", email)).status_code == 403
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.FAILED


def test_an_interviewer_on_the_panel_is_refused_with_403(client, interviewer, application):
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    email = OutboundEmail.objects.filter(related_id=str(interview.public_id)).first()
    client.force_login(interviewer)
    assert client.post(action("cancel", email)).status_code == 403


def test_an_outsider_gets_404(client, outsider, application):
    email = mail(application, "t:queued", "Reminder")
    client.force_login(outsider)
    assert client.post(action("cancel", email)).status_code == 404
    assert client.post(action("resend", email)).status_code == 404
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.QUEUED


def test_an_email_about_no_candidate_is_404(client, admin_user, handed_off):
    email = email_queue(to="x@example.com", idempotency_key="t:loose", language="en", subject="s", body_text="b")
    client.force_login(admin_user)
    assert client.post(action("cancel", email)).status_code == 404


def test_the_actions_refuse_get(client, recruiter, application):
    email = mail(application, "t:queued", "Reminder")
    client.force_login(recruiter)
    assert client.get(action("cancel", email)).status_code == 405
    assert client.get(action("resend", email)).status_code == 405


# --- In a real browser --------------------------------------------------------------------


@pytest.mark.browser
def test_a_recruiter_cancels_a_queued_email_from_the_profile_in_a_browser(page, recruiter, screenshot):
    from playwright.sync_api import expect

    from messaging.services import notification_create
    from tests.conftest import PASSWORD

    application = factories.application(job_=factories.job(recruiter=recruiter))
    mail(application, "t:failed", "Offer letter", OutboundEmail.Status.FAILED)
    mail(application, "t:queued", "Reminder")
    notification_create(recipient=recruiter, kind="mention", message=MESSAGES.text("Look at this"), url="/")
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(profile(application.candidate))

    expect(page.get_by_test_id("unread-count")).to_have_text("1 unread notification")
    queued = page.locator('[data-testid="message"][data-status="queued"]')
    queued.get_by_role("button", name="Cancel").click()
    expect(page.get_by_test_id("messages-notice")).to_have_text("The email is cancelled.")
    expect(page.locator('[data-testid="message"][data-status="cancelled"]')).to_have_count(1)
    screenshot(page, "profile-messages")
    assert OutboundEmail.objects.get(idempotency_key="t:queued").status == OutboundEmail.Status.CANCELLED
    assert page.csp_violations == []
