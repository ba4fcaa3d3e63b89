"""The launcher behind `make run`, started for real in embedded mode."""

from __future__ import annotations

import contextlib
import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest

from accounts.demo import DEMO_PASSWORD_DEFAULT
from tests.testenv import _DEFAULTS

BASE_DIR = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.launcher


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launcher_env() -> dict[str, str]:
    # What a newcomer's shell has: no service URLs, none of the test settings.
    drop = {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", *_DEFAULTS}
    return {key: value for key, value in os.environ.items() if key not in drop}


class Launcher:
    def __init__(self, var_dir: Path, port: int) -> None:
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "recruitcrm.launcher", "--var-dir", str(var_dir), "run", "--port", str(port)],
            cwd=BASE_DIR,
            env=launcher_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.output.append(line)

    def wait_for_url(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.output):
                if match := re.search(r"RecruitCRM is running at (http://\S+)", line):
                    return match.group(1)
            assert self.process.poll() is None, "launcher exited early:\n" + "".join(self.output)
            time.sleep(0.5)
        raise AssertionError("no URL printed in time:\n" + "".join(self.output))

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)


def wait_until(condition, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {timeout}s"
        time.sleep(0.5)


def log_in(base_url: str, email: str, password: str) -> tuple[int, str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = base_url + "accounts/login/"
    with opener.open(login_url, timeout=10) as response:
        assert response.status == 200
        assert "Sign in" in response.read().decode()
    token = next(cookie.value for cookie in jar if cookie.name == "csrftoken")
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": email, "password": password})
    with opener.open(login_url, data=form.encode(), timeout=10) as response:  # follows the redirect home
        return response.status, response.geturl(), response.read().decode()


def test_launcher_runs_everything_in_embedded_mode_and_stops_every_process(tmp_path):
    var_dir = tmp_path / "var"
    port = free_port()
    launcher = Launcher(var_dir, port)
    try:
        url = launcher.wait_for_url(timeout=240)
        assert url == f"http://127.0.0.1:{port}/"
        banner = "".join(launcher.output)
        # The URL comes first, then the demo logins.
        assert banner.index(url) < banner.index("recruiter@demo.test")
        assert DEMO_PASSWORD_DEFAULT in banner
        assert f"{url}messages/sent-mail/" in banner

        processes = launcher.descendants()
        commands = []
        for process in processes:
            # Short-lived children (a PostgreSQL backend, a pool process) may end meanwhile.
            with contextlib.suppress(psutil.NoSuchProcess):
                commands.append(" ".join(process.cmdline()))
        for expected in (
            "bin/postgres",
            "redis-server",
            "celery -A recruitcrm worker",
            "celery -A recruitcrm beat",
            "messaging.smtp_sink",
        ):
            assert any(expected in command for command in commands), (expected, commands)
        assert any("runserver" in command for command in commands)
        # The worker reached the broker and beat is ticking.
        logs = var_dir / "log"
        wait_until(lambda: "ready." in (logs / "worker.log").read_text(), "worker ready")
        wait_until(lambda: "beat: Starting" in (logs / "beat.log").read_text(), "beat started")

        status, final_url, body = log_in(url, "recruiter@demo.test", DEMO_PASSWORD_DEFAULT)
        assert status == 200
        assert final_url == url
        assert "Rita Recruiter" in body
    finally:
        launcher.process.send_signal(signal.SIGINT)
        exit_code = launcher.process.wait(timeout=90)

    assert exit_code == 0, "".join(launcher.output)
    time.sleep(0.5)
    alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    assert alive == [], [p.cmdline() for p in alive]
    leftovers = [
        p.info["cmdline"]
        for p in psutil.process_iter(["cmdline"])
        if p.info["cmdline"] and any(str(tmp_path) in part for part in p.info["cmdline"])
    ]
    assert leftovers == []

    # The data survives: a second start against the same var/ finds the demo users.
    env = launcher_env() | {"DEBUG": "true"}
    count = (
        "from accounts.demo import DEMO_USERS; from accounts.models import User; "
        "from candidates.models import Candidate; "
        "print('users:', User.objects.filter(email__in=[u[0] for u in DEMO_USERS]).count(), "
        "'candidates:', Candidate.objects.count())"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "recruitcrm.launcher",
            "--var-dir",
            str(var_dir),
            "exec",
            "--",
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            count,
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "users: 7 candidates: 60" in result.stdout


def test_launcher_refuses_a_port_in_use_with_a_clear_message(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "recruitcrm.launcher", "--var-dir", str(tmp_path), "run", "--port", str(port)],
            cwd=BASE_DIR,
            env=launcher_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stdout
