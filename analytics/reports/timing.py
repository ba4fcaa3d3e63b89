"""The time report: time in each stage, time to hire and time to fill,
each as median, p75 and p90 days — counting the applications and jobs still
open honestly, with a Kaplan–Meier estimate.

A median over the finished cases alone is wrong: in a stage where the quick
ones have left and the slow ones are still waiting, it reports only the
quick. Kaplan–Meier counts a case still open as "lasted at least this long"
(censored at its age now): with S(t) = Π (1 − dᵢ / nᵢ) over the distinct
durations tᵢ ≤ t (dᵢ cases ended at tᵢ, nᵢ were still in at tᵢ), the
q-quantile is the smallest duration with S(t) ≤ 1 − q, and is "not reached"
(None) when S never falls that low — the page then shows "over N days", N
the longest duration observed. Durations are counted in whole hours (rounded
down): the figures are exact to the hour, and the page says so.

``kaplan_meier`` computes it in SQL over any observations queryset; the three
tables use it once each. Queries: time in stage, time to hire, time to fill
and freshness — four, plus one for the job's stages when a job is picked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import BooleanField, DateTimeField, ExpressionWrapper, F, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.reports.base import Chart, Column, Filters, Report, Table, cohort, jobs_in_scope
from analytics.reports.funnel import cohort_visits, group_field, rollup_as_of, stage_groups
from interviews.models import Application
from jobs.models import Job

QUANTILES = {"median": 0.5, "p75": 0.75, "p90": 0.9}
# S(t) is a product of floats: 1/2 may come out a hair above 0.5.
EPSILON = 1e-9


class Days(Func):
    """``end − start`` in (fractional) days."""

    arg_joiner = " - "
    output_field = FloatField()
    # date_part is float8 (EXTRACT is numeric, several times slower over millions of rows).
    template = "(date_part('epoch', %(expressions)s) / 86400.0)"


@dataclass(frozen=True)
class Survival:
    """One group's Kaplan–Meier summary."""

    cases: int
    ended: int
    still_open: int
    longest: float | None
    oldest_open: float | None
    median: float | None
    p75: float | None
    p90: float | None


# Durations are counted in whole hours (rounded down; 1e-6 absorbs float error on exact hours),
# so the steps are at most a few thousand per group, not one per case.
_KM_SQL = """
WITH obs AS ({observations}),
steps AS (
    SELECT grp, FLOOR(days * 24.0 + 1e-6) / 24.0 AS days, COUNT(*) FILTER (WHERE event) AS d, COUNT(*) AS c,
           COUNT(*) FILTER (WHERE still_open) AS o
    FROM obs GROUP BY 1, 2
),
at_risk AS (
    SELECT grp, days, d, c, o, SUM(c) OVER (PARTITION BY grp ORDER BY days DESC) AS n
    FROM steps
),
survival AS (
    -- Once every case still in has ended (d = n), S is 0 from there on; LN(0) is guarded.
    SELECT grp, days, d, c, o,
           CASE WHEN BOOL_OR(d = n) OVER w THEN 0.0
                ELSE EXP(SUM(LN(CASE WHEN d < n THEN 1.0 - d::float8 / n ELSE 1.0 END)) OVER w)
           END AS s
    FROM at_risk
    WINDOW w AS (PARTITION BY grp ORDER BY days)
)
SELECT grp, SUM(c)::int, SUM(d)::int, SUM(o)::int, MAX(days), MAX(days) FILTER (WHERE o > 0),
       {quantiles}
FROM survival
GROUP BY grp
"""


def kaplan_meier(observations: QuerySet) -> dict[Any, Survival]:
    """Kaplan–Meier median, p75 and p90 per group, in one query.

    ``observations`` is a ``values()`` queryset with the columns ``grp`` (the
    group), ``days`` (the duration, float), ``event`` (true: it ended then;
    false: censored — still open, or ended in a way that is not the event)
    and ``still_open`` (counted apart, for the "still open" columns)."""
    sql, params = observations.order_by().query.sql_with_params()
    quantiles = ", ".join(f"MIN(days) FILTER (WHERE d > 0 AND s <= {1 - q + EPSILON!r})" for q in QUANTILES.values())
    with connection.cursor() as cursor:
        cursor.execute(_KM_SQL.format(observations=sql, quantiles=quantiles), params)
        return {row[0]: Survival(*row[1:]) for row in cursor.fetchall()}


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _quantile_columns() -> list[Column]:
    return [
        Column("median", _("Median days"), "days"),
        Column("p75", _("75th percentile (days)"), "days"),
        Column("p90", _("90th percentile (days)"), "days"),
        Column("longest", _("Longest observed (days)"), "days"),
    ]


def _quantiles(survival: Survival | None) -> dict[str, float | None]:
    if survival is None:
        return {"median": None, "p75": None, "p90": None, "longest": None}
    return {
        "median": _days(survival.median),
        "p75": _days(survival.p75),
        "p90": _days(survival.p90),
        "longest": _days(survival.longest),
    }


def _open(field: str) -> ExpressionWrapper:
    return ExpressionWrapper(Q(**{f"{field}__isnull": True}), output_field=BooleanField())


