"""In-app notifications jobs sends: "assignments"."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from jobs import messages
from jobs.models import Job, JobMember
from messaging.messages import MESSAGES, SOMEONE
from messaging.models import Notification
from messaging.services import notification_create


def job_member_notify(*, member: JobMember, actor: User | None) -> Notification | None:
    """Tell a user that they were put on a job's team (shown in the reader's
    language); nobody is told when they added themselves. Rows written: one
    ``assignment`` Notification. Queues nothing."""
    user, job = member.user, member.job
    if actor is not None and user.pk == actor.pk:
        return None
    message = MESSAGES.message(
        messages.TEAM_ADDED,
        actor=(actor.full_name or actor.email) if actor else MESSAGES.message(SOMEONE),
        job=job.title,
        job_role=member.job_role,
    )
    return notification_create(recipient=user, kind="assignment", message=message, url=_job_url(job))


def _job_url(job: Job) -> str:
    return reverse("jobs:job-detail", args=[job.public_id])
