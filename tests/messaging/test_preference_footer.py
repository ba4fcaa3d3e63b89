"""Every email to a candidate carries, added by the outbox when it sends, the
footer link to their preference centre and the RFC 8058 one-click
unsubscribe headers; staff emails carry neither."""

from __future__ import annotations

import re
from email.message import Message

import pytest
from django.db import transaction
from django.urls import resolve

from core.models import AccessToken
from messaging.services import email_queue, outbound_email_send, outbound_email_send_batch, outbox
from tests import factories

pytestmark = pytest.mark.django_db

URL = re.compile(r"https://crm\.example\.com/privacy/[pu]/[A-Za-z0-9_-]+/")


@pytest.fixture(autouse=True)
def site(settings, monkeypatch):
    settings.SITE_URL = "https://crm.example.com"
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


def parts(message: Message) -> dict[str, str]:
    found = {}
    for part in message.walk():
        if part.get_content_maintype() == "text":
            found[part.get_content_type()] = part.get_payload(decode=True).decode(part.get_content_charset())
    return found


def queue_to(candidate, key: str, *, template: str = "application_received", **extra):
    with transaction.atomic():
        return email_queue(
            to=candidate.email,
            idempotency_key=key,
            language=candidate.language,
            template=template,
            context={"candidate_name": candidate.full_name, "job_title": "Backend Engineer", "employer": "Acme"},
            candidate_ref=candidate.public_id,
            **extra,
        )


@pytest.mark.parametrize(
    ("language", "footer"),
    [("en", "open your preference centre"), ("zh-hans", "偏好中心")],
)
def test_an_email_to_a_candidate_has_the_footer_link_and_both_unsubscribe_headers_in_their_language(
    smtp_mailer, language, footer
):
    candidate = factories.candidate(language=language)
    outbound_email_send(email_id=queue_to(candidate, "test:footer").pk)
    (message,) = smtp_mailer.messages
    unsubscribe = message["List-Unsubscribe"]
    assert re.fullmatch(r"<https://crm\.example\.com/privacy/u/[A-Za-z0-9_-]+/>", unsubscribe)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    bodies = parts(message)
    text, html = bodies["text/plain"], bodies["text/html"]
    assert footer in text
    preference_url = re.search(r"https://crm\.example\.com/privacy/p/[A-Za-z0-9_-]+/", text).group(0)
    assert f'href="{preference_url}"' in html and html.rstrip().endswith("</html>")
    # Both links open the same candidate, for the preference centre only, for long.
    tokens = {resolve(url.removeprefix("https://crm.example.com")).kwargs["token"] for url in URL.findall(text)}
    tokens.add(resolve(unsubscribe.strip("<>").removeprefix("https://crm.example.com")).kwargs["token"])
    assert len(tokens) == 1
    row = AccessToken.objects.get()
    assert row.purpose == AccessToken.Purpose.PREFERENCES and row.target_id == candidate.pk
    assert (row.expires_at - row.created_at).days >= 179


def test_a_staff_email_has_no_footer_and_no_unsubscribe_headers(smtp_mailer, recruiter):
    with transaction.atomic():
        email = email_queue(
            to=recruiter.email, idempotency_key="test:staff", language="en", subject="Hi", body_text="For the team."
        )
    outbound_email_send(email_id=email.pk)
    (message,) = smtp_mailer.messages
    assert message["List-Unsubscribe"] is None and message["List-Unsubscribe-Post"] is None
    assert "/privacy/" not in parts(message)["text/plain"]
    assert not AccessToken.objects.exists()


def test_a_pre_rendered_email_to_a_candidate_gets_the_footer_too(smtp_mailer):
    candidate = factories.candidate()
    with transaction.atomic():
        email = email_queue(
            to=candidate.email,
            idempotency_key="test:plain",
            language="en",
            subject="Your application",
            body_text="Dear Ada, thank you.",
            body_html="<p>Dear Ada, thank you.</p>",
            candidate_ref=candidate.public_id,
        )
    outbound_email_send(email_id=email.pk)
    (message,) = smtp_mailer.messages
    bodies = parts(message)
    assert bodies["text/plain"].startswith("Dear Ada, thank you.")
    assert "/privacy/p/" in bodies["text/plain"] and "/privacy/p/" in bodies["text/html"]
    assert message["List-Unsubscribe"].startswith("<https://crm.example.com/privacy/u/")


def test_a_batch_makes_every_candidates_links_at_once_each_their_own(smtp_mailer, django_assert_max_num_queries):
    candidates = [factories.candidate() for _n in range(5)]
    emails = [queue_to(candidate, f"test:batch:{n}") for n, candidate in enumerate(candidates)]
    outcome = outbound_email_send_batch(email_ids=[email.pk for email in emails])
    assert outcome["sent"] == 5
    headers = {message["To"]: message["List-Unsubscribe"] for message in smtp_mailer.messages}
    assert len(set(headers.values())) == 5
    by_target = dict(AccessToken.objects.values_list("target_id", "purpose"))
    assert set(by_target) == {candidate.pk for candidate in candidates}


def test_an_email_to_a_candidate_who_no_longer_exists_goes_without_the_links(smtp_mailer):
    import uuid

    with transaction.atomic():
        email = email_queue(
            to="gone@example.test",
            idempotency_key="test:gone",
            language="en",
            subject="Hello",
            body_text="Hello.",
            candidate_ref=uuid.uuid4(),
        )
    assert outbound_email_send(email_id=email.pk) == "sent"
    (message,) = smtp_mailer.messages
    assert message["List-Unsubscribe"] is None
