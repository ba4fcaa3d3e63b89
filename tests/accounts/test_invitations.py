"""Inviting a colleague: an account without a password, an email in their
language through the outbox with a single-use link valid for 7 days, a public
page to choose the password (Django's validators), then signed in. Expired,
used and withdrawn links say why and whom to ask; resending withdraws the
previous link."""

from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import (
    INVITATION_VALID_FOR,
    user_invitation_accept,
    user_invitation_resend,
    user_invite,
    user_update,
)
from core.models import AccessToken, AuditEvent
from core.services import TokenInvalid
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send

pytestmark = pytest.mark.django_db

INVITE = reverse("settings:user-invite")
PASSWORD = "a long new passphrase"
NEWBIE = {"full_name": "Nina Newbie", "email": "Nina@Example.TEST", "role": Role.COORDINATOR, "language": "en"}


def invite(actor, **overrides) -> tuple[User, str]:
    return user_invite(actor=actor, **{**NEWBIE, **overrides})


def accept_url(token: str) -> str:
    return reverse("accounts:invitation-accept", args=[token])


def actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(user.public_id)).order_by("id").values_list("action", flat=True)
    )


def text_part(message) -> str:
    part = message.get_payload()[0] if message.is_multipart() else message
    return part.get_payload(decode=True).decode()


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "role"),
    [
        ("en", "You are invited to RecruitCRM", "Hello Nina,", "Coordinator"),
        ("zh-hans", "邀请您加入 RecruitCRM", "Nina，您好：", "协调员"),
    ],
)
def test_an_administrator_invites_by_email_and_the_invitation_arrives_through_the_outbox_in_the_invitees_language(
    client,
    admin_user,
    outbox_mailer,
    smtp_mailer,
    language,
    subject,
    greeting,
    role,
    django_capture_on_commit_callbacks,
):
    client.force_login(admin_user)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(INVITE, {**NEWBIE, "language": language})
    invitee = User.objects.get(email="nina@example.test")
    assert response.status_code == 302 and response["Location"] == reverse(
        "settings:user-detail", args=[invitee.public_id]
    )
    assert (invitee.full_name, invitee.role, invitee.language, invitee.is_active) == (
        "Nina Newbie",
        "coordinator",
        language,
        True,
    )
    assert not invitee.has_usable_password()
    assert actions(invitee) == ["accounts.user.create", "accounts.user.invite"]
    token_row = AccessToken.objects.get(target_id=invitee.pk)
    assert token_row.purpose == "invitation"
    assert token_row.expires_at - token_row.created_at == pytest.approx(INVITATION_VALID_FOR, abs=timedelta(seconds=5))

    email = OutboundEmail.objects.get()
    assert (email.to_address, email.language) == ("nina@example.test", language)
    assert len(callbacks) >= 1  # handed to the worker after commit
    assert outbound_email_send(email_id=email.pk) == "sent"
    message = smtp_mailer.messages[0]
    assert str(make_header(decode_header(message["Subject"]))) == subject
    body = text_part(message)
    assert greeting in body and admin_user.full_name in body and role in body
    link = re.search(r"https?://testserver(/accounts/invitation/\S+/)", body).group(1)
    assert link == accept_url(link.split("/")[-2])


def test_an_invited_account_cannot_sign_in_or_reset_its_password_before_using_the_link(
    client, admin_user, outbox_mailer
):
    invitee, _token = invite(admin_user)
    for password in ("", "anything", "!"):
        response = client.post(reverse("account_login"), {"login": invitee.email, "password": password})
        assert response.status_code == 200 and SESSION_KEY not in client.session
    before = set(OutboundEmail.objects.values_list("pk", flat=True))
    client.post(reverse("account_reset_password"), {"email": invitee.email})
    # Without a password yet there is nothing to reset: the invitation is the way in.
    (mail,) = OutboundEmail.objects.exclude(pk__in=before)
    assert "/accounts/password/reset/key/" not in mail.body_text


