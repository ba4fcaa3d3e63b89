"""Celery tasks of offers: the expiry sweep."""

from __future__ import annotations

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from offers.services.letters import offer_expiry_sweep


@shared_task(name="offers.offer_expiry_sweep", **SWEEP_TASK_OPTIONS)
def offer_expiry_sweep_task() -> int:
    """Expire the sent offers whose expiry date has ended; returns how many."""
    return offer_expiry_sweep()
