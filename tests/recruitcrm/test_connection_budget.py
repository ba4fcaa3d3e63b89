"""recruitcrm/connection_budget.py: the one place the database connections of
`make run` are counted, and the application_name that lets anyone count them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.db import connection

from recruitcrm import connection_budget as budget

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("argv", "role"),
    [
        (["/srv/.venv/bin/gunicorn", "recruitcrm.wsgi", "--bind", "0.0.0.0:8000"], "web"),
        (["/srv/.venv/lib/python3.12/site-packages/gunicorn/__main__.py", "recruitcrm.wsgi"], "web"),
        (["/srv/.venv/bin/celery", "-A", "recruitcrm", "worker", "--loglevel", "INFO"], "worker"),
        (["/x/site-packages/celery/__main__.py", "-A", "recruitcrm", "beat", "--schedule", "/tmp/s"], "beat"),
        (["celery", "-A", "recruitcrm", "inspect", "ping"], "celery"),
        (["manage.py", "shell"], "shell"),
        (["/app/manage.py", "migrate", "--noinput"], "migrate"),
        (["manage.py", "runserver", "8000"], "web"),
        (["/srv/.venv/bin/pytest", "tests"], "pytest"),
        ([], "python"),
    ],
)
def test_each_process_is_named_by_what_it_runs(argv, role):
    assert budget.process_role(argv) == role
    assert budget.application_name(argv) == f"recruitcrm-{role}"


def test_web_worker_and_beat_count_against_their_own_rows_and_everything_else_the_reserve():
    assert budget.share_of("recruitcrm-web") == "web"
    assert budget.share_of("recruitcrm-worker") == "worker"
    assert budget.share_of("recruitcrm-beat") == "beat"
    for name in ("recruitcrm-shell", "recruitcrm-migrate", "recruitcrm-launcher", "psql", "", "web"):
        assert budget.share_of(name) == "reserve", name


def test_the_budget_adds_up_to_max_connections():
    shares = {share.role: share.connections for share in budget.BUDGET}
    assert set(shares) == {"web", "worker", "beat", "reserve"}
    assert shares["web"] == budget.WEB_WORKERS * budget.WEB_THREADS
    # Each prefork child holds one connection while it runs a task; the parent is counted too.
    assert shares["worker"] == budget.WORKER_CONCURRENCY + 1
    assert sum(shares.values()) == budget.TOTAL
    assert budget.MAX_CONNECTIONS == budget.TOTAL + budget.SUPERUSER_RESERVED_CONNECTIONS
    assert budget.EXEC_MAX_CONNECTIONS >= budget.MAX_CONNECTIONS


def test_readme_shows_the_budget_as_the_module_has_it():
    assert budget.budget_table() in (ROOT / "README.md").read_text(encoding="utf-8")


def test_this_processs_database_connection_carries_its_application_name(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")
        assert cursor.fetchone()[0] == budget.application_name(sys.argv)
