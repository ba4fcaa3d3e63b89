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


@shared_task(
    name="interviews.scorecard_overdue_notify_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=300,
    soft_time_limit=240,
)
def scorecard_overdue_notify_sweep_task() -> int:
    """Tell panelists about their overdue scorecards, once each; returns how many."""
    from interviews.services.notifications import scorecard_overdue_notify_sweep

    return scorecard_overdue_notify_sweep()


@shared_task(
    name="interviews.scorecard_reminder_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=300,
    soft_time_limit=240,
)
def scorecard_reminder_sweep_task() -> int:
    """Queue the scorecard reminders and escalations that are due; returns how many."""
    from interviews.services.reminders import scorecard_reminder_sweep

    return scorecard_reminder_sweep()


@shared_task(
    name="interviews.recruiter_digest_sweep",
    ignore_result=True,
    autoretry_for=(OperationalError,),
    max_retries=3,
    retry_backoff=True,
    time_limit=300,
    soft_time_limit=240,
)
def recruiter_digest_sweep_task() -> int:
    """Queue the recruiters' morning digests that are due; returns how many."""
    from interviews.services.reminders import recruiter_digest_sweep

    return recruiter_digest_sweep()
