"""allauth's social-account hooks, answered by the single sign-on rules of
accounts/sso.py (SOCIALACCOUNT_ADAPTER)."""

from __future__ import annotations

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings

from accounts.sso import Decision, Refusal, claims_of, create_user, refuse, sso_decide


class SsoAdapter(DefaultSocialAccountAdapter):
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