def _time_in_stage(user: User, filters: Filters, now: datetime) -> Table:
    key = group_field(filters)
    observations = (
        cohort_visits(user, filters)
        .annotate(
            grp=F(key),
            days=Days(Coalesce("left_at", Value(now, output_field=DateTimeField())), F("entered_at")),
            event=ExpressionWrapper(Q(left_at__isnull=False), output_field=BooleanField()),
            still_open=_open("left_at"),
        )
        .values("grp", "days", "event", "still_open")
    )
    survival = kaplan_meier(observations)
    rows = [
        {
            "stage": group.label,
            "visits": survival[group.key].cases if group.key in survival else 0,
            "still_open": survival[group.key].still_open if group.key in survival else 0,
            **_quantiles(survival.get(group.key)),
        }
        for group in stage_groups(user, filters)
        if filters.job is not None or group.key in survival
    ]
    return Table(
        key="time_in_stage",
        title=_("Time in stage"),
        columns=[
            Column("stage", _("Stage")),
            Column("visits", _("Visits"), "count"),
            Column("still_open", _("Still there"), "count"),
            *_quantile_columns(),
        ],
        rows=rows,
        note=_(
            "Days from entering a stage to leaving it, over the stays of the applications created in the "
            "period; a stay still going counts until today. A blank figure was not reached: more of the "
            "stays than that are still going, past the longest observed."
        ),
        chart=Chart(kind="bar", label="stage", series=["median", "p90"]),
    )


def _time_to_hire(user: User, filters: Filters, now: datetime) -> tuple[Table, Survival | None]:
    # Rejected and withdrawn applications are censored at their close: never hired, as far as we know.
    observations = (
        cohort(user, filters)
        .annotate(
            grp=Value(0),
            days=Days(Coalesce("closed_at", Value(now, output_field=DateTimeField())), F("created_at")),
            event=ExpressionWrapper(Q(status=Application.Status.HIRED), output_field=BooleanField()),
            still_open=ExpressionWrapper(Q(status=Application.Status.ACTIVE), output_field=BooleanField()),
        )
        .values("grp", "days", "event", "still_open")
    )
    survival = kaplan_meier(observations).get(0)
    row = {
        **_quantiles(survival),
        "hired": survival.ended if survival else 0,
        "still_open": survival.still_open if survival else 0,
        "oldest_open": _days(survival.oldest_open) if survival else None,
    }
    table = Table(
        key="time_to_hire",
        title=_("Time to hire"),
        columns=[
            *_quantile_columns(),
            Column("hired", _("Hired"), "count"),
            Column("still_open", _("Still open"), "count"),
            Column("oldest_open", _("Oldest open (days)"), "days"),
        ],
        rows=[row],
        note=_(
            "Days from application to hire, over the applications created in the period. Open applications "
            "count until today; rejected and withdrawn ones until they closed."
        ),
    )
    return table, survival


def _time_to_fill(user: User, filters: Filters, now: datetime) -> tuple[Table, Survival | None]:
    # Jobs closed without being filled are censored at their close.
    observations = (
        jobs_in_scope(user, filters)
        .filter(opened_at__gte=filters.since, opened_at__lt=filters.until)
        .annotate(
            grp=Value(0),
            days=Days(Coalesce("closed_at", Value(now, output_field=DateTimeField())), F("opened_at")),
            event=ExpressionWrapper(Q(status=Job.Status.FILLED), output_field=BooleanField()),
            still_open=_open("closed_at"),
        )
        .values("grp", "days", "event", "still_open")
    )
    survival = kaplan_meier(observations).get(0)
    row = {
        **_quantiles(survival),
        "filled": survival.ended if survival else 0,
        "still_open": survival.still_open if survival else 0,
        "closed_unfilled": survival.cases - survival.ended - survival.still_open if survival else 0,
    }
    table = Table(
        key="time_to_fill",
        title=_("Time to fill"),
        columns=[
            *_quantile_columns(),
            Column("filled", _("Filled"), "count"),
            Column("still_open", _("Still open"), "count"),
            Column("closed_unfilled", _("Closed unfilled"), "count"),
        ],
        rows=[row],
        note=_(
            "Days from a job opening to its being filled, over the jobs in scope opened in the period (the "
            "source filter does not apply to jobs). Open jobs count until today; jobs closed unfilled until "
            "they closed."
        ),
    )
    return table, survival


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """Time in stage, time to hire and time to fill; see the module docstring."""
    now = now or timezone.now()
    in_stage = _time_in_stage(user, filters, now)
    to_hire, hire = _time_to_hire(user, filters, now)
    to_fill, fill = _time_to_fill(user, filters, now)
    return Report(
        key="time",
        title=_("Time"),
        tables=[in_stage, to_hire, to_fill],
        notes=[
            _("Kaplan–Meier estimate: applications still in a stage count until today"),
            _("Durations are counted in whole hours, rounded down."),
            _(
                "The median, 75th and 90th percentiles are the times by which half, three quarters and nine "
                "in ten are estimated to have moved on; a blank one is not reached yet (over the longest "
                "observed)."
            ),
        ],
        headline=[
            (_("Median days to hire"), _days(hire.median) if hire else None, "days"),
            (_("Median days to fill"), _days(fill.median) if fill else None, "days"),
        ],
        as_of=rollup_as_of(),
    )
