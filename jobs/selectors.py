"""Reads of clients and jobs, scoped by the access rules of accounts/roles.py.

A recruiter or coordinator sees a job when they hold a guardian grant on its
client or on the job itself (directly or through a group), are on its team, or
are its recruiter. A hiring manager sees the jobs whose team they are on or
that they are granted. Interviewers see no jobs: only the applications whose
panel they sit on (interviews.selectors).
"""

from __future__ import annotations

import functools
from datetime import timedelta
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateTimeField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Now

from accounts.models import User
from accounts.roles import Reach, rules_for
from core.access import get_or_404, granted_ids, union_ids
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
        return clients.filter(pk__in=_visible_client_ids(user.pk, user.role))
    return clients.none()


@functools.lru_cache(maxsize=4096)
def _visible_client_ids(user_pk: int, role: str) -> RawSQL:
    """The ids of the clients a user of ``role`` (Reach.GRANTED) sees: granted
    the client, or seeing one of its jobs; compiled once, as _visible_job_ids."""
    user = User(pk=user_pk, role=role)
    jobs = Job.objects.filter(pk__in=_visible_job_ids(user_pk, role)).values("client_id")
    return union_ids(granted_ids(ClientUserObjectPermission, ClientGroupObjectPermission, user, "view_client"), jobs)


def job_list_for(user: User) -> QuerySet[Job]:
    """Every job ``user`` may see."""
    jobs = Job.objects.all()
    if not user.is_active:
        return jobs.none()
    reach = rules_for(user.role).jobs
    if reach == Reach.ALL:
        return jobs
    if reach not in (Reach.GRANTED, Reach.OWN_JOBS):
        return jobs.none()
    return jobs.filter(pk__in=_visible_job_ids(user.pk, user.role))


@functools.lru_cache(maxsize=4096)
def _visible_job_ids(user_pk: int, role: str) -> RawSQL:
    """The ids of the jobs a user of ``role`` sees, as an SQL subquery.

    The predicate (guardian grants on the client or the job, by user or
    through a group, the team, the recruiter) took longer to build and
    compile with the ORM than to run: ~5 ms a queryset, up to seven times a
    page (bench/run, cProfile of the candidate profile: a third of its Python
    time); and PostgreSQL took longer to plan it, as six correlated EXISTS
    OR'ed together, than to run it. It depends only on the user's key and
    role, so it is compiled once per process, as a UNION ALL of plain
    selects (planning 0.6 ms instead of 1.4 ms each time a query embeds it);
    the grants and teams are read when the query runs, as before."""
    user = User(pk=user_pk, role=role)
    parts = [
        granted_ids(JobUserObjectPermission, JobGroupObjectPermission, user, "view_job"),
        JobMember.objects.filter(user=user).values("job_id"),
    ]
    if rules_for(role).jobs == Reach.GRANTED:
        clients = granted_ids(ClientUserObjectPermission, ClientGroupObjectPermission, user, "view_client")
        parts += [
            Job.objects.filter(recruiter=user).values("pk"),
            Job.objects.filter(client_id__in=clients).values("pk"),
        ]
    return union_ids(*parts)


def can_manage_jobs(user: User) -> bool:
    """Whether ``user``'s role creates clients and jobs and changes their
    settings and teams (on the ones they see)."""
    return user.is_active and rules_for(user.role).job_settings_write


def require_manage_jobs(user: User) -> None:
    """403 for a role that may only read clients and jobs."""
    if not can_manage_jobs(user):
        raise PermissionDenied


def get_client_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Client:
    """The client, or 404 if ``user`` may not see it; with ``for_change``,
    403 for roles that may only read it."""
    client = get_or_404(client_list_for(user), public_id=public_id)
    if for_change:
        require_manage_jobs(user)
    return client


def get_job_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Job:
    """The job, or 404 if ``user`` may not see it; with ``for_change`` (its
    settings or team), 403 for roles that may only read it."""
    job = get_or_404(job_list_for(user).select_related("client"), public_id=public_id)
    if for_change:
        require_manage_jobs(user)
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
