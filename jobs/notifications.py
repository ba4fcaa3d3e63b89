"""In-app notifications jobs sends: "assignments"."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from jobs.models import Job, JobMember
from messaging.models import Notification
from messaging.services import notification_create


def job_member_notify(*, member: JobMember, actor: User | None) -> Notification | None:
    """Tell a user, in their language, that they were put on a job's team;
    nobody is told when they added themselves. Rows written: one
    ``assignment`` Notification. Queues nothing."""
    user, job = member.user, member.job
    if actor is not None and user.pk == actor.pk:
        return None
    with translation.override(user.language):
        message = _("%(actor)s added you to the team of %(job)s as %(job_role)s") % {
            "actor": (actor.full_name or actor.email) if actor else _("Someone"),
            "job": job.title,
            "job_role": JobMember.JobRole(member.job_role).label,
        }
    return notification_create(recipient=user, kind="assignment", message=message, url=_job_url(job))


def _job_url(job: Job) -> str:
    return reverse("jobs:job-detail", args=[job.public_id])
