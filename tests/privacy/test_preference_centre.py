"""The preference centre behind the link in every email to a candidate: what
it shows (their consents in force, the notice in force, in their language),
what they may do there (withdraw or give consent, stop contact, propose
corrections, ask for a copy or deletion), each a POST, destructive ones
behind a confirm page; hostile input, dead links and rate limits; and asking
existing candidates to consent again under a new notice."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from candidates.models import Candidate, Consent, PrivacyNotice, ProposedUpdate
from core.models import AuditEvent
from messaging.models import OutboundEmail
from messaging.services import email_queue, outbox
from privacy import views
from privacy.models import PrivacyRequest
from privacy.services.reconsent import notice_reconsent_ask, reconsent_key
from talentpool.models import PoolMembership
from talentpool.services import candidate_contact_opt_out, pool_create, pool_member_add
from tests import factories
from tests.privacy.links import links_for, talent_pool_consent, token_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def setup(settings, monkeypatch):
    settings.SITE_URL = "https://crm.example.com"
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))
    monkeypatch.setattr(views, "LIMIT_PER_ADDRESS", 10_000)


@pytest.fixture
def candidate(db):
    person = factories.candidate(full_name="Ada Lovelace", email="ada@example.test", phone="+8613800138000")
    talent_pool_consent(person)
    return person


@pytest.fixture
def centre(candidate) -> str:
    return links_for(candidate)[0]


def url(centre: str, name: str, *args) -> str:
    return reverse(f"privacy:{name}", args=[token_of(centre), *args])


# --- What it shows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "purpose"),
    [("en", "Your preferences", "Contact me about future roles"), ("zh-hans", "您的偏好设置", "有合适职位时联系我")],
)
def test_the_centre_shows_the_consents_in_force_and_the_notice_in_the_candidates_language(
    client, candidate, centre, language, heading, purpose
):
    Candidate.objects.filter(pk=candidate.pk).update(language=language)
    response = client.get(centre)
    assert response.status_code == 200 and response.headers["Content-Language"] == language
    html = response.content.decode()
    assert heading in html and purpose in html
    assert 'data-testid="consent-talent_pool"' in html and 'data-testid="notice"' in html
    assert response.headers["Cache-Control"].startswith("max-age=0") or "no-store" in response.headers["Cache-Control"]


def test_the_language_switch_shows_the_other_language(client, candidate, centre):
    html = client.get(centre + "?lang=zh-hans").content.decode()
    assert "您的偏好设置" in html and 'href="' + centre + '?lang=en"' in html


def test_a_get_of_any_page_changes_nothing(client, candidate, centre):
    before = AuditEvent.objects.count()
    for name, args in [
        ("preferences", ()),
        ("preferences-withdraw", ("talent_pool",)),
        ("preferences-stop", ()),
        ("preferences-request", ("deletion",)),
        ("preferences-request", ("access",)),
    ]:
        assert client.get(url(centre, name, *args)).status_code == 200
    candidate.refresh_from_db()
    assert candidate.contact_opt_out_at is None
    assert candidate.consents.filter(withdrawn_at__isnull=True).count() == 1
    assert not PrivacyRequest.objects.exists() and AuditEvent.objects.count() == before


# --- Consents --------------------------------------------------------------------------------


def test_withdrawing_talent_pool_consent_cancels_the_queued_emails_that_depended_on_it(client, candidate, centre):
    with transaction.atomic():
        email = email_queue(
            to=candidate.email,
            idempotency_key="test:checkin",
            language="en",
            subject="Open to roles?",
            body_text="…",
            candidate_ref=candidate.public_id,
            consent_purpose=Consent.Purpose.TALENT_POOL,
            due_at=timezone.now() + timedelta(days=1),
        )
    confirm = client.get(url(centre, "preferences-withdraw", "talent_pool"))
    assert "Withdraw my consent" in confirm.content.decode()
    response = client.post(url(centre, "preferences-withdraw", "talent_pool") + "?lang=en")
    assert response.status_code == 302 and "done=withdrawn" in response.url
    consent = candidate.consents.get()
    assert consent.withdrawn_at is not None and consent.withdrawn_channel == Consent.Channel.PREFERENCE_CENTRE
    assert consent.withdrawn_by is None
    assert OutboundEmail.objects.get(pk=email.pk).status == OutboundEmail.Status.CANCELLED
    assert "Your consent is withdrawn." in client.get(response.url).content.decode()


def test_withdrawing_talent_pool_consent_takes_them_out_of_every_pool(client, candidate, centre, recruiter):
    pools = [pool_create(actor=recruiter, name=name, cadence_days=90) for name in ("Alumni", "Robotics")]
    for pool in pools:
        pool_member_add(pool=pool, candidate=candidate, actor=recruiter)
    client.post(url(centre, "preferences-withdraw", "talent_pool") + "?lang=en")
    assert not PoolMembership.objects.filter(candidate=candidate, removed_at__isnull=True).exists()
    assert PoolMembership.objects.filter(candidate=candidate).count() == 2  # left, not deleted


def test_consent_for_processing_is_not_withdrawn_with_one_click(client, candidate, centre):
    assert client.post(url(centre, "preferences-withdraw", "processing")).status_code == 404
    assert client.post(url(centre, "preferences-withdraw", "nonsense")).status_code == 404


def test_withdrawing_sharing_with_one_client_leaves_the_other_client(client, candidate, centre):
    from candidates.services.consents import consent_record
    from jobs.models import Client

    acme, globex = (factories.job(client=None).client, factories.job(client=None).client)
    for company in (acme, globex):
        consent_record(
            candidate=candidate,
            purpose=Consent.Purpose.SHARE_WITH_CLIENT,
            client=company,
            channel=Consent.Channel.APPLICATION_FORM,
            evidence="form",
        )
    response = client.post(url(centre, "preferences-withdraw-client", "share_with_client", acme.public_id))
    assert response.status_code == 302
    in_force = set(candidate.consents.filter(withdrawn_at__isnull=True).values_list("client", flat=True))
    assert in_force == {None, globex.pk}
    assert Client.objects.count() >= 2


def test_giving_talent_pool_consent_needs_the_box_ticked(client, centre):
    person = factories.candidate()
    centre = links_for(person)[0]
    response = client.post(url(centre, "preferences-talent-pool"), {})
    assert response.status_code == 400 and "Tick the box" in response.content.decode()
    assert not person.consents.exists()
    response = client.post(url(centre, "preferences-talent-pool"), {"agree": "yes"}, HTTP_USER_AGENT="Firefox")
    assert response.status_code == 302
    consent = person.consents.get()
    assert (consent.purpose, consent.channel, consent.user_agent) == ("talent_pool", "preference_centre", "Firefox")
    assert consent.ip_address == "127.0.0.1" and consent.notice_version


# --- Stopping contact ----------------------------------------------------------------------------


def test_stopping_all_contact_asks_first_then_stops_it(client, candidate, centre):
    assert "Stop all contact?" in client.get(url(centre, "preferences-stop")).content.decode()
    response = client.post(url(centre, "preferences-stop"))
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.contact_opt_out_at is not None and candidate.contact_opt_out_reason
    assert 'data-testid="contact-stopped"' in client.get(response.url).content.decode()


# --- Corrections -----------------------------------------------------------------------------------


def test_corrections_wait_as_proposed_updates_and_change_nothing_yet(client, candidate, centre):
    response = client.post(
        url(centre, "preferences-details"), {"full_name": "Ada King", "email": "ADA.KING@example.test ", "phone": ""}
    )
    assert response.status_code == 302 and "done=details" in response.url
    candidate.refresh_from_db()
    assert (candidate.full_name, candidate.email) == ("Ada Lovelace", "ada@example.test")
    proposals = {p.field: p for p in ProposedUpdate.objects.filter(candidate=candidate)}
    assert set(proposals) == {"full_name", "email"}
    assert proposals["email"].value == "ada.king@example.test"
    assert {p.origin for p in proposals.values()} == {ProposedUpdate.Origin.PREFERENCE_CENTRE}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"email": "not an email"}, "Enter a valid email address."),
        ({"phone": "call me maybe"}, ""),
        ({"full_name": "x" * 201}, "Ensure this value has at most 200 characters"),
        ({}, "Fill in at least one detail to correct."),
        ({"full_name": "Ada Lovelace"}, "nothing to correct"),
        ({"full_name": "\x00bad"}, "Null characters are not allowed."),
    ],
)
def test_bad_corrections_are_shown_with_their_error_never_a_500(client, candidate, centre, data, error):
    response = client.post(url(centre, "preferences-details"), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ProposedUpdate.objects.exists()


# --- Requests ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["access", "deletion"])
def test_asking_for_a_copy_or_deletion_makes_one_request_from_the_preference_centre(client, candidate, centre, kind):
    assert client.get(url(centre, "preferences-request", kind)).status_code == 200
    for _again in range(2):
        response = client.post(url(centre, "preferences-request", kind), {"details": "Thanks"})
        assert response.status_code == 302 and f"done={kind}" in response.url
    request = PrivacyRequest.objects.get()
    assert (request.kind, request.channel, request.candidate_id) == (kind, "preference_centre", candidate.pk)
    assert request.entered_by is None and request.details == "Thanks"
    assert request.due_at > timezone.now() + timedelta(days=20)
    assert f'data-testid="open-{kind}"' in client.get(centre).content.decode()


def test_a_correction_request_or_an_unknown_kind_cannot_be_made_here(client, centre):
    assert client.post(url(centre, "preferences-request", "correction")).status_code == 404
    assert client.post(url(centre, "preferences-request", "anything")).status_code == 404
    assert not PrivacyRequest.objects.exists()


def test_an_overlong_request_note_is_refused_with_its_error(client, centre):
    response = client.post(url(centre, "preferences-request", "access"), {"details": "x" * 5000})
    assert response.status_code == 400 and "at most 2000 fit here" in response.content.decode()
    assert not PrivacyRequest.objects.exists()


# --- Dead links, rate limits -----------------------------------------------------------------------------


@pytest.mark.parametrize(("language", "said"), [("en", "This link is not valid."), ("zh-hans", "此链接无效")])
def test_an_unknown_link_is_a_clear_404_in_the_visitors_language(client, language, said):
    for path in ("/privacy/p/nope/", "/privacy/p/nope/stop/", "/privacy/p/nope/request/access/"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404 and said in response.content.decode()
        assert client.post(path, HTTP_ACCEPT_LANGUAGE=language).status_code == 404


def test_the_link_of_an_anonymised_or_merged_candidate_opens_nothing(client, candidate, centre):
    Candidate.objects.filter(pk=candidate.pk).update(anonymised_at=timezone.now())
    assert client.get(centre).status_code == 404
    assert client.post(url(centre, "preferences-stop")).status_code == 404
    assert Candidate.objects.get(pk=candidate.pk).contact_opt_out_at is None


def test_an_expired_link_says_so_in_the_candidates_language(client, candidate, centre):
    from core.models import AccessToken

    AccessToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(centre, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404 and "This link has expired." in response.content.decode()


def test_changes_from_one_link_are_rate_limited(client, candidate, centre, monkeypatch):
    monkeypatch.setattr(views, "LIMIT_PER_LINK", 1)
    assert client.post(url(centre, "preferences-request", "access")).status_code == 302
    response = client.post(url(centre, "preferences-request", "deletion"))
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()
    assert int(response["Retry-After"]) > 0
    assert PrivacyRequest.objects.count() == 1


# --- A new notice: asking to consent again ------------------------------------------------------------


def publish_notice() -> PrivacyNotice:
    return PrivacyNotice.objects.create(
        version="2027-01",
        title="Privacy notice, January",
        body="New text.",
        body_zh_hans="新的文本。",
        in_force_from=timezone.now() - timedelta(minutes=1),
    )


@pytest.fixture
def new_notice(db):
    return publish_notice()


def test_a_new_notice_asks_each_candidate_once_in_their_language(candidate):
    chinese = factories.candidate(language="zh-hans")
    talent_pool_consent(chinese)
    stopped = factories.candidate()
    talent_pool_consent(stopped)
    candidate_contact_opt_out(candidate=stopped)
    no_email = factories.candidate(email="")
    talent_pool_consent(no_email)
    factories.candidate()  # no consent at all: nothing to renew
    new_notice = publish_notice()
    assert notice_reconsent_ask(notice=new_notice, actor=None, batch=1) == 2
    emails = {email.candidate_ref: email for email in OutboundEmail.objects.filter(template="privacy_reconsent")}
    assert set(emails) == {candidate.public_id, chinese.public_id}
    assert emails[chinese.public_id].language == "zh-hans"
    assert emails[candidate.public_id].idempotency_key == reconsent_key(candidate, new_notice)
    assert notice_reconsent_ask(notice=new_notice, actor=None) == 0  # asked already
    assert AuditEvent.objects.filter(action="candidates.privacynotice.reconsent_ask").count() == 2


def test_the_reconsent_email_links_to_the_centre_where_the_candidate_confirms_under_the_new_notice(
    client, smtp_mailer, candidate, new_notice
):
    notice_reconsent_ask(notice=new_notice, actor=None)
    email = OutboundEmail.objects.get(template="privacy_reconsent")
    assert outbox.outbound_email_send(email_id=email.pk) == "sent"
    (message,) = smtp_mailer.messages
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "2027-01" in text
    centre = re.search(r"https://crm\.example\.com(/privacy/p/[A-Za-z0-9_-]+/)", text).group(1)
    html = client.get(centre).content.decode()
    assert 'data-testid="renew"' in html and "New text." in html
    assert client.post(url(centre, "preferences-renew")).status_code == 302
    in_force = candidate.consents.get(withdrawn_at__isnull=True)
    assert (in_force.purpose, in_force.notice_version) == ("talent_pool", "2027-01")
    assert 'data-testid="renew"' not in client.get(centre).content.decode()


def test_a_notice_not_yet_in_force_cannot_ask(candidate):
    from django.core.exceptions import ValidationError

    later = PrivacyNotice.objects.create(
        version="2099", title="Later", body="x", in_force_from=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(ValidationError):
        notice_reconsent_ask(notice=later, actor=None)
    assert not OutboundEmail.objects.exists()


def test_administrators_ask_from_the_notice_admin(admin_client, candidate, new_notice):
    response = admin_client.post(
        reverse("admin:candidates_privacynotice_changelist"),
        {"action": "ask_to_consent_again", "_selected_action": [new_notice.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 candidate asked to consent again." in response.content.decode()
    assert OutboundEmail.objects.filter(template="privacy_reconsent").count() == 1


# --- Every page in Chinese: no raw key, no English label ----------------------------------------------


def test_every_preference_page_in_chinese_shows_no_raw_key_and_no_english_label(client, candidate, centre):
    from tests.core.test_no_raw_keys import english_labels, raw_keys

    Candidate.objects.filter(pk=candidate.pk).update(language="zh-hans")
    _centre, unsubscribe = links_for(candidate)
    pages = {
        path: client.get(path).content.decode()
        for path in (
            centre,
            unsubscribe,
            url(centre, "preferences-withdraw", "talent_pool"),
            url(centre, "preferences-stop"),
            url(centre, "preferences-request", "access"),
            url(centre, "preferences-request", "deletion"),
            "/privacy/p/unknown/?lang=zh-hans",
        )
    }
    pages["details-errors"] = client.post(url(centre, "preferences-details"), {"email": "x"}).content.decode()
    assert {path: found for path, html in pages.items() if (found := raw_keys(html))} == {}
    assert {path: found for path, html in pages.items() if (found := english_labels(html))} == {}
    assert all(re.search(r"[\u4e00-\u9fff]", html) for html in pages.values())


def test_the_centre_reads_a_fixed_number_of_queries(client, candidate, centre, django_assert_num_queries):
    for _n in range(3):
        talent_pool_consent(factories.candidate())  # other people's rows change nothing
    client.get(centre)
    with django_assert_num_queries(5):  # the token, the candidate, their consents, the notice, their requests
        assert client.get(centre).status_code == 200
