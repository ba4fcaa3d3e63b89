"""What every report shares: the filters (their state lives in the URL), the
scope (a user's figures come only from the jobs they may see), the cohort,
and the shape a report returns to the pages, charts and exports.

A report is a function ``report(user, filters) -> Report`` in its own module
of analytics.reports. It runs a fixed number of queries whatever the data
size (tests pin them), computes in SQL (grouping, window functions,
``FILTER``), and returns plain values: the pages format them, the exports
write them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Aggregate, FloatField, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Reach, Role, rules_for
from candidates.models import Source
from interviews.models import Application
from jobs.models import Client, Job
from jobs.selectors import job_list_for

# A group smaller than this is withheld (candidate experience: anonymity).
MIN_GROUP = 5
DEFAULT_PERIOD_DAYS = 90

# "money": an amount with two decimals; its currency is said by the column or the row.
ColumnKind = Literal["text", "count", "percent", "days", "hours", "number", "money"]


@dataclass(frozen=True)
class Filters:
    """The dashboard filters: a period (inclusive dates, in the user's zone
    as typed) and optionally one client, job, recruiter and source."""

    start: date
    end: date
    client: Client | None = None
    job: Job | None = None
    recruiter: User | None = None
    source: Source | None = None

    @classmethod
    def default(cls, *, today: date | None = None) -> Filters:
        today = today or timezone.localdate()
        return cls(start=today - timedelta(days=DEFAULT_PERIOD_DAYS - 1), end=today)

    @property
    def since(self) -> datetime:
        """The period's first moment (UTC midnight of ``start``)."""
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def until(self) -> datetime:
        """The moment after the period (UTC midnight after ``end``)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)


def may_see_reports(user: User) -> bool:
    """Who opens the pipeline dashboards: anyone who sees jobs (interviewers
    see none; they get their own interviewer report)."""
    return user.is_active and rules_for(user.role).jobs != Reach.PANEL


def sees_every_interviewer(user: User) -> bool:
    """Who sees every interviewer's calibration; the rest who sit on panels see their own."""
    return user.is_active and rules_for(user.role).interviewer_reports


def may_see_placement_fees(user: User) -> bool:
    """Who opens the placements report: the roles placements.selectors.placement_list_for
    shows fees to (administrators all, recruiters their own). For everyone else the
    report does not exist: a 404, and no tab."""
    return user.is_active and user.role in (Role.ADMINISTRATOR, Role.RECRUITER)


def may_open_report(user: User, key: str) -> bool:
    """The interviewer report for whoever sits on panels or sees them all; the
    placements report for whoever sees fees; the pipeline reports for whoever sees jobs."""
    if key == "interviewers":
        return user.is_active and (sees_every_interviewer(user) or rules_for(user.role).sits_on_panels)
    if key == "placements":
        return may_see_placement_fees(user)
    return may_see_reports(user)


def may_refresh_reports(user: User) -> bool:
    """ "Refresh now" recomputes the roll-up: the people who run the pipeline
    (the roles that change jobs' settings)."""
    return user.is_active and rules_for(user.role).job_settings_write


def require_refresh_reports(user: User) -> None:
    """403 for whoever may read the reports but not recompute them."""
    if not may_refresh_reports(user):
        raise PermissionDenied


def jobs_in_scope(user: User, filters: Filters) -> QuerySet[Job]:
    """The jobs whose figures ``user`` sees under ``filters`` (client, job,
    recruiter): never more than job_list_for(user)."""
    jobs = job_list_for(user)
    if filters.client is not None:
        jobs = jobs.filter(client=filters.client)
    if filters.job is not None:
        jobs = jobs.filter(pk=filters.job.pk)
    if filters.recruiter is not None:
        jobs = jobs.filter(recruiter=filters.recruiter)
    return jobs


def scope_q(user: User, filters: Filters, *, prefix: str = "") -> Q:
    """A Q on a model with a job (``prefix`` leads to it, e.g. ``"application__"``)
    and a source, keeping the rows of ``jobs_in_scope`` and the filtered source."""
    q = Q(**{f"{prefix}job__in": jobs_in_scope(user, filters).values("pk")})
    if filters.source is not None:
        q &= Q(**{f"{prefix}source": filters.source})
    return q


def cohort(user: User, filters: Filters) -> QuerySet[Application]:
    """The applications that entered the pipeline in the period, in scope."""
    return Application.objects.filter(
        scope_q(user, filters), created_at__gte=filters.since, created_at__lt=filters.until
    )


class Median(Aggregate):
    """``percentile_cont(0.5) WITHIN GROUP (ORDER BY …)``, with ``filter=``."""

    function = "percentile_cont"
    name = "Median"
    output_field = FloatField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)%(filter)s"


@dataclass
class Column:
    key: str
    label: str
    kind: ColumnKind = "text"
    # A "money" column's currency (ISO code): the page writes the amount as the reader's language does.
    currency: str = ""


@dataclass(frozen=True)
class Money:
    """A headline amount with its currency (a table's money column says its currency instead)."""

    amount: Decimal
    currency: str


@dataclass
class Chart:
    """How a table is drawn: ``label`` names the column of the category axis,
    ``series`` the numeric columns drawn (bars, or lines for ``line``)."""

    kind: Literal["bar", "horizontal_bar", "stacked_bar", "line"]
    label: str
    series: list[str]


@dataclass
class Table:
    """One table of a report: rows are dicts keyed by column key, with plain
    values (int, float, Decimal, str, None for "not enough data")."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    note: str = ""
    chart: Chart | None = None
    # Rows withheld (e.g. groups under MIN_GROUP answers), said on the page.
    withheld: int = 0


@dataclass
class Report:
    key: str
    title: str
    tables: list[Table]
    # Sentences shown above the tables: how the figures are computed.
    notes: list[str] = field(default_factory=list)
    # Headline figures: (label, value, kind), e.g. ("Bottleneck", "Technical interview", "text").
    headline: list[tuple[str, Any, ColumnKind]] = field(default_factory=list)
    # When the roll-up the figures come from was refreshed; None: computed live.
    as_of: datetime | None = None

    def table(self, key: str) -> Table:
        return next(table for table in self.tables if table.key == key)
