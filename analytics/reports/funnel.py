"""The funnel: for the cohort — the applications created
in the period, in scope — how many reached each stage, passed it, left there
(rejected by reason, or withdrew) and are still there; the pass-through rate
per stage, applied → hired conversion and the bottleneck stage; and the work
in progress now per stage (every active application in scope, not only the
cohort's).

Read from the roll-up (analytics.models): the FunnelCell sums of the period's
whole months plus the StageVisit flags of its partial months at the edges (or
of the whole period when a source is picked), so every figure is a plain sum
or count — no COUNT(DISTINCT) — and exact to the day. The stages are a
job's own, in order, when one job is picked; otherwise visits are grouped by
stage kind (StageKind order), since jobs' stages differ in name and number.

Queries: the cells (with the work in progress), the edges' visits and
freshness — three, plus one for the job's stages when a job is picked;
whatever the data size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.models import FunnelCell, RollupRun, StageVisit
from analytics.reports.base import MIN_GROUP, Chart, Column, Filters, Report, Table, jobs_in_scope, scope_q
from interviews.models import Application, ClosingReason, Stage, StageKind
from interviews.selectors.closing import closing_reason_labels

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


_FIGURES = ("reached", "passed", "rejected", "withdrawn", "still_there")
# The StageVisit flag each figure counts, grouped by stage or by stage kind ("still there":
# an application has one open visit at most, so counting open visits counts applications).
_FLAGS = {
    "stage_id": {
        "reached": "first_at_stage",
        "passed": "passed_at_stage",
        "rejected": "rejected_at_stage",
        "withdrawn": "withdrew_at_stage",
    },
    "stage_kind": {
        "reached": "first_at_kind",
        "passed": "passed_at_kind",
        "rejected": "rejected_at_kind",
        "withdrawn": "withdrew_at_kind",
    },
}
# The FunnelCell column that sums each figure, by stage or by stage kind.
_CELL_COLUMNS = {
    "stage_id": {figure: figure for figure in _FIGURES},
    "stage_kind": {**{figure: f"kind_{figure}" for figure in _FIGURES[:4]}, "still_there": "still_there"},
}


def _whole_months(filters: Filters) -> tuple[date, date]:
    """The period's whole months [first, after), read from the cells; empty when first >= after."""
    first = filters.start if filters.start.day == 1 else _next_month(filters.start)
    return first, (filters.end + timedelta(days=1)).replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _edges(filters: Filters) -> Q:
    """The applied_at ranges the cells do not cover: the partial months at the period's edges,
    or the whole period when a source is picked (the cells have no source) or it has no whole month."""
    first, after = _whole_months(filters)
    if filters.source is not None or first >= after:
        return Q(applied_at__gte=filters.since, applied_at__lt=filters.until)
    edges = Q(applied_at__gte=filters.until, applied_at__lt=filters.until)  # nothing, but still one query
    if filters.since < _midnight(first):
        edges |= Q(applied_at__gte=filters.since, applied_at__lt=_midnight(first))
    if _midnight(after) < filters.until:
        edges |= Q(applied_at__gte=_midnight(after), applied_at__lt=filters.until)
    return edges


