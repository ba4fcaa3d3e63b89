"""The launcher behind `make run`, started for real in embedded mode."""

from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import psycopg2
import pytest

from accounts.demo import DEMO_PASSWORD_DEFAULT
from recruitcrm import connection_budget
from recruitcrm.launcher import EmbeddedPostgres
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

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=90)


@dataclass
class Running:
    """One `make run` started for this module: the load test uses it, then the
    start-and-stop test checks it and stops it (in that order, the file's)."""

    launcher: Launcher
    root: Path
    var_dir: Path
    port: int
    url: str


@pytest.fixture(scope="module")
def running(tmp_path_factory) -> Iterator[Running]:
    root = tmp_path_factory.mktemp("launcher")
    var_dir = root / "var"
    port = free_port()
    launcher = Launcher(var_dir, port)
    try:
        url = launcher.wait_for_url(timeout=240)
        yield Running(launcher, root, var_dir, port, url)
    finally:
        launcher.stop()


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
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "login": email, "password": password})
    with opener.open(login_url, data=form.encode(), timeout=10) as response:  # follows the redirect home
        return response.status, response.geturl(), response.read().decode()


class Browser:
    """A signed-in user on one keep-alive HTTP connection, reused for every request
    as a browser reuses its connection to a site."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.connections_opened = 1
        self.statuses: list[int] = []

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{name}={value}" for name, value in self.cookies.items())}
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", errors="replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the idle connection between two requests: a
                # browser opens a new one and sends the request again.
                self.connection.close()
                self.connections_opened += 1
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, value = header.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        self.statuses.append(response.status)
        return response.status, text

    def sign_in(self, email: str) -> None:
        status, _ = self.request("GET", "/accounts/login/")
        assert status == 200
        form = {"csrfmiddlewaretoken": self.cookies["csrftoken"], "login": email, "password": DEMO_PASSWORD_DEFAULT}
        status, _ = self.request("POST", "/accounts/login/", form)
        assert status == 302, f"{email} could not sign in"
        # The sign-in's own answers are not the load the statuses describe.
        self.statuses.clear()

    def close(self) -> None:
        self.connection.close()


class ConnectionCounter(threading.Thread):
    """Polls pg_stat_activity and keeps the highest count of client connections,
    in total and per budget row."""

    def __init__(self, socket_dir: Path) -> None:
        super().__init__(daemon=True)
        self.connection = psycopg2.connect(
            host=str(socket_dir), user="postgres", dbname="postgres", application_name="recruitcrm-test-probe"
        )
        self.connection.autocommit = True
        self.peak = 0
        self.peak_by_share: Counter[str] = Counter()
        self.peak_by_name: Counter[str] = Counter()
        self.samples = 0
        self.done = threading.Event()

    def run(self) -> None:
        with self.connection.cursor() as cursor:
            while not self.done.is_set():
                cursor.execute(
                    "SELECT application_name, count(*) FROM pg_stat_activity"
                    " WHERE backend_type = 'client backend' GROUP BY application_name"
                )
                by_share: Counter[str] = Counter()
                for name, count in cursor.fetchall():
                    by_share[connection_budget.share_of(name)] += count
                    self.peak_by_name[name] = max(self.peak_by_name[name], count)
                self.peak = max(self.peak, sum(by_share.values()))
                for share, count in by_share.items():
                    self.peak_by_share[share] = max(self.peak_by_share[share], count)
                self.samples += 1
                time.sleep(0.05)

    def stop(self) -> None:
        self.done.set()
        self.join(timeout=10)
        self.connection.close()


# The staff who use the main pages; several browsers sign in as each. The demo's
# administrator and reviewer must first set up a second factor (Settings →
# Security), which a password alone cannot do, so they are not in the load.
LOAD_USERS = (
    "recruiter@demo.test",
    "recruiter2@demo.test",
    "coordinator@demo.test",
)
LOAD_BROWSERS = 24
LOAD_SECONDS = 15


def main_pages(browser: Browser) -> list[str]:
    """Home, the candidate list and a search, a profile, the jobs, a job and its
    board, a report, the talent pools: found by following the pages' own links."""
    _, candidates = browser.request("GET", "/candidates/")
    _, jobs = browser.request("GET", "/jobs/")
    profile = re.search(r'href="(/candidates/[0-9a-f-]{36}/)"', candidates)
    job = re.search(r'href="(/jobs/[0-9a-f-]{36}/)"', jobs)
    assert profile and job, "the demo data has candidates and jobs to link to"
    _, job_page = browser.request("GET", job.group(1))
    board = re.search(r'href="(/pipeline/[0-9a-f-]{36}/)"', job_page)
    assert board, "a job links to its board"
    return [
        "/",
        "/candidates/",
        "/candidates/?q=engineer",
        profile.group(1),
        "/jobs/",
        job.group(1),
        board.group(1),
        "/analytics/funnel/",
        "/pools/",
    ]


# A shell that holds its database connection for most of the load.
SHELL_HOLDS_A_CONNECTION = (
    "import time; from django.db import connection; from accounts.demo import DEMO_USERS; "
    "from accounts.models import User; "
    "print('users:', User.objects.filter(email__in=[u[0] for u in DEMO_USERS]).count(), flush=True); "
    f"time.sleep({LOAD_SECONDS * 2 // 3}); connection.ensure_connection(); print('still connected')"
)


def launcher_argv(var_dir: Path, action: str) -> list[str]:
    return [sys.executable, "-m", "recruitcrm.launcher", "--var-dir", str(var_dir), action]


