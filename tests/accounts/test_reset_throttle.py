"""Password reset requests are limited per typed address and per client
address, counted in PostgreSQL, with a clear message saying when asking works
again; a throttled request answers the same whether or not the address has an account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone

from accounts.forms import password_reset_throttled_message
from core.models import RateCount
from messaging.models import OutboundEmail
from tests.accounts.lift_times import shown_time
from tests.core.test_cache import DEAD_REDIS

RESET = reverse("account_reset_password")
DONE = reverse("account_reset_password_done")
THROTTLED = "Too many reset links were asked for this address or from your network."


def ask(email: str, *, address: str = "198.51.100.20", **extra):
    return Client().post(RESET, {"email": email}, REMOTE_ADDR=address, **extra)


def window_passes(by: timedelta = timedelta(hours=1)) -> None:
    RateCount.objects.update(window_start=F("window_start") - by)


@pytest.mark.parametrize("email", ["recruiter@example.test", "nobody@example.test"])
def test_five_requests_an_hour_per_address_then_a_clear_message_with_the_time_it_lifts(
    settings, recruiter, outbox_mailer, email
):
    settings.TIME_ZONE = "Asia/Shanghai"
    for n in range(5):
        assert ask(email, address=f"198.51.100.{n}")["Location"] == DONE
    started = RateCount.objects.get(key__startswith="password_reset:email:").window_start
    lifts = timezone.localtime(started + timedelta(hours=1))

    refused = ask(email, address="198.51.100.99")
    assert refused.status_code == 200
    text = refused.content.decode()
    assert THROTTLED in text
    assert f"You can ask again at {shown_time(lifts)} (Asia/Shanghai), in 60 minutes." in text
    assert OutboundEmail.objects.count() == 5
    # Another address is not held up.
    assert ask("someone.else@example.test", address="198.51.100.99")["Location"] == DONE

    window_passes()
    assert ask(email, address="198.51.100.99")["Location"] == DONE


def test_a_window_that_ends_tomorrow_shows_the_date(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    tomorrow = timezone.now() + timedelta(days=1)
    text = password_reset_throttled_message(tomorrow)
    assert formats.date_format(timezone.localtime(tomorrow), "SHORT_DATETIME_FORMAT") in text
    assert "in 1440 minutes." in text


def test_the_message_is_in_the_readers_language(db, outbox_mailer):
    for _request in range(5):
        ask("nobody@example.test")
    text = ask("nobody@example.test", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert "重置链接" in text and "60 分钟" in text


def test_twenty_requests_an_hour_from_one_client_address_then_it_is_refused(db, outbox_mailer):
    for n in range(20):
        assert ask(f"person{n}@example.test", address="203.0.113.7")["Location"] == DONE
    assert THROTTLED in ask("person99@example.test", address="203.0.113.7").content.decode()
    assert ask("person99@example.test", address="198.51.100.20")["Location"] == DONE


def test_the_limits_come_from_the_settings(settings, db, outbox_mailer):
    settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT = 2
    settings.PASSWORD_RESET_LIMIT_WINDOW = timedelta(minutes=10)
    assert ask("nobody@example.test")["Location"] == DONE
    assert ask("nobody@example.test")["Location"] == DONE
    assert "in 10 minutes." in ask("nobody@example.test").content.decode()


def test_the_typed_address_is_counted_by_its_blind_index_never_in_the_clear(db, outbox_mailer):
    ask("Someone@Example.test")
    ask("someone@example.test ")
    keys = list(RateCount.objects.values_list("key", "count"))
    assert not any("someone" in key.lower() for key, _count in keys)
    assert [count for key, count in keys if key.startswith("password_reset:email:")] == [2]


@override_settings(CACHES=DEAD_REDIS)
def test_with_redis_down_the_requests_are_still_counted_and_limited(db, outbox_mailer):
    for _request in range(5):
        assert ask("nobody@example.test")["Location"] == DONE
    assert THROTTLED in ask("nobody@example.test").content.decode()


def test_a_throttled_request_does_the_same_work_for_an_existing_and_an_unknown_address(recruiter, outbox_mailer):
    for _request in range(5):
        ask(recruiter.email)
        ask("nobody@example.test")
    counts = {}
    for email in (recruiter.email, "nobody@example.test"):
        with CaptureQueriesContext(connection) as queries:
            response = ask(email)
        assert THROTTLED in response.content.decode()
        counts[email] = [query["sql"].split(" ")[0] for query in queries.captured_queries]
    assert counts[recruiter.email] == counts["nobody@example.test"]
