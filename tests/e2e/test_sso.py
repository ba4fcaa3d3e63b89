"""Signing in through the real local OpenID Connect provider in a real browser:
RecruitCRM's sign-in page, the provider's own sign-in and consent pages, and
back, under RecruitCRM's strict CSP."""

from __future__ import annotations

import re

import pytest
from django.utils.csp import CSP
from playwright.sync_api import expect

from accounts.models import User
from accounts.roles import Role
from core.models import AuditEvent
from tests.accounts.test_sso import configure_sso
from tests.oidc import IDP_ID, IDP_NAME, KNOWN, STRANGER

pytestmark = pytest.mark.browser


def sign_in_at_the_provider(page, provider, person) -> None:
    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {IDP_NAME}").click()
    expect(page).to_have_url(re.compile(re.escape(provider.origin) + "/login/"))
    page.get_by_label("Username").fill(person.username)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Sign in at Test IdP").click()
    # The provider asks for consent the first time.
    page.get_by_role("button", name="Authorize").click()


def test_a_recruiter_signs_in_with_the_test_idp_and_lands_signed_in(
    page, settings, oidc_provider, recruiter, screenshot
):
    configure_sso(settings, oidc_provider.sso_provider_setting())

    page.goto("/accounts/login/")
    screenshot(page, "login-with-sso-en")
    sign_in_at_the_provider(page, oidc_provider, KNOWN)

    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text("Rita Recruiter · Recruiter")
    event = AuditEvent.objects.get(action="accounts.user.sso_login")
    assert (event.actor_id, event.data) == (recruiter.pk, {"provider": IDP_ID})
    assert page.csp_violations == []


def test_an_unknown_address_is_refused_on_the_sign_in_page_in_the_page_language(
    page, settings, oidc_provider, recruiter, screenshot
):
    configure_sso(settings, oidc_provider.sso_provider_setting())

    sign_in_at_the_provider(page, oidc_provider, STRANGER)

    expect(page).to_have_url("/accounts/login/")
    expect(page.get_by_role("alert")).to_contain_text(f"No RecruitCRM account uses the email address {IDP_NAME} gave.")
    screenshot(page, "sso-refused-en")
    assert not User.objects.filter(email=STRANGER.email).exists()
    assert AuditEvent.objects.get(action="accounts.user.sso_refused").data["reason"] == "unknown"


def test_with_account_creation_on_a_newcomer_gets_an_account_with_the_default_role(
    page, settings, oidc_provider, recruiter
):
    configure_sso(settings, oidc_provider.sso_provider_setting())
    settings.SSO_CREATE_USERS = True
    settings.SSO_DEFAULT_ROLE = Role.INTERVIEWER

    sign_in_at_the_provider(page, oidc_provider, STRANGER)

    expect(page.get_by_test_id("current-user")).to_have_text("Sam Stranger · Interviewer")
    user = User.objects.get(email=STRANGER.email)
    assert (user.role, user.has_usable_password()) == (Role.INTERVIEWER, False)


def test_the_providers_origin_in_form_action_is_what_lets_chromium_follow_the_button(page, settings, oidc_provider):
    configure_sso(settings, oidc_provider.sso_provider_setting())
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF]}
    page.expected_console_errors.append("form-action")

    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {IDP_NAME}").click()

    for _ in range(100):  # Playwright delivers console events while the page waits, not while Python sleeps
        if page.csp_violations:
            break
        page.wait_for_timeout(100)
    assert "form-action" in page.csp_violations[0]
    assert not page.url.startswith(oidc_provider.origin)