def test_many_signed_in_browsers_never_get_a_500_and_postgresql_stays_within_the_budget(running, report):
    counter = ConnectionCounter(EmbeddedPostgres(running.var_dir, connection_budget.MAX_CONNECTIONS).run_dir)
    with counter.connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        assert int(cursor.fetchone()[0]) == connection_budget.MAX_CONNECTIONS
    counter.start()
    browsers = [Browser(running.port) for _ in range(LOAD_BROWSERS)]
    errors: list[BaseException] = []
    start = threading.Barrier(LOAD_BROWSERS)

    def browse(browser: Browser, email: str) -> None:
        try:
            browser.sign_in(email)
            pages = main_pages(browser)
            start.wait(timeout=120)
            deadline = time.monotonic() + LOAD_SECONDS
            # At least one round of every page, however slow the machine is.
            for done, path in enumerate(itertools.cycle(pages)):
                if done >= len(pages) and time.monotonic() >= deadline:
                    break
                browser.request("GET", path)
        except BaseException as exc:
            errors.append(exc)
            start.abort()

    threads = [
        threading.Thread(target=browse, args=(browser, email))
        for browser, email in zip(browsers, itertools.cycle(LOAD_USERS), strict=False)
    ]
    shell = None
    try:
        for thread in threads:
            thread.start()
        # `make shell` beside the running product during the load: one more connection, from the reserve.
        shell = subprocess.Popen(
            [
                *launcher_argv(running.var_dir, "attach"),
                "--",
                sys.executable,
                "manage.py",
                "shell",
                "--no-imports",
                "-c",
                SHELL_HOLDS_A_CONNECTION,
            ],
            cwd=BASE_DIR,
            env=launcher_env() | {"DEBUG": "true"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for thread in threads:
            thread.join(timeout=LOAD_SECONDS + 180)
        shell_output, _ = shell.communicate(timeout=120)
    finally:
        counter.stop()
        for browser in browsers:
            browser.close()
        if shell is not None and shell.poll() is None:
            shell.kill()

    assert not errors, errors
    assert shell.returncode == 0 and "users: 7" in shell_output, shell_output
    assert counter.peak_by_name["recruitcrm-shell"] == 1, "the shell held its connection during the load"
    statuses = Counter(status for browser in browsers for status in browser.statuses)
    requests = sum(statuses.values())
    opened = sum(browser.connections_opened for browser in browsers)
    report(
        f"launcher-load: {requests} requests from {LOAD_BROWSERS} signed-in browsers over {opened} connections;"
        f" statuses {dict(sorted(statuses.items()))}; peak PostgreSQL connections {counter.peak}"
        f" {dict(counter.peak_by_name)} of a budget of {connection_budget.TOTAL}"
        f" (max_connections {connection_budget.MAX_CONNECTIONS}); {counter.samples} samples"
    )
    assert not [status for status in statuses.elements() if status >= 500], statuses
    # Signed in and served: the pages answered, not a redirect to the sign-in page.
    assert statuses[200] >= 0.9 * requests, statuses
    assert requests >= LOAD_BROWSERS * 10, "the load ran"
    assert counter.samples >= 20, "the connection count was watched during the load"
    assert 0 < counter.peak <= connection_budget.TOTAL
    for share in connection_budget.BUDGET:
        assert counter.peak_by_share[share.role] <= share.connections, (share, counter.peak_by_share)


def test_static_files_are_served_by_the_web_server(running):
    browser = Browser(running.port)
    try:
        _, page = browser.request("GET", "/accounts/login/")
        assets = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page)
        assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets), assets
        for asset in assets:
            browser.connection.request("GET", asset)
            response = browser.connection.getresponse()
            body = response.read()
            kind = "text/css" if asset.endswith(".css") else "javascript"
            assert response.status == 200 and kind in response.getheader("Content-Type"), asset
            assert len(body) > 100, asset
    finally:
        browser.close()


def test_launcher_runs_everything_in_embedded_mode_and_stops_every_process(running):
    launcher, tmp_path, var_dir, port = running.launcher, running.root, running.var_dir, running.port
    try:
        url = launcher.wait_for_url(timeout=240)
        assert url == f"http://127.0.0.1:{port}/"
        banner = "".join(launcher.output)
        # The URL comes first, then the demo logins.
        assert banner.index(url) < banner.index("recruiter@demo.test")
        assert DEMO_PASSWORD_DEFAULT in banner
        assert f"{url}messages/sent-mail/" in banner
        assert "DEBUG is off" in banner
        assert (var_dir / "secrets.env").stat().st_mode & 0o777 == 0o600

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
        # The web server is gunicorn's threaded workers, sized by the connection budget, without reloading.
        web = [command for command in commands if "gunicorn recruitcrm.wsgi" in command]
        assert web and all("--worker-class gthread" in command for command in web), commands
        assert all(f"--threads {connection_budget.WEB_THREADS}" in command for command in web), commands
        assert not any("--reload" in command for command in web), commands
        assert not any("runserver" in command for command in commands)
        # The worker reached the broker and beat is ticking.
        logs = var_dir / "log"
        wait_until(lambda: "ready." in (logs / "worker.log").read_text(), "worker ready")
        wait_until(lambda: "beat: Starting" in (logs / "beat.log").read_text(), "beat started")

        status, final_url, body = log_in(url, "recruiter@demo.test", DEMO_PASSWORD_DEFAULT)
        assert status == 200
        assert final_url == url
        assert "Rita Recruiter" in body

        # DEBUG is off: a missing page is the product's own 404 page, not Django's debug page.
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "no-such-page/", timeout=10)
        page = missing.value.read().decode()
        assert missing.value.code == 404
        assert "Page not found" in page and "Back to the home page" in page
        assert "DEBUG = True" not in page and "technical_404" not in page
    finally:
        exit_code = launcher.stop()

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
            *launcher_argv(var_dir, "exec"),
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
