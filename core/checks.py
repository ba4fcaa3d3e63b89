"""Project system checks: start-up invariants that a deployment must keep."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.csp import CSP

from recruitcrm.env import Env

CSP_MIDDLEWARE = "django.middleware.csp.ContentSecurityPolicyMiddleware"

# The pages need no inline script or style and no eval. Each directive must be
# present and say exactly this; anything added to script-src or style-src (a
# host, 'unsafe-inline', a hash, a nonce) opens a door the templates are written
# not to need.
REQUIRED_CSP = {
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
# default-src may be narrower than 'self' but never wider.
ALLOWED_DEFAULT_SRC = ({CSP.SELF}, {CSP.NONE})


@register(Tags.security)
def check_content_security_policy(app_configs, **kwargs):
    errors = []
    if CSP_MIDDLEWARE not in settings.MIDDLEWARE:
        errors.append(
            Error(
                "The Content-Security-Policy middleware is not installed.",
                hint=f"Add {CSP_MIDDLEWARE!r} to MIDDLEWARE.",
                id="core.E001",
            )
        )
    policy = getattr(settings, "SECURE_CSP", None) or {}
    for directive, expected in REQUIRED_CSP.items():
        actual = policy.get(directive)
        if actual is None:
            errors.append(
                Error(
                    f"SECURE_CSP has no {directive!r} directive.",
                    hint=f"Set SECURE_CSP[{directive!r}] = {[str(v) for v in expected]}.",
                    id="core.E002",
                )
            )
        elif [str(value) for value in actual] != [str(value) for value in expected]:
            errors.append(
                Error(
                    f"SECURE_CSP[{directive!r}] is {[str(v) for v in actual]}; "
                    f"only {[str(v) for v in expected]} is allowed.",
                    hint=f"Use exactly {[str(v) for v in expected]}; no inline script or style, no eval.",
                    id="core.E003",
                )
            )
    default_src = policy.get("default-src")
    if default_src is None or {str(v) for v in default_src} not in ALLOWED_DEFAULT_SRC:
        errors.append(
            Error(
                f"SECURE_CSP['default-src'] is {default_src!r}; it must be ['self'] or ['none'].",
                id="core.E004",
            )
        )
    return errors


@register(Tags.security, deploy=True)
def check_production_keys(app_configs, **kwargs):
    warnings = []
    if _dev_ring() == settings.FIELD_ENCRYPTION_KEYS:
        warnings.append(
            Warning(
                "FIELD_ENCRYPTION_KEYS is the development key ring.",
                hint="Generate a key ring as .env.example shows.",
                id="core.W001",
            )
        )
    if _dev_blind_key() == settings.BLIND_INDEX_KEY:
        warnings.append(Warning("BLIND_INDEX_KEY is the development key.", id="core.W002"))
    if settings.BLIND_INDEX_KEY in settings.FIELD_ENCRYPTION_KEYS.values():
        warnings.append(Warning("BLIND_INDEX_KEY must differ from every field encryption key.", id="core.W003"))
    return warnings


def _dev_ring():
    return Env({}).key_ring("FIELD_ENCRYPTION_KEYS", settings.DEV_FIELD_ENCRYPTION_KEYS)


def _dev_blind_key():
    return Env({}).key("BLIND_INDEX_KEY", settings.DEV_BLIND_INDEX_KEY)
