"""Celery tasks of offers: the sweep of offers that ran out or whose application closed."""

from __future__ import annotations

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from offers.services import offers_of_closed_applications_withdraw
from offers.services.letters import offer_expiry_sweep


@shared_task(name="offers.offer_expiry_sweep", **SWEEP_TASK_OPTIONS)
def offer_expiry_sweep_task() -> int:
    """Expire the sent offers whose expiry date has ended, and withdraw the
    open offers of applications closed meanwhile; returns how many offers changed."""
    return offer_expiry_sweep() + offers_of_closed_applications_withdraw()
