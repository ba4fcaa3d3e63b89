"""Reads of clients and jobs, scoped by DESIGN.md "Who sees what".

A recruiter or coordinator sees a job when they hold a guardian grant on its
client or on the job itself (directly or through a group), are on its team, or
are its recruiter. A hiring manager sees the jobs whose team they are on or
that they are granted. Interviewers see no jobs: only the applications whose
panel they sit on (interviews.selectors).
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.db.models.functions import Now

from accounts.models import User
from accounts.roles import Reach, rules_for
from core.access import get_or_404, granted
from jobs.models import (
    Client,
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    Job,
    JobGroupObjectPermission,
    JobMember,
    JobUserObjectPermission,
)


def client_list_for(user: User) -> QuerySet[Client]:
    clients = Client.objects.all()
    if not user.is_active:
        return clients.none()
    reach = rules_for(user.role).jobs
    if reach == Reach.ALL:
        return clients
    if reach == Reach.GRANTED:
        return clients.filter(
            granted(ClientUserObjectPermission, ClientGroupObjectPermission, user, codename="view_client")
            | Q(Exists(job_list_for(user).filter(client=OuterRef("pk"))))
        )
    return clients.none()


def job_list_for(user: User) -> QuerySet[Job]:
    """Every job ``user`` may see."""
    jobs = Job.objects.all()
    if not user.is_active:
        return jobs.none()
    reach = rules_for(user.role).jobs
    if reach == Reach.ALL:
        return jobs
    on_team = Q(Exists(JobMember.objects.filter(job=OuterRef("pk"), user=user)))
    job_grant = granted(JobUserObjectPermission, JobGroupObjectPermission, user, codename="view_job")
    if reach == Reach.GRANTED:
        client_grant = granted(
            ClientUserObjectPermission, ClientGroupObjectPermission, user, outer="client_id", codename="view_client"
        )
        return jobs.filter(client_grant | job_grant | on_team | Q(recruiter=user))
    if reach == Reach.OWN_JOBS:
        return jobs.filter(job_grant | on_team)
    return jobs.none()


def get_client_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Client:
    client = get_or_404(client_list_for(user), public_id=public_id)
    if for_change and not rules_for(user.role).job_settings_write:
        raise PermissionDenied
    return client


def get_job_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Job:
    """The job, or 404 if ``user`` may not see it; with ``for_change`` (its
    settings or team), 403 for roles that may only read it."""
    job = get_or_404(job_list_for(user).select_related("client"), public_id=public_id)
    if for_change and not rules_for(user.role).job_settings_write:
        raise PermissionDenied
    return job


# Applications and stages live in interviews, above jobs: these reads follow the
# reverse relations (``applications``, ``stages``) and name the active status by
# value rather than importing interviews.models.
APPLICATION_ACTIVE = "active"


def job_list_page_for(user: User, *, status: str = "", client: Client | None = None) -> QuerySet[Job]:
    """Jobs ``user`` may see, optionally of one status or client, each with
    ``active_applications`` counted in the same query."""
    jobs = job_list_for(user).select_related("client", "recruiter")
    if status:
        jobs = jobs.filter(status=status)
    if client is not None:
        jobs = jobs.filter(client=client)
    return jobs.annotate(
        active_applications=Count("applications", filter=Q(applications__status=APPLICATION_ACTIVE))
    ).order_by("-created_at", "pk")


def job_stages_with_counts(job: Job) -> QuerySet:
    """The job's current stages in order, each with ``active_applications``."""
    return (
        job.stages.filter(archived_at__isnull=True)
        .annotate(active_applications=Count("applications", filter=Q(applications__status=APPLICATION_ACTIVE)))
        .order_by("order")
    )


def job_overdue_applications(job: Job) -> QuerySet:
    """Active applications that have sat in their stage longer than its SLA,
    longest-waiting first."""
    deadline = ExpressionWrapper(Now() - F("stage__sla_days") * timedelta(days=1), output_field=DateTimeField())
    return (
        job.applications.filter(status=APPLICATION_ACTIVE, stage__sla_days__isnull=False)
        .alias(deadline=deadline)
        .filter(stage_entered_at__lt=F("deadline"))
        .select_related("candidate", "stage")
        .order_by("stage_entered_at")
    )


def job_team(job: Job) -> QuerySet[JobMember]:
    return job.members.select_related("user").order_by("job_role", "user__full_name")


def client_jobs_for(user: User, client: Client) -> QuerySet[Job]:
    """The client's jobs that ``user`` may see, with their active application counts."""
    return job_list_page_for(user, client=client)
