"""Views of no app in particular."""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# The probe's own timeout is 10 s (Dockerfile HEALTHCHECK); Redis must answer well within it.
REDIS_TIMEOUT_SECONDS = 1.0


def _postgresql_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.warning("health check: PostgreSQL did not answer", exc_info=True)
        return False


def _redis_ok() -> bool:
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=REDIS_TIMEOUT_SECONDS, socket_timeout=REDIS_TIMEOUT_SECONDS
    )
    try:
        return bool(client.ping())
    except redis.RedisError:
        logger.warning("health check: Redis did not answer", exc_info=True)
        return False
    finally:
        client.close()


@login_not_required
@csrf_exempt  # changes nothing: a POST gets 405, not a CSRF failure
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when PostgreSQL and Redis both answer, 503 naming the one that did not.
    For load balancers and Docker's health check: no login, no personal data."""
    checks = {"postgresql": _postgresql_ok(), "redis": _redis_ok()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "fail", **{name: "ok" if ok else "fail" for name, ok in checks.items()}}
    return JsonResponse(body, status=200 if healthy else 503)


@login_not_required
@require_safe
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask /favicon.ico of any page without a <link rel="icon"> (a JSON
    answer, a file): the site's icon rather than a 404 in their console."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
