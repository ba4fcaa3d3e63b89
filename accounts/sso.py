"""Single sign-on over OpenID Connect: who a provider's answer signs in.

The rule: the provider must say the email address is verified; a verified
address signs in the *active* user who has it, and links the two accounts so
later sign-ins go by the provider's subject. Nobody else gets in: an unknown
address only creates an account when ``SSO_CREATE_USERS`` is on (with
``SSO_DEFAULT_ROLE``). Every refusal is an ``accounts.user.sso_refused`` audit
event and a message on the sign-in page; every sign-in through a provider is an
``accounts.user.sso_login`` event (accounts/signals.py).

allauth's own email authentication (SOCIALACCOUNT_EMAIL_AUTHENTICATION) is not
used: it wipes the password of a user whose address allauth holds no verified
EmailAddress row for, and takes a provider's ``"email_verified": "false"``
string for true. The adapter decides here instead, in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import models
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.selectors import user_for_sso
from accounts.services import sso_refusal_record, sso_user_create


class Refusal(models.TextChoices):
    NO_EMAIL = "no_email", gettext_lazy("no email address")
    UNVERIFIED = "unverified", gettext_lazy("email address not verified by the provider")
    UNKNOWN = "unknown", gettext_lazy("no account with that email address")
    INACTIVE = "inactive", gettext_lazy("account deactivated")
    PROVIDER_ERROR = "provider_error", gettext_lazy("the provider reported an error")


@dataclass(frozen=True)
class Decision:
    """What a provider's answer leads to: sign in ``user`` (an existing one),
    create an account (``create``), or refuse for ``refusal`` (``user`` is then
    the account the address belongs to, if any)."""

    user: User | None = None
    create: bool = False
    refusal: Refusal | None = None


def claims_of(extra_data: dict[str, Any]) -> dict[str, Any]:
    """The provider's claims about the person: the userinfo answer when there
    is one, else the ID token (allauth keeps both in ``extra_data``)."""
    if isinstance(extra_data.get("userinfo"), dict):
        return extra_data["userinfo"]
    if isinstance(extra_data.get("id_token"), dict):
        return extra_data["id_token"]
    return extra_data


def is_verified(value: Any) -> bool:
    """``email_verified`` as providers send it: a JSON boolean, or (Cognito,
    some Keycloak mappers) the string "true"; anything else is not verified."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def sso_decide(*, claims: dict[str, Any], linked_user: User | None, create_users: bool) -> Decision:
    """Who the claims sign in. ``linked_user`` is the user already linked to
    this provider account (by its subject), if any."""
    if linked_user is not None:
        if not linked_user.is_active:
            return Decision(user=linked_user, refusal=Refusal.INACTIVE)
        return Decision(user=linked_user)
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return Decision(refusal=Refusal.NO_EMAIL)
    owner = user_for_sso(email)
    if not is_verified(claims.get("email_verified")):
        return Decision(user=owner, refusal=Refusal.UNVERIFIED)
    if owner is not None:
        return Decision(user=owner) if owner.is_active else Decision(user=owner, refusal=Refusal.INACTIVE)
    if create_users:
        return Decision(create=True)
    return Decision(refusal=Refusal.UNKNOWN)


def sso_provider_of_login(request: HttpRequest, user: User) -> str | None:
    """The provider a sign-in that has just completed went through, or None
    for any other way in. allauth records each step of a session's sign-in
    (password, socialaccount, then mfa for a second factor); the last step
    before the second factor says how the user came in."""
    from allauth.account.authentication import get_authentication_records

    for record in reversed(get_authentication_records(request, user)):
        if record.get("method") != "mfa":
            return record.get("provider") if record.get("method") == "socialaccount" else None
    return None


def refusal_message(refusal: Refusal, provider_name: str) -> str:
    """What the sign-in page says, in the reader's language."""
    values = {"provider": provider_name}
    if refusal == Refusal.NO_EMAIL:
        return _("%(provider)s did not give us your email address, so it cannot sign you in here.") % values
    if refusal == Refusal.UNVERIFIED:
        return (
            _(
                "%(provider)s has not verified your email address, so it cannot sign you in here. "
                "Verify the address there, or sign in with your password."
            )
            % values
        )
    if refusal == Refusal.UNKNOWN:
        return (
            _(
                "No RecruitCRM account uses the email address %(provider)s gave. "
                "Ask your administrator to invite you with that address."
            )
            % values
        )
    if refusal == Refusal.INACTIVE:
        return _("This account has been deactivated. Ask your administrator if you need access again.")
    return _("Signing in with %(provider)s did not work. Please try again, or sign in with your password.") % values


def refuse(request: HttpRequest, *, provider_id: str, provider_name: str, decision: Decision):
    """Record the refusal and answer with the sign-in page and its message."""
    sso_refusal_record(provider=provider_id, reason=decision.refusal, user=decision.user, request=request)
    messages.error(request, refusal_message(decision.refusal, provider_name))
    return redirect(settings.LOGIN_URL)


def create_user(*, claims: dict[str, Any], provider_id: str, language: str | None) -> User:
    """The account a first sign-in creates (SSO_CREATE_USERS), with SSO_DEFAULT_ROLE."""
    email = claims["email"].strip()
    name = claims.get("name") if isinstance(claims.get("name"), str) else ""
    return sso_user_create(
        email=email,
        full_name=(name or "").strip() or email.split("@")[0],
        role=settings.SSO_DEFAULT_ROLE,
        language=language,
        provider=provider_id,
    )
