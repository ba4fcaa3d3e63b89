"""Celery tasks of analytics: the nightly roll-up refresh."""

from __future__ import annotations

from celery import shared_task

from analytics.services import rollup_catch_up
from core.tasks import SWEEP_TASK_OPTIONS


@shared_task(name="analytics.rollup_refresh", **SWEEP_TASK_OPTIONS)
def rollup_refresh_task() -> int:
    """Refresh the roll-ups of every day since the last run; returns how many days."""
    return rollup_catch_up()