def test_opening_the_link_shows_the_form_in_the_invitees_language_and_changes_nothing(client, admin_user):
    _invitee, token = invite(admin_user, language="zh-hans")
    before = (AuditEvent.objects.count(), AccessToken.objects.get().used_at)
    response = client.get(accept_url(token))
    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert "nina@example.test" in html and "设置密码并登录" in html
    assert (AuditEvent.objects.count(), AccessToken.objects.get().used_at) == before
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_choosing_a_password_signs_the_invitee_in_and_uses_the_link_up(client, admin_user):
    invitee, token = invite(admin_user)
    response = client.post(accept_url(token), {"new_password1": PASSWORD, "new_password2": PASSWORD}, follow=True)
    assert response.redirect_chain[0][0] == reverse("home")
    assert int(client.session[SESSION_KEY]) == invitee.pk
    invitee.refresh_from_db()
    assert invitee.check_password(PASSWORD)
    assert AccessToken.objects.get().used_at is not None
    assert "accounts.user.invitation_accept" in actions(invitee)
    assert any("your password is set" in str(message) for message in response.context["messages"])
    # They can sign in again later with the same password.
    client.logout()
    login = client.post(reverse("account_login"), {"login": "NINA@example.test", "password": PASSWORD})
    assert login.status_code == 302


@pytest.mark.parametrize(
    ("first", "second", "error"),
    [
        ("short", "short", "This password is too short."),
        ("password123", "password123", "This password is too common."),
        ("12345678901234", "12345678901234", "This password is entirely numeric."),
        (PASSWORD, PASSWORD + "x", "The two password fields didn’t match."),
    ],
)
def test_a_password_the_validators_refuse_is_shown_and_the_link_stays_usable(client, admin_user, first, second, error):
    invitee, token = invite(admin_user)
    response = client.post(accept_url(token), {"new_password1": first, "new_password2": second})
    assert response.status_code == 422
    assert error in response.content.decode()
    assert SESSION_KEY not in client.session
    assert AccessToken.objects.get().used_at is None
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


def test_the_service_validates_the_password_itself_too(admin_user):
    _invitee, token = invite(admin_user)
    with pytest.raises(ValidationError, match="too short"):
        user_invitation_accept(token=token, password="short")
    assert AccessToken.objects.get().used_at is None


