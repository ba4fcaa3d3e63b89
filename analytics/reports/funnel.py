"""The funnel (issue 8, "Funnel"): for the cohort — the applications created
in the period, in scope — how many reached each stage, passed it, left there
(rejected by reason, or withdrew) and are still there; the pass-through rate
per stage, applied → hired conversion and the bottleneck stage; and the work
in progress now per stage (every active application in scope, not only the
cohort's).

Read from the StageVisit roll-up (analytics.models): one visit per stay in a
stage, so every figure is a grouped count with ``FILTER``. The stages are a
job's own, in order, when one job is picked; otherwise visits are grouped by
stage kind (StageKind order), since jobs' stages differ in name and number.

Queries: funnel, exits, work in progress, headline and freshness — five,
plus one for the job's stages when a job is picked; whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.models import RollupRun, StageVisit
from analytics.reports.base import MIN_GROUP, Chart, Column, Filters, Report, Table, jobs_in_scope, scope_q
from interviews.models import Application, Stage, StageKind

Outcome = StageVisit.Outcome


@dataclass(frozen=True)
class StageGroup:
    """One row of a per-stage table: a job's stage, or a stage kind."""

    key: int | str
    label: str


def group_field(filters: Filters) -> str:
    """The StageVisit column the per-stage tables group by."""
    return "stage_id" if filters.job is not None else "stage_kind"


def stage_groups(user: User, filters: Filters) -> list[StageGroup]:
    """The rows of a per-stage table, in pipeline order: the picked job's
    stages (one query; none when the job is out of scope), or every stage
    kind (no query; the callers drop the kinds without figures)."""
    if filters.job is None:
        return [StageGroup(kind.value, capfirst(str(kind.label))) for kind in StageKind]
    stages = Stage.objects.filter(job__in=jobs_in_scope(user, filters).values("pk")).order_by("order", "pk")
    return [StageGroup(pk, name) for pk, name in stages.values_list("pk", "name")]


def cohort_visits(user: User, filters: Filters) -> QuerySet[StageVisit]:
    """The visits of the applications created in the period, in scope."""
    return StageVisit.objects.filter(
        scope_q(user, filters), applied_at__gte=filters.since, applied_at__lt=filters.until
    )


def rollup_as_of() -> datetime | None:
    """When the roll-up was last refreshed (one query)."""
    return RollupRun.objects.aggregate(latest=Max("refreshed_at"))["latest"]


def _distinct(outcome: str | list[str] | None = None) -> Count:
    if outcome is None:
        return Count("application", distinct=True)
    outcomes = [outcome] if isinstance(outcome, str) else outcome
    return Count("application", distinct=True, filter=Q(outcome__in=outcomes))


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _funnel_rows(user: User, filters: Filters, groups: list[StageGroup]) -> list[dict[str, Any]]:
    key = group_field(filters)
    figures = {
        row[key]: row
        for row in cohort_visits(user, filters)
        .values(key)
        .annotate(
            reached=_distinct(),
            passed=_distinct([Outcome.MOVED_ON, Outcome.HIRED]),
            rejected=_distinct(Outcome.REJECTED),
            withdrawn=_distinct(Outcome.WITHDRAWN),
            still_there=_distinct(Outcome.OPEN),
        )
        .order_by()
    }
    rows = []
    for group in groups:
        row = figures.get(group.key)
        if row is None and filters.job is None:
            continue  # a kind no stage of the cohort has
        row = row or {"reached": 0, "passed": 0, "rejected": 0, "withdrawn": 0, "still_there": 0}
        decided = row["reached"] - row["still_there"]
        rows.append(
            {
                "key": group.key,
                "stage": group.label,
                "reached": row["reached"],
                "passed": row["passed"],
                "rejected": row["rejected"],
                "withdrawn": row["withdrawn"],
                "still_there": row["still_there"],
                "decided": decided,
                "pass_through": _ratio(row["passed"], decided),
            }
        )
    return rows


