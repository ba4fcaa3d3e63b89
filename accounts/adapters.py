"""How django-allauth fits RecruitCRM: staff sign in with the email an
administrator invited; nobody signs up on their own, and every mail is written
in the language of the person it goes to."""

from __future__ import annotations

import base64

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalize_email
from accounts.services import user_set_language
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
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False
