"""Strict settings readers: a malformed value stops start-up naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from recruitcrm.env import Env

BASE_DIR = Path(__file__).resolve().parents[2]
KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="  # 32 bytes


def test_database_url_accepts_tcp_and_unix_socket_hosts():
    tcp = Env({"DATABASE_URL": "postgres://app:s%40cret@db.internal:6543/crm"}).database_url("DATABASE_URL")
    assert (tcp["HOST"], tcp["PORT"], tcp["USER"], tcp["PASSWORD"], tcp["NAME"]) == (
        "db.internal",
        6543,
        "app",
        "s@cret",
        "crm",
    )
    encoded = Env({"DATABASE_URL": "postgres://postgres@%2Fvar%2Frun%2Fpostgresql/crm"}).database_url("DATABASE_URL")
    assert (encoded["HOST"], encoded["NAME"]) == ("/var/run/postgresql", "crm")
    query = Env({"DATABASE_URL": "postgresql://postgres@/crm?host=/tmp/pg"}).database_url("DATABASE_URL")
    assert (query["HOST"], query["NAME"]) == ("/tmp/pg", "crm")


@pytest.mark.parametrize(
    ("name", "value", "reader", "message"),
    [
        ("DATABASE_URL", "mysql://x@h/db", "database_url", "expected a postgres:// URL"),
        ("DATABASE_URL", "postgres://x@h", "database_url", "names no database"),
        ("DATABASE_URL", "postgres://x@h:port/db", "database_url", "cannot be parsed"),
        ("REDIS_URL", "http://h", "redis_url", "expected redis://"),
        ("REDIS_URL", "redis://h:6379/x", "redis_url", "database must be a number"),
        ("REDIS_URL", "redis://h:99999/0", "redis_url", "invalid port"),
        ("REDIS_URL", "unix://relative.sock", "redis_url", "absolute socket path"),
    ],
)
def test_malformed_urls_name_the_variable(name, value, reader, message):
    with pytest.raises(ImproperlyConfigured, match=f"^{name}: .*{message}"):
        getattr(Env({name: value}), reader)(name)


def test_required_values_must_be_set():
    with pytest.raises(ImproperlyConfigured, match="^SECRET_KEY: is required but not set"):
        Env({}).str("SECRET_KEY")


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_booleans_are_strict(value):
    with pytest.raises(ImproperlyConfigured, match="^DEBUG: expected true/false"):
        Env({"DEBUG": value}).bool("DEBUG", False)


def test_key_ring_reads_versions_and_rejects_bad_keys():
    ring = Env({"K": f"1:{KEY}, 2:{KEY}"}).key_ring("K")
    assert sorted(ring) == [1, 2] and all(len(key) == 32 for key in ring.values())
    for bad, message in [
        (KEY, "VERSION:BASE64KEY"),
        ("1:c2hvcnQ=", "32 bytes"),
        (f"1:{KEY},1:{KEY}", "listed twice"),
        ("0:" + KEY, "VERSION:BASE64KEY"),
        ("1:!!!", "not valid base64|32 bytes"),
    ]:
        with pytest.raises(ImproperlyConfigured, match=f"^K: .*({message})"):
            Env({"K": bad}).key_ring("K")


def test_email_url_forms():
    smtp = Env({"E": "smtp+tls://me%40x:p%2Fw@mail.example.com:587"}).email_url("E", "console://")
    assert (smtp["HOST"], smtp["PORT"], smtp["USER"], smtp["PASSWORD"], smtp["USE_TLS"]) == (
        "mail.example.com",
        587,
        "me@x",
        "p/w",
        True,
    )
    assert Env({}).email_url("E", "console://")["BACKEND"] == "console"
    with pytest.raises(ImproperlyConfigured, match="^E: expected smtp://"):
        Env({"E": "imap://x"}).email_url("E", "console://")


def test_time_zone_language_and_region_are_checked():
    assert Env({"TZ": "Europe/London"}).time_zone("TZ", "UTC") == "Europe/London"
    with pytest.raises(ImproperlyConfigured, match="^TZ: 'Mars/Base'"):
        Env({"TZ": "Mars/Base"}).time_zone("TZ", "UTC")
    with pytest.raises(ImproperlyConfigured, match="^LANGUAGE_CODE: 'fr'"):
        Env({"LANGUAGE_CODE": "fr"}).choice("LANGUAGE_CODE", "en", {"en", "zh-hans"})
    assert Env({"R": "us"}).phone_region("R", "CN") == "US"
    with pytest.raises(ImproperlyConfigured, match="^R: 'XX'"):
        Env({"R": "xx"}).phone_region("R", "CN")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "postgres://nohost"),
        ("REDIS_URL", "memcached://x"),
        ("FIELD_ENCRYPTION_KEYS", "not-a-ring"),
        ("ALLOWED_HOSTS", "a,,b"),
        ("TIME_ZONE", "Nowhere"),
        ("CSRF_TRUSTED_ORIGINS", "crm.example.com"),
        ("SITE_URL", "crm.example.com"),
    ],
)
def test_manage_py_stops_with_a_message_naming_the_bad_variable(name, value):
    env = {**os.environ, name: value}
    result = subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), "check"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Configuration error: {name}: "), result.stderr
    assert "Traceback" not in result.stderr


def test_admins_are_email_addresses_separated_by_commas():
    assert Env({}).emails("ADMINS") == []
    assert Env({"ADMINS": ""}).emails("ADMINS") == []
    admins = Env({"ADMINS": "ops@example.com, dev@example.com"}).emails("ADMINS")
    assert admins == ["ops@example.com", "dev@example.com"]
    with pytest.raises(ImproperlyConfigured, match="ADMINS: 'ops' is not an email address"):
        Env({"ADMINS": "ops@example.com,ops"}).emails("ADMINS")
    with pytest.raises(ImproperlyConfigured, match="ADMINS: has an empty item"):
        Env({"ADMINS": "ops@example.com,,dev@example.com"}).emails("ADMINS")


def test_sentry_settings_are_checked():
    assert Env({}).sentry_dsn("SENTRY_DSN") == ""
    dsn = "https://abc123@o1.ingest.sentry.io/42"
    assert Env({"SENTRY_DSN": dsn}).sentry_dsn("SENTRY_DSN") == dsn
    for bad in ("sentry.io/42", "https://o1.ingest.sentry.io/42", "https://abc@o1.ingest.sentry.io/", "ftp://a@b/1"):
        with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN: expected a DSN"):
            Env({"SENTRY_DSN": bad}).sentry_dsn("SENTRY_DSN")
    assert Env({}).fraction("SENTRY_TRACES_SAMPLE_RATE", 0.0) == 0.0
    assert Env({"SENTRY_TRACES_SAMPLE_RATE": "0.25"}).fraction("SENTRY_TRACES_SAMPLE_RATE", 0.0) == 0.25
    for bad in ("1.5", "-0.1", "some"):
        with pytest.raises(ImproperlyConfigured, match="SENTRY_TRACES_SAMPLE_RATE: expected a number from 0 to 1"):
            Env({"SENTRY_TRACES_SAMPLE_RATE": bad}).fraction("SENTRY_TRACES_SAMPLE_RATE", 0.0)
