"""Subjects and text parts are plain text: "&" arrives as "&", not "&amp;";
only the HTML part is escaped. Sent through the outbox to a real SMTP server."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest

from interviews.models import Stage
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbound_email_send, outbox
from tests import factories


@pytest.fixture
def handed_off(monkeypatch):
    """The ids handed to Celery after commit (the broker is not the point here)."""
    calls = []
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: calls.extend(email_ids) or len(email_ids))
    return calls


def parts(message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found.setdefault(part.get_content_type(), part.get_payload(decode=True).decode())
    return found


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def test_an_interview_invitation_for_a_stage_with_an_ampersand_says_and_in_plain_text(
    db, handed_off, smtp_mailer, recruiter, interviewer
):
    job = factories.job(recruiter=recruiter, title="R&D Engineer")
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Lena <Park>"))
    stage = application.stage
    Stage.objects.filter(pk=stage.pk).update(name="Case study & final")
    application.stage.refresh_from_db()
    factories.interview(application_=application, panel=[interviewer], days_from_now=3)

    invitations = OutboundEmail.objects.filter(template="interview_invitation")
    for invitation in invitations:
        assert outbound_email_send(email_id=invitation.pk) == "sent"
    message = next(m for m in smtp_mailer.messages if m["To"] == application.candidate.email)
    assert subject(message) == "Interview invitation: Case study & final – R&D Engineer"
    text = parts(message)["text/plain"]
    assert "Case study & final" in text and "R&D Engineer" in text and "Lena <Park>" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_the_html_part_is_escaped_and_the_text_part_and_subject_are_not(db, handed_off, smtp_mailer):
    email = email_queue(
        to="lena@example.com",
        idempotency_key="selfschedule:amp",
        language="en",
        template="selfschedule_invitation",
        context={
            "candidate_name": "Lena <Park>",
            "job_title": "R&D Engineer",
            "client_name": "Smith & Sons",
            "stage_name": "Case study & final",
            "message": "",
            "link": "https://crm.example.com/pick/abc/",
            "times": ["Mon 9:00"],
            "expires": "Fri",
            "recruiter_name": "Rita",
            "recruiter_email": "rita@example.com",
        },
    )
    assert outbound_email_send(email_id=email.pk) == "sent"
    message = smtp_mailer.messages[-1]
    assert subject(message) == "Choose your interview time: R&D Engineer"
    found = parts(message)
    assert "Smith & Sons" in found["text/plain"] and "&amp;" not in found["text/plain"]
    assert "Smith &amp; Sons" in found["text/html"] and "Lena &lt;Park&gt;" in found["text/html"]
    assert "Lena <Park>" not in found["text/html"]
