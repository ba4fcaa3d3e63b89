"""SSO_PROVIDERS, SSO_CREATE_USERS and SSO_DEFAULT_ROLE: read strictly, turned
into allauth's openid_connect apps and the sign-in form's CSP form-action."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitcrm.env import Env
from recruitcrm.sso import form_action_origins, openid_connect_apps

BASE_DIR = Path(__file__).resolve().parents[2]

KEYCLOAK = {
    "id": "keycloak",
    "name": "Keycloak",
    "server_url": "https://sso.example.com/realms/staff",
    "client_id": "recruitcrm",
    "secret": "s3cret",
}
MICROSOFT = {
    "id": "microsoft",
    "name": "Microsoft",
    "server_url": "https://login.microsoftonline.com/tenant/v2.0/.well-known/openid-configuration",
    "client_id": "abc",
    "secret": "def",
    "form_action": ["https://login.live.com"],
    "pkce": False,
}


def read(value: str) -> list[dict]:
    return Env({"SSO_PROVIDERS": value}).sso_providers("SSO_PROVIDERS")


def test_no_providers_when_unset_or_empty():
    assert Env({}).sso_providers("SSO_PROVIDERS") == []
    assert read("") == []
    assert read("[]") == []


def test_providers_become_one_openid_connect_app_each_and_their_origins_may_take_the_sign_in_form():
    providers = read(json.dumps([KEYCLOAK, MICROSOFT]))

    assert openid_connect_apps(providers) == [
        {
            "provider_id": "keycloak",
            "name": "Keycloak",
            "client_id": "recruitcrm",
            "secret": "s3cret",
            "settings": {"server_url": "https://sso.example.com/realms/staff", "oauth_pkce_enabled": True},
        },
        {
            "provider_id": "microsoft",
            "name": "Microsoft",
            "client_id": "abc",
            "secret": "def",
            "settings": {"server_url": MICROSOFT["server_url"], "oauth_pkce_enabled": False},
        },
    ]
    assert form_action_origins(providers) == [
        "https://sso.example.com",
        "https://login.microsoftonline.com",
        "https://login.live.com",
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps(KEYCLOAK), "expected a JSON list of providers"),
        (json.dumps(["keycloak"]), "provider 1 is not a JSON object"),
        (json.dumps([{**KEYCLOAK, "scope": "openid"}]), "provider 1 has unknown keys: scope"),
        (json.dumps([{k: v for k, v in KEYCLOAK.items() if k != "secret"}]), "provider 1 lacks secret"),
        (json.dumps([{**KEYCLOAK, "client_id": " "}]), "provider 1: client_id must be a non-empty string"),
        (json.dumps([{**KEYCLOAK, "id": "Key Cloak"}]), "provider 1: id 'Key Cloak' must be lower-case"),
        (json.dumps([KEYCLOAK, {**MICROSOFT, "id": "keycloak"}]), "the id 'keycloak' is used twice"),
        (json.dumps([{**KEYCLOAK, "server_url": "sso.example.com"}]), "is not an http\\(s\\) URL"),
        (json.dumps([{**KEYCLOAK, "server_url": "http://sso.example.com"}]), "must use https"),
        (json.dumps([{**KEYCLOAK, "pkce": "yes"}]), "pkce must be true or false"),
        (json.dumps([{**KEYCLOAK, "form_action": "https://a.example"}]), "form_action must be a list"),
        (json.dumps([{**KEYCLOAK, "form_action": ["https://a.example/login"]}]), "is not an origin"),
    ],
)
def test_a_malformed_provider_list_names_the_variable_and_the_fault(value, message):
    with pytest.raises(ImproperlyConfigured, match=f"^SSO_PROVIDERS: .*{message}"):
        read(value)


def test_plain_http_is_allowed_for_a_provider_on_this_machine_only():
    local = read(json.dumps([{**KEYCLOAK, "server_url": "http://127.0.0.1:8080/realms/dev/"}]))
    assert local[0]["server_url"] == "http://127.0.0.1:8080/realms/dev"


def settings_in_a_fresh_process(**environ: str) -> subprocess.CompletedProcess:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
        "[str(x) for x in s.SECURE_CSP['form-action']], s.SSO_CREATE_USERS, s.SSO_DEFAULT_ROLE]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "recruitcrm.settings", **environ}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, cwd=BASE_DIR
    )


def test_the_settings_take_the_providers_and_the_creation_rule_from_the_environment():
    result = settings_in_a_fresh_process(
        SSO_PROVIDERS=json.dumps([KEYCLOAK]), SSO_CREATE_USERS="true", SSO_DEFAULT_ROLE="recruiter"
    )

    assert result.returncode == 0, result.stderr
    apps, form_action, create, role = json.loads(result.stdout)
    assert [app["provider_id"] for app in apps] == ["keycloak"]
    assert form_action == ["'self'", "https://sso.example.com"]
    assert (create, role) == (True, "recruiter")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SSO_PROVIDERS", '[{"id": "x"}]'),
        ("SSO_CREATE_USERS", "sometimes"),
        ("SSO_DEFAULT_ROLE", "superuser"),
        # Administrators are made by hand, never by a first sign-in.
        ("SSO_DEFAULT_ROLE", "administrator"),
    ],
)
def test_manage_py_stops_on_a_bad_sso_setting_naming_it(name, value):
    env = {**os.environ, name: value}
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Configuration error: {name}: "), result.stderr
