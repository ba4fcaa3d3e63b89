"""Single sign-on providers (``SSO_PROVIDERS``, read by ``Env.sso_providers``)
as the settings allauth and the Content-Security-Policy need them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def openid_connect_apps(providers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One allauth ``openid_connect`` app per provider (SOCIALACCOUNT_PROVIDERS)."""
    return [
        {
            "provider_id": provider["id"],
            "name": provider["name"],
            "client_id": provider["client_id"],
            "secret": provider["secret"],
            "settings": {"server_url": provider["server_url"], "oauth_pkce_enabled": provider["pkce"]},
        }
        for provider in providers
    ]


def form_action_origins(providers: list[dict[str, Any]]) -> list[str]:
    """The origins a sign-in form may lead to: the "Sign in with" button posts
    to our own URL, which redirects to the provider, and Chromium holds each
    redirect of a form submission to ``form-action`` too."""
    origins: list[str] = []
    for provider in providers:
        parts = urlsplit(provider["server_url"])
        for origin in [f"{parts.scheme}://{parts.netloc}", *provider["form_action"]]:
            if origin not in origins:
                origins.append(origin)
    return origins
