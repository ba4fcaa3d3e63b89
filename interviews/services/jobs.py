"""Writes to jobs that belong to the pipeline: creating a job copies an
interview plan's stages into it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.services import audit_record
from interviews.models import InterviewPlanTemplate, Stage, StageTemplate
from jobs.models import Client, Job, JobMember
from jobs.services import job_member_add

# The statuses in which a job takes new applications.
OPEN_JOB_STATUSES = {Job.Status.DRAFT, Job.Status.OPEN, Job.Status.ON_HOLD}


@transaction.atomic
def job_create(
    *,
    actor: User | None,
    client: Client,
    title: str,
    recruiter: User,
    plan: InterviewPlanTemplate | None,
    status: str = Job.Status.DRAFT,
    location: str = "",
    description: str = "",
    headcount: int = 1,
    team: Iterable[tuple[User, str]] = (),
) -> Job:
    """Create a job, copy ``plan``'s stages into it, and put its recruiter and
    ``team`` ((user, job role) pairs) on its team.

    The stages are copies: editing them later never changes the template or
    other jobs. Audited as ``jobs.job.create``. Raises ValidationError.
    """
    job = Job(
        client=client,
        title=title.strip(),
        recruiter=recruiter,
        status=status,
        location=location,
        description=description,
        headcount=headcount,
    )
    if status != Job.Status.DRAFT:
        job.opened_at = timezone.now()
    if status in (Job.Status.FILLED, Job.Status.CLOSED):
        job.closed_at = job.opened_at
    job.full_clean()
    job.save()
    if plan is not None:
        Stage.objects.bulk_create(
            Stage(job=job, **{field: getattr(template, field) for field in StageTemplate.COPIED_FIELDS})
            for template in plan.stages.order_by("order")
        )
    job_member_add(job=job, user=recruiter, job_role=JobMember.JobRole.RECRUITER, actor=actor)
    for user, job_role in team:
        job_member_add(job=job, user=user, job_role=job_role, actor=actor)
    audit_record(
        action="jobs.job.create", actor=actor, target=job, data={"plan": plan.pk if plan is not None else None}
    )
    return job
