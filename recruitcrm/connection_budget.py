"""How many PostgreSQL connections each process of `make run` may hold: the one
place these numbers are written down.

The launcher sizes the web server, the Celery worker and the embedded
PostgreSQL's ``max_connections`` from it; the settings tag every connection with
``application_name`` so that ``pg_stat_activity`` shows whose it is::

    SELECT application_name, count(*) FROM pg_stat_activity
    WHERE backend_type = 'client backend' GROUP BY 1;

Django keeps one connection per thread (``CONN_MAX_AGE``), so a process's share
is its number of threads that run Django code. README.md "Configuration" shows
``budget_table()``. This module runs before Django is configured and imports
none of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# gunicorn's gthread workers: each process runs a fixed pool of threads, and a
# browser's idle keep-alive connection waits in the worker's event loop, not in a
# thread, so open connections never pin a database connection.
WEB_WORKERS = 2
WEB_THREADS = 4
# Celery's prefork pool: each child runs one task at a time in its main thread.
WORKER_CONCURRENCY = 2
# PostgreSQL keeps these slots for superusers (its default), so an administrator
# can still connect when every other slot is taken.
SUPERUSER_RESERVED_CONNECTIONS = 3
# What `launcher exec` (`make test`, `make messages`) starts the embedded
# PostgreSQL with: the test suite runs its own live servers and benchmark web
# workers, whose needs are the tests' own, not the running product's.
EXEC_MAX_CONNECTIONS = 100

APPLICATION_PREFIX = "recruitcrm-"


@dataclass(frozen=True)
class Share:
    role: str
    connections: int
    why: str


BUDGET: tuple[Share, ...] = (
    Share(
        "web",
        WEB_WORKERS * WEB_THREADS,
        f"gunicorn: {WEB_WORKERS} gthread workers × {WEB_THREADS} threads, one persistent connection per thread",
    ),
    Share(
        "worker",
        WORKER_CONCURRENCY + 1,
        f"Celery: {WORKER_CONCURRENCY} prefork children, one connection each, and the parent process",
    ),
    Share(
        "beat",
        0,
        "Celery beat keeps its schedule in a file and only publishes messages to Redis",
    ),
    Share(
        "reserve",
        4,
        "`manage.py shell`, migrate, the launcher's start-up checks, an administrator's psql",
    ),
)
# Every connection the product opens fits in this many; PostgreSQL's
# max_connections adds the superuser slots on top.
TOTAL = sum(share.connections for share in BUDGET)
MAX_CONNECTIONS = TOTAL + SUPERUSER_RESERVED_CONNECTIONS


def process_role(argv: Sequence[str]) -> str:
    """What the running program is, from its command line: ``web`` for gunicorn
    (and runserver), ``worker`` and ``beat`` for Celery, the command's name for
    ``manage.py`` commands (``shell``, ``migrate``…), the program's name otherwise."""
    if not argv:
        return "python"
    program = Path(argv[0]).name
    if program == "__main__.py":  # python -m gunicorn, python -m celery
        program = Path(argv[0]).parent.name
    arguments = list(argv[1:])
    if program == "gunicorn":
        return "web"
    if program == "celery":
        for role in ("worker", "beat"):
            if role in arguments:
                return role
        return "celery"
    if program == "manage.py" and arguments:
        return "web" if arguments[0] == "runserver" else arguments[0]
    return program.removesuffix(".py") or "python"


def application_name(argv: Sequence[str]) -> str:
    """The ``application_name`` a process's database connections carry."""
    return APPLICATION_PREFIX + process_role(argv)


def share_of(name: str) -> str:
    """The budget row that a connection's ``application_name`` counts against:
    web, worker and beat their own, everything else the reserve."""
    role = name.removeprefix(APPLICATION_PREFIX) if name.startswith(APPLICATION_PREFIX) else ""
    return role if role in {"web", "worker", "beat"} else "reserve"


def budget_table() -> str:
    """The budget as the Markdown table README.md shows."""
    rows = [
        "| process (`application_name`) | connections | why |",
        "| --- | ---: | --- |",
        *(f"| {share.role} | {share.connections} | {share.why} |" for share in BUDGET),
        f"| **total** | **{TOTAL}** | what the product may hold at once |",
        f"| superuser reserved | {SUPERUSER_RESERVED_CONNECTIONS} | PostgreSQL's own, for an administrator |",
        f"| **max_connections** | **{MAX_CONNECTIONS}** | what `make run` starts the embedded PostgreSQL with |",
    ]
    return "\n".join(rows)
