"""Celery tasks of interviews. Sweeps read due times from the database and
claim each row conditionally, so an overlapping or repeated run is harmless
(DESIGN.md decision 4; STYLE.md, Tasks)."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from interviews.services.surveys import survey_sweep


@shared_task(
    name="interviews.survey_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=300,
    soft_time_limit=240,
)
def survey_sweep_task() -> int:
    """Send the candidate feedback surveys that are due; returns how many."""
    return survey_sweep()
