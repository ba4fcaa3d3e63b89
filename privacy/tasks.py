"""Celery tasks of the privacy app: the daily retention sweep."""

from __future__ import annotations

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from privacy.services.retention import retention_sweep


@shared_task(name="privacy.retention_sweep", **SWEEP_TASK_OPTIONS)
def retention_sweep_task() -> dict[str, int]:
    """Ask for renewed consent and anonymise on the date (privacy.services.retention)."""
    return retention_sweep()
