"""Retention (privacy.services.retention, privacy.selectors.retention_plan):
the dry run is what the sweep does, the renewal email goes once, a legal hold
stops the anonymisation, and a candidate who renews is kept."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from accounts.roles import Role
from candidates.consents import consent_given
from candidates.models import Candidate, Consent
from candidates.services.consents import consent_record
from core.models import AccessToken, AuditEvent
from interviews.services import application_reject
from messaging.models import OutboundEmail
from messaging.services import email_text_render
from messaging.services import outbox as outbox_module
from privacy.models import RetentionPolicy, RetentionRenewal
from privacy.selectors import ANONYMISE, RENEW, retention_plan
from privacy.services.retention import (
    candidate_legal_hold_lift,
    candidate_legal_hold_place,
    retention_sweep,
)
from privacy.tasks import retention_sweep_task
from recruitcrm.celery import app as celery_app
from tests import factories

pytestmark = pytest.mark.django_db

MONTH = timedelta(days=31)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Renewal emails stay in the outbox (delivery is the outbox's own tests' point)."""
    monkeypatch.setattr(outbox_module, "email_hand_off", lambda *, email_ids: len(email_ids))


@pytest.fixture
def policies():
    rejected = RetentionPolicy.objects.create(
        name="Rejected, no pool consent: 24 months",
        rule=RetentionPolicy.Rule.REJECTED_WITHOUT_POOL_CONSENT,
        months=24,
        renewal_days=30,
    )
    never_applied = RetentionPolicy.objects.create(
        name="Never applied: 12 months", rule=RetentionPolicy.Rule.NO_APPLICATION, months=12, renewal_days=14
    )
    withdrawn = RetentionPolicy.objects.create(
        name="Pool consent withdrawn: 6 months",
        rule=RetentionPolicy.Rule.POOL_CONSENT_WITHDRAWN,
        months=6,
        renewal_days=30,
    )
    RetentionPolicy.objects.create(
        name="Switched off", rule=RetentionPolicy.Rule.NO_APPLICATION, months=1, renewal_days=0, is_active=False
    )
    return rejected, never_applied, withdrawn


def rejected_candidate(**kwargs) -> Candidate:
    candidate = factories.candidate(**kwargs)
    application = factories.application(candidate_=candidate)
    application_reject(application=application, actor=None, reason="skills")
    return candidate


def renewals() -> list[OutboundEmail]:
    return list(OutboundEmail.objects.filter(idempotency_key__startswith="retention:renewal:"))


def done_by_sweep(before: set[int]) -> set[tuple[str, int]]:
    anonymised = set(Candidate.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True)) - before
    asked = set(RetentionRenewal.objects.values_list("candidate_id", flat=True))
    return {(ANONYMISE, pk) for pk in anonymised} | {(RENEW, pk) for pk in asked}


