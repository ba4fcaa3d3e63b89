"""A sender identity per client or job: the job's wins, else its
client's, else the site's; set on the client and job edit pages; used by the
rejection email, which reaches the candidate in their language."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from core.models import AuditEvent
from interviews.services import application_reject
from jobs.models import Client
from jobs.services import client_create, client_grant, client_update, job_update
from messaging.models import EmailTemplate, OutboundEmail
from messaging.senders import sender_for, sender_headers
from messaging.services import email_template_save, outbound_email_send
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def acme(admin_user, recruiter):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    return client


@pytest.fixture
def job(acme, recruiter):
    return factories.job(recruiter=recruiter, client=acme, title="Robot Whisperer")


@pytest.fixture
def rejection_templates(db):
    for language, subject, body in [
        ("en", "Your application for {{ job_title }}", "Dear {{ candidate_name }}, thank you.\n{{ sender_name }}"),
        ("zh-hans", "关于{{ job_title }}职位的申请", "{{ candidate_name }}，您好，感谢您的关注。\n{{ sender_name }}"),
    ]:
        email_template_save(
            actor=None,
            name="Standard rejection",
            purpose=EmailTemplate.Purpose.REJECTION,
            language=language,
            subject=subject,
            body_text=body,
            body_html="",
            is_active=True,
        )


# --- sender_for ----------------------------------------------------------------------------


def test_with_no_identity_anywhere_mail_comes_from_the_site_address(settings, job):
    settings.DEFAULT_FROM_EMAIL = "RecruitCRM <noreply@agency.example>"
    assert sender_for(job=job) == ("RecruitCRM <noreply@agency.example>", "")


def test_a_clients_identity_is_used_for_its_jobs(acme, job):
    client_update(
        client=acme,
        actor=None,
        sender_name="Acme Careers",
        sender_email="careers@acme.example",
        reply_to="hr@acme.example",
    )
    job.refresh_from_db()
    assert sender_for(job=job) == ("Acme Careers <careers@acme.example>", "hr@acme.example")


def test_a_jobs_own_identity_wins_over_its_clients(acme, job):
    client_update(client=acme, actor=None, sender_email="careers@acme.example", reply_to="hr@acme.example")
    job_update(job=job, actor=None, sender_name="Robotics Hiring", sender_email="robots@acme.example")
    job.refresh_from_db()
    # The job names no reply-to, so the client's still applies.
    assert sender_for(job=job) == ("Robotics Hiring <robots@acme.example>", "hr@acme.example")


def test_a_sender_name_without_an_email_is_ignored(settings, acme, job):
    settings.DEFAULT_FROM_EMAIL = "noreply@agency.example"
    job_update(job=job, actor=None, sender_name="Nobody")
    job.refresh_from_db()
    assert sender_for(job=job)[0] == "noreply@agency.example"


def test_a_chinese_sender_name_is_kept_readable_and_quoted_when_needed(acme, job):
    client_update(client=acme, actor=None, sender_name="北风, 招聘", sender_email="hr@acme.example")
    job.refresh_from_db()
    assert sender_for(job=job)[0] == '"北风, 招聘" <hr@acme.example>'


def test_the_callers_reply_to_is_the_fallback_when_no_identity_names_one(job):
    assert sender_headers(job=job, reply_to="rita@example.test")["reply_to"] == "rita@example.test"
    job_update(job=job, actor=None, reply_to="jobs@acme.example")
    job.refresh_from_db()
    assert sender_headers(job=job, reply_to="rita@example.test")["reply_to"] == "jobs@acme.example"


def test_setting_an_identity_is_audited_with_the_field_names(acme):
    client_update(client=acme, actor=None, sender_email="careers@acme.example")
    event = AuditEvent.objects.filter(action="jobs.client.update").order_by("pk").last()
    assert event.data == {"fields": ["sender_email"]}


# --- The edit pages --------------------------------------------------------------------------


def test_the_client_edit_page_sets_the_clients_sender_identity(client, recruiter, acme):
    client.force_login(recruiter)
    url = reverse("jobs:client-edit", args=[acme.public_id])
    assert 'name="sender_email"' in client.get(url).text
    data = {"name": acme.name, "sender_name": "Acme Careers", "sender_email": "careers@acme.example"}
    response = client.post(url, data | {"reply_to": "hr@acme.example"})
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.sender_name, acme.sender_email, acme.reply_to) == (
        "Acme Careers",
        "careers@acme.example",
        "hr@acme.example",
    )


def test_a_malformed_sender_email_is_a_form_error_and_nothing_changes(client, recruiter, acme):
    client.force_login(recruiter)
    url = reverse("jobs:client-edit", args=[acme.public_id])
    response = client.post(url, {"name": acme.name, "sender_email": "not an address"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Enter a valid email address." in response.text
    acme.refresh_from_db()
    assert acme.sender_email == ""


def test_a_new_client_may_be_created_with_its_sender_identity(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:client-create"), {"name": "Globex", "sender_email": "jobs@globex.example"})
    assert response.status_code == 302
    assert Client.objects.get(name="Globex").sender_email == "jobs@globex.example"


def test_the_job_edit_page_sets_the_jobs_sender_identity(client, recruiter, job):
    client.force_login(recruiter)
    url = reverse("jobs:job-edit", args=[job.public_id])
    assert 'name="reply_to"' in client.get(url).text
    data = {
        "title": job.title,
        "recruiter": str(job.recruiter.public_id),
        "headcount": job.headcount,
        "reschedule_cutoff_hours": job.reschedule_cutoff_hours,
        "future_interviews_on_close": job.future_interviews_on_close,
        "sender_name": "Robotics Hiring",
        "sender_email": "robots@acme.example",
        "reply_to": "",
    }
    assert client.post(url, data).status_code == 302
    job.refresh_from_db()
    assert (job.sender_name, job.sender_email, job.reply_to) == ("Robotics Hiring", "robots@acme.example", "")


def test_a_coordinator_cannot_change_a_jobs_sender_identity(client, coordinator, acme, admin_user, job):
    client_grant(client=acme, user=coordinator, actor=admin_user)
    client.force_login(coordinator)
    url = reverse("jobs:job-edit", args=[job.public_id])
    assert client.post(url, {"title": job.title, "sender_email": "x@acme.example"}).status_code == 403
    job.refresh_from_db()
    assert job.sender_email == ""


# --- The rejection email --------------------------------------------------------------------------


def test_a_rejection_comes_from_the_jobs_sender_in_the_candidates_language(
    recruiter, acme, job, rejection_templates, smtp_mailer
):
    client_update(client=acme, actor=None, sender_name="Acme Careers", sender_email="careers@acme.example")
    job.refresh_from_db()
    candidate = factories.candidate(full_name="王小红", language="zh-hans")
    application = factories.application(job_=job, candidate_=candidate)
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    email = OutboundEmail.objects.get()
    assert (email.language, email.from_address, email.reply_to) == (
        "zh-hans",
        "Acme Careers <careers@acme.example>",
        recruiter.email,
    )
    assert outbound_email_send(email_id=email.pk) == "sent"
    [message] = smtp_mailer.messages
    assert str(make_header(decode_header(message["Subject"]))) == "关于Robot Whisperer职位的申请"
    assert "careers@acme.example" in message["From"] and message["Reply-To"] == recruiter.email
    text = next(part for part in message.walk() if part.get_content_type() == "text/plain")
    body = text.get_payload(decode=True).decode()
    # The template's text, then the outbox's footer with the candidate's preference centre.
    lines = body.splitlines()
    assert lines[:3] == ["王小红，您好，感谢您的关注。", recruiter.full_name, ""]
    assert lines[3] == "--" and "/privacy/p/" in lines[-1]


def test_an_english_speaking_candidate_gets_the_english_version(recruiter, job, rejection_templates):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Ann Lee", language="en"))
    application_reject(application=application, actor=recruiter, reason="skills", email_template="Standard rejection")
    email = OutboundEmail.objects.get()
    assert (email.language, email.subject) == ("en", "Your application for Robot Whisperer")
