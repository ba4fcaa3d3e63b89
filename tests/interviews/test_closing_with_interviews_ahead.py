"""Rejecting or withdrawing an application with an interview still ahead: the
interview is cancelled (or kept, when the job asks first and the user says
so), with its calendar event, its reminders and any open offer of times, and
the cancellations reach the SMTP server once."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from interviews.models import Application, Interview, SchedulingInvitation
from interviews.services import application_reject, application_withdraw
from interviews.services import selfschedule as ss
from jobs.models import Job
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send
from tests import factories
from tests.interviews.test_selfschedule import send

SKILLS = "skills"


def ask_first(job) -> None:
    Job.objects.filter(pk=job.pk).update(future_interviews_on_close=Job.FutureInterviewsOnClose.ASK)
    job.refresh_from_db()


def reminders(interview):
    return OutboundEmail.objects.filter(idempotency_key__startswith=f"interview:{interview.pk}:reminder:")


def cancellations(interview):
    return OutboundEmail.objects.filter(idempotency_key__startswith=f"interview:{interview.pk}:cancel:")


def deliver_everything() -> None:
    """Send every queued row twice over, as two overlapping workers would try to."""
    for email in OutboundEmail.objects.filter(status=OutboundEmail.Status.QUEUED, due_at__lte=timezone.now()):
        outbound_email_send(email_id=email.pk)
        outbound_email_send(email_id=email.pk)


def test_the_default_is_to_cancel_them():
    assert Job._meta.get_field("future_interviews_on_close").default == Job.FutureInterviewsOnClose.CANCEL


def test_rejecting_cancels_the_interview_ahead_its_reminders_and_sends_the_cancellations_once(
    application, interviewer, smtp_mailer
):
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    assert reminders(interview).filter(status=OutboundEmail.Status.QUEUED).count() == 2
    past = factories.interview(application_=application, panel=[interviewer], days_from_now=-2)
    application_reject(application=application, actor=application.job.recruiter, reason=SKILLS)

    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert interview.sequence == 1
    assert set(reminders(interview).values_list("status", flat=True)) == {OutboundEmail.Status.CANCELLED}
    past.refresh_from_db()
    assert past.status == Interview.Status.SCHEDULED  # what has happened stays as it was
    assert set(cancellations(interview).values_list("idempotency_key", flat=True)) == {
        f"interview:{interview.pk}:cancel:1:candidate:{application.candidate.pk}",
        f"interview:{interview.pk}:cancel:1:panelist:{interviewer.pk}",
    }
    smtp_mailer.messages.clear()
    deliver_everything()
    deliver_everything()
    cancels = [m for m in smtp_mailer.messages if any(p.get_param("method") == "CANCEL" for p in m.walk())]
    assert sorted(m["To"] for m in cancels) == sorted([application.candidate.email, interviewer.email])
    for message in cancels:
        [calendar] = [part for part in message.walk() if part.get_filename() == "invite.ics"]
        assert calendar.get_param("method") == "CANCEL"
        text = calendar.get_payload(decode=True).decode()
        assert f"UID:interview-{interview.public_id}@recruitcrm" in text
        assert "SEQUENCE:1" in text
        assert "cancel" in str(make_header(decode_header(message["Subject"]))).lower()
    # Closed again (it cannot be) or cancelled twice: nothing more is queued.
    with pytest.raises(ValidationError):
        application_reject(application=application, actor=None, reason=SKILLS)
    assert cancellations(interview).count() == 2


def test_withdrawing_cancels_the_interview_ahead_too(application, interviewer):
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    application_withdraw(reason="other", application=application, actor=application.job.recruiter)
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    assert cancellations(interview).count() == 2


def test_closing_withdraws_an_open_offer_of_times_and_the_link_to_move_a_booked_interview(
    application, interviewer, job
):
    _invitation, token, slots = send(application, [interviewer])
    interview, move_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    other = factories.application(job_=job)
    open_invitation, open_token, _slots = send(other, [interviewer], hours=(11,))

    application_reject(application=application, actor=None, reason=SKILLS)
    application_withdraw(reason="other", application=other, actor=None)

    with pytest.raises(TokenInvalid):
        access_token_resolve(token=move_token, purpose=AccessToken.Purpose.RESCHEDULE)
    with pytest.raises(TokenInvalid):
        access_token_resolve(token=open_token, purpose=AccessToken.Purpose.SELF_SCHEDULE)
    open_invitation.refresh_from_db()
    assert open_invitation.status == SchedulingInvitation.Status.CANCELLED
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED


def test_when_the_job_asks_first_closing_without_a_choice_is_refused_and_writes_nothing(application, interviewer):
    ask_first(application.job)
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    with pytest.raises(ValidationError) as refused:
        application_reject(application=application, actor=None, reason=SKILLS)
    assert "not held yet" in str(refused.value)
    with pytest.raises(ValidationError):
        application_withdraw(reason="other", application=application, actor=None)
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE
    assert not cancellations(interview).exists()


def test_when_the_job_asks_first_keep_leaves_the_interview_and_cancel_cancels_it(job, interviewer):
    ask_first(job)
    kept_application, cancelled_application = factories.application(job_=job), factories.application(job_=job)
    kept = factories.interview(application_=kept_application, panel=[interviewer], days_from_now=3)
    cancelled = factories.interview(application_=cancelled_application, panel=[interviewer], days_from_now=3)
    application_reject(application=kept_application, actor=None, reason=SKILLS, future_interviews="keep")
    application_withdraw(reason="other", application=cancelled_application, actor=None, future_interviews="cancel")
    kept.refresh_from_db()
    cancelled.refresh_from_db()
    assert kept.status == Interview.Status.SCHEDULED
    assert reminders(kept).filter(status=OutboundEmail.Status.QUEUED).count() == 2
    assert cancelled.status == Interview.Status.CANCELLED


def test_without_interviews_ahead_the_job_asking_first_changes_nothing(application, interviewer):
    ask_first(application.job)
    factories.interview(application_=application, panel=[interviewer], days_from_now=-2)
    assert application_reject(application=application, actor=None, reason=SKILLS).status == "rejected"


# --- the forms ----------------------------------------------------------------------


def actions_url(application):
    return reverse("interviews:application-actions", args=[application.public_id])


def reject_url(application):
    return reverse("interviews:application-reject", args=[application.public_id])


def test_the_reject_form_shows_the_interviews_ahead_with_cancel_chosen_by_default(
    client, recruiter, application, interviewer
):
    factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    client.force_login(recruiter)
    page = client.get(actions_url(application)).content.decode()
    assert 'data-testid="interviews-ahead"' in page
    assert "not held yet" in page
    assert 'value="cancel" id="ahead-cancel-' in page and " checked" in page


def test_when_the_job_asks_first_the_form_requires_a_choice_and_says_why_without_one(
    client, recruiter, application, interviewer
):
    ask_first(application.job)
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    client.force_login(recruiter)
    page = client.get(actions_url(application)).content.decode()
    assert 'value="cancel" id="ahead-cancel-' in page and " required" in page and " checked" not in page
    response = client.post(reject_url(application), {"reason": SKILLS}, follow=True)
    assert "choose whether to cancel or keep it" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE
    client.post(reject_url(application), {"reason": SKILLS, "future_interviews": "cancel"})
    application.refresh_from_db()
    interview.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert interview.status == Interview.Status.CANCELLED


def test_the_job_settings_form_edits_the_choice(client, recruiter, job, admin_user):
    client.force_login(admin_user)
    url = reverse("jobs:job-edit", args=[job.public_id])
    page = client.get(url).content.decode()
    assert 'name="future_interviews_on_close"' in page
    data = {
        "title": job.title,
        "recruiter": job.recruiter.public_id,
        "headcount": 1,
        "reschedule_cutoff_hours": 24,
        "future_interviews_on_close": "ask",
    }
    client.post(url, data)
    job.refresh_from_db()
    assert job.future_interviews_on_close == Job.FutureInterviewsOnClose.ASK


# --- withdrawing from the card's actions --------------------------------------------


def withdraw_url(application):
    return reverse("interviews:application-withdraw", args=[application.public_id])


HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.mark.parametrize("persona", ["recruiter", "coordinator", "administrator", "hiring_manager"])
def test_those_who_record_decisions_record_a_withdrawal_and_its_interviews_ahead_go(
    client, personas, application, interviewer, persona
):
    interview = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    client.force_login(personas[persona])
    page = client.get(actions_url(application)).content.decode()
    assert 'data-testid="withdraw-form"' in page and "ahead-cancel-" in page
    data = {"reason": "accepted_other_offer", "note": "Took another offer", "future_interviews": "cancel"}
    response = client.post(withdraw_url(application), data)
    assert response.status_code == 302
    application.refresh_from_db()
    interview.refresh_from_db()
    assert (application.status, application.withdrawal_reason) == ("withdrawn", "accepted_other_offer")
    assert application.transitions.last().note == application.withdrawal_note == "Took another offer"
    assert interview.status == Interview.Status.CANCELLED


def test_a_withdrawal_by_htmx_answers_with_the_columns_without_the_card(client, recruiter, application):
    client.force_login(recruiter)
    html = client.post(withdraw_url(application), {"reason": "personal"}, **HTMX).content.decode()
    assert 'id="board-columns"' in html and "<html" not in html
    assert f'id="application-{application.public_id}"' not in html


def test_when_the_job_asks_first_a_withdrawal_without_a_choice_says_why(client, recruiter, application, interviewer):
    ask_first(application.job)
    factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    client.force_login(recruiter)
    html = client.post(withdraw_url(application), {"reason": "personal"}, **HTMX).content.decode()
    assert "choose whether to cancel or keep it" in html
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


def test_the_read_only_reviewer_may_not_record_a_withdrawal(client, reviewer, application):
    client.force_login(reviewer)
    assert client.post(withdraw_url(application), {"reason": "personal"}).status_code == 403
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


def test_an_outsider_does_not_find_the_application_to_withdraw(client, outsider, application):
    client.force_login(outsider)
    assert client.post(withdraw_url(application), {"note": ""}).status_code == 404


def test_withdrawing_refuses_get(client, recruiter, application):
    client.force_login(recruiter)
    assert client.get(withdraw_url(application)).status_code == 405
