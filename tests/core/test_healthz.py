"""/healthz: PostgreSQL and Redis answer, for load balancers and Docker's health check."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.realparts import free_port

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_200_to_an_anonymous_probe_when_postgresql_and_redis_answer(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "postgresql": "ok", "redis": "ok"}
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert not response.cookies, "a probe gets no session or CSRF cookie"


def test_healthz_answers_head_like_get(client, db):
    response = client.head(reverse("healthz"))
    assert response.status_code == 200


def test_healthz_refuses_post_with_405(client, db):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_answers_503_naming_redis_when_redis_does_not_answer(client, db, settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "fail", "postgresql": "ok", "redis": "fail"}


def test_healthz_answers_503_naming_postgresql_when_it_does_not_answer():
    # The whole app in a process of its own whose DATABASE_URL names a closed port:
    # the test's own connection stays as it is.
    script = (
        "import django; django.setup(); from django.test import Client; "
        "response = Client().get('/healthz'); print(response.status_code, response.content.decode())"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "recruitcrm.settings",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/recruitcrm",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "fail", "postgresql": "fail", "redis": "ok"}


def test_healthz_is_not_redirected_to_https_so_a_probe_inside_the_container_works(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("account_login")).status_code == 301


@pytest.mark.django_db(transaction=True)
def test_the_container_probe_is_healthy_only_while_healthz_answers_200(live_server, settings):
    probe = [sys.executable, "-m", "recruitcrm.healthcheck"]
    env = os.environ | {"ALLOWED_HOSTS": "localhost,127.0.0.1"}
    up = subprocess.run([*probe, live_server.url + "/healthz"], cwd=ROOT, env=env, timeout=60)
    assert up.returncode == 0
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    redis_down = subprocess.run([*probe, live_server.url + "/healthz"], cwd=ROOT, env=env, timeout=60)
    assert redis_down.returncode == 1
    nothing_there = subprocess.run([*probe, f"http://127.0.0.1:{free_port()}/healthz"], cwd=ROOT, env=env, timeout=60)
    assert nothing_there.returncode == 1
