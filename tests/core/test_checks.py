"""The project's system checks, and Django's deploy check with them."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from core.checks import check_content_security_policy

BASE_DIR = Path(__file__).resolve().parents[2]


def policy(**changes):
    return {**settings.SECURE_CSP, **changes}


def error_ids(**csp_changes):
    with override_settings(SECURE_CSP=policy(**csp_changes)):
        return [error.id for error in check_content_security_policy(None)]


def test_the_shipped_policy_passes():
    assert check_content_security_policy(None) == []


def test_the_deploy_check_fails_when_the_csp_allows_inline_script():
    with override_settings(SECURE_CSP=policy(**{"script-src": ["'self'", "'unsafe-inline'"]})):
        with pytest.raises(SystemCheckError, match=r"core\.E003.*script-src"):
            call_command("check", deploy=True, fail_level="WARNING")


@pytest.mark.parametrize(
    ("directive", "value"),
    [
        ("script-src", ["'self'", "'unsafe-eval'"]),
        ("script-src", ["'self'", "https://cdn.example.com"]),
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("object-src", ["'self'"]),
        ("base-uri", ["'self'"]),
        ("frame-ancestors", ["*"]),
    ],
)
def test_a_weakened_directive_is_an_error(directive, value):
    assert error_ids(**{directive: value}) == ["core.E003"]


def test_a_missing_directive_is_an_error():
    without_base_uri = {k: v for k, v in settings.SECURE_CSP.items() if k != "base-uri"}
    with override_settings(SECURE_CSP=without_base_uri):
        assert [e.id for e in check_content_security_policy(None)] == ["core.E002"]


def test_a_wide_default_src_is_an_error():
    assert error_ids(**{"default-src": ["*"]}) == ["core.E004"]


def test_removing_the_csp_middleware_is_an_error():
    middleware = [m for m in settings.MIDDLEWARE if not m.endswith("ContentSecurityPolicyMiddleware")]
    with override_settings(MIDDLEWARE=middleware):
        assert [e.id for e in check_content_security_policy(None)] == ["core.E001"]


def test_the_deploy_check_passes_with_production_values():
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "scripts" / "deploy_check.py")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_warns_about_development_keys():
    with (
        override_settings(
            FIELD_ENCRYPTION_KEYS={1: b"development-only-field-key-00000"},
            BLIND_INDEX_KEY=b"development-only-blind-index-key",
        ),
        pytest.raises(SystemCheckError, match=r"core\.W001(.|\n)*core\.W002"),
    ):
        call_command("check", deploy=True, fail_level="WARNING")
