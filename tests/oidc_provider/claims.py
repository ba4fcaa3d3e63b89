"""What the provider says about a person: email, whether it is verified, name."""

from __future__ import annotations

from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    # Without a request argument the claims are listed in the discovery document.
    def get_additional_claims(self):
        return {
            "email": lambda request: request.user.email,
            "email_verified": lambda request: bool(_person(request.user).get("email_verified", False)),
            "name": lambda request: _person(request.user).get("name", request.user.get_username()),
            "preferred_username": lambda request: request.user.get_username(),
        }


def _person(user) -> dict:
    return next((p for p in settings.USERS if p["username"] == user.get_username()), {})
