"""How django-allauth fits RecruitCRM: staff sign in with the email an
administrator invited; nobody signs up on their own, and every mail is written
in the language of the person it goes to."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User, normalize_email
from accounts.services import user_session_end, user_set_language
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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin) -> bool:
        return False


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        # "Sign out the other sessions" on the sessions page: audited like the rest.
        request = context.request
        user_session_end(sessions=list(sessions), actor=request.user, request=request)
