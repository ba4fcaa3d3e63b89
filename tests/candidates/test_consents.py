"""Consents on the profile: recorded and withdrawn by the team through the
services (notice version, channel and method, evidence, who and when), shown
with their history in the consent panel, and "do not contact" recorded with
its reason; every view with its role matrix, htmx region and plain fallback."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from candidates.consents import consent_given, consents_in_force, contact_allowed
from candidates.models import Activity, Candidate, Consent, PrivacyNotice
from candidates.services.consents import consent_record, consent_withdraw
from candidates.spreadsheets import read_sheet
from core.models import AuditEvent
from jobs.services import client_create, client_grant, job_member_add
from messaging.models import OutboundEmail
from messaging.services import email_queue
from talentpool.models import PoolMembership
from talentpool.services import checkin_sweep, pool_create, pool_member_add
from tests import factories

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
STAFF = Consent.Channel.STAFF
WRITERS = ("administrator", "recruiter", "coordinator", "outsider")


@pytest.fixture
def candidate(recruiter):
    return factories.candidate(full_name="Lena Park", email="lena@example.test", owner=recruiter)


@pytest.fixture
def client_acme(db):
    return client_create(actor=None, name="Acme Robotics")


def curl(name: str, candidate, *args) -> str:
    return reverse(f"candidates:{name}", args=[candidate.public_id, *args])


def profile(candidate) -> str:
    return curl("candidate-detail", candidate)


def record(candidate, purpose=Consent.Purpose.TALENT_POOL, *, actor=None, client=None) -> Consent:
    return consent_record(
        candidate=candidate,
        purpose=purpose,
        client=client,
        channel=STAFF,
        method=Consent.Method.PHONE,
        evidence="Said yes on the call of 3 December.",
        actor=actor,
    )


def persona_on(candidate, role: str, personas):
    """The persona for ``role``; a hiring manager or interviewer is given
    sight of ``candidate`` (a job of theirs, a panel seat)."""
    user = personas[role]
    if role == "hiring_manager":
        job = factories.job()
        job_member_add(job=job, user=user, job_role="hiring_manager", actor=None)
        factories.application(job_=job, candidate_=candidate)
    elif role == "interviewer":
        application = factories.application(candidate_=candidate)
        factories.interview(application_=application, panel=[user])
    return user


# --- Services -----------------------------------------------------------------------------


def test_a_consent_recorded_by_the_team_keeps_notice_channel_method_evidence_and_who(candidate, recruiter):
    PrivacyNotice.objects.create(
        version="2026-11", title="Privacy", body="How we keep your data.", in_force_from=timezone.now()
    )
    consent = record(candidate, actor=recruiter)
    assert (consent.notice_version, consent.channel, consent.method, consent.recorded_by) == (
        "2026-11",
        STAFF,
        Consent.Method.PHONE,
        recruiter,
    )
    assert consent.evidence == "Said yes on the call of 3 December." and consent.given_at is not None
    assert consent_given(candidate, Consent.Purpose.TALENT_POOL)
    assert AuditEvent.objects.filter(action="candidates.consent.give", actor=recruiter).count() == 1


def test_a_consent_recorded_by_the_team_must_say_how_it_was_given(candidate, recruiter):
    with pytest.raises(ValidationError) as refused:
        consent_record(
            candidate=candidate, purpose="talent_pool", channel=STAFF, evidence="x", actor=recruiter, method=""
        )
    assert "method" in refused.value.message_dict
    assert not Consent.objects.exists()


def test_sharing_needs_a_client_and_is_given_per_client(candidate, recruiter, client_acme):
    with pytest.raises(ValidationError):
        record(candidate, Consent.Purpose.SHARE_WITH_CLIENT, actor=recruiter)
    other = client_create(actor=None, name="Beta Bank")
    record(candidate, Consent.Purpose.SHARE_WITH_CLIENT, actor=recruiter, client=client_acme)
    assert consent_given(candidate, Consent.Purpose.SHARE_WITH_CLIENT, client=client_acme)
    assert not consent_given(candidate, Consent.Purpose.SHARE_WITH_CLIENT, client=other)
    assert not consent_given(candidate, Consent.Purpose.SHARE_WITH_CLIENT)


def test_recording_a_consent_already_in_force_returns_it(candidate, recruiter):
    first = record(candidate, actor=recruiter)
    assert record(candidate, actor=recruiter) == first
    assert candidate.consents.count() == 1


def test_a_withdrawal_keeps_the_row_with_who_and_when_and_cancels_only_its_purposes_emails(candidate, recruiter):
    record(candidate, actor=recruiter)
    record(candidate, Consent.Purpose.PROCESSING, actor=recruiter)
    pool_mail = email_queue(
        idempotency_key="t:pool",
        to="lena@example.test",
        language="en",
        subject="Still looking?",
        body_text="b",
        candidate_ref=candidate.public_id,
        consent_purpose="talent_pool",
    )
    other_mail = email_queue(
        idempotency_key="t:other",
        to="lena@example.test",
        language="en",
        subject="Your interview",
        body_text="b",
        candidate_ref=candidate.public_id,
        consent_purpose="processing",
    )
    assert consent_withdraw(candidate=candidate, purpose="talent_pool", channel=STAFF, actor=recruiter) == 1
    withdrawn = candidate.consents.get(purpose="talent_pool")
    assert withdrawn.withdrawn_at and withdrawn.withdrawn_by == recruiter and withdrawn.withdrawn_channel == STAFF
    assert list(consents_in_force(candidate).values_list("purpose", flat=True)) == ["processing"]
    pool_mail.refresh_from_db()
    other_mail.refresh_from_db()
    assert pool_mail.status == OutboundEmail.Status.CANCELLED and other_mail.status == OutboundEmail.Status.QUEUED
    assert AuditEvent.objects.filter(action="candidates.consent.withdraw").count() == 1


def test_a_candidate_who_stopped_contact_may_not_be_emailed(candidate, recruiter):
    from django.db import transaction

    from talentpool.services import candidate_contact_opt_out

    assert contact_allowed(candidate)
    with transaction.atomic():
        candidate_contact_opt_out(candidate=candidate, actor=recruiter, reason="Asked on the phone")
    assert not contact_allowed(Candidate.objects.get(pk=candidate.pk))


# --- The panel on the profile -------------------------------------------------------------


def test_the_panel_shows_consents_in_force_and_withdrawn_with_their_history(client, recruiter, candidate, client_acme):
    record(candidate, actor=recruiter)
    record(candidate, Consent.Purpose.SHARE_WITH_CLIENT, actor=recruiter, client=client_acme)
    consent_withdraw(candidate=candidate, purpose="talent_pool", channel=STAFF, actor=recruiter)
    client.force_login(recruiter)
    html = client.get(profile(candidate)).text
    assert 'data-testid="consent-panel"' in html
    assert html.count('data-testid="consent"') == 2
    assert "Acme Robotics" in html and "Said yes on the call of 3 December." in html
    assert "by phone" in html and "recorded by the team" in html and "Rita Recruiter" in html
    assert 'data-testid="consent-withdrawn"' in html and "withdrawn" in html and "in force" in html
    # Only the consent in force can be withdrawn.
    assert html.count('data-testid="consent-withdraw"') == 1


def test_the_panel_says_when_no_consent_is_recorded(client, recruiter, candidate):
    client.force_login(recruiter)
    assert 'data-testid="consents-empty"' in client.get(profile(candidate)).text


@pytest.mark.parametrize(
    ("role", "sees", "acts"),
    [
        ("administrator", True, True),
        ("recruiter", True, True),
        ("coordinator", True, True),
        ("reviewer", True, False),
        ("hiring_manager", False, False),
        ("interviewer", False, False),
    ],
)
def test_who_sees_the_panel_and_its_actions(client, personas, candidate, role, sees, acts):
    record(candidate)
    client.force_login(persona_on(candidate, role, personas))
    html = client.get(profile(candidate)).text
    assert ('data-testid="consent-panel"' in html) is sees
    assert ('data-testid="consent-record"' in html) is acts
    assert ('data-testid="consent-withdraw"' in html) is acts
    assert ('data-testid="contact-stop"' in html) is acts


# --- Recording a consent ------------------------------------------------------------------


def test_recording_a_consent_from_the_panel_answers_htmx_with_the_consent_region(client, recruiter, candidate):
    client.force_login(recruiter)
    form = client.get(curl("consent-record", candidate), **HTMX)
    assert form.status_code == 200 and "<html" not in form.text and 'name="evidence"' in form.text
    response = client.post(
        curl("consent-record", candidate),
        {"purpose": "talent_pool", "method": "email", "evidence": "Replied yes to our email of 2 Dec."},
        **HTMX,
    )
    assert response.status_code == 200 and 'id="profile-consents"' in response.text and "<html" not in response.text
    consent = candidate.consents.get()
    assert (consent.purpose, consent.channel, consent.method, consent.recorded_by) == (
        "talent_pool",
        STAFF,
        "email",
        recruiter,
    )
    assert "Replied yes to our email of 2 Dec." in response.text


def test_recording_a_consent_works_as_a_plain_post_and_redirect(client, coordinator, candidate, client_acme):
    client_grant(client=client_acme, user=coordinator, actor=None)
    client.force_login(coordinator)
    page = client.get(curl("consent-record", candidate))
    assert page.status_code == 200 and "<html" in page.text
    response = client.post(
        curl("consent-record", candidate),
        {
            "purpose": "share_with_client",
            "client": client_acme.pk,
            "method": "in_person",
            "evidence": "Agreed in person.",
        },
    )
    assert response.status_code == 302 and response["Location"] == profile(candidate)
    assert consent_given(candidate, Consent.Purpose.SHARE_WITH_CLIENT, client=client_acme)


def test_sharing_is_offered_only_with_the_clients_the_user_is_on(client, recruiter, candidate, client_acme):
    client.force_login(recruiter)
    assert "Acme Robotics" not in client.get(curl("consent-record", candidate)).text
    data = {"purpose": "share_with_client", "client": client_acme.pk, "method": "phone", "evidence": "Yes."}
    assert client.post(curl("consent-record", candidate), data).status_code == 422
    client_grant(client=client_acme, user=recruiter, actor=None)
    assert "Acme Robotics" in client.get(curl("consent-record", candidate)).text
    assert client.post(curl("consent-record", candidate), data).status_code == 302


def test_sharing_without_a_client_is_refused_on_the_form(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(
        curl("consent-record", candidate),
        {"purpose": "share_with_client", "method": "phone", "evidence": "Said yes."},
        **HTMX,
    )
    assert response.status_code == 422 and "Choose the client the profile may be shared with." in response.text
    assert response["HX-Retarget"] == "#profile-panel-body"
    assert not Consent.objects.exists()


def test_a_consent_without_evidence_or_method_is_refused(client, recruiter, candidate):
    client.force_login(recruiter)
    response = client.post(curl("consent-record", candidate), {"purpose": "talent_pool"})
    assert response.status_code == 422 and "This field is required." in response.text
    assert not Consent.objects.exists()


# --- Withdrawing --------------------------------------------------------------------------


def test_withdrawing_asks_to_confirm_then_withdraws_on_post(client, recruiter, candidate):
    consent = record(candidate, Consent.Purpose.PROCESSING)
    client.force_login(recruiter)
    url = curl("consent-withdraw", candidate, consent.pk)
    confirm = client.get(url, **HTMX)
    assert confirm.status_code == 200 and 'data-testid="consent-withdraw-confirm"' in confirm.text
    consent.refresh_from_db()
    assert consent.withdrawn_at is None  # a GET changes nothing
    response = client.post(url, **HTMX)
    assert response.status_code == 200 and 'id="profile-consents"' in response.text
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == recruiter
    # Withdrawn: there is nothing to withdraw any more.
    assert client.post(url).status_code == 404


def test_withdrawing_the_talent_pool_consent_from_the_profile_ends_pools_and_cancels_check_ins(
    client, recruiter, candidate
):
    consent = record(candidate)
    pool = pool_create(actor=recruiter, name="Silver", cadence_days=30)
    membership = pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    membership.refresh_from_db()
    checkin_sweep(now=membership.next_check_in_at)
    email = OutboundEmail.objects.get(candidate_ref=candidate.public_id)
    assert email.status == OutboundEmail.Status.QUEUED
    client.force_login(recruiter)
    response = client.post(curl("consent-withdraw", candidate, consent.pk))
    assert response.status_code == 302 and response["Location"] == profile(candidate)
    email.refresh_from_db()
    membership.refresh_from_db()
    assert email.status == OutboundEmail.Status.CANCELLED and membership.removed_at is not None
    assert not PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True).exists()


# --- Do not contact -----------------------------------------------------------------------


def test_do_not_contact_records_the_reason_and_the_profile_shows_since_when_why_and_by_whom(
    client, recruiter, candidate
):
    client.force_login(recruiter)
    url = curl("contact-stop", candidate)
    assert 'name="reason"' in client.get(url, **HTMX).text
    response = client.post(url, {"reason": "Asked us on the phone to stop emailing."}, **HTMX)
    assert response.status_code == 200 and 'data-testid="contact-stopped"' in response.text
    assert "Asked us on the phone to stop emailing." in response.text and "Rita Recruiter" in response.text
    fresh = Candidate.objects.get(pk=candidate.pk)
    assert fresh.contact_opt_out_at is not None
    assert fresh.contact_opt_out_reason == "Asked us on the phone to stop emailing."
    entry = Activity.objects.get(candidate=candidate, message_id="talentpool.contact_stopped")
    assert entry.actor == recruiter
    assert AuditEvent.objects.filter(action="candidates.candidate.opt_out", actor=recruiter).exists()
    page = client.get(profile(candidate)).text
    assert 'data-testid="contact-stopped-reason"' in page and 'data-testid="contact-stop"' not in page


def test_do_not_contact_cancels_queued_emails_and_leaves_pools_as_a_plain_post(client, coordinator, candidate):
    factories.pool_consent(candidate)
    pool = pool_create(actor=coordinator, name="Bench", cadence_days=30)
    membership = pool_member_add(pool=pool, candidate=candidate, actor=coordinator)
    membership.refresh_from_db()
    checkin_sweep(now=membership.next_check_in_at)
    client.force_login(coordinator)
    response = client.post(curl("contact-stop", candidate), {"reason": "Found a job"})
    assert response.status_code == 302 and response["Location"] == profile(candidate)
    assert OutboundEmail.objects.get(candidate_ref=candidate.public_id).status == OutboundEmail.Status.CANCELLED
    membership.refresh_from_db()
    assert membership.removed_at is not None


def test_do_not_contact_needs_a_reason_and_happens_once(client, recruiter, candidate):
    client.force_login(recruiter)
    url = curl("contact-stop", candidate)
    blank = client.post(url, {"reason": "  "})
    assert blank.status_code == 422 and "This field is required." in blank.text
    client.post(url, {"reason": "Asked"})
    again = client.post(url, {"reason": "Asked again"}, **HTMX)
    assert again.status_code == 422 and "already stopped" in again.text
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_reason == "Asked"


# --- The role matrix of every new view ----------------------------------------------------


def _urls(candidate, consent) -> dict[str, tuple[str, dict]]:
    return {
        "record": (curl("consent-record", candidate), {"purpose": "processing", "method": "phone", "evidence": "x"}),
        "withdraw": (curl("consent-withdraw", candidate, consent.pk), {}),
        "stop": (curl("contact-stop", candidate), {"reason": "Asked"}),
    }


@pytest.mark.parametrize("action", ["record", "withdraw", "stop"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 200),
        ("recruiter", 200),
        ("coordinator", 200),
        ("outsider", 200),  # a recruiter sees and changes every candidate
        ("reviewer", 403),
        ("hiring_manager", 403),
        ("interviewer", 403),
    ],
)
def test_the_role_matrix_of_each_consent_view(client, personas, candidate, action, role, status):
    consent = record(candidate, Consent.Purpose.TRANSFER_ABROAD)
    url, data = _urls(candidate, consent)[action]
    client.force_login(persona_on(candidate, role, personas))
    assert client.get(url).status_code == status
    response = client.post(url, data, **HTMX)
    assert response.status_code == status
    changed = {
        "record": candidate.consents.filter(purpose="processing").exists(),
        "withdraw": candidate.consents.filter(withdrawn_at__isnull=False).exists(),
        "stop": Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is not None,
    }[action]
    assert changed is (status == 200)


@pytest.mark.parametrize("action", ["record", "withdraw", "stop"])
@pytest.mark.parametrize("role", ["hiring_manager", "interviewer"])
def test_a_candidate_the_user_cannot_see_is_404_for_each_consent_view(client, personas, candidate, action, role):
    consent = record(candidate, Consent.Purpose.TRANSFER_ABROAD)
    url, data = _urls(candidate, consent)[action]
    client.force_login(personas[role])
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404


@pytest.mark.parametrize("action", ["record", "withdraw", "stop"])
def test_the_consent_views_answer_only_get_and_post(client, recruiter, candidate, action):
    consent = record(candidate, Consent.Purpose.TRANSFER_ABROAD)
    url, _data = _urls(candidate, consent)[action]
    client.force_login(recruiter)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405


def test_another_candidates_consent_is_404(client, recruiter, candidate):
    other = factories.candidate()
    consent = record(other, Consent.Purpose.PROCESSING)
    client.force_login(recruiter)
    assert client.post(curl("consent-withdraw", candidate, consent.pk)).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


# --- Sharing with a client: an export limited to that client's jobs ---------------------


@pytest.fixture
def acme_job(recruiter, client_acme):
    client_grant(client=client_acme, user=recruiter, actor=None)
    return factories.job(recruiter=recruiter, client=client_acme, title="Robotics engineer")


def exported_names(response) -> list[str]:
    sheet = read_sheet(response.content)
    column = sheet.headers.index("Name")
    return sorted(cells[column] for _line, cells in sheet.rows)


def test_an_export_limited_to_a_client_holds_only_those_who_consented_to_sharing_with_it(
    client, recruiter, client_acme, acme_job
):
    agreed = factories.candidate(full_name="Agreed Ann")
    silent = factories.candidate(full_name="Silent Sam")
    elsewhere = factories.candidate(full_name="Other Olga")
    withdrawn = factories.candidate(full_name="Withdrawn Wu")
    for person in (agreed, silent, elsewhere, withdrawn):
        factories.application(job_=acme_job, candidate_=person)
    record(agreed, Consent.Purpose.SHARE_WITH_CLIENT, client=client_acme)
    record(elsewhere, Consent.Purpose.SHARE_WITH_CLIENT, client=client_create(actor=None, name="Beta Bank"))
    record(withdrawn, Consent.Purpose.SHARE_WITH_CLIENT, client=client_acme)
    consent_withdraw(candidate=withdrawn, purpose="share_with_client", channel=STAFF, client=client_acme)
    client.force_login(recruiter)
    url = reverse("candidates:candidate-export", args=["csv"])

    by_client = client.get(url, {"client": str(client_acme.public_id)})
    by_job = client.get(url, {"job": str(acme_job.public_id)})

    assert exported_names(by_client) == exported_names(by_job) == ["Agreed Ann"]
    events = AuditEvent.objects.filter(action="candidates.candidate.export").order_by("pk")
    assert [(e.data["count"], e.data["withheld_without_consent"]) for e in events] == [(1, 3), (1, 3)]
    notice = client.get(reverse("candidates:candidate-list")).text
    assert "3 candidates were left out of the export: no consent to share them with this client." in notice


def test_an_export_limited_to_an_in_house_team_is_not_filtered_by_sharing_consent(client, recruiter, acme_job):
    # An in-house team is its own hiring: nothing leaves for anyone.
    type(acme_job.client).objects.filter(pk=acme_job.client_id).update(is_internal=True)
    factories.application(job_=acme_job, candidate_=factories.candidate(full_name="Silent Sam"))
    client.force_login(recruiter)
    response = client.get(reverse("candidates:candidate-export", args=["csv"]), {"job": str(acme_job.public_id)})
    assert exported_names(response) == ["Silent Sam"]


def test_an_export_not_limited_to_a_client_is_not_filtered_by_sharing_consent(client, recruiter, acme_job):
    factories.application(job_=acme_job, candidate_=factories.candidate(full_name="Silent Sam"))
    client.force_login(recruiter)
    response = client.get(reverse("candidates:candidate-export", args=["csv"]))
    assert exported_names(response) == ["Silent Sam"]
    assert AuditEvent.objects.get(action="candidates.candidate.export").data["withheld_without_consent"] == 0
