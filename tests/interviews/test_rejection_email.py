"""Rejecting from the board with an optional templated email to the candidate."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from candidates.models import Activity
from interviews.models import Application
from interviews.services import application_reject
from messaging import merge_fields
from messaging.models import EmailTemplate, OutboundEmail
from messaging.services import outbound_email_send
from tests import factories
from tests.interviews.test_board import board_url, htmx, reject_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def templates(db):
    """The same template in both languages, and one of another purpose."""
    made = []
    for language, subject, body in [
        (
            "en",
            "Your application for {{ job_title }}",
            "Dear {{ candidate_name }}, thank you. {{ sender_name }}\n{{ stage_name }}\n{{ recruiter_signature }}",
        ),
        ("zh-hans", "关于{{ job_title }}职位的申请", "{{ candidate_name }}，您好：感谢您的关注。{{ sender_name }}"),
    ]:
        template = EmailTemplate(
            name="Standard rejection",
            purpose=EmailTemplate.Purpose.REJECTION,
            language=language,
            subject=subject,
            body_text=body,
            body_html=f"<p>{body}</p>",
        )
        template.full_clean()
        template.save()
        made.append(template)
    EmailTemplate.objects.create(
        name="Thanks", purpose=EmailTemplate.Purpose.THANK_YOU, language="en", subject="Thanks", body_text="Thanks"
    )
    return made


def test_the_board_offers_the_active_rejection_templates_only(client, recruiter, job, application, templates):
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    assert '<option value="Standard rejection">Standard rejection</option>' in html
    assert '<option value="Thanks">' not in html


def test_rejecting_with_a_template_queues_the_email_in_the_candidates_language(
    client, recruiter, job, application, templates
):
    candidate = application.candidate
    candidate.language = "zh-hans"
    candidate.save(update_fields=["language"])
    client.force_login(recruiter)
    response = client.post(
        reject_url(application),
        {"reason": "skills", "note": "", "email_template": "Standard rejection"},
        **htmx(),
    )
    assert response.status_code == 200
    assert "the email to them is queued" in response.content.decode()
    email = OutboundEmail.objects.get(idempotency_key=f"application:{application.pk}:rejection")
    assert email.to_address == candidate.email
    assert email.language == "zh-hans"
    assert email.subject == "关于Robot Whisperer职位的申请"
    assert email.body_text == "Grace Hopper，您好：感谢您的关注。Rita Recruiter"
    assert email.reply_to == recruiter.email
    assert Application.objects.get(pk=application.pk).status == Application.Status.REJECTED
    assert Activity.objects.filter(candidate=candidate, kind=Activity.Kind.EMAIL).exists()


def test_an_english_rejection_names_the_stage_and_signs_with_the_recruiter(recruiter, application, templates):
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    body = OutboundEmail.objects.get().body_text
    assert application.stage.name in body
    assert application.job.recruiter.email in body and application.job.recruiter.full_name in body


def test_without_a_template_no_email_is_queued(client, recruiter, application, templates):
    client.force_login(recruiter)
    client.post(reject_url(application), {"reason": "skills", "email_template": ""})
    assert Application.objects.get(pk=application.pk).status == Application.Status.REJECTED
    assert not OutboundEmail.objects.exists()


def test_a_candidate_without_an_email_address_is_not_rejected_when_an_email_is_asked(client, recruiter, job, templates):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="No Mail", email=""))
    client.force_login(recruiter)
    response = client.post(
        reject_url(application), {"reason": "skills", "email_template": "Standard rejection"}, **htmx()
    )
    assert "No Mail has no email address on file." in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE
    assert not OutboundEmail.objects.exists()


def test_an_unknown_template_is_refused_with_a_message_and_nothing_changes(client, recruiter, application, templates):
    client.force_login(recruiter)
    response = client.post(
        reject_url(application), {"reason": "skills", "email_template": "<script>"}, **htmx(HTTP_ACCEPT_LANGUAGE="en")
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE


def test_a_bulk_rejection_emails_each_candidate_once(client, recruiter, job, templates):
    applications = [factories.application(job_=job) for _ in range(3)]
    client.force_login(recruiter)
    response = client.post(
        reverse("interviews:board-bulk-reject", args=[job.public_id]),
        {
            "applications": [str(a.public_id) for a in applications],
            "reason": "skills",
            "email_template": "Standard rejection",
        },
    )
    assert response.status_code == 302
    assert OutboundEmail.objects.count() == 3
    assert {e.to_address for e in OutboundEmail.objects.all()} == {a.candidate.email for a in applications}


def test_the_service_refuses_a_template_that_does_not_exist(recruiter, application, templates):
    with pytest.raises(ValidationError):
        application_reject(application=application, actor=recruiter, reason="skills", email_template="Nope")
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE


def test_the_rejection_email_reaches_a_real_smtp_server(recruiter, application, templates, smtp_mailer):
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    email = OutboundEmail.objects.get()
    assert outbound_email_send(email_id=email.pk) == "sent"
    [message] = smtp_mailer.messages
    assert message["Subject"] == "Your application for Robot Whisperer"
    assert message["To"] == application.candidate.email


def test_merge_fields_are_escaped_in_the_html_part_and_unknown_ones_left_alone():
    values = {"candidate_name": "<b>Eve</b>"}
    assert merge_fields.render("Hi {{candidate_name}} {{ other }}", values) == "Hi <b>Eve</b> {{ other }}"
    assert merge_fields.render("Hi {{ candidate_name }}", values, html=True) == "Hi &lt;b&gt;Eve&lt;/b&gt;"


def test_a_template_naming_an_unknown_merge_field_is_refused(db):
    template = EmailTemplate(
        name="Bad", purpose=EmailTemplate.Purpose.REJECTION, language="en", subject="Hi {{ first_nme }}", body_text="x"
    )
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "first_nme" in str(error.value.message_dict["subject"])
    template.subject, template.body_text = "Hi", "Hello {{ candidate.first_name }}"
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert "candidate.first_name" in str(error.value.message_dict["body_text"])


def test_a_candidate_who_asked_not_to_be_contacted_gets_no_rejection_email(recruiter, application, templates):
    from django.utils import timezone

    candidate = application.candidate
    candidate.contact_opt_out_at = timezone.now()
    candidate.save(update_fields=["contact_opt_out_at"])
    with pytest.raises(ValidationError) as error:
        application_reject(
            application=application, actor=recruiter, reason="skills", email_template="Standard rejection"
        )
    assert "asked not to be contacted" in str(error.value)
    assert Application.objects.get(pk=application.pk).status == Application.Status.ACTIVE
    assert not OutboundEmail.objects.exists()