def test_the_dry_run_lists_exactly_what_the_sweep_then_does(policies, django_capture_on_commit_callbacks):
    # Asked to renew: rejected now, their date 24 months on, the sweep runs 20 days before it.
    asked = rejected_candidate(full_name="Asked Renew")
    # Anonymised: never applied, 12 months passed by then.
    gone = factories.candidate(full_name="Never Applied")
    # Anonymised: withdrew pool consent, 6 months passed.
    withdrew = factories.candidate(full_name="Withdrew Consent")
    factories.application(candidate_=withdrew)  # an open application keeps them for now…
    consent = consent_record(
        candidate=withdrew, purpose=Consent.Purpose.TALENT_POOL, channel=Consent.Channel.APPLICATION_FORM, evidence="x"
    )
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    # Kept: an open application; talent-pool consent; a legal hold; and no email to ask (not asked yet).
    factories.application(candidate_=factories.candidate(full_name="Active Applicant"))
    pooled = factories.candidate(full_name="Pool Member")
    consent_record(
        candidate=pooled, purpose=Consent.Purpose.TALENT_POOL, channel=Consent.Channel.APPLICATION_FORM, evidence="x"
    )
    held = factories.candidate(full_name="Held")
    candidate_legal_hold_place(candidate=held, actor=None, reason="litigation")
    unreachable = rejected_candidate(full_name="No Email", email="")
    at = timezone.now() + timedelta(days=710)  # about 20 days before their 24 calendar months are up

    plan = retention_plan(now=at)
    output = io.StringIO()
    call_command("retention_dry_run", "--at", at.isoformat(), stdout=output)

    assert {(action.kind, action.candidate_id) for action in plan} == {(RENEW, asked.pk), (ANONYMISE, gone.pk)}
    listed = {tuple(line.split("\t")[:2]) for line in output.getvalue().splitlines() if "\t" in line}
    assert listed == {(RENEW, str(asked.public_id)), (ANONYMISE, str(gone.public_id))}
    assert unreachable.pk not in {action.candidate_id for action in plan}

    before = set(Candidate.objects.filter(anonymised_at__isnull=False).values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_sweep(now=at) == {RENEW: 1, ANONYMISE: 1}
    assert done_by_sweep(before) == {(action.kind, action.candidate_id) for action in plan}
    assert retention_plan(now=at) == []

    # Once the open application closes, the withdrawn consent's six months count.
    application_reject(application=withdrew.applications.get(), actor=None, reason="skills")
    assert {(a.kind, a.candidate_id) for a in retention_plan(now=at)} == {(ANONYMISE, withdrew.pk)}


def test_the_renewal_email_goes_once_in_the_candidates_language(policies):
    candidate = rejected_candidate(full_name="王小明", language="zh-hans")
    at = timezone.now() + 24 * MONTH - timedelta(days=40)

    first = retention_sweep(now=at)
    second = retention_sweep(now=at + timedelta(hours=1))

    assert first == {RENEW: 1, ANONYMISE: 0} and second == {RENEW: 0, ANONYMISE: 0}
    [email] = renewals()
    assert email.to_address == candidate.email and email.language == "zh-hans"
    assert email.candidate_ref == candidate.public_id and email.template == "retention_renewal"
    with translation.override("zh-hans"):
        subject = email_text_render("emails/retention_renewal/subject.txt", email.context)
        body = email_text_render("emails/retention_renewal/body.txt", email.context)
    assert "保留" in subject and "王小明" in body and email.context["keep_url"] in body
    assert AuditEvent.objects.filter(action="candidates.candidate.renewal_ask").count() == 1


def test_a_legal_hold_stops_the_anonymisation_until_it_is_lifted(policies, django_capture_on_commit_callbacks):
    admin = factories.user(Role.ADMINISTRATOR)
    candidate = factories.candidate(full_name="Kept By Law")
    candidate_legal_hold_place(candidate=candidate, actor=admin, reason="employment tribunal")
    at = timezone.now() + 13 * MONTH

    assert retention_plan(now=at) == []
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_sweep(now=at) == {RENEW: 0, ANONYMISE: 0}
    candidate.refresh_from_db()
    assert candidate.anonymised_at is None and candidate.full_name == "Kept By Law"
    event = AuditEvent.objects.get(action="candidates.candidate.legal_hold")
    assert event.actor == admin and event.data == {"reason": "employment tribunal"}

    candidate_legal_hold_lift(candidate=candidate, actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_sweep(now=at) == {RENEW: 0, ANONYMISE: 1}
    candidate.refresh_from_db()
    assert candidate.anonymised_at is not None and candidate.legal_hold_at is None


def test_a_legal_hold_needs_a_reason(policies):
    candidate = factories.candidate()
    with pytest.raises(ValidationError):
        candidate_legal_hold_place(candidate=candidate, actor=None, reason="  ")


def test_a_candidate_who_renews_consent_is_kept(client, policies, django_capture_on_commit_callbacks):
    keeper = rejected_candidate(full_name="Keeps Profile")
    silent = rejected_candidate(full_name="Says Nothing")
    at = timezone.now() + 24 * MONTH - timedelta(days=40)
    assert retention_sweep(now=at) == {RENEW: 2, ANONYMISE: 0}
    email = next(e for e in renewals() if e.candidate_ref == keeper.public_id)
    path = urlsplit(email.context["keep_url"]).path

    page = client.get(path)
    assert page.status_code == 200 and "Keeps Profile" in page.text
    assert not consent_given(keeper, Consent.Purpose.TALENT_POOL)  # a GET changes nothing
    assert client.post(path, REMOTE_ADDR="198.51.100.7").status_code == 302
    assert consent_given(keeper, Consent.Purpose.TALENT_POOL)
    consent = keeper.consents.get(purpose=Consent.Purpose.TALENT_POOL)
    assert consent.channel == Consent.Channel.PREFERENCE_CENTRE and consent.ip_address == "198.51.100.7"
    assert client.get(path).status_code == 200  # used: the thank-you

    after = timezone.now() + 25 * MONTH
    assert {(a.kind, a.candidate_id) for a in retention_plan(now=after)} == {(ANONYMISE, silent.pk)}
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_sweep(now=after) == {RENEW: 0, ANONYMISE: 1}
    keeper.refresh_from_db()
    silent.refresh_from_db()
    assert keeper.anonymised_at is None and keeper.full_name == "Keeps Profile"
    assert silent.anonymised_at is not None


def test_the_keep_page_refuses_unknown_links_and_other_methods(client):
    assert client.get(reverse("privacy:keep", args=["nope"])).status_code == 404
    assert client.put(reverse("privacy:keep", args=["nope"])).status_code == 405


def test_the_keep_link_of_an_expired_token_says_so(client):
    candidate = factories.candidate()
    from core.services import access_token_issue

    token, row = access_token_issue(
        purpose=AccessToken.Purpose.RETENTION_KEEP, target=candidate, valid_for=timedelta(days=1)
    )
    AccessToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("privacy:keep", args=[token]))
    assert response.status_code == 410 and "expired" in response.text


def test_the_sweep_runs_daily_from_beat():
    entry = next(e for e in celery_app.conf.beat_schedule.values() if e["task"] == "privacy.retention_sweep")
    assert entry["schedule"].hour == {3}
    assert retention_sweep_task.name == "privacy.retention_sweep"
