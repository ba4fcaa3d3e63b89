"""A job's hires against its headcount, and the applications still open when
it is filled."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from interviews.models import Application
from jobs.models import Job


@dataclass(frozen=True)
class Headcount:
    hires: int
    openings: int
    # The hired applications, newest hire first (the board's "Hired" column).
    hired: list[Application]
    # Hires reached the openings while the job is still open: the recruiter is
    # asked to mark it filled and close the remaining applications.
    ask_to_fill: bool


def job_headcount(job: Job) -> Headcount:
    """The job's hired applications against its openings (one query)."""
    hired = list(
        job.applications.filter(status=Application.Status.HIRED)
        .select_related("candidate", "stage")
        .order_by("-closed_at", "-pk")
    )
    hires = len(hired)
    return Headcount(
        hires=hires,
        openings=job.headcount,
        hired=hired,
        ask_to_fill=job.status == Job.Status.OPEN and hires >= job.headcount,
    )


def job_fill_remaining(job: Job) -> QuerySet[Application]:
    """The applications filling ``job`` closes: every active one, by stage then name."""
    return (
        job.applications.filter(status=Application.Status.ACTIVE)
        .select_related("candidate", "stage")
        .order_by("stage__order", "candidate__full_name", "pk")
    )
