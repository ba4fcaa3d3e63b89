"""Single sign-on through a real OpenID Connect provider (its own process,
tests/oidc_provider), with Django's test client on our side and a scripted
person at the provider."""

from __future__ import annotations

import json

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.csp import CSP

from accounts.roles import Role
from accounts.services import user_create, user_update
from core.models import AuditEvent
from recruitcrm.env import Env
from recruitcrm.sso import form_action_origins, openid_connect_apps
from tests.conftest import PASSWORD
from tests.oidc import CALLBACK_PATH, FORMER, IDP_ID, IDP_NAME, KNOWN, STRANGER, UNVERIFIED, ProviderSession
from tests.realparts import free_port

pytestmark = pytest.mark.django_db
User = get_user_model()


def configure_sso(settings, *entries: dict) -> None:
    """RecruitCRM configured as SSO_PROVIDERS with these entries would configure it."""
    providers = Env({"SSO_PROVIDERS": json.dumps(list(entries))}).sso_providers("SSO_PROVIDERS")
    settings.SSO_PROVIDERS = providers
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": openid_connect_apps(providers)}}
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, *form_action_origins(providers)]}


@pytest.fixture
def sso(settings, oidc_provider):
    configure_sso(settings, oidc_provider.sso_provider_setting())
    return oidc_provider


def sso_sign_in(client, provider, person, *, allow: bool = True, at_provider: ProviderSession | None = None):
    """Press "Sign in with Test IdP", sign in and consent at the provider as
    ``person``, come back to the callback; returns the callback's answer."""
    start = client.post(reverse("openid_connect_login", kwargs={"provider_id": IDP_ID}))
    assert start.status_code == 302, start.content[:500]
    assert start["Location"].startswith(provider.issuer + "/authorize/")
    back = (at_provider or ProviderSession(provider)).authorize(start["Location"], person, allow=allow)
    assert back.startswith(f"http://testserver{CALLBACK_PATH}?"), back
    return client.get(back.removeprefix("http://testserver"))


def signed_in_user(client):
    response = client.get(reverse("home"))
    return response.wsgi_request.user if response.status_code == 200 else None


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_a_verified_address_signs_in_its_recruitcrm_user_and_links_the_two_accounts(client, sso, recruiter):
    response = sso_sign_in(client, sso, KNOWN)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert signed_in_user(client) == recruiter
    account = SocialAccount.objects.get(user=recruiter)
    assert account.provider == IDP_ID
    event = AuditEvent.objects.get(action="accounts.user.sso_login")
    assert (event.actor, event.target_id, event.data) == (recruiter, str(recruiter.public_id), {"provider": IDP_ID})
    # The password still works: linking never wipes it.
    recruiter.refresh_from_db()
    assert recruiter.check_password(PASSWORD)


def test_a_second_sign_in_goes_by_the_link_and_adds_no_second_one(client, sso, recruiter):
    at_provider = ProviderSession(sso)
    sso_sign_in(client, sso, KNOWN, at_provider=at_provider)
    client.post(reverse("account_logout"))
    assert signed_in_user(client) is None

    sso_sign_in(client, sso, KNOWN, at_provider=at_provider)

    assert signed_in_user(client) == recruiter
    assert SocialAccount.objects.filter(user=recruiter).count() == 1
    assert AuditEvent.objects.filter(action="accounts.user.sso_login").count() == 2


def test_an_unknown_address_is_refused_with_a_message_and_no_account_is_made(client, sso, recruiter):
    users_before = User.objects.count()

    response = sso_sign_in(client, sso, STRANGER)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page_messages(page) == [
        f"No RecruitCRM account uses the email address {IDP_NAME} gave. "
        "Ask your administrator to invite you with that address."
    ]
    assert signed_in_user(client) is None
    assert User.objects.count() == users_before
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action="accounts.user.sso_refused")
    assert (event.target_id, event.data) == ("", {"provider": IDP_ID, "reason": "unknown"})


def test_an_address_the_provider_never_verified_signs_nobody_in_even_the_user_who_has_it(client, sso, admin_user):
    response = sso_sign_in(client, sso, UNVERIFIED)

    assert response["Location"] == reverse("account_login")
    assert "has not verified your email address" in page_messages(client.get(response["Location"]))[0]
    assert signed_in_user(client) is None
    assert not SocialAccount.objects.exists()
    event = AuditEvent.objects.get(action="accounts.user.sso_refused")
    assert (event.target_id, event.data["reason"]) == (str(admin_user.public_id), "unverified")
    admin_user.refresh_from_db()
    assert admin_user.check_password(PASSWORD)


