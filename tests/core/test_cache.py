"""A Redis outage never turns a page into a 500."""

import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

DEAD_REDIS = {
    "default": {
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


def test_the_cache_works_when_redis_is_up():
    cache = caches["default"]
    cache.set("test:up", "value", 5)
    assert cache.get("test:up") == "value"
    cache.delete("test:up")


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_reads_miss_and_writes_are_dropped_quickly():
    cache = caches["default"]
    started = time.monotonic()
    assert cache.get("key", "fallback") == "fallback"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("key", 1) is False
    cache.set("key", 1)
    cache.set_many({"a": 1})
    cache.delete("key")
    assert cache.incr("n", 3) == 3
    assert time.monotonic() - started < 10


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_signing_in_and_pages_still_work(client, recruiter):
    from tests.conftest import PASSWORD

    response = client.post(reverse("account_login"), {"login": recruiter.email, "password": PASSWORD}, follow=True)
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_sessions_live_in_the_database():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


@pytest.mark.parametrize("key", ["task_acks_late", "task_reject_on_worker_lost"])
def test_celery_acknowledges_late_and_hands_back_tasks_of_lost_workers(key):
    from recruitcrm import celery_app

    assert celery_app.conf[key] is True


def test_celery_speaks_json_only_with_a_short_visibility_timeout_and_the_sweeper_scheduled():
    from recruitcrm import celery_app

    conf = celery_app.conf
    assert conf.accept_content == ["json"] and conf.task_serializer == "json"
    assert conf.broker_transport_options["visibility_timeout"] <= 900
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]
    assert conf.beat_schedule["outbox-sweep"]["task"] == "messaging.outbox_sweep"
