"""Signing in and out, the language switch, and the audit of both."""

import pytest
from django.urls import reverse

from accounts.models import User
from core.models import AuditEvent
from tests.conftest import PASSWORD

LOGIN = reverse("account_login")


def log_in(client, email, password=PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/"


def test_a_user_signs_in_with_their_email_in_any_case(client, recruiter):
    response = log_in(client, "  Recruiter@Example.TEST ")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert "Rita Recruiter" in home.content.decode()


def test_a_wrong_password_is_refused_with_a_clear_message_and_audited(client, recruiter):
    response = log_in(client, recruiter.email, "wrong")
    assert response.status_code == 200
    assert "do not match an active account" in response.content.decode()
    event = AuditEvent.objects.get(action="accounts.user.login_failed")
    assert event.target_id == str(recruiter.public_id)
    assert event.data == {"known_account": True}
    assert event.ip_address == "127.0.0.1"


def test_a_failed_login_for_an_unknown_email_stores_no_address(client, db):
    log_in(client, "nobody@example.test", "x")
    event = AuditEvent.objects.get(action="accounts.user.login_failed")
    assert event.target_id == ""
    assert "nobody" not in str(event.data)


def test_login_and_logout_are_audited(client, recruiter):
    log_in(client, recruiter.email)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == LOGIN
    actions = list(AuditEvent.objects.filter(actor=recruiter).order_by("id").values_list("action", flat=True))
    assert actions == ["accounts.user.login", "accounts.user.logout"]


def test_logout_by_get_only_asks_to_confirm(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200 and "_auth_user_id" in client.session


def test_an_inactive_user_cannot_sign_in(client, recruiter):
    User.objects.filter(pk=recruiter.pk).update(is_active=False)
    response = log_in(client, recruiter.email)
    assert response.status_code == 302 and response["Location"] == reverse("account_inactive")
    assert "_auth_user_id" not in client.session


def test_the_login_page_answers_in_the_language_of_the_browser(client, db):
    response = client.get(LOGIN, headers={"accept-language": "zh-CN,zh;q=0.9"})
    assert response["Content-Language"] == "zh-hans"
    assert "登录 RecruitCRM" in response.content.decode()


def test_a_signed_in_user_is_served_in_their_own_language(client, recruiter):
    recruiter.language = "zh-hans"
    recruiter.save()
    client.force_login(recruiter)
    response = client.get(reverse("home"), headers={"accept-language": "en"})
    assert response["Content-Language"] == "zh-hans"
    assert "欢迎" in response.content.decode()


def test_switching_language_is_remembered_on_the_user(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    recruiter.refresh_from_db()
    assert recruiter.language == "zh-hans"
    assert response.cookies["recruitcrm_language"].value == "zh-hans"
    # A fresh session (another browser) gets the remembered language.
    client.logout()
    client.force_login(recruiter)
    assert "欢迎" in client.get(reverse("home")).content.decode()


def test_switching_language_on_the_login_page_sets_a_cookie(client, db):
    response = client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": LOGIN})
    assert response["Location"] == LOGIN
    assert "登录 RecruitCRM" in client.get(LOGIN).content.decode()


def test_a_language_chosen_on_the_login_page_becomes_the_accounts_language(client, recruiter):
    client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": LOGIN})
    log_in(client, recruiter.email)
    recruiter.refresh_from_db()
    assert recruiter.language == "zh-hans"


def test_signing_in_without_choosing_keeps_the_accounts_language(client, recruiter):
    client.cookies["recruitcrm_language"] = "zh-hans"  # left by an earlier visitor of this browser
    log_in(client, recruiter.email)
    recruiter.refresh_from_db()
    assert recruiter.language == "en"
    assert "Welcome" in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("language", ["fr", ""])
def test_an_unknown_language_is_a_clear_400(client, recruiter, language):
    client.force_login(recruiter)
    response = client.post(reverse("accounts:language-set"), {"language": language})
    assert response.status_code == 400
    recruiter.refresh_from_db()
    assert recruiter.language == "en"


def test_the_language_switch_never_redirects_off_site(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("accounts:language-set"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_the_language_switch_refuses_get(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("accounts:language-set")).status_code == 405
