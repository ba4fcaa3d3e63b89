"""The OpenID Connect provider the single sign-on tests run as their own
process behaves as a real one: discovery, sign-in, consent, the code flow with
PKCE, an ID token signed with its published key, and the email claims."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests

from tests.oidc import CALLBACK_PATH, KNOWN, UNVERIFIED, ProviderSession

REDIRECT_URI = f"http://testserver{CALLBACK_PATH}"


def discover(provider) -> dict:
    response = requests.get(provider.discovery_url, timeout=5)
    assert response.status_code == 200
    return response.json()


def sign_in(provider, person, *, redirect_uri: str = REDIRECT_URI) -> tuple[dict, str]:
    """The authorization code flow a relying party makes, with PKCE: returns
    the token response and the nonce it sent."""
    config = discover(provider)
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    query = {
        "response_type": "code",
        "client_id": provider.client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile email",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    back = ProviderSession(provider).authorize(f"{config['authorization_endpoint']}?{urlencode(query)}", person)
    assert back.startswith(redirect_uri)
    answer = parse_qs(urlsplit(back).query)
    assert answer["state"] == [state]
    tokens = requests.post(
        config["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": answer["code"][0],
            "redirect_uri": redirect_uri,
            "client_id": provider.client_id,
            "client_secret": provider.client_secret,
            "code_verifier": verifier,
        },
        timeout=5,
    )
    assert tokens.status_code == 200, tokens.text
    return tokens.json(), nonce


def test_the_provider_publishes_its_discovery_document_under_its_issuer(oidc_provider):
    config = discover(oidc_provider)

    assert config["issuer"] == oidc_provider.issuer
    for endpoint in ("authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri"):
        assert config[endpoint].startswith(oidc_provider.issuer + "/"), endpoint
    assert "RS256" in config["id_token_signing_alg_values_supported"]
    assert "S256" in config["code_challenge_methods_supported"]
    assert {"email", "email_verified", "name"} <= set(config["claims_supported"])
    keys = requests.get(config["jwks_uri"], timeout=5).json()["keys"]
    assert [key["kty"] for key in keys] == ["RSA"]


def test_a_person_signs_in_and_consents_and_the_client_gets_an_id_token_signed_with_the_published_key(
    oidc_provider,
):
    tokens, nonce = sign_in(oidc_provider, KNOWN)

    config = discover(oidc_provider)
    key = jwt.PyJWKClient(config["jwks_uri"]).get_signing_key_from_jwt(tokens["id_token"])
    claims = jwt.decode(
        tokens["id_token"], key.key, algorithms=["RS256"], audience=oidc_provider.client_id, issuer=config["issuer"]
    )
    assert claims["nonce"] == nonce
    assert (claims["email"], claims["email_verified"], claims["name"]) == (KNOWN.email, True, KNOWN.name)
    userinfo = requests.get(
        config["userinfo_endpoint"], headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=5
    ).json()
    assert (userinfo["sub"], userinfo["email"], userinfo["email_verified"]) == (claims["sub"], KNOWN.email, True)


def test_the_provider_says_when_it_never_verified_an_address(oidc_provider):
    tokens, _ = sign_in(oidc_provider, UNVERIFIED)

    userinfo = requests.get(
        discover(oidc_provider)["userinfo_endpoint"],
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
        timeout=5,
    ).json()
    assert (userinfo["email"], userinfo["email_verified"]) == (UNVERIFIED.email, False)


def test_the_provider_refuses_a_code_without_the_pkce_verifier_and_a_wrong_client_secret(oidc_provider):
    config = discover(oidc_provider)
    query = {
        "response_type": "code",
        "client_id": oidc_provider.client_id,
        "redirect_uri": REDIRECT_URI,
        "scope": "openid email",
        "state": "s",
    }
    back = ProviderSession(oidc_provider).authorize(f"{config['authorization_endpoint']}?{urlencode(query)}", KNOWN)

    # PKCE is required: the provider sends the person back with an error, no code.
    assert parse_qs(urlsplit(back).query).get("error") == ["invalid_request"]
    refused = requests.post(
        config["token_endpoint"],
        data={
            "grant_type": "authorization_code",
            "code": "made-up",
            "redirect_uri": REDIRECT_URI,
            "client_id": oidc_provider.client_id,
            "client_secret": "wrong",
        },
        timeout=5,
    )
    assert refused.status_code == 401
