"""Public rate limits: counted in the real Redis, and in the database while
Redis cannot be reached, so the limit holds either way."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from core.models import RateCount
from core.ratelimit import limit_hit

pytestmark = pytest.mark.django_db

WINDOW = timedelta(minutes=10)


@pytest.fixture
def scope():
    # A scope of its own per test: Redis keeps counts between tests.
    return f"test-{uuid.uuid4().hex[:12]}"


def test_redis_counts_up_to_the_limit_then_refuses_until_the_window_ends(scope):
    assert [limit_hit(scope=scope, key="203.0.113.7", limit=3, window=WINDOW) for _ in range(3)] == [None] * 3
    lifts_at = limit_hit(scope=scope, key="203.0.113.7", limit=3, window=WINDOW)
    assert lifts_at is not None and timezone.now() + timedelta(minutes=9) < lifts_at <= timezone.now() + WINDOW
    # Another key has its own count; nothing went to the database.
    assert limit_hit(scope=scope, key="203.0.113.8", limit=3, window=WINDOW) is None
    assert not RateCount.objects.exists()


def test_keys_are_stored_hashed_never_in_the_clear(scope):
    limit_hit(scope=scope, key="li.lei@example.test", limit=3, window=WINDOW)
    client = caches["default"]._cache.get_client("x", write=False)
    keys = [key.decode() for key in client.scan_iter(match=f"*ratelimit:{scope}:*")]
    assert len(keys) == 1 and "li.lei" not in keys[0] and "example" not in keys[0]


def test_with_redis_unreachable_the_database_keeps_the_count(scope, settings):
    unreachable = {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {"default": unreachable}
    caches._settings = None  # let the new setting take effect
    try:
        results = [limit_hit(scope=scope, key="203.0.113.9", limit=2, window=WINDOW) for _ in range(3)]
    finally:
        caches._settings = None
    assert results[:2] == [None, None] and results[2] is not None
    row = RateCount.objects.get()
    assert row.count == 3 and "203.0.113.9" not in row.key
