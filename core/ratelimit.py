"""Rate limits for the public surface: counted in Redis, and in the database
while Redis is unreachable.

A limit is a fixed window per key: the first event opens a window of
``window``, and the events after the ``limit``-th within it are refused until
it ends. Redis counts (one round trip: open the window if absent, count,
read its time to live). When Redis cannot be reached the same count is kept in
the database (core.services.rate_count), so an outage neither refuses everyone
nor lets everything through: the limit holds, a little more slowly. Keys are
hashed (core.crypto's blind index): an email address or IP address never sits
in Redis or in a table in the clear.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone

from core import crypto
from core.cache import UNAVAILABLE
from core.services import rate_count

logger = logging.getLogger(__name__)

PREFIX = "ratelimit"


def _hashed(scope: str, key: str) -> str:
    return f"{PREFIX}:{scope[:60]}:{crypto.blind_index('ratelimit', f'{scope}:{key}').hex()}"


def _redis_count(name: str, window: timedelta) -> tuple[int, int]:
    client = cache._cache.get_client(name, write=True)
    seconds = max(1, int(window.total_seconds()))
    pipe = client.pipeline()
    pipe.set(name, 0, ex=seconds, nx=True)
    pipe.incr(name)
    pipe.ttl(name)
    _opened, count, ttl = pipe.execute()
    if ttl < 0:  # no expiry (a key written by something else): give it one
        client.expire(name, seconds)
        ttl = seconds
    return count, ttl


def limit_hit(*, scope: str, key: str, limit: int, window: timedelta) -> datetime | None:
    """Count one event of ``key`` (an IP address, an email…) under ``scope``
    (e.g. ``apply-ip``). Returns None while the count is within ``limit`` in
    the current window, else the time the window ends (when the limit lifts).

    Redis first; with Redis unreachable, the database (one statement, in the
    caller's transaction: call it outside a transaction that may roll back).
    """
    name = _hashed(scope, key)
    try:
        count, ttl = _redis_count(name, window)
    except UNAVAILABLE as exc:
        logger.warning("rate limit counted in the database, Redis unavailable: %s", exc)
        return rate_count(key=name, limit=limit, window=window)
    return timezone.now() + timedelta(seconds=ttl) if count > limit else None