def _figures(user: User, filters: Filters) -> tuple[dict[tuple[int | str, str], dict[str, int]], dict[int | str, int]]:
    """Per (stage or kind, rejection reason): the funnel's counts of applications and the
    cohort's size and hires, summed from the cells of the whole months and the flagged
    visits of the edges; and the work in progress now per stage or kind (active
    applications in scope: their open visits, one each), summed from every month's cells
    in the same query, or counted off the open visits when a source is picked (the cells
    have no source; the visits then give the whole period). Two queries."""
    key = group_field(filters)
    figures: dict[tuple[int | str, str], dict[str, int]] = {}
    wip: dict[int | str, int] = {}

    def add(row: dict[str, Any]) -> None:
        sums = figures.setdefault((row[key], row["rejection_reason"]), dict.fromkeys(_SUMMED, 0))
        for name in _SUMMED:
            sums[name] += row[f"n_{name}"] or 0

    if filters.source is None:
        first, after = _whole_months(filters)
        in_period = Q(month__gte=first, month__lt=after)
        for row in (
            FunnelCell.objects.filter(job__in=jobs_in_scope(user, filters).values("pk"))
            .values(key, "rejection_reason")
            .annotate(
                **{f"n_{figure}": Sum(column, filter=in_period) for figure, column in _CELL_COLUMNS[key].items()},
                n_applications=Sum("applications", filter=in_period),
                n_hired=Sum("hired", filter=in_period),
                active=Sum("still_there"),
            )
            .order_by()
        ):
            add(row)
            wip[row[key]] = wip.get(row[key], 0) + row["active"]
    else:
        for row in (
            StageVisit.objects.filter(scope_q(user, filters), outcome=Outcome.OPEN)
            .values(key)
            .annotate(active=Count("pk"))
            .order_by()
        ):
            wip[row[key]] = row["active"]
    flags = _FLAGS[key]
    for row in (
        StageVisit.objects.filter(scope_q(user, filters))
        .filter(_edges(filters))
        .values(key, "rejection_reason")
        .annotate(
            **{f"n_{figure}": Count("pk", filter=Q(**{flag: True})) for figure, flag in flags.items()},
            n_still_there=Count("pk", filter=Q(outcome=Outcome.OPEN)),
            n_applications=Count("pk", filter=Q(first_of_application=True)),
            n_hired=Count("pk", filter=Q(first_hire=True)),
        )
        .order_by()
    ):
        add(row)
    return {group: sums for group, sums in figures.items() if any(sums.values())}, {
        group: active for group, active in wip.items() if active
    }


_SUMMED = (*_FIGURES, "applications", "hired")


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _funnel_rows(
    filters: Filters, groups: list[StageGroup], figures: dict[tuple[int | str, str], dict[str, int]]
) -> list[dict[str, Any]]:
    by_group: dict[int | str, dict[str, int]] = {}
    for (group, _reason), sums in figures.items():
        row = by_group.setdefault(group, dict.fromkeys(_FIGURES, 0))
        for name in _FIGURES:
            row[name] += sums[name]
    rows = []
    for group in groups:
        row = by_group.get(group.key)
        if row is None and filters.job is None:
            continue  # a kind no stage of the cohort has
        row = row or dict.fromkeys(_FIGURES, 0)
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


def _exits(
    groups: list[StageGroup], figures: dict[tuple[int | str, str], dict[str, int]]
) -> tuple[list[Column], list[dict[str, Any]]]:
    """One row per stage where someone left, one column per way of leaving
    (each rejection reason that occurs, then withdrawals), and the total: the
    shape a stacked bar draws. An application's rejected visits all carry its
    one rejection reason, so the rejections split by reason without overlap."""
    counts: dict[tuple[int | str, str, str], int] = {}
    for (group, reason), sums in figures.items():
        if sums["rejected"]:
            counts[(group, Outcome.REJECTED, reason)] = (
                counts.get((group, Outcome.REJECTED, reason), 0) + sums["rejected"]
            )
        if sums["withdrawn"]:
            counts[(group, Outcome.WITHDRAWN, "")] = counts.get((group, Outcome.WITHDRAWN, ""), 0) + sums["withdrawn"]
    # Every reason in the list's order, retired ones too: past rejections keep theirs.
    labels = closing_reason_labels(ClosingReason.Kind.REJECTION)
    found = sorted({reason for _group, outcome, reason in counts if outcome == Outcome.REJECTED} - set(labels))
    ways = [(Outcome.REJECTED, reason, label) for reason, label in labels.items()]
    ways += [(Outcome.REJECTED, reason, reason or _("no reason")) for reason in found]
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
    figures, wip = _figures(user, filters)
    funnel_rows = _funnel_rows(filters, groups, figures)
    exit_columns, exit_rows = _exits(groups, figures)
    totals = {
        "size": sum(sums["applications"] for sums in figures.values()),
        "hired": sum(sums["hired"] for sums in figures.values()),
    }
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
