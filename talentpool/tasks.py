"""Celery tasks of talent pools: the check-in sweep (DESIGN.md decision 4)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from talentpool.services import checkin_sweep


@shared_task(
    name="talentpool.checkin_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=300,
    soft_time_limit=240,
)
def checkin_sweep_task() -> int:
    """Send the talent-pool check-ins that are due, within CHECKIN_PER_MINUTE; returns how many."""
    return checkin_sweep()
