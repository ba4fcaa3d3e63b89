"""The home dashboard's figures, read through the scoped selectors of the apps
below so that every role sees exactly its share (accounts.roles).

Every figure is one aggregate or one short list: the dashboard runs the same
handful of queries however many jobs, applications and interviews there are.
A capped list carries its full length in the same query (a ``COUNT(*) OVER ()``
window), so "and N more" costs nothing extra.

"My jobs" are the jobs in the user's scope that they recruit or whose team
they are on: a client grant lets a recruiter see a job, not own it.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.utils import timezone

from accounts.models import User
from accounts.roles import Reach, rules_for
from candidates.models import CONTACT_KINDS, Activity, Candidate
from candidates.selectors import candidate_list_for
from interviews.models import Application, Interview, Panelist, Scorecard, StageKind
from interviews.selectors import application_list_for, interview_list_for
from jobs.models import Job, JobMember
from jobs.selectors import job_list_for

LIST_LENGTH = 5
MY_JOBS_LENGTH = 10
TODAY_LENGTH = 10
NO_CONTACT_LENGTH = 10
# A scorecard is overdue once its interview ended more than this long ago.
SCORECARD_OVERDUE_AFTER = timedelta(hours=24)
# "No contact for N days": the default N and its bounds (analytics.forms).
NO_CONTACT_DAYS = 14
NO_CONTACT_DAYS_MIN, NO_CONTACT_DAYS_MAX = 1, 365


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
    candidate_public_id: UUID
    stage_name: str
    job_title: str
    # False for an interview listed because it is on one of the user's jobs.
    on_panel: bool = True


@dataclass(frozen=True)
class JobRow:
    public_id: UUID
    title: str
    client_name: str
    status: str
    active_applications: int
    # Active applications that have sat in their stage longer than its SLA.
    over_sla: int

    @property
    def on_hold(self) -> bool:
        return self.status == Job.Status.ON_HOLD


@dataclass(frozen=True)
class NoContactRow:
    public_id: UUID
    full_name: str
    # None: never contacted (the candidate has been on file longer than the period).
    last_contact_at: datetime | None


@dataclass(frozen=True)
class NoContact:
    """Candidates the user owns, with an active application, and no contact for ``days``."""

    days: int
    total: int
    rows: tuple[NoContactRow, ...]

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


@dataclass(frozen=True)
class Dashboard:
    # Interviewers reach applications only through their panels, never a
    # pipeline, so the job and pipeline figures are not theirs to see.
    sees_pipeline: bool
    open_jobs: int
    # Open and on-hold jobs the user recruits or is on the team of, open first.
    my_jobs_total: int
    my_jobs: tuple[JobRow, ...]
    applications_by_kind: tuple[StageCount, ...]
    # Monday 00:00 to the next Monday 00:00 in the user's time zone.
    week_starts: datetime
    week_ends: datetime
    # Today 00:00 to tomorrow 00:00 in the user's time zone.
    today_starts: datetime
    interviews_today_total: int
    interviews_today: tuple[InterviewRow, ...]
    interviews_this_week: int
    # Of this week's interviews, those that have not started yet; the first
    # LIST_LENGTH of them are listed.
    upcoming_this_week: int
    upcoming_interviews: tuple[InterviewRow, ...]
    scorecards_due: int
    # Of those, the ones whose interview ended more than SCORECARD_OVERDUE_AFTER ago.
    scorecards_overdue: int
    overdue_before: datetime
    due_interviews: tuple[InterviewRow, ...]
    # Roles that run jobs: panelists' overdue scorecards on the user's jobs;
    # None for the others.
    team_scorecards_overdue: int | None

    @property
    def overdue_hours(self) -> int:
        return int(SCORECARD_OVERDUE_AFTER.total_seconds() // 3600)

    @property
    def more_jobs(self) -> int:
        return self.my_jobs_total - len(self.my_jobs)

    @property
    def more_today(self) -> int:
        return self.interviews_today_total - len(self.interviews_today)

    @property
    def active_applications(self) -> int:
        return sum(stage.count for stage in self.applications_by_kind)

    @property
    def held_this_week(self) -> int:
        """This week's interviews already started: with upcoming_this_week, the week's total."""
        return self.interviews_this_week - self.upcoming_this_week

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


def day_bounds(*, now: datetime, time_zone: str) -> tuple[datetime, datetime]:
    """00:00 of ``now``'s day and of the day after, in ``time_zone`` (a day
    around a DST change lasts 23 or 25 hours)."""
    zone = zoneinfo.ZoneInfo(time_zone)
    today = now.astimezone(zone).date()
    return (
        datetime.combine(today, time.min, tzinfo=zone),
        datetime.combine(today + timedelta(days=1), time.min, tzinfo=zone),
    )


_INTERVIEW_COLUMNS = {
    "candidate_name": F("application__candidate__full_name"),
    "candidate_public_id": F("application__candidate__public_id"),
    "stage_name": F("stage__name"),
    "job_title": F("application__job__title"),
}


def _rows(interviews: QuerySet[Interview]) -> tuple[InterviewRow, ...]:
    # values(): only the columns shown, so no candidate row (and none of its
    # encrypted fields) is loaded.
    return tuple(
        InterviewRow(**row)
        for row in interviews.values("public_id", "starts_at", "ends_at", **_INTERVIEW_COLUMNS)[:LIST_LENGTH]
    )


def _counted(rows: QuerySet, length: int) -> tuple[list[dict], int]:
    """The first ``length`` rows of a values() queryset and how many there are
    in all, in one query."""
    found = list(rows.annotate(total=Window(Count("*")))[:length])
    totals = [row.pop("total") for row in found]
    return found, totals[0] if totals else 0


def my_jobs_for(user: User) -> QuerySet[Job]:
    """Jobs ``user`` may see and recruits or is on the team of."""
    on_team = Exists(JobMember.objects.filter(job=OuterRef("pk"), user=user))
    return job_list_for(user).filter(Q(recruiter=user) | Q(on_team))


def my_open_jobs_for(user: User, *, now: datetime) -> QuerySet[Job]:
    """``user``'s open and on-hold jobs, each with ``active_applications`` and
    ``over_sla`` counted, open first, then those with most applications over
    their stage's SLA, then by title."""
    active = Q(applications__status=Application.Status.ACTIVE)
    deadline = ExpressionWrapper(
        Value(now) - F("applications__stage__sla_days") * timedelta(days=1), output_field=DateTimeField()
    )
    return (
        my_jobs_for(user)
        .filter(status__in=(Job.Status.OPEN, Job.Status.ON_HOLD))
        .annotate(
            active_applications=Count("applications", filter=active),
            over_sla=Count("applications", filter=active & Q(applications__stage_entered_at__lt=deadline)),
            held=Case(When(status=Job.Status.ON_HOLD, then=1), default=0),
        )
        .order_by("held", "-over_sla", "title", "pk")
    )


