"""The candidate's offer page behind the emailed link: public (the token is
the only key), in the candidate's language, a GET never changes anything,
one answer only, and dead links say why and whom to contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AccessToken
from core.services import access_token_revoke_for
from interviews.models import Application
from offers.models import Offer
from offers.services import letters as services
from tests import factories
from tests.offers.factories import approved_offer, default_letters

pytestmark = pytest.mark.django_db


def url(name: str, token: str) -> str:
    return reverse(f"offers:{name}", args=[token])


def status_of(offer: Offer) -> str:
    return Offer.objects.get(pk=offer.pk).status


def test_the_candidate_reads_the_letter_without_an_account(client, sent):
    offer, token = sent
    response = client.get(url("candidate-offer", token))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dear Grace Hopper" in html and "¥40,000" in html
    assert 'data-testid="employer">Acme Robotics<' in html
    assert url("candidate-offer-pdf", token) in html and url("candidate-offer-accept", token) in html
    assert "Rita Recruiter" in html
    assert status_of(offer) == Offer.Status.SENT


def test_the_page_is_in_the_candidates_language_whatever_the_browser_says(client, job):

    default_letters()
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    offer = approved_offer(application=factories.application(job_=job, candidate_=candidate))
    _offer, token = services.offer_send(offer=offer, actor=None)
    html = client.get(url("candidate-offer", token), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "王小明，您好" in html
    assert 'lang="zh-hans"' in html


def test_the_candidate_downloads_the_pdf(client, sent):
    _offer, token = sent
    response = client.get(url("candidate-offer-pdf", token))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_confirm_steps_are_gets_that_change_nothing(client, sent):
    offer, token = sent
    assert client.get(url("candidate-offer-accept", token)).status_code == 200
    assert client.get(url("candidate-offer-decline", token)).status_code == 200
    assert client.head(url("candidate-offer", token)).status_code == 200
    assert status_of(offer) == Offer.Status.SENT
    assert AccessToken.objects.get(purpose=AccessToken.Purpose.OFFER).used_at is None


def test_accepting_hires_and_shows_the_confirmation(client, sent):
    offer, token = sent
    response = client.post(url("candidate-offer-accept", token))
    assert response.status_code == 302 and response.url == url("candidate-offer-done", token)
    assert "Welcome aboard" in client.get(response.url).content.decode()
    assert status_of(offer) == Offer.Status.ACCEPTED
    assert Application.objects.get(pk=offer.application_id).status == Application.Status.HIRED


def test_declining_needs_a_reason_and_records_it(client, sent):
    offer, token = sent
    response = client.post(url("candidate-offer-decline", token), {"note": "No"})
    assert response.status_code == 422 and "Please choose the main reason" in response.content.decode()
    assert status_of(offer) == Offer.Status.SENT
    response = client.post(url("candidate-offer-decline", token), {"reason": "compensation", "note": "Too low"})
    assert response.status_code == 302
    assert "You have declined the offer" in client.get(response.url).content.decode()
    assert Offer.objects.get(pk=offer.pk).decline_reason == "compensation"


def test_an_answered_link_says_which_answer_and_changes_nothing(client, sent):
    offer, token = sent
    client.post(url("candidate-offer-accept", token))
    response = client.get(url("candidate-offer", token))
    assert response.status_code == 410 and "You accepted this offer on" in response.content.decode()
    response = client.post(url("candidate-offer-decline", token), {"reason": "personal"})
    assert response.status_code == 410 and "You have already accepted this offer." in response.content.decode()
    assert status_of(offer) == Offer.Status.ACCEPTED


def test_an_expired_link_says_so_and_whom_to_contact(client, sent):
    offer, token = sent
    services.offer_expiry_sweep(now=offer.expires_at)
    for name in ("candidate-offer", "candidate-offer-accept", "candidate-offer-pdf"):
        response = client.get(url(name, token))
        html = response.content.decode()
        assert response.status_code == 410 and "This offer expired on" in html
        assert "Rita Recruiter" in html and "recruiter@example.test" in html
    assert client.post(url("candidate-offer-accept", token)).status_code == 410
    assert status_of(offer) == Offer.Status.EXPIRED


def test_a_link_past_its_expiry_before_the_sweep_also_reads_expired(client, sent):
    offer, token = sent
    Offer.objects.filter(pk=offer.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(url("candidate-offer-accept", token))
    assert response.status_code == 410 and "This offer has expired." in response.content.decode()
    assert status_of(offer) == Offer.Status.SENT


def test_a_withdrawn_offer_s_link_says_so_and_changes_nothing(client, sent):
    offer, token = sent
    # What the offers part's withdrawal does: the status, and the link revoked.
    Offer.objects.filter(pk=offer.pk).update(status=Offer.Status.WITHDRAWN, withdrawn_at=timezone.now())
    access_token_revoke_for(target=offer, purpose=AccessToken.Purpose.OFFER)
    response = client.get(url("candidate-offer", token))
    assert response.status_code == 410 and "This offer has been withdrawn." in response.content.decode()
    response = client.post(url("candidate-offer-accept", token))
    assert response.status_code == 410 and "withdrawn" in response.content.decode()
    assert status_of(offer) == Offer.Status.WITHDRAWN


@pytest.mark.parametrize("name", ["candidate-offer", "candidate-offer-accept", "candidate-offer-done"])
def test_a_tampered_link_is_not_found_and_changes_nothing(client, sent, name):
    offer, token = sent
    response = client.get(url(name, token[:-3] + "abc"))
    assert response.status_code == 404 and "This link is not valid." in response.content.decode()
    assert client.post(url("candidate-offer-accept", token[:-3] + "abc")).status_code == 404
    assert status_of(offer) == Offer.Status.SENT


def test_the_confirmation_is_only_for_an_answered_link(client, sent):
    _offer, token = sent
    assert client.get(url("candidate-offer-done", token)).status_code == 404


def test_wrong_methods_are_refused(client, sent):
    _offer, token = sent
    assert client.post(url("candidate-offer", token)).status_code == 405
    assert client.post(url("candidate-offer-pdf", token)).status_code == 405
    assert client.put(url("candidate-offer-accept", token)).status_code == 405
    assert client.post(url("candidate-offer-done", token)).status_code == 405


def test_a_signed_in_user_is_treated_as_anyone_with_the_link(client, outsider, sent):
    offer, token = sent
    client.force_login(outsider)
    assert client.get(url("candidate-offer", token)).status_code == 200
    assert status_of(offer) == Offer.Status.SENT


def test_the_page_runs_a_fixed_number_of_queries(client, sent, django_assert_num_queries):
    _offer, token = sent
    with django_assert_num_queries(3):
        assert client.get(url("candidate-offer", token)).status_code == 200
