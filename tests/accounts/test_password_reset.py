"""Password reset through the outbox, in the account's language."""

import re
from email.header import decode_header, make_header

import pytest
from django.urls import reverse

from messaging.models import OutboundEmail
from messaging.services import outbound_email_send


def text_part(message) -> str:
    part = message.get_payload()[0] if message.is_multipart() else message
    return part.get_payload(decode=True).decode()


@pytest.mark.parametrize(
    ("language", "subject", "greeting"),
    [("en", "Reset your RecruitCRM password", "Hello Rita,"), ("zh-hans", "重置您的 RecruitCRM 密码", "Rita，您好：")],
)
def test_the_reset_email_arrives_through_the_outbox_in_the_users_language_and_its_link_works(
    client,
    recruiter,
    outbox_mailer,
    smtp_mailer,
    language,
    subject,
    greeting,
):
    recruiter.language = language
    recruiter.save()
    # Asked for from an English page: the mail still follows the account.
    response = client.post(reverse("account_reset_password"), {"email": "RECRUITER@example.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")

    email = OutboundEmail.objects.get()
    assert email.language == language and email.to_address == recruiter.email
    assert outbound_email_send(email_id=email.pk) == "sent"
    message = smtp_mailer.messages[0]
    assert str(make_header(decode_header(message["Subject"]))) == subject
    body = text_part(message)
    assert greeting in body
    link = re.search(r"https?://testserver(/accounts/password/reset/key/\S+/)", body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200 and not form_page.context.get("token_fail")
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"password1": "a brand new passphrase", "password2": "a brand new passphrase"})
    assert done["Location"] == reverse("account_reset_password_from_key_done")

    client.logout()
    login = client.post(reverse("account_login"), {"login": recruiter.email, "password": "a brand new passphrase"})
    assert login.status_code == 302 and login["Location"] == reverse("home")
    # The link works once.
    assert client.get(link, follow=True).context["token_fail"] is True


def test_an_unknown_address_gets_the_same_answer_and_an_email_saying_it_has_no_account(
    client, db, outbox_mailer, smtp_mailer
):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.test"})
    assert response["Location"] == reverse("account_reset_password_done")
    # Mailed either way, so the request does the same work whether the account exists.
    email = OutboundEmail.objects.get()
    assert email.to_address == "nobody@example.test"
    assert outbound_email_send(email_id=email.pk) == "sent"
    body = text_part(smtp_mailer.messages[0])
    assert "this address has no account here" in body
    assert "/accounts/password/reset/key/" not in body


def test_a_malformed_address_is_a_clear_form_error(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "not an email"})
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()


@pytest.mark.parametrize(
    "name", ["account_reset_password", "account_reset_password_done", "account_reset_password_from_key_done"]
)
def test_the_reset_pages_answer_anonymous_visitors_in_both_languages(client, db, name):
    assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse(name), headers={"accept-language": "zh-CN"})
    assert page["Content-Language"] == "zh-hans"