def _my_jobs(user: User, *, now: datetime) -> tuple[tuple[JobRow, ...], int]:
    rows, total = _counted(
        my_open_jobs_for(user, now=now).values(
            "public_id", "title", "status", "active_applications", "over_sla", client_name=F("client__name")
        ),
        MY_JOBS_LENGTH,
    )
    return tuple(JobRow(**row) for row in rows), total


def interviews_today_for(user: User, *, now: datetime) -> QuerySet[Interview]:
    """Interviews not cancelled that start today in ``user``'s time zone and on
    whose panel ``user`` sits, or, for the roles that run jobs, that are on one
    of ``user``'s jobs; each with ``on_panel``, earliest first."""
    seat = Exists(Panelist.objects.filter(interview=OuterRef("pk"), user=user))
    mine = Q(seat)
    if rules_for(user.role).applications_write:
        mine |= Q(application__job__in=my_jobs_for(user).values("pk"))
    starts, ends = day_bounds(now=now, time_zone=user.time_zone)
    return (
        interview_list_for(user)
        .filter(mine, starts_at__gte=starts, starts_at__lt=ends)
        .exclude(status=Interview.Status.CANCELLED)
        .annotate(on_panel=seat)
        .order_by("starts_at", "pk")
    )


def _interviews_today(user: User, *, now: datetime) -> tuple[tuple[InterviewRow, ...], int]:
    rows, total = _counted(
        interviews_today_for(user, now=now).values(
            "public_id", "starts_at", "ends_at", "on_panel", **_INTERVIEW_COLUMNS
        ),
        TODAY_LENGTH,
    )
    return tuple(InterviewRow(**row) for row in rows), total


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


def team_scorecards_overdue_for(user: User, *, now: datetime) -> QuerySet[Panelist]:
    """Panel seats on the interviews of ``user``'s jobs that ended (not
    cancelled) more than SCORECARD_OVERDUE_AFTER ago and whose panelist has not
    submitted a scorecard: one row per scorecard owed."""
    interviews = (
        interview_list_for(user)
        .filter(application__job__in=my_jobs_for(user).values("pk"), ends_at__lt=now - SCORECARD_OVERDUE_AFTER)
        .exclude(status=Interview.Status.CANCELLED)
    )
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("user"), status=Scorecard.Status.SUBMITTED
    )
    return Panelist.objects.filter(interview__in=interviews.values("pk")).exclude(Exists(submitted))


