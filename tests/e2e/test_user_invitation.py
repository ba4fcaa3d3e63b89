"""Inviting a colleague in a real browser: the administrator invites from
Settings → Users, the email is read where the SMTP server received it, the
invitee (signed out) opens the link in their language, is refused a weak
password, chooses a good one and is signed in; the link is spent afterwards,
and the administrator then changes the newcomer's role and deactivates them.
Screenshots under var/test-artifacts (TEST_ARTIFACTS_DIR)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send
from tests.interviews.test_board_browser import sign_in
from tests.realparts import wait_until

pytestmark = pytest.mark.browser

TEXT = {
    "en": {
        "heading": "Welcome to RecruitCRM",
        "password": "Choose a password",
        "again": "Type it again",
        "submit": "Set my password and sign in",
        "too_short": "This password is too short.",
        "used": "The link has already been used: your password is set.",
        "sign_out": "Sign out",
        "subject": "You are invited to RecruitCRM",
    },
    "zh-hans": {
        "heading": "欢迎使用 RecruitCRM",
        "password": "设置密码",
        "again": "再次输入密码",
        "submit": "设置密码并登录",
        "too_short": "此密码太短",
        "used": "链接已使用过：您的密码已设置。",
        "sign_out": "退出登录",
        "subject": "邀请您加入 RecruitCRM",
    },
}


def received_text(smtp_server, subject: str) -> str:
    """The text part of the one message with ``subject`` the SMTP server received."""
    from email.header import decode_header, make_header

    for message in smtp_server.messages:
        if str(make_header(decode_header(message["Subject"]))) == subject:
            part = message.get_payload()[0] if message.is_multipart() else message
            return part.get_payload(decode=True).decode()
    raise AssertionError(f"no message {subject!r} among {len(smtp_server.messages)}")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_invited_colleague_sets_a_password_from_the_emailed_link_and_signs_in(
    page, admin_user, smtp_mailer, screenshot, language
):
    text = TEXT[language]
    sign_in(page, admin_user.email)
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    screenshot(page, "1-users")
    page.get_by_test_id("invite-link").click()
    form = page.locator("#invite-form")
    form.get_by_label("Full name").fill("Nina Newbie")
    form.get_by_label("Email").fill("nina@example.test")
    form.get_by_label("Role").select_option("coordinator")
    form.get_by_label("Language").select_option(language)
    screenshot(page, "2-invite")
    form.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_test_id("user-name")).to_have_text("Nina Newbie")
    expect(page.get_by_text("Invitation sent to nina@example.test.")).to_be_visible()
    expect(page.get_by_test_id("user-state")).to_have_text("Invited")
    screenshot(page, "3-invited")

    # The email leaves through the outbox and the SMTP server receives it.
    email = OutboundEmail.objects.get()
    assert outbound_email_send(email_id=email.pk) == "sent"
    wait_until(lambda: smtp_mailer.messages, "the invitation at the SMTP server")
    body = received_text(smtp_mailer, text["subject"])
    link = re.search(r"https?://\S+(/accounts/invitation/\S+/)", body).group(1)

    # The invitee, signed out, opens it. Sign out is in the user menu.
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name="Sign out", exact=True).click()
    page.context.clear_cookies()
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", name=text["heading"])).to_be_visible()
    expect(page.get_by_test_id("invitee")).to_contain_text("nina@example.test")
    page.get_by_label(text["password"]).fill("short")
    page.get_by_label(text["again"]).fill("short")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_text(text["too_short"])).to_be_visible()
    screenshot(page, "4-weak-password")
    page.get_by_label(text["password"]).fill("a long new passphrase")
    page.get_by_label(text["again"]).fill("a long new passphrase")
    page.get_by_role("button", name=text["submit"]).click()
    expect(page.get_by_test_id("current-user")).to_contain_text("Nina Newbie")
    screenshot(page, "5-signed-in")
    assert User.objects.get(email="nina@example.test").check_password("a long new passphrase")

    # The link is spent; signing in again works with the new password.
    page.get_by_test_id("current-user").click()
    page.get_by_role("button", name=text["sign_out"]).click()
    page.goto(link)
    expect(page.get_by_test_id("gone-reason")).to_have_text(text["used"])
    screenshot(page, "6-link-used")
    # The sign-in page speaks the browser's language to a signed-out visitor: fields by name.
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill("nina@example.test")
    page.locator("input[name=password]").fill("a long new passphrase")
    page.locator("form[action='/accounts/login/'] button[type=submit]").click()
    expect(page.get_by_test_id("current-user")).to_contain_text("Nina Newbie")
    assert page.csp_violations == []


def test_an_administrator_changes_a_role_and_deactivates_a_user_from_the_users_page(
    page, admin_user, recruiter, screenshot
):
    sign_in(page, admin_user.email)
    page.goto("/settings/users/")
    page.get_by_label("Search by name or email").fill("rita")
    expect(page.get_by_test_id("user-row")).to_have_count(1)
    page.get_by_role("link", name="Rita Recruiter").click()
    page.get_by_label("Role").select_option("reviewer")
    page.get_by_role("button", name="Change the role").click()
    expect(page.get_by_text("Rita Recruiter is now Reviewer.")).to_be_visible()
    expect(page.get_by_test_id("user-role")).to_have_text("Reviewer")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_test_id("user-state")).to_have_text("Deactivated")
    screenshot(page, "deactivated")
    # Their own page refuses to let the administrator lock themselves out.
    page.goto(f"/settings/users/{admin_user.public_id}/")
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("You cannot deactivate your own account.")).to_be_visible()
    recruiter.refresh_from_db()
    assert (recruiter.role, recruiter.is_active) == ("reviewer", False)
    assert page.csp_violations == []
