"""Headcount: when a job's hires reach its openings while it is open, the
board and the job page ask whoever may change the job to mark it filled; the
confirm panel lists the applications still open and closes them as single
rejections (reason, email in each candidate's language, interviews ahead),
reporting any it could not close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from interviews.models import Application, Interview
from interviews.services import application_hire, job_fill
from jobs.models import Job
from jobs.services import job_update
from messaging.models import EmailTemplate, OutboundEmail
from offers.models import Offer
from offers.services import offer_create
from tests import factories
from tests.interviews.test_board import board_url, htmx

pytestmark = pytest.mark.django_db

PROMPT = 'data-testid="fill-prompt"'


def fill_url(job: Job) -> str:
    return reverse("interviews:job-fill", args=[job.public_id])


def job_url(job: Job) -> str:
    return reverse("jobs:job-detail", args=[job.public_id])


@pytest.fixture
def templates(db):
    for language, subject in [("en", "About {{ job_title }}"), ("zh-hans", "关于{{ job_title }}职位")]:
        template = EmailTemplate(
            name="Position filled",
            purpose=EmailTemplate.Purpose.REJECTION,
            language=language,
            subject=subject,
            body_text="{{ candidate_name }}",
        )
        template.full_clean()
        template.save()


@pytest.fixture
def pipeline(job):
    """Two openings; one hire and two candidates still in the pipeline (one writes Chinese)."""
    job_update(job=job, actor=None, headcount=2)
    hired = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Lovelace"))
    application_hire(application=hired, actor=job.recruiter)
    english = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    chinese = factories.application(job_=job, candidate_=factories.candidate(full_name="张伟", language="zh-hans"))
    return {"hired": hired, "english": english, "chinese": chinese}


def hire_second(job, pipeline):
    application_hire(application=pipeline["english"], actor=job.recruiter)


def test_the_prompt_appears_exactly_when_hires_reach_the_headcount(client, recruiter, job, pipeline):
    client.force_login(recruiter)
    assert PROMPT not in client.get(board_url(job)).content.decode()
    assert PROMPT not in client.get(job_url(job)).content.decode()
    assert "1 of 2 openings filled" in client.get(job_url(job)).content.decode()
    hire_second(job, pipeline)
    assert PROMPT in client.get(board_url(job)).content.decode()
    page = client.get(job_url(job)).content.decode()
    assert PROMPT in page and "2 of 2 openings filled" in page


def test_no_prompt_on_a_job_that_is_not_open(client, recruiter, job, pipeline):
    hire_second(job, pipeline)
    from jobs.services import job_set_status

    job_set_status(job=job, status=Job.Status.ON_HOLD, actor=None)
    client.force_login(recruiter)
    assert PROMPT not in client.get(job_url(job)).content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "hiring_manager", "reviewer"])
def test_roles_that_may_not_change_the_job_see_no_prompt_and_are_refused(client, personas, job, pipeline, persona):
    hire_second(job, pipeline)
    client.force_login(personas[persona])
    assert PROMPT not in client.get(job_url(job)).content.decode()
    assert client.get(fill_url(job)).status_code == 403
    assert client.post(fill_url(job), {"reason": "position_filled", "future_interviews": "cancel"}).status_code == 403
    assert Job.objects.get(pk=job.pk).status == Job.Status.OPEN


def test_an_outsider_gets_a_404(client, outsider, job):
    client.force_login(outsider)
    assert client.get(fill_url(job)).status_code == 404
    assert client.post(fill_url(job), {"reason": "position_filled"}).status_code == 404


def test_the_fill_page_refuses_other_methods(client, recruiter, job):
    client.force_login(recruiter)
    assert client.put(fill_url(job)).status_code == 405


def test_the_confirm_panel_lists_the_applications_still_open_with_position_filled_chosen(
    client, recruiter, job, pipeline, templates
):
    hire_second(job, pipeline)
    client.force_login(recruiter)
    panel = client.get(fill_url(job), **htmx()).content.decode()
    assert "<html" not in panel and 'hx-post="' in panel
    assert "张伟" in panel and "Ada Lovelace" not in panel and "Grace Hopper" not in panel
    assert '<option value="position_filled" selected>' in panel
    assert '<option value="Position filled">Position filled</option>' in panel
    page = client.get(fill_url(job)).content.decode()
    assert "<html" in page and 'hx-post="' not in page


def test_filling_rejects_the_rest_and_emails_each_candidate_in_their_language(
    client, recruiter, job, pipeline, templates
):
    client.force_login(recruiter)
    response = client.post(
        fill_url(job),
        {"reason": "position_filled", "email_template": "Position filled", "future_interviews": "cancel"},
        **htmx(),
    )
    assert response.status_code == 200 and response["HX-Redirect"] == job_url(job)
    job.refresh_from_db()
    assert job.status == Job.Status.FILLED and job.closed_at is not None
    for key in ("english", "chinese"):
        application = Application.objects.get(pk=pipeline[key].pk)
        assert (application.status, application.rejection_reason) == ("rejected", "position_filled")
    emails = {
        email.language: email.subject for email in OutboundEmail.objects.filter(idempotency_key__endswith=":rejection")
    }
    assert emails == {"en": "About Robot Whisperer", "zh-hans": "关于Robot Whisperer职位"}
    assert Application.objects.get(pk=pipeline["hired"].pk).status == Application.Status.HIRED
    event = AuditEvent.objects.get(action="interviews.job.fill")
    assert event.data["rejected"] == 2 and event.data["refused"] == []


def test_a_plain_post_goes_back_to_the_job_page_with_the_outcome(client, recruiter, job, pipeline):
    client.force_login(recruiter)
    response = client.post(fill_url(job), {"reason": "position_filled", "future_interviews": "cancel"}, follow=True)
    assert response.redirect_chain[-1][0] == job_url(job)
    assert "The job is filled; 2 remaining applications closed." in response.content.decode()


def test_filling_from_the_page_withdraws_the_open_offers_of_the_applications_it_closes(
    client, recruiter, job, pipeline
):
    offer = offer_create(
        application=pipeline["english"],
        actor=recruiter,
        base_salary="300000",
        currency="CNY",
        pay_period="year",
        periods_per_year=1,
        start_date=timezone.localdate() + timedelta(days=30),
        expires_on=timezone.localdate() + timedelta(days=7),
    )
    client.force_login(recruiter)
    client.post(fill_url(job), {"reason": "position_filled", "future_interviews": "cancel"})
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.WITHDRAWN


def test_a_candidate_who_cannot_be_emailed_stays_open_and_is_named_the_rest_close(
    client, recruiter, job, pipeline, templates
):
    chinese = pipeline["chinese"].candidate
    chinese.email = None
    chinese.save()
    result = job_fill(job=job, actor=recruiter, email_template="Position filled")
    assert [application.pk for application in result.rejected] == [pipeline["english"].pk]
    [(refused, reason)] = result.refused
    assert refused.pk == pipeline["chinese"].pk and "no email address" in reason
    assert Application.objects.get(pk=refused.pk).status == Application.Status.ACTIVE
    assert Job.objects.get(pk=job.pk).status == Job.Status.FILLED


def test_interviews_ahead_are_cancelled_as_for_one_rejection(recruiter, interviewer, job, pipeline):
    ahead = factories.interview(application_=pipeline["english"], panel=[interviewer], days_from_now=2)
    job_fill(job=job, actor=recruiter)
    assert Interview.objects.get(pk=ahead.pk).status == Interview.Status.CANCELLED


def test_a_job_already_filled_cannot_be_filled_again(recruiter, job, pipeline):
    from django.core.exceptions import ValidationError

    job_fill(job=job, actor=recruiter)
    with pytest.raises(ValidationError):
        job_fill(job=job, actor=recruiter)


def test_a_refusal_on_the_form_shows_the_panel_again(client, recruiter, job, pipeline):
    job_fill(job=job, actor=recruiter)
    client.force_login(recruiter)
    response = client.post(fill_url(job), {"reason": "position_filled", "future_interviews": "cancel"}, **htmx())
    assert response.status_code == 200
    assert "cannot become" in response.content.decode()
    bad = client.post(fill_url(job), {"reason": "nonsense", "future_interviews": "cancel"})
    assert bad.status_code == 200 and 'data-testid="job-fill-form"' in bad.content.decode()