def test_a_used_link_says_so_and_offers_sign_in(client, admin_user):
    _invitee, token = invite(admin_user)
    client.post(accept_url(token), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    client.logout()
    response = client.get(accept_url(token))
    assert response.status_code == 410
    html = response.content.decode()
    assert "The link has already been used: your password is set." in html
    assert reverse("account_login") in html
    again = client.post(
        accept_url(token), {"new_password1": "another passphrase!", "new_password2": "another passphrase!"}
    )
    assert again.status_code == 410
    with pytest.raises(TokenInvalid):
        user_invitation_accept(token=token, password="another passphrase!")


def test_an_expired_link_says_so_and_names_whom_to_ask(client, admin_user):
    invitee, token = invite(admin_user, language="zh-hans")
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(accept_url(token))
    assert response.status_code == 410 and response["Content-Language"] == "zh-hans"
    html = response.content.decode()
    assert "链接已过期" in html
    assert admin_user.full_name in html and f"mailto:{admin_user.email}" in html
    posted = client.post(accept_url(token), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert posted.status_code == 410
    invitee.refresh_from_db()
    assert not invitee.has_usable_password()


def test_resending_withdraws_the_previous_link_and_sends_a_new_one(client, admin_user, outbox_mailer):
    invitee, first = invite(admin_user)
    client.force_login(admin_user)
    response = client.post(reverse("settings:user-invitation-resend", args=[invitee.public_id]), follow=True)
    assert any("the previous link no longer works" in str(message) for message in response.context["messages"])
    assert OutboundEmail.objects.count() == 2
    newest = OutboundEmail.objects.order_by("-id").first()
    second = re.search(r"/accounts/invitation/(\S+)/", newest.body_text).group(1)
    assert second != first
    client.logout()
    withdrawn = client.get(accept_url(first))
    assert withdrawn.status_code == 410
    assert "The link has been withdrawn" in withdrawn.content.decode()
    assert admin_user.full_name in withdrawn.content.decode()
    assert client.get(accept_url(second)).status_code == 200
    assert AuditEvent.objects.get(action="accounts.user.invitation_resend").data == {"withdrawn": 1}


def test_resend_is_refused_for_an_account_with_a_password_or_a_deactivated_one(admin_user, recruiter):
    with pytest.raises(ValidationError, match="already set a password"):
        user_invitation_resend(user=recruiter, actor=admin_user)
    invitee, _token = invite(admin_user)
    user_update(user=invitee, actor=admin_user, is_active=False)
    with pytest.raises(ValidationError, match="reactivate the account first"):
        user_invitation_resend(user=invitee, actor=admin_user)
    assert not AuditEvent.objects.filter(action="accounts.user.invitation_resend").exists()


def test_deactivating_an_invited_account_withdraws_its_link(client, admin_user):
    invitee, token = invite(admin_user)
    user_update(user=invitee, actor=admin_user, is_active=False)
    response = client.get(accept_url(token))
    assert response.status_code == 410
    assert AccessToken.objects.get().revoked_at is not None


def test_an_unknown_link_is_a_404_that_says_whom_to_ask(client, db):
    response = client.get(accept_url("not-a-real-token"))
    assert response.status_code == 404
    html = response.content.decode()
    assert "This link is not valid." in html
    assert "Ask the administrator who invited you" in html


def test_inviting_an_email_that_has_an_account_is_refused_and_points_to_that_account(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(INVITE, {**NEWBIE, "email": "RECRUITER@example.test"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is already an account for recruiter@example.test." in html
    assert reverse("settings:user-detail", args=[recruiter.public_id]) in html
    assert User.objects.count() == 2
    with pytest.raises(ValidationError):
        invite(admin_user, email=" Recruiter@Example.test ")


def test_the_invite_form_shows_its_errors_and_htmx_gets_the_form_only(client, admin_user):
    client.force_login(admin_user)
    page = client.get(INVITE)
    assert page.status_code == 200 and page.context["form"]["language"].value() == "en"
    region = client.post(INVITE, {"full_name": "", "email": "not an email", "role": "wizard"}, HTTP_HX_REQUEST="true")
    html = region.content.decode()
    assert "<html" not in html and 'id="invite-form"' in html
    assert "Enter a valid email address." in html and "This field is required." in html
    assert User.objects.count() == 1


def test_an_htmx_invite_is_followed_to_the_new_users_page(client, admin_user, outbox_mailer):
    client.force_login(admin_user)
    response = client.post(INVITE, NEWBIE, HTTP_HX_REQUEST="true")
    invitee = User.objects.get(email="nina@example.test")
    assert response["HX-Redirect"] == reverse("settings:user-detail", args=[invitee.public_id])


def test_an_invitation_rolled_back_sends_nothing(admin_user, outbox_mailer):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        invite(admin_user)
        raise RuntimeError
    assert not User.objects.filter(email="nina@example.test").exists()
    assert not OutboundEmail.objects.exists()


def test_without_the_outbox_the_email_still_goes_through_djangos_mail_api(admin_user):
    invite(admin_user, language="zh-hans")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["nina@example.test"]
    assert mail.outbox[0].subject == "邀请您加入 RecruitCRM"


def test_a_language_picked_on_the_invitation_page_is_used_and_becomes_the_accounts(client, admin_user):
    invitee, token = invite(admin_user, language="en")
    client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": accept_url(token)})
    page = client.get(accept_url(token))
    assert page["Content-Language"] == "zh-hans" and "设置密码并登录" in page.content.decode()
    client.post(accept_url(token), {"new_password1": PASSWORD, "new_password2": PASSWORD})
    invitee.refresh_from_db()
    assert invitee.language == "zh-hans"
