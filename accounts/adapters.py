"""How django-allauth fits RecruitCRM: staff sign in with the email an
administrator invited; nobody signs up on their own, and every mail is written
in the language of the person it goes to."""

from __future__ import annotations

import base64

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalize_email
from accounts.services import user_session_end, user_set_language
from accounts.sso import Decision, Refusal, claims_of, create_user, refuse, sso_decide
from core.crypto import decrypt_text, encrypt_text
from core.http import client_address

# Set by accounts.views.language_set on the sign-in page; after sign-in it becomes
# the account's language.
CHOSEN_LANGUAGE_KEY = "accounts.chosen_language"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "That email and password do not match an active account. Check both and try again."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from an administrator's invitation (Settings → Users).
        return False

    def login(self, request: HttpRequest, user: User) -> None:
        chosen = request.session.pop(CHOSEN_LANGUAGE_KEY, None)
        super().login(request, user)
        if chosen and chosen != user.language:
            user_set_language(user=user, language=chosen)

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request) or ""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Mail an account in its own language, whatever language the page was in;
        an address without an account gets the page's language."""
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email=normalize_email(email)).only("language").first()
        language = user.language if user is not None else translation.get_language()
        if user is not None:
            # The address as the account has it, not as it was typed.
            email = user.email
        with translation.override(language):
            super().send_mail(template_prefix, email, context)


class MFAAdapter(DefaultMFAAdapter):
    """Second-factor secrets (the TOTP key, the recovery codes' seed) are stored
    encrypted under the field key ring, like every other secret at rest."""

    PREFIX = "enc:"
    AAD = b"mfa_authenticator|data"

    def encrypt(self, text: str) -> str:
        return self.PREFIX + base64.b64encode(encrypt_text(text, self.AAD)).decode("ascii")

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(self.PREFIX):
            return encrypted_text
        return decrypt_text(base64.b64decode(encrypted_text.removeprefix(self.PREFIX)), self.AAD)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on (allauth's openid_connect apps) by the rules of accounts/sso.py."""

    def pre_social_login(self, request, sociallogin) -> None:
        """Refuse, link to the user the verified address belongs to, or let a
        new account be made (allauth's signup, open only with SSO_CREATE_USERS)."""
        provider = sociallogin.account.get_provider(request)
        decision = sso_decide(
            claims=claims_of(sociallogin.account.extra_data),
            linked_user=sociallogin.user if sociallogin.is_existing else None,
            create_users=settings.SSO_CREATE_USERS,
        )
        if decision.refusal is not None:
            raise ImmediateHttpResponse(
                refuse(request, provider_id=provider.app.provider_id, provider_name=provider.name, decision=decision)
            )
        if decision.user is not None and not sociallogin.is_existing:
            sociallogin.connect(request, decision.user)

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return settings.SSO_CREATE_USERS

    def is_auto_signup_allowed(self, request, sociallogin) -> bool:
        # Never the signup form: the provider's verified address is the account's.
        return True

    def save_user(self, request, sociallogin, form=None):
        provider = sociallogin.account.get_provider(request)
        user = create_user(
            claims=claims_of(sociallogin.account.extra_data),
            provider_id=provider.app.provider_id,
            language=getattr(request, "LANGUAGE_CODE", None),
        )
        sociallogin.user = user
        sociallogin.save(request, connect=True)
        return user

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None) -> None:
        """A failed exchange with the provider (cancelled consent, a stale
        state, a provider down): the sign-in page says so, never a 500."""
        raise ImmediateHttpResponse(
            refuse(
                request,
                provider_id=provider.app.provider_id if provider.app else provider.id,
                provider_name=provider.name,
                decision=Decision(refusal=Refusal.PROVIDER_ERROR),
            )
        )


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        # "Sign out the other sessions" on the sessions page: audited like the rest.
        request = context.request
        user_session_end(sessions=list(sessions), actor=request.user, request=request)
