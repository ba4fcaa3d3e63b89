"""The home dashboard's figures, read through the scoped selectors of the apps
below so that every role sees exactly its share (DESIGN.md "Who sees what").

Every figure is one aggregate or one short list: the dashboard runs the same
handful of queries however many jobs, applications and interviews there are.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from uuid import UUID

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Reach, rules_for
from interviews.models import Application, Interview, Panelist, Scorecard, StageKind
from interviews.selectors import application_list_for, interview_list_for
from jobs.models import Job
from jobs.selectors import job_list_for

LIST_LENGTH = 5


@dataclass(frozen=True)
class StageCount:
    kind: StageKind
    count: int

    @property
    def label(self) -> str:
        return self.kind.label


@dataclass(frozen=True)
class InterviewRow:
    public_id: UUID
    starts_at: datetime
    ends_at: datetime
    candidate_name: str
    stage_name: str
    job_title: str


@dataclass(frozen=True)
class Dashboard:
    # Interviewers reach applications only through their panels, never a
    # pipeline, so the job and pipeline figures are not theirs to see.
    sees_pipeline: bool
    open_jobs: int
    applications_by_kind: tuple[StageCount, ...]
    # Monday 00:00 to the next Monday 00:00 in the user's time zone.
    week_starts: datetime
    week_ends: datetime
    interviews_this_week: int
    # Of this week's interviews, those that have not started yet; the first
    # LIST_LENGTH of them are listed.
    upcoming_this_week: int
    upcoming_interviews: tuple[InterviewRow, ...]
    scorecards_due: int
    due_interviews: tuple[InterviewRow, ...]

    @property
    def active_applications(self) -> int:
        return sum(stage.count for stage in self.applications_by_kind)

    @property
    def more_upcoming(self) -> int:
        return self.upcoming_this_week - len(self.upcoming_interviews)

    @property
    def more_due(self) -> int:
        return self.scorecards_due - len(self.due_interviews)


def week_bounds(*, now: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """Monday 00:00 of ``now``'s week and the Monday after, in ``time_zone``."""
    zone = zoneinfo.ZoneInfo(time_zone)
    monday = now.astimezone(zone).date()
    monday -= timedelta(days=monday.weekday())
    return (
        datetime.combine(monday, time.min, tzinfo=zone),
        datetime.combine(monday + timedelta(days=7), time.min, tzinfo=zone),
    )


def _rows(interviews: QuerySet[Interview]) -> tuple[InterviewRow, ...]:
    # values(): only the columns shown, so no candidate row (and none of its
    # encrypted fields) is loaded.
    return tuple(
        InterviewRow(**row)
        for row in interviews.values(
            "public_id",
            "starts_at",
            "ends_at",
            candidate_name=F("application__candidate__full_name"),
            stage_name=F("stage__name"),
            job_title=F("application__job__title"),
        )[:LIST_LENGTH]
    )


def _applications_by_kind(user: User) -> tuple[StageCount, ...]:
    counts = dict(
        application_list_for(user)
        .filter(status=Application.Status.ACTIVE)
        .order_by()
        .values("stage__kind")
        .annotate(count=Count("pk"))
        .values_list("stage__kind", "count")
    )
    return tuple(StageCount(kind=kind, count=counts.get(kind, 0)) for kind in StageKind)


def scorecards_due_for(user: User, *, now: datetime) -> QuerySet[Interview]:
    """Interviews that have ended (and were not cancelled) where ``user`` sits
    on the panel and has not submitted a scorecard, oldest first. Built on
    interview_list_for, so a seat on an interview the user may no longer see
    does not name its candidate here."""
    seat = Panelist.objects.filter(interview=OuterRef("pk"), user=user)
    submitted = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=user, status=Scorecard.Status.SUBMITTED)
    return (
        interview_list_for(user)
        .filter(Exists(seat), ends_at__lte=now)
        .exclude(status=Interview.Status.CANCELLED)
        .exclude(Exists(submitted))
        .order_by("ends_at", "pk")
    )


def dashboard_for(user: User, *, now: datetime | None = None) -> Dashboard:
    """The figures of ``user``'s home page at ``now`` (default: the present).

    Six queries for a role with jobs, four for an interviewer, whatever the
    volume of data.
    """
    now = now or timezone.now()
    sees_pipeline = rules_for(user.role).jobs != Reach.PANEL
    if sees_pipeline:
        open_jobs = job_list_for(user).filter(status=Job.Status.OPEN).count()
        by_kind = _applications_by_kind(user)
    else:
        open_jobs = 0
        by_kind = tuple(StageCount(kind=kind, count=0) for kind in StageKind)

    week_starts, week_ends = week_bounds(now=now, time_zone=user.time_zone)
    this_week = interview_list_for(user).filter(
        status=Interview.Status.SCHEDULED, starts_at__gte=week_starts, starts_at__lt=week_ends
    )
    week = this_week.aggregate(total=Count("pk"), upcoming=Count("pk", filter=Q(starts_at__gte=now)))
    upcoming = _rows(this_week.filter(starts_at__gte=now).order_by("starts_at", "pk"))

    due = scorecards_due_for(user, now=now)
    return Dashboard(
        sees_pipeline=sees_pipeline,
        open_jobs=open_jobs,
        applications_by_kind=by_kind,
        week_starts=week_starts,
        week_ends=week_ends,
        interviews_this_week=week["total"],
        upcoming_this_week=week["upcoming"],
        upcoming_interviews=upcoming,
        scorecards_due=due.count(),
        due_interviews=_rows(due),
    )
