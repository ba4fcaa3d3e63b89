"""Error reports: unhandled errors are emailed to ADMINS through the outbox and,
with SENTRY_DSN set, sent to Sentry; neither carries the request's personal data."""

from __future__ import annotations

import gzip
import http.client
import json
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection as database
from django.urls import reverse

from messaging.models import OutboundEmail
from tests.realparts import free_port

ROOT = Path(__file__).resolve().parents[2]
PERSONAL = "li.na@example.com"


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.recruitcrm.failing_urls"


def test_a_500_queues_an_email_to_every_admin_through_the_outbox(client, db, settings, outbox_mailer, failing_urls):
    settings.ADMINS = ["ops@example.com", "dev@example.com"]
    client.raise_request_exception = False
    response = client.post("/boom/?page=2", {"email": PERSONAL}, HTTP_COOKIE="sessionid=secret-session")
    assert response.status_code == 500
    emails = list(OutboundEmail.objects.all())
    assert sorted(email.to_address for email in emails) == ["dev@example.com", "ops@example.com"]
    for email in emails:
        assert "ERROR" in email.subject and "/boom/" in email.subject
        assert "RuntimeError at /boom/\nthe view failed on purpose" in email.body_text
        # Django's plain-text report, with POST values and the session cookie hidden.
        assert "email = '********************'" in email.body_text
        assert PERSONAL not in email.body_text
        assert "secret-session" not in email.body_text
        assert email.body_html == "", "the HTML report lists every frame's local variables"


def test_no_admins_means_no_error_email(client, db, settings, outbox_mailer, failing_urls):
    settings.ADMINS = []
    client.raise_request_exception = False
    assert client.get("/boom/").status_code == 500
    assert not OutboundEmail.objects.exists()


def test_a_failing_health_check_queues_no_error_email(client, db, settings, outbox_mailer):
    settings.ADMINS = ["ops@example.com"]
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    assert client.get(reverse("healthz")).status_code == 503
    assert not OutboundEmail.objects.exists()


class SentryIngest(ThreadingHTTPServer):
    """A stand-in for Sentry's ingestion endpoint that keeps what it receives."""

    def __init__(self) -> None:
        self.envelopes: list[tuple[str, bytes]] = []
        self.received = threading.Event()
        ingest = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                ingest.envelopes.append((self.path, body))
                ingest.received.set()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


def events(envelope: bytes) -> list[dict]:
    """The event items of one envelope: a header line, then item header and payload lines."""
    lines = envelope.split(b"\n")
    found = []
    for header, payload in zip(lines[1::2], lines[2::2], strict=False):
        if json.loads(header).get("type") == "event":
            found.append(json.loads(payload))
    return found


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def test_with_a_sentry_dsn_a_500_reaches_sentry_as_an_event_without_personal_data(tmp_path, django_db_setup):
    ingest = SentryIngest()
    threading.Thread(target=ingest.serve_forever, daemon=True).start()
    port = free_port()
    # The test database: migrated, so the session lookup the cookie causes finds its table.
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(path="/" + database.settings_dict["NAME"]).geturl()
    env = os.environ | {
        "DATABASE_URL": test_database,
        "SENTRY_DSN": f"http://publickey@127.0.0.1:{ingest.server_address[1]}/42",
        "SENTRY_ENVIRONMENT": "test",
        "ADMINS": "",
    }
    # The app under a real gunicorn, where the SDK hooks in and sends as in production.
    app = "tests.recruitcrm.failing_wsgi:application"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("wb"),
    )
    try:
        deadline = time.monotonic() + 60
        while not healthy(port):
            assert time.monotonic() < deadline and server.poll() is None, (tmp_path / "gunicorn.log").read_text()
            time.sleep(0.2)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request(
            "POST",
            f"/boom/?q={PERSONAL}",
            body=f"email={PERSONAL}",
            headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": "sessionid=secret-session"},
        )
        assert connection.getresponse().status == 500
        assert ingest.received.wait(15), "nothing reached the Sentry endpoint"
    finally:
        server.terminate()
        server.wait(timeout=30)
        ingest.shutdown()
        ingest.server_close()

    assert {path for path, _ in ingest.envelopes} == {"/api/42/envelope/"}
    [event] = [event for _, body in ingest.envelopes for event in events(body)]
    [exception] = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "the view failed on purpose")
    assert event["environment"] == "test"
    request = event["request"]
    assert request["url"].endswith("/boom/") and request["method"] == "POST"
    assert not {"data", "query_string", "cookies"} & set(request)
    assert "user" not in event
    frames = exception["stacktrace"]["frames"]
    assert frames and not any(frame.get("vars") for frame in frames), "no local variables"
    raw = b"".join(body for _, body in ingest.envelopes).decode()
    assert PERSONAL not in raw and "secret-session" not in raw
