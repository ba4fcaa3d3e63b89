"""One-click unsubscribe (RFC 8058): the URL in an email's List-Unsubscribe
header, POSTed with ``List-Unsubscribe=One-Click`` by a mail client (no
session, no CSRF token), stops all contact; the next check-in and rejection
emails are not queued. A GET only shows a confirm button."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from candidates.models import Candidate
from core.models import AccessToken
from interviews.models import Trigger
from interviews.services import application_reject
from interviews.services.triggers import trigger_save
from messaging.models import EmailTemplate, OutboundEmail
from messaging.services import email_queue, outbound_email_send, outbox
from privacy import views
from talentpool.models import CheckIn
from talentpool.services import checkin_sweep, pool_create, pool_member_add
from tests import factories
from tests.privacy.links import links_for, talent_pool_consent

pytestmark = pytest.mark.django_db

ONE_CLICK = {"List-Unsubscribe": "One-Click"}


@pytest.fixture(autouse=True)
def setup(settings, monkeypatch):
    settings.SITE_URL = "https://crm.example.com"
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))
    monkeypatch.setattr(views, "LIMIT_PER_ADDRESS", 10_000)


def rejection_trigger():
    for language in ("en", "zh-hans"):
        EmailTemplate.objects.create(
            name="Sorry",
            purpose=EmailTemplate.Purpose.REJECTION,
            language=language,
            subject=f"[{language}] {{{{ job_title }}}}",
            body_text=f"[{language}] Dear {{{{ candidate_name }}}}.",
        )
    trigger_save(trigger=Trigger(event=Trigger.Event.REJECTION, template_name="Sorry"), actor=None)


@pytest.mark.parametrize(("language", "said"), [("en", "You are unsubscribed"), ("zh-hans", "您已退订")])
def test_posting_one_click_to_the_header_url_stops_all_contact_and_no_check_in_or_rejection_is_queued(
    smtp_mailer, recruiter, language, said
):
    rejection_trigger()
    candidate = factories.candidate(language=language)
    talent_pool_consent(candidate)
    pool = pool_create(actor=recruiter, name="Alumni", cadence_days=30)
    membership = pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    application = factories.application(candidate_=candidate)
    # An email reaches them through the outbox and SMTP, with its header.
    with transaction.atomic():
        email = email_queue(
            to=candidate.email,
            idempotency_key="test:hello",
            language=language,
            subject="Hello",
            body_text="Hello.",
            candidate_ref=candidate.public_id,
        )
    outbound_email_send(email_id=email.pk)
    (message,) = smtp_mailer.messages
    url = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail client does: a bare POST, no cookie, no CSRF token.
    response = Client(enforce_csrf_checks=True).post(urlsplit(url).path, ONE_CLICK)
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert said in response.content.decode()
    candidate.refresh_from_db()
    assert candidate.contact_opt_out_at is not None

    membership.refresh_from_db()
    checkin_sweep(now=timezone.now() + timezone.timedelta(days=365))
    assert not CheckIn.objects.filter(membership__candidate=candidate).exists()
    application_reject(application=application, actor=recruiter, reason="skills")
    assert not OutboundEmail.objects.filter(idempotency_key=f"application:{application.pk}:rejection").exists()
    # Someone else, not unsubscribed, still gets their rejection.
    other = factories.application(job_=application.job)
    application_reject(application=other, actor=recruiter, reason="skills")
    assert OutboundEmail.objects.filter(idempotency_key=f"application:{other.pk}:rejection").exists()


def test_a_get_of_the_unsubscribe_url_shows_a_button_and_changes_nothing(client):
    candidate = factories.candidate()
    _centre, unsubscribe = links_for(candidate)
    response = client.get(unsubscribe)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="List-Unsubscribe" value="One-Click"' in html and f'action="{unsubscribe}' in html
    candidate.refresh_from_db()
    assert candidate.contact_opt_out_at is None


def test_the_confirm_button_posts_the_one_click_body_and_unsubscribes(client):
    candidate = factories.candidate(language="zh-hans")
    _centre, unsubscribe = links_for(candidate)
    response = client.post(unsubscribe + "?lang=zh-hans", ONE_CLICK)
    assert response.status_code == 200 and "您已退订" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is not None


def test_unsubscribing_twice_is_harmless(client):
    candidate = factories.candidate()
    _centre, unsubscribe = links_for(candidate)
    assert client.post(unsubscribe, ONE_CLICK).status_code == 200
    first = Candidate.objects.get(pk=candidate.pk).contact_opt_out_at
    assert client.post(unsubscribe, ONE_CLICK).status_code == 200
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at == first


@pytest.mark.parametrize("body", [{}, {"List-Unsubscribe": "yes"}, {"List-Unsubscribe": "One-Click" * 500}])
def test_a_post_without_the_one_click_body_is_refused_and_changes_nothing(client, body):
    candidate = factories.candidate()
    _centre, unsubscribe = links_for(candidate)
    response = client.post(unsubscribe, body)
    assert response.status_code == 400
    assert "This request cannot be understood." in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is None


@pytest.mark.parametrize(("language", "said"), [("en", "This link is not valid."), ("zh-hans", "此链接无效")])
def test_an_unknown_link_is_a_clear_404_in_the_visitors_language(client, language, said):
    for method in (client.get, client.post):
        response = method("/privacy/u/not-a-real-token/", ONE_CLICK, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404
        assert said in response.content.decode()


def test_an_expired_link_says_so_and_changes_nothing(client):
    candidate = factories.candidate()
    _centre, unsubscribe = links_for(candidate)
    AccessToken.objects.update(expires_at=timezone.now() - timezone.timedelta(seconds=1))
    response = client.post(unsubscribe, ONE_CLICK)
    assert response.status_code == 404 and "This link has expired." in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is None


def test_a_link_of_another_purpose_does_not_unsubscribe(client):
    from core.services import access_token_issue

    candidate = factories.candidate()
    token, _row = access_token_issue(
        purpose=AccessToken.Purpose.CHECK_IN, target=candidate, valid_for=timezone.timedelta(days=1)
    )
    assert client.post(f"/privacy/u/{token}/", ONE_CLICK).status_code == 404
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is None


def test_other_methods_are_refused(client):
    candidate = factories.candidate()
    _centre, unsubscribe = links_for(candidate)
    assert client.put(unsubscribe).status_code == 405
    assert client.delete(unsubscribe).status_code == 405


def test_one_click_unsubscribes_from_one_mail_provider_are_never_refused_by_address(client, monkeypatch):
    monkeypatch.setattr(views, "LIMIT_PER_ADDRESS", 1)
    people = [factories.candidate() for _n in range(3)]
    for person in people:
        assert client.post(links_for(person)[1], ONE_CLICK, REMOTE_ADDR="203.0.113.9").status_code == 200
    assert Candidate.objects.filter(pk__in=[p.pk for p in people], contact_opt_out_at__isnull=False).count() == 3