def candidates_without_contact_for(user: User, *, days: int, now: datetime) -> QuerySet[Candidate]:
    """Candidates ``user`` owns, with an active application, and no contact
    (CONTACT_KINDS) in the last ``days`` days, each with ``last_contact_at``
    (None if never), longest without contact first. A candidate never contacted
    counts once they have been on file for ``days``.

    Each candidate costs two probes of the partial contact index
    (activity_contact_idx): "any contact since the cut-off" and the latest contact.
    """
    cutoff = now - timedelta(days=days)
    contact = Activity.objects.filter(candidate=OuterRef("pk"), kind__in=CONTACT_KINDS)
    active = Application.objects.filter(candidate=OuterRef("pk"), status=Application.Status.ACTIVE)
    return (
        candidate_list_for(user)
        .filter(owner=user)
        .filter(Exists(active))
        .exclude(Exists(contact.filter(occurred_at__gte=cutoff)))
        .filter(Q(Exists(contact)) | Q(created_at__lt=cutoff))
        .annotate(last_contact_at=Subquery(contact.order_by("-occurred_at", "-id").values("occurred_at")[:1]))
        .order_by(F("last_contact_at").asc(nulls_first=True), "created_at", "pk")
    )


def no_contact_for(user: User, *, days: int = NO_CONTACT_DAYS, now: datetime | None = None) -> NoContact | None:
    """The "no contact for ``days`` days" panel in one query; None for the
    roles that own no candidates (only those who write candidates do)."""
    if not rules_for(user.role).candidates_write:
        return None
    candidates = candidates_without_contact_for(user, days=days, now=now or timezone.now())
    rows, total = _counted(candidates.values("public_id", "full_name", "last_contact_at"), NO_CONTACT_LENGTH)
    return NoContact(days=days, total=total, rows=tuple(NoContactRow(**row) for row in rows))


def dashboard_for(user: User, *, now: datetime | None = None) -> Dashboard:
    """The figures of ``user``'s home page at ``now`` (default: the present).

    Nine queries for a role that runs jobs (administrator, recruiter,
    coordinator), eight for a reviewer or hiring manager, five for an
    interviewer, whatever the volume of data.
    """
    now = now or timezone.now()
    rules = rules_for(user.role)
    sees_pipeline = rules.jobs != Reach.PANEL
    if sees_pipeline:
        open_jobs = job_list_for(user).filter(status=Job.Status.OPEN).count()
        by_kind = _applications_by_kind(user)
        my_jobs, my_jobs_total = _my_jobs(user, now=now)
    else:
        open_jobs = 0
        by_kind = tuple(StageCount(kind=kind, count=0) for kind in StageKind)
        my_jobs, my_jobs_total = (), 0
    today_starts, _today_ends = day_bounds(now=now, time_zone=user.time_zone)
    today, today_total = _interviews_today(user, now=now)

    week_starts, week_ends = week_bounds(now=now, time_zone=user.time_zone)
    this_week = interview_list_for(user).filter(
        status=Interview.Status.SCHEDULED, starts_at__gte=week_starts, starts_at__lt=week_ends
    )
    week = this_week.aggregate(total=Count("pk"), upcoming=Count("pk", filter=Q(starts_at__gte=now)))
    upcoming = _rows(this_week.filter(starts_at__gte=now).order_by("starts_at", "pk"))

    due = scorecards_due_for(user, now=now)
    overdue = Q(ends_at__lt=now - SCORECARD_OVERDUE_AFTER)
    due_counts = due.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue))
    team_overdue = team_scorecards_overdue_for(user, now=now).count() if rules.applications_write else None
    return Dashboard(
        sees_pipeline=sees_pipeline,
        open_jobs=open_jobs,
        my_jobs_total=my_jobs_total,
        my_jobs=my_jobs,
        applications_by_kind=by_kind,
        today_starts=today_starts,
        interviews_today_total=today_total,
        interviews_today=today,
        week_starts=week_starts,
        week_ends=week_ends,
        interviews_this_week=week["total"],
        upcoming_this_week=week["upcoming"],
        upcoming_interviews=upcoming,
        scorecards_due=due_counts["total"],
        scorecards_overdue=due_counts["overdue"],
        overdue_before=now - SCORECARD_OVERDUE_AFTER,
        due_interviews=_rows(due),
        team_scorecards_overdue=team_overdue,
    )
