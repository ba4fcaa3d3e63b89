"""Error reports to Sentry, when ``SENTRY_DSN`` is set (settings.py calls
:func:`sentry_init`): unhandled errors of requests and Celery tasks.

Personal data stays out of every event: no user, cookies or IP address
(``send_default_pii=False``), no request body or query string (a search may be
a candidate's email address), and no local variables of the stack frames, which
hold decrypted values.
"""

from __future__ import annotations

from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def scrub_request(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    """Keep of an event's request only what locates the error: method, URL
    without its query, and headers (Sentry's own scrubbing drops the sensitive ones)."""
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "query_string", "cookies", "env"):
            request.pop(key, None)
        if isinstance(request.get("url"), str):
            request["url"] = request["url"].split("?", 1)[0]
    return event


def sentry_init(*, dsn: str, environment: str | None, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=scrub_request,
    )
