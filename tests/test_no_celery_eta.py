"""Reminders are due times in the database, never a Celery ETA or
countdown. This scans the product's source (tests excluded) for
anything that delays a task inside the broker."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Directories that are not the product's own code.
SKIPPED = {"tests", "node_modules", "var", "static", "staticfiles", "locale", "__pycache__", "htmlcov"}
# Delaying a task in the broker: a keyword argument (apply_async(..., eta=...),
# self.retry(countdown=...)), the same given as an options dict, or a task's
# default retry delay.
PATTERN = re.compile(
    r"""\b(?:eta|countdown)\s*=(?!=)|["'](?:eta|countdown)["']\s*:|\bdefault_retry_delay\b""",
)
# Documented exceptions, as "path:line text" of the match. There are none: a
# new one needs its reason written here with its entry.
ALLOWED: set[str] = set()


def broker_delays(root: Path) -> list[str]:
    """Every use of a Celery ETA or countdown in ``root``'s Python files, as
    ``path:line: text``, skipping tests, hidden directories and SKIPPED."""
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if any(part.startswith(".") or part in SKIPPED for part in parts[:-1]):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if PATTERN.search(line):
                found.append(f"{path.relative_to(root)}:{number}: {line.strip()}")
    return found


def test_no_task_is_delayed_with_a_celery_eta_or_countdown_anywhere_in_the_product():
    assert [hit for hit in broker_delays(ROOT) if hit not in ALLOWED] == []


def test_the_scan_finds_a_countdown_an_eta_and_a_retry_delay(tmp_path):
    package = tmp_path / "someapp"
    package.mkdir()
    (package / "tasks.py").write_text(
        "def remind(task, when):\n"
        "    task.apply_async(args=[1], countdown=60)\n"
        "    task.apply_async(args=[1], eta=when)\n"
        "    task.apply_async(args=[1], **{'countdown': 5})\n"
        "    raise task.retry(exc=None,\n"
        "                     countdown = 30)\n"
        "    if when == 1: pass\n",
        encoding="utf-8",
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("task.apply_async(countdown=1)\n", encoding="utf-8")
    assert broker_delays(tmp_path) == [
        "someapp/tasks.py:2: task.apply_async(args=[1], countdown=60)",
        "someapp/tasks.py:3: task.apply_async(args=[1], eta=when)",
        "someapp/tasks.py:4: task.apply_async(args=[1], **{'countdown': 5})",
        "someapp/tasks.py:6: countdown = 30)",
    ]


def test_a_comparison_or_a_longer_name_is_not_a_delay(tmp_path):
    (tmp_path / "ok.py").write_text("beta = 1\ncountdowns = 2\nif x.eta == 3: pass\n", encoding="utf-8")
    assert broker_delays(tmp_path) == []
