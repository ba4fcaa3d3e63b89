"""Headers every response carries: no caching of a signed-in user's pages,
and the browser features the product never uses switched off."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from core.middleware import ResponseHeadersMiddleware
from tests import factories

pytestmark = pytest.mark.django_db

NO_STORE = "private, no-store"


def _policy(response) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in response["Permissions-Policy"].split(","))


def test_a_signed_in_users_pages_with_personal_data_are_neither_cached_nor_stored(client, recruiter):
    candidate = factories.candidate(full_name="Grace Hopper", email="grace@example.test")
    client.force_login(recruiter)
    for url in (
        reverse("home"),
        reverse("candidates:candidate-list"),
        reverse("candidates:candidate-detail", args=[candidate.public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == NO_STORE, url


def test_a_signed_in_users_redirects_and_errors_are_not_stored_either(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/candidates/00000000-0000-0000-0000-000000000000/")["Cache-Control"] == NO_STORE
    redirect = client.get(reverse("candidates:candidate-list").rstrip("/"))
    assert redirect.status_code == 301 and redirect["Cache-Control"] == NO_STORE


def test_an_anonymous_visitor_gets_the_caching_the_view_chose():
    def public_page(request):
        response = HttpResponse("jobs")
        response["Cache-Control"] = "public, max-age=300"
        return response

    request = RequestFactory().get("/careers/")
    request.user = AnonymousUser()
    assert ResponseHeadersMiddleware(public_page)(request)["Cache-Control"] == "public, max-age=300"
    request.user = AnonymousUser()
    assert "Cache-Control" not in ResponseHeadersMiddleware(lambda request: HttpResponse("hi"))(request)


def test_the_anonymous_sign_in_page_keeps_its_own_no_cache_answer(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and response["Cache-Control"] != NO_STORE


def test_a_view_that_chose_its_own_caching_for_a_signed_in_user_keeps_it(recruiter):
    def download(request):
        response = HttpResponse("file")
        response["Cache-Control"] = "private, max-age=60"
        return response

    request = RequestFactory().get("/somewhere/")
    request.user = recruiter
    assert ResponseHeadersMiddleware(download)(request)["Cache-Control"] == "private, max-age=60"


def test_every_response_switches_off_camera_microphone_location_and_payment(client, recruiter):
    anonymous = client.get(reverse("account_login"))
    client.force_login(recruiter)
    for response in (anonymous, client.get(reverse("home")), client.get("/no-such-page/")):
        policy = _policy(response)
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert policy[feature] == "()", feature


def test_security_keys_and_passkeys_stay_allowed_for_the_site_itself(client):
    policy = _policy(client.get(reverse("account_login")))
    assert policy["publickey-credentials-get"] == "(self)"
    assert policy["publickey-credentials-create"] == "(self)"
