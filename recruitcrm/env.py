"""Strict readers for settings that come from the environment.

Every reader raises :class:`ImproperlyConfigured` naming the variable when its
value is malformed, so a bad deployment stops at start-up with a message that
says what to fix instead of failing later on the first request.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import zoneinfo
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured, ValidationError

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Reads typed values from a mapping (``os.environ`` unless told otherwise)."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def _raw(self, name: str) -> str | None:
        value = self.environ.get(name)
        if value is None:
            return None
        return value.strip()

    def fail(self, name: str, problem: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(f"{name}: {problem} (see .env.example)")

    def str(self, name: str, default: str | None = None) -> str:
        value = self._raw(name)
        if value is None or value == "":
            if default is None:
                raise self.fail(name, "is required but not set")
            return default
        return value

    def bool(self, name: str, default: bool) -> bool:
        value = self._raw(name)
        if value is None:
            return default
        lowered = value.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise self.fail(name, f"expected true/false, 1/0, yes/no or on/off, got {value!r}")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = int(value)
        except ValueError:
            raise self.fail(name, f"expected a whole number, got {value!r}") from None
        if minimum is not None and number < minimum:
            raise self.fail(name, f"must be at least {minimum}, got {number}")
        return number

    def list(self, name: str, default: list[str] | None = None) -> list[str]:
        value = self._raw(name)
        if value is None or value == "":
            if default is None:
                raise self.fail(name, "is required but not set")
            return list(default)
        items = [item.strip() for item in value.split(",")]
        if any(not item for item in items):
            raise self.fail(name, f"has an empty item in {value!r}")
        return items

    def fraction(self, name: str, default: float) -> float:
        """A number from 0 to 1, such as a sampling rate."""
        value = self._raw(name)
        if value is None or value == "":
            return default
        try:
            number = float(value)
        except ValueError:
            raise self.fail(name, f"expected a number from 0 to 1, got {value!r}") from None
        if not 0 <= number <= 1:
            raise self.fail(name, f"expected a number from 0 to 1, got {value!r}")
        return number

    def emails(self, name: str) -> list[str]:
        """Email addresses separated by commas; unset or empty is an empty list."""
        from django.core.validators import validate_email

        addresses = self.list(name, [])
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                raise self.fail(name, f"{address!r} is not an email address such as ops@example.com") from None
        return addresses

    def sentry_dsn(self, name: str) -> str:
        """A Sentry DSN (``https://PUBLIC_KEY@HOST/PROJECT_ID``) or empty for none."""
        value = self.str(name, "")
        if not value:
            return ""
        parts = urlsplit(value)
        try:
            parts.port  # noqa: B018 - urlsplit validates the port lazily
        except ValueError:
            raise self.fail(name, f"has an invalid port in {value!r}") from None
        project = parts.path.rstrip("/").rsplit("/", 1)[-1]
        if parts.scheme not in {"http", "https"} or not parts.username or not parts.hostname or not project:
            raise self.fail(name, "expected a DSN such as https://PUBLIC_KEY@o0.ingest.sentry.io/PROJECT_ID")
        return value

    def choice(self, name: str, default: str, choices: set[str] | list[str]) -> str:
        value = self.str(name, default)
        if value not in choices:
            raise self.fail(name, f"{value!r} is not one of {', '.join(sorted(choices))}")
        return value

    def time_zone(self, name: str, default: str) -> str:
        value = self.str(name, default)
        if value not in zoneinfo.available_timezones():
            raise self.fail(name, f"{value!r} is not an IANA time zone such as Asia/Shanghai")
        return value

    def phone_region(self, name: str, default: str) -> str:
        import phonenumbers

        value = self.str(name, default).upper()
        if value not in phonenumbers.SUPPORTED_REGIONS:
            raise self.fail(name, f"{value!r} is not a two-letter region code such as CN or US")
        return value

    def database_url(self, name: str) -> dict[str, Any]:
        """A PostgreSQL URL; a Unix-socket directory goes percent-encoded in the
        host (``postgres://user@%2Fvar%2Frun%2Fpostgresql/db``) or as ``?host=``."""
        value = self.str(name)
        parts = urlsplit(value)
        if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
            raise self.fail(name, f"expected a postgres:// URL, got scheme {parts.scheme!r}")
        try:
            config = dj_database_url.parse(value, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise self.fail(name, f"cannot be parsed: {exc}") from None
        if not config.get("NAME"):
            raise self.fail(name, "names no database (postgres://user@host:5432/DATABASE)")
        query_host = parse_qs(parts.query).get("host")
        if query_host:
            config["HOST"] = query_host[0]
            config.setdefault("OPTIONS", {}).pop("host", None)
        if not config.get("HOST"):
            raise self.fail(name, "names no host or socket directory")
        return config

    def redis_url(self, name: str) -> str:
        value = self.str(name)
        parts = urlsplit(value)
        if parts.scheme in {"redis", "rediss"}:
            if not parts.hostname:
                raise self.fail(name, "names no host (redis://host:6379/0)")
            try:
                parts.port  # noqa: B018 - urlsplit validates the port lazily
            except ValueError:
                raise self.fail(name, f"has an invalid port in {value!r}") from None
            db = parts.path.lstrip("/")
            if db and not db.isdigit():
                raise self.fail(name, f"database must be a number, got {db!r}")
        elif parts.scheme == "unix":
            if not parts.path.startswith("/"):
                raise self.fail(name, "a unix:// URL needs an absolute socket path")
        else:
            raise self.fail(name, f"expected redis://, rediss:// or unix://, got {value!r}")
        return value

    def email_url(self, name: str, default: str) -> dict[str, Any]:
        """``smtp://user:pass@host:25``; ``smtp+tls://`` for STARTTLS, ``smtp+ssl://``
        for implicit TLS; ``console://`` prints messages instead of sending them."""
        value = self.str(name, default)
        parts = urlsplit(value)
        if parts.scheme == "console":
            return {"BACKEND": "console", "HOST": "", "PORT": 0, "USER": "", "PASSWORD": ""}
        if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
            raise self.fail(name, f"expected smtp://, smtp+tls://, smtp+ssl:// or console://, got {value!r}")
        try:
            port = parts.port
        except ValueError:
            raise self.fail(name, f"has an invalid port in {value!r}") from None
        if not parts.hostname:
            raise self.fail(name, "names no host (smtp://host:25)")
        return {
            "BACKEND": "smtp",
            "HOST": parts.hostname,
            "PORT": port or (465 if parts.scheme == "smtp+ssl" else 25),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "USE_TLS": parts.scheme == "smtp+tls",
            "USE_SSL": parts.scheme == "smtp+ssl",
        }

    def key32(self, name: str, value: str) -> bytes:
        """Decode one base64 (standard or URL-safe) 32-byte key."""
        try:
            key = base64.urlsafe_b64decode(value.replace("+", "-").replace("/", "_") + "=" * (-len(value) % 4))
        except (binascii.Error, ValueError):
            raise self.fail(name, "a key is not valid base64") from None
        if len(key) != 32:
            raise self.fail(name, f"a key must be 32 bytes of base64, got {len(key)} bytes")
        return key

    def key_ring(self, name: str, default: str | None = None) -> dict[int, bytes]:
        """``VERSION:BASE64KEY`` pairs separated by commas; the highest version
        encrypts new values, every listed version can still decrypt."""
        value = self.str(name, default)
        ring: dict[int, bytes] = {}
        for item in value.split(","):
            version_text, sep, key_text = item.strip().partition(":")
            if not sep or not version_text.isdigit() or int(version_text) < 1:
                raise self.fail(name, "expected VERSION:BASE64KEY pairs such as 1:Zm9v..., separated by commas")
            version = int(version_text)
            if version in ring:
                raise self.fail(name, f"key version {version} is listed twice")
            ring[version] = self.key32(name, key_text)
        return ring

    def key(self, name: str, default: str | None = None) -> bytes:
        return self.key32(name, self.str(name, default))

    def sso_providers(self, name: str) -> list[dict[str, Any]]:
        """OpenID Connect providers as a JSON list, one object each:
        ``{"id": "keycloak", "name": "Keycloak", "server_url": ISSUER or its
        /.well-known/openid-configuration URL, "client_id": ..., "secret": ...}``;
        optional ``"pkce"`` (true by default) and ``"form_action"``: further
        origins the provider's sign-in pages post to or redirect through.
        Unset or empty is no provider."""
        value = self.str(name, "")
        if not value:
            return []
        try:
            items = json.loads(value)
        except ValueError as exc:
            raise self.fail(name, f"is not valid JSON: {exc}") from None
        if not isinstance(items, list):
            raise self.fail(name, "expected a JSON list of providers")
        providers = [self._sso_provider(name, index, item) for index, item in enumerate(items)]
        ids = [provider["id"] for provider in providers]
        for provider_id in ids:
            if ids.count(provider_id) > 1:
                raise self.fail(name, f"the id {provider_id!r} is used twice")
        return providers

    def _sso_provider(self, name: str, index: int, item: Any) -> dict[str, Any]:
        where = f"provider {index + 1}"
        if not isinstance(item, dict):
            raise self.fail(name, f"{where} is not a JSON object")
        unknown = set(item) - _SSO_REQUIRED - _SSO_OPTIONAL
        if unknown:
            raise self.fail(name, f"{where} has unknown keys: {', '.join(sorted(unknown))}")
        missing = _SSO_REQUIRED - set(item)
        if missing:
            raise self.fail(name, f"{where} lacks {', '.join(sorted(missing))}")
        for key in _SSO_REQUIRED:
            if not isinstance(item[key], str) or not item[key].strip():
                raise self.fail(name, f"{where}: {key} must be a non-empty string")
        if not _SSO_ID.match(item["id"]):
            raise self.fail(name, f"{where}: id {item['id']!r} must be lower-case letters, digits and dashes")
        self._sso_url(name, where, "server_url", item["server_url"])
        pkce = item.get("pkce", True)
        if not isinstance(pkce, bool):
            raise self.fail(name, f"{where}: pkce must be true or false")
        extra = item.get("form_action", [])
        if not isinstance(extra, list):
            raise self.fail(name, f"{where}: form_action must be a list of origins")
        for origin in extra:
            parts = self._sso_url(name, where, "form_action", origin)
            if parts.path not in {"", "/"} or parts.query or parts.fragment:
                raise self.fail(
                    name, f"{where}: form_action {origin!r} is not an origin such as https://sso.example.com"
                )
        return {
            "id": item["id"],
            "name": item["name"].strip(),
            "server_url": item["server_url"].strip().rstrip("/"),
            "client_id": item["client_id"].strip(),
            "secret": item["secret"].strip(),
            "pkce": pkce,
            "form_action": [origin.rstrip("/") for origin in extra],
        }

    def _sso_url(self, name: str, where: str, key: str, url: Any):
        parts = urlsplit(url.strip()) if isinstance(url, str) else None
        try:
            valid = (
                parts is not None
                and parts.scheme in {"http", "https"}
                and bool(parts.hostname)
                and (parts.port is None or parts.port > 0)
            )
        except ValueError:
            valid = False
        if not valid:
            raise self.fail(name, f"{where}: {key} {url!r} is not an http(s) URL")
        # Codes and tokens travel through these URLs: plain HTTP only on this machine.
        if parts.scheme == "http" and parts.hostname not in {"localhost", "127.0.0.1", "::1"}:
            raise self.fail(name, f"{where}: {key} must use https (http only for localhost)")
        return parts


_SSO_REQUIRED = frozenset({"id", "name", "server_url", "client_id", "secret"})
_SSO_OPTIONAL = frozenset({"pkce", "form_action"})
_SSO_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