def _exits(user: User, filters: Filters, groups: list[StageGroup]) -> tuple[list[Column], list[dict[str, Any]]]:
    """One row per stage where someone left, one column per way of leaving
    (each rejection reason that occurs, then withdrawals), and the total: the
    shape a stacked bar draws."""
    key = group_field(filters)
    counts = {
        (row[key], row["outcome"], row["rejection_reason"]): row["count"]
        for row in cohort_visits(user, filters)
        .filter(outcome__in=[Outcome.REJECTED, Outcome.WITHDRAWN])
        .values(key, "outcome", "rejection_reason")
        .annotate(count=_distinct())
        .order_by()
    }
    ways = [(Outcome.REJECTED, reason, label) for reason, label in Application.RejectionReason.choices]
    ways.append((Outcome.WITHDRAWN, "", Application.Status.WITHDRAWN.label))
    seen = [
        (outcome, reason, label) for outcome, reason, label in ways if any(k[1:] == (outcome, reason) for k in counts)
    ]
    columns = [Column("stage", _("Stage"))]
    columns += [Column(reason or outcome, capfirst(str(label)), "count") for outcome, reason, label in seen]
    columns.append(Column("total", _("Total"), "count"))
    rows = []
    for group in groups:
        row = {"stage": group.label}
        for outcome, reason, _label in seen:
            row[reason or outcome] = counts.get((group.key, outcome, reason), 0)
        row["total"] = sum(row[column.key] for column in columns[1:-1])
        if row["total"]:
            rows.append(row)
    return columns, rows


def _wip(user: User, filters: Filters) -> dict[int | str, int]:
    key = group_field(filters)
    return {
        row[key]: row["active"]
        for row in StageVisit.objects.filter(scope_q(user, filters), outcome=Outcome.OPEN)
        .values(key)
        .annotate(active=_distinct())
        .order_by()
    }


def bottleneck(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The stage with the lowest pass-through among those with at least
    MIN_GROUP decided applications (reached − still there) that lose anyone
    at all; ties go to the earlier stage (``rows`` are in pipeline order)."""
    eligible = [
        row
        for row in rows
        if row["decided"] >= MIN_GROUP and row["pass_through"] is not None and row["pass_through"] < 1
    ]
    return min(eligible, key=lambda row: row["pass_through"], default=None)


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """The cohort's funnel, exits and the work in progress now; see the module docstring."""
    groups = stage_groups(user, filters)
    funnel_rows = _funnel_rows(user, filters, groups)
    exit_columns, exit_rows = _exits(user, filters, groups)
    wip = _wip(user, filters)
    totals = cohort_visits(user, filters).aggregate(size=_distinct(), hired=_distinct(Outcome.HIRED))
    as_of = rollup_as_of()

    shown = {row["key"] for row in funnel_rows}
    wip_rows = [
        {"stage": group.label, "active": wip.get(group.key, 0)}
        for group in groups
        if filters.job is not None or group.key in shown or group.key in wip
    ]
    worst = bottleneck(funnel_rows)
    for row in funnel_rows:
        del row["key"]

    funnel = Table(
        key="funnel",
        title=_("Funnel"),
        columns=[
            Column("stage", _("Stage")),
            Column("reached", _("Reached"), "count"),
            Column("passed", _("Passed"), "count"),
            Column("rejected", _("Rejected there"), "count"),
            Column("withdrawn", _("Withdrew there"), "count"),
            Column("still_there", _("Still there"), "count"),
            Column("decided", _("Decided"), "count"),
            Column("pass_through", _("Pass-through"), "percent"),
        ],
        rows=funnel_rows,
        note=_(
            "Applications created in the period. Reached: applications that entered the stage; passed: "
            "those that ever moved on from it to a later stage or were hired at it; decided: reached minus "
            "still there. Pass-through: passed ÷ decided, blank when nothing was decided."
        ),
        chart=Chart(kind="bar", label="stage", series=["reached", "passed"]),
    )
    exits = Table(
        key="exits",
        title=_("Where candidates leave, and why"),
        columns=exit_columns,
        rows=exit_rows,
        note=_("Applications created in the period that were rejected (by reason) or withdrew at each stage."),
        chart=Chart(kind="stacked_bar", label="stage", series=[column.key for column in exit_columns[1:-1]]),
    )
    in_progress = Table(
        key="wip",
        title=_("Work in progress now"),
        columns=[Column("stage", _("Stage")), Column("active", _("Active applications"), "count")],
        rows=wip_rows,
        note=_(
            "Every active application in scope by the stage it is in now, whenever it was created: "
            "not only the period's cohort."
        ),
        chart=Chart(kind="bar", label="stage", series=["active"]),
    )
    return Report(
        key="funnel",
        title=_("Funnel"),
        tables=[funnel, exits, in_progress],
        notes=[
            _(
                "Bottleneck: the stage with the lowest pass-through among stages with at least %(min)d "
                "decided applications (reached minus still there) that lose anyone; a tie goes to the "
                "earlier stage."
            )
            % {"min": MIN_GROUP},
        ],
        headline=[
            (_("Applications in the period"), totals["size"], "count"),
            (_("Hired"), totals["hired"], "count"),
            (_("Applied → hired"), _ratio(totals["hired"], totals["size"]), "percent"),
            (_("Bottleneck"), worst["stage"] if worst else None, "text"),
        ],
        as_of=as_of,
    )
