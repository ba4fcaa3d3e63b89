"""Two-factor sign-in in a real browser: a reviewer (a role that must use it)
is sent to set it up, enrols an authenticator app from the page, signs out and
in with a code, then with a recovery code; an administrator resets it, and the
reviewer signs in with the password alone and is sent to set it up again.
Security keys through Chromium's virtual authenticator."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

ADMIN_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret: str, steps: int = 0) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page) -> None:
    page.locator("summary.user-menu-toggle").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url("/accounts/login/")


def enter_code(page, code: str) -> None:
    expect(page).to_have_url("/accounts/2fa/authenticate/")
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    page.locator("input[name=code]").fill(code)
    page.get_by_role("button", name="Sign In").click()


def test_a_reviewer_enrols_signs_in_with_a_code_then_a_recovery_code_and_an_administrator_resets_it(
    browser, live_server, page, reviewer, admin_user, second_factor_enforced, screenshot
):
    # A reviewer must use a second factor: every page sends them to set one up.
    sign_in(page, reviewer.email)
    expect(page).to_have_url("/accounts/2fa/")
    expect(page.get_by_test_id("second-factor-required")).to_be_visible()
    page.goto("/candidates/")
    expect(page).to_have_url("/accounts/2fa/")
    screenshot(page, "required")

    # Enrol: the password again, then the code the app would show for the secret on the page.
    page.get_by_role("link", name="Activate").click()
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Activate Authenticator App")).to_be_visible()
    expect(page.locator("img[src^='data:image/svg+xml']")).to_be_visible()  # the QR code
    screenshot(page, "activate")
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) == 10
    screenshot(page, "recovery-codes")
    page.goto("/")
    expect(page.get_by_role("heading", name="Welcome, Rae")).to_be_visible()

    # Sign out, and in: the password, then the code.
    sign_out(page)
    sign_in(page, reviewer.email)
    screenshot(page, "code")
    enter_code(page, "000000" if totp_code(secret) != "000000" else "111111")
    expect(page.get_by_text("Incorrect code.")).to_be_visible()
    enter_code(page, totp_code(secret))
    expect(page.get_by_role("heading", name="Welcome, Rae")).to_be_visible()

    # And with a recovery code instead.
    sign_out(page)
    sign_in(page, reviewer.email)
    enter_code(page, codes[0])
    expect(page.get_by_role("heading", name="Welcome, Rae")).to_be_visible()
    sign_out(page)

    # An administrator (with their own authenticator app) resets it from the reviewer's page.
    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP, data={"secret": ADMIN_SECRET})
    admin = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800}).new_page()
    sign_in(admin, admin_user.email)
    enter_code(admin, totp_code(ADMIN_SECRET))
    admin.goto(f"/settings/users/{reviewer.public_id}/")
    expect(admin.get_by_test_id("user-mfa-state")).to_contain_text("authenticator app")
    screenshot(admin, "admin-reset")
    admin.get_by_test_id("user-mfa-reset").click()
    expect(admin.get_by_test_id("user-mfa-state")).to_have_text("Not set up.")
    admin.context.close()
    assert AuditEvent.objects.filter(action="accounts.user.mfa_reset", target_id=str(reviewer.public_id)).exists()

    # The password alone signs the reviewer in again, and their role sends them to set one up.
    sign_in(page, reviewer.email)
    expect(page).to_have_url("/accounts/2fa/")
    expect(page.get_by_test_id("second-factor-required")).to_be_visible()


def test_the_two_factor_pages_read_in_chinese(page, db, second_factor_enforced, screenshot):
    from accounts.roles import Role
    from tests.conftest import make_user

    make_user("wang@example.test", Role.REVIEWER, full_name="王芳", language="zh-hans")
    page.goto("/accounts/login/")
    page.get_by_role("button", name="简体中文").click()
    page.get_by_label("邮箱地址").fill("wang@example.test")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page).to_have_url("/accounts/2fa/")
    expect(page.get_by_role("heading", name="两步验证登录")).to_be_visible()
    expect(page.get_by_test_id("second-factor-required")).to_contain_text("您的角色必须使用两步验证登录")
    screenshot(page, "index-zh-hans")


def test_a_passkey_is_added_and_signs_in_after_the_password_and_without_it(page, recruiter, screenshot):
    """Chromium's virtual authenticator stands in for the key (WebAuthn over
    http://localhost, a secure origin for browsers)."""
    session = page.context.new_cdp_session(page)
    session.send("WebAuthn.enable")
    session.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    sign_in(page, recruiter.email)
    page.goto("/accounts/2fa/webauthn/add/")
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url("/accounts/2fa/webauthn/add/")
    screenshot(page, "add-key")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user=recruiter, type=Authenticator.Type.WEBAUTHN).exists()
    page.goto("/")
    sign_out(page)

    sign_in(page, recruiter.email)
    expect(page).to_have_url("/accounts/2fa/authenticate/")
    page.get_by_role("button", name="Use a security key").click()
    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()
    assert AuditEvent.objects.filter(action="accounts.user.mfa_use", data__type="webauthn").exists()
    sign_out(page)

    # A passkey signs in on its own, from the sign-in page.
    page.wait_for_load_state("load")  # allauth's script has taken over the button
    page.get_by_test_id("passkey-login").click()
    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()
    assert AuditEvent.objects.filter(action="accounts.user.mfa_use", data__passwordless=True).exists()
