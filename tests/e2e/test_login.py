"""Signing in through the real login page in a real browser, in both languages."""

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_recruiter_signs_in_through_the_login_page_in_english(page, recruiter, screenshot):
    page.goto("/")
    expect(page).to_have_url("/accounts/login/?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Sign in to RecruitCRM")).to_be_visible()
    screenshot(page, "login-en")

    page.get_by_label("Email").fill("recruiter@example.test")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_have_text("Rita Recruiter · Recruiter")
    screenshot(page, "home-en")
    assert page.csp_violations == []


def test_a_recruiter_switches_to_chinese_on_the_login_page_and_signs_in(page, recruiter, screenshot):
    page.goto("/accounts/login/")
    page.get_by_role("button", name="简体中文").click()

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", name="登录 RecruitCRM")).to_be_visible()
    screenshot(page, "login-zh-hans")

    page.get_by_label("邮箱地址").fill("recruiter@example.test")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page.get_by_role("heading", name="欢迎，Rita")).to_be_visible()
    screenshot(page, "home-zh-hans")
    recruiter.refresh_from_db()
    assert recruiter.language == "zh-hans"  # the choice made on the login page is kept on the account
    # Switching while signed in is remembered on the account too.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Welcome, Rita")).to_be_visible()
    recruiter.refresh_from_db()
    assert recruiter.language == "en"
    assert page.csp_violations == []


def test_a_wrong_password_shows_the_error_in_the_page_language(page, recruiter, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("recruiter@example.test")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email and password do not match an active account.")).to_be_visible()
    screenshot(page, "login-error-en")
