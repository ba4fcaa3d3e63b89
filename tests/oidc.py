"""A real OpenID Connect provider for the single sign-on tests, run as its own
process (``tests/oidc_provider``, django-oauth-toolkit), and a scripted person
signing in at it."""

from __future__ import annotations

import html
import json
import os
import re
import secrets
import subprocess
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from tests.realparts import free_port, wait_until

BASE_DIR = Path(__file__).resolve().parents[1]

# The provider's name on RecruitCRM's sign-in page and in its URLs.
IDP_ID = "test-idp"
IDP_NAME = "Test IdP"
# Where the provider sends the browser back to, on RecruitCRM.
CALLBACK_PATH = f"/accounts/oidc/{IDP_ID}/login/callback/"


@dataclass(frozen=True)
class Person:
    """Someone with an account at the provider."""

    username: str
    password: str
    email: str
    email_verified: bool
    name: str


# A RecruitCRM user's address, verified by the provider.
KNOWN = Person("rita", "idp-rita-pass", "recruiter@example.test", True, "Rita Recruiter")
# A verified address that is no RecruitCRM user's.
STRANGER = Person("sam", "idp-sam-pass", "stranger@elsewhere.test", True, "Sam Stranger")
# The administrator's address, but the provider never verified it: anyone may
# have typed it in at sign-up there.
UNVERIFIED = Person("uma", "idp-uma-pass", "admin@example.test", False, "Uma Unverified")
# A verified address of a RecruitCRM user the test deactivates.
FORMER = Person("fred", "idp-fred-pass", "former@example.test", True, "Fred Former")
PEOPLE = (KNOWN, STRANGER, UNVERIFIED, FORMER)


class OidcProvider:
    """The provider process: its issuer URL, its one client's credentials."""

    def __init__(self, directory: Path, redirect_uris: list[str], *, skip_consent: bool = False) -> None:
        self.directory = directory
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}/o"
        self.client_id = "recruitcrm-" + secrets.token_hex(4)
        self.client_secret = secrets.token_urlsafe(32)
        self.redirect_uris = redirect_uris
        self.skip_consent = skip_consent
        self.people = PEOPLE
        self.log = directory / "oidc-provider.log"
        self.process: subprocess.Popen | None = None

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {
            **os.environ,
            "OIDC_PROVIDER_PORT": str(self.port),
            "OIDC_PROVIDER_DIR": str(self.directory),
            "OIDC_PROVIDER_CLIENT": json.dumps(
                {
                    "client_id": self.client_id,
                    "client_secret": self.client_secret,
                    "redirect_uris": self.redirect_uris,
                    "skip_authorization": self.skip_consent,
                }
            ),
            "OIDC_PROVIDER_USERS": json.dumps([asdict(person) for person in self.people]),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tests.oidc_provider"],
                cwd=BASE_DIR,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._answers, "OIDC provider answers its discovery URL", 60)

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"OIDC provider exited with {self.process.returncode}: {self.log.read_text()[-3000:]}")
        try:
            return requests.get(self.discovery_url, timeout=2).status_code == 200
        except requests.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def sso_provider_setting(self, **extra) -> dict:
        """This provider as one entry of RecruitCRM's SSO_PROVIDERS."""
        return {
            "id": IDP_ID,
            "name": IDP_NAME,
            "server_url": self.issuer,
            "client_id": self.client_id,
            "secret": self.client_secret,
            **extra,
        }


def redirect_uris_for(request) -> list[str]:
    """The callback URLs the client is registered with: the test client's, and
    the live server's when the test runs one."""
    uris = [f"http://testserver{CALLBACK_PATH}"]
    if "live_server" in request.fixturenames:
        uris.append(request.getfixturevalue("live_server").url + CALLBACK_PATH)
    return uris


@pytest.fixture(scope="session")
def oidc_providers(tmp_path_factory):
    """Provider processes for the session, one per set of redirect URIs (the
    test client's; the live server's), each started on first use. The
    provider keeps no state a test could trip on: every test signs in afresh
    (its own cookies), and consent is asked every time."""
    running: dict[tuple[str, ...], OidcProvider] = {}

    def provider_for(redirect_uris: list[str]) -> OidcProvider:
        key = tuple(redirect_uris)
        if key not in running:
            provider = OidcProvider(tmp_path_factory.mktemp("oidc-provider"), redirect_uris)
            running[key] = provider
            provider.start()
        return running[key]

    try:
        yield provider_for
    finally:
        for provider in running.values():
            provider.stop()


@pytest.fixture
def oidc_provider(request, oidc_providers):
    """A running OIDC provider whose client RecruitCRM may use; people sign in
    at it and consent (see Person)."""
    return oidc_providers(redirect_uris_for(request))


class ProviderSession:
    """A person's browser at the provider, scripted with requests: follows an
    authorization request through the provider's sign-in and consent pages and
    hands back where the provider sends the person next (RecruitCRM's callback)."""

    def __init__(self, provider: OidcProvider) -> None:
        self.provider = provider
        self.http = requests.Session()

    def authorize(self, authorization_url: str, person: Person, *, allow: bool = True) -> str:
        """Sign in as ``person`` (unless already signed in here), answer the
        consent page (``allow``), and return the URL the provider redirects to."""
        assert authorization_url.startswith(self.provider.origin), authorization_url
        response = self._follow(self.http.get(authorization_url, allow_redirects=False, timeout=10))
        if response.status_code == 200 and "/login/" in response.url:
            fields = hidden_fields(response.text)
            response = self._submit(response, {**fields, "username": person.username, "password": person.password})
        if response.status_code == 200:  # the consent page; its hidden fields carry the request
            fields = hidden_fields(response.text)
            if allow:
                fields["allow"] = "Authorize"
            response = self._submit(response, fields)
        assert response.is_redirect, f"the provider answered {response.status_code}: {response.text[:2000]}"
        return urljoin(response.url, response.headers["Location"])

    def _submit(self, page: requests.Response, fields: dict) -> requests.Response:
        answer = self.http.post(page.url, data=fields, headers={"Referer": page.url}, allow_redirects=False, timeout=10)
        return self._follow(answer)

    def _follow(self, response: requests.Response) -> requests.Response:
        """Follow the provider's redirects within itself; stop at one that leaves it."""
        while response.is_redirect:
            target = urljoin(response.url, response.headers["Location"])
            if not target.startswith(self.provider.origin + "/"):
                break
            response = self.http.get(target, allow_redirects=False, timeout=10)
        return response


def hidden_fields(page: str) -> dict[str, str]:
    """name -> value of the hidden inputs of one of the provider's pages."""
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        if 'type="hidden"' not in tag:
            continue
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields
