"""Celery tasks of talent pools: the check-in sweep."""

from __future__ import annotations

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from talentpool.services import checkin_sweep


@shared_task(name="talentpool.checkin_sweep", **SWEEP_TASK_OPTIONS)
def checkin_sweep_task() -> int:
    """Send the talent-pool check-ins that are due, within CHECKIN_PER_MINUTE; returns how many."""
    return checkin_sweep()