def test_a_deactivated_user_cannot_sign_in_through_the_provider(client, sso, admin_user):
    former = user_create(email=FORMER.email, full_name=FORMER.name, role=Role.RECRUITER, password=PASSWORD)
    user_update(user=former, actor=admin_user, is_active=False)

    response = sso_sign_in(client, sso, FORMER)

    assert response["Location"] == reverse("account_login")
    assert page_messages(client.get(response["Location"])) == [
        "This account has been deactivated. Ask your administrator if you need access again."
    ]
    assert signed_in_user(client) is None
    assert AuditEvent.objects.get(action="accounts.user.sso_refused").data["reason"] == "inactive"


def test_a_user_deactivated_after_linking_is_refused_too(client, sso, admin_user, recruiter):
    at_provider = ProviderSession(sso)
    sso_sign_in(client, sso, KNOWN, at_provider=at_provider)
    client.post(reverse("account_logout"))
    user_update(user=recruiter, actor=admin_user, is_active=False)

    response = sso_sign_in(client, sso, KNOWN, at_provider=at_provider)

    assert response["Location"] == reverse("account_login")
    assert signed_in_user(client) is None
    assert AuditEvent.objects.filter(action="accounts.user.sso_refused", data__reason="inactive").count() == 1


def test_with_account_creation_on_a_first_sign_in_makes_the_account_with_the_default_role(client, sso, settings):
    settings.SSO_CREATE_USERS = True
    settings.SSO_DEFAULT_ROLE = Role.COORDINATOR

    response = sso_sign_in(client, sso, STRANGER)

    assert response.status_code == 302
    user = User.objects.get(email=STRANGER.email)
    assert (user.role, user.full_name, user.is_active, user.has_usable_password()) == (
        Role.COORDINATOR,
        STRANGER.name,
        True,
        False,
    )
    assert list(user.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    assert signed_in_user(client) == user
    assert set(AuditEvent.objects.filter(target_id=str(user.public_id)).values_list("action", flat=True)) == {
        "accounts.user.create",
        "accounts.user.sso_create",
        "accounts.user.sso_login",
    }


def test_with_account_creation_on_an_unverified_address_still_makes_nothing(client, sso, settings):
    settings.SSO_CREATE_USERS = True
    users_before = User.objects.count()

    response = sso_sign_in(client, sso, UNVERIFIED)

    assert response["Location"] == reverse("account_login")
    assert User.objects.count() == users_before


def test_declining_at_the_provider_comes_back_to_the_sign_in_page_with_a_message(client, sso, recruiter):
    response = sso_sign_in(client, sso, KNOWN, allow=False)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert page_messages(client.get(response["Location"])) == [
        f"Signing in with {IDP_NAME} did not work. Please try again, or sign in with your password."
    ]
    assert signed_in_user(client) is None
    assert AuditEvent.objects.get(action="accounts.user.sso_refused").data == {
        "provider": IDP_ID,
        "reason": "provider_error",
    }


def test_a_forged_callback_without_a_started_sign_in_is_refused_not_a_500(client, sso):
    response = client.get(CALLBACK_PATH + "?code=made-up&state=made-up")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert signed_in_user(client) is None


def test_a_provider_that_does_not_answer_brings_back_the_sign_in_page_with_a_message_not_a_500(client, settings):
    nobody_listens = f"http://127.0.0.1:{free_port()}/o"
    configure_sso(
        settings, {"id": IDP_ID, "name": IDP_NAME, "server_url": nobody_listens, "client_id": "c", "secret": "s"}
    )

    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": IDP_ID}))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert page_messages(client.get(response["Location"])) == [
        f"Signing in with {IDP_NAME} did not work. Please try again, or sign in with your password."
    ]
    assert AuditEvent.objects.get(action="accounts.user.sso_refused").data["reason"] == "provider_error"


def test_an_unknown_provider_is_a_404(client, sso):
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "nobody"}))

    assert response.status_code == 404


def test_the_sign_in_page_offers_each_provider_and_lets_the_form_go_to_it(client, sso):
    response = client.get(reverse("account_login"))

    html = response.content.decode()
    login_url = reverse("openid_connect_login", kwargs={"provider_id": IDP_ID})
    assert f'action="{login_url}' in html
    assert f"Sign in with {IDP_NAME}" in html
    form_action = next(part for part in response.headers["Content-Security-Policy"].split(";") if "form-action" in part)
    assert form_action.split() == ["form-action", "'self'", sso.origin]


def test_without_providers_the_sign_in_page_offers_none(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}

    response = client.get(reverse("account_login"))

    assert "Sign in with" not in response.content.decode()
