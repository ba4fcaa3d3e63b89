"""Celery tasks of interviews. Sweeps read due times from the database and
claim each row conditionally, so an overlapping or repeated run is harmless."""

from __future__ import annotations

from celery import shared_task

from core.tasks import SWEEP_TASK_OPTIONS
from interviews.services.reminders import recruiter_digest_sweep, scorecard_reminder_sweep
from interviews.services.surveys import survey_sweep
from interviews.services.triggers import sla_nudge_sweep, thank_you_sweep


@shared_task(name="interviews.survey_sweep", **SWEEP_TASK_OPTIONS)
def survey_sweep_task() -> int:
    """Send the candidate feedback surveys that are due; returns how many."""
    return survey_sweep()


@shared_task(name="interviews.scorecard_reminder_sweep", **SWEEP_TASK_OPTIONS)
def scorecard_reminder_sweep_task() -> int:
    """Queue the scorecard reminders and escalations that are due; returns how many."""
    return scorecard_reminder_sweep()


@shared_task(name="interviews.recruiter_digest_sweep", **SWEEP_TASK_OPTIONS)
def recruiter_digest_sweep_task() -> int:
    """Queue the recruiters' morning digests that are due; returns how many."""
    return recruiter_digest_sweep()


@shared_task(name="interviews.thank_you_sweep", **SWEEP_TASK_OPTIONS)
def thank_you_sweep_task() -> int:
    """Queue the thank-you emails due after interviews; returns how many."""
    return thank_you_sweep()


@shared_task(name="interviews.sla_nudge_sweep", **SWEEP_TASK_OPTIONS)
def sla_nudge_sweep_task() -> int:
    """Queue the SLA nudges due to recruiters; returns how many."""
    return sla_nudge_sweep()
