"""Source effectiveness: per channel, side by side, how
many applied, reached an interview, got an offer and were hired, the hire and
interview rates and the median time to hire, so a recruiter sees which
channel to keep and which to drop.

Read live (not from the roll-up) over the cohort: the applications created in
the period, in scope (base.cohort). One query: the cohort grouped by source,
with every figure an aggregate (``FILTER``) and the median a
``percentile_cont`` — the best source is then picked from those few rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q
from django.db.models.expressions import Func
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.reports.base import MIN_GROUP, Chart, Column, Filters, Median, Report, Table, cohort
from interviews.models import Application, Interview, StageKind, StageTransition

SECONDS_PER_DAY = 86400


class EpochDays(Func):
    """A duration in (fractional) days: ``EXTRACT(EPOCH FROM …) / 86400``."""

    template = f"(EXTRACT(EPOCH FROM %(expressions)s) / {SECONDS_PER_DAY})"
    output_field = FloatField()


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _rows(user: User, filters: Filters) -> list[dict[str, Any]]:
    interviewed = Interview.objects.filter(application=OuterRef("pk")).exclude(status=Interview.Status.CANCELLED)
    offered = StageTransition.objects.filter(application=OuterRef("pk"), to_stage__kind=StageKind.OFFER)
    hired = Q(status=Application.Status.HIRED)
    return list(
        cohort(user, filters)
        .values("source_id", "source__name")
        .annotate(
            applicants=Count("pk"),
            interviewed=Count("pk", filter=Q(Exists(interviewed))),
            offers=Count("pk", filter=Q(Exists(offered))),
            hires=Count("pk", filter=hired),
            median_days=Median(EpochDays(F("closed_at") - F("created_at")), filter=hired),
        )
        .order_by("-hires", "-applicants", F("source__name").asc(nulls_last=True))
    )


def _best(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The source with the highest hire rate among those with at least
    MIN_GROUP applicants ("no source" is not a channel); ties go to more
    hires, then more applicants, then the name."""
    eligible = [row for row in rows if row["source_id"] is not None and row["applicants"] >= MIN_GROUP]
    if not eligible:
        return None
    return min(eligible, key=lambda row: (-row["hire_rate"], -row["hires"], -row["applicants"], row["source"]))


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """Per source (and "No source") over the cohort; one query."""
    rows = []
    for row in _rows(user, filters):
        rows.append(
            {
                "source_id": row["source_id"],
                "source": row["source__name"] if row["source_id"] is not None else _("No source"),
                "applicants": row["applicants"],
                "interviewed": row["interviewed"],
                "offers": row["offers"],
                "hires": row["hires"],
                "hire_rate": _ratio(row["hires"], row["applicants"]),
                "interview_rate": _ratio(row["interviewed"], row["applicants"]),
                "median_days_to_hire": None if row["median_days"] is None else round(row["median_days"], 1),
            }
        )
    best = _best(rows)
    for row in rows:
        del row["source_id"]
    table = Table(
        key="sources",
        title=_("Sources"),
        columns=[
            Column("source", _("Source")),
            Column("applicants", _("Applicants"), "count"),
            Column("interviewed", _("Reached interview"), "count"),
            Column("offers", _("Offers"), "count"),
            Column("hires", _("Hires"), "count"),
            Column("hire_rate", _("Hire rate"), "percent"),
            Column("interview_rate", _("Interview rate"), "percent"),
            Column("median_days_to_hire", _("Median days to hire"), "days"),
        ],
        rows=rows,
        note=_(
            "Applications created in the period, by source. Reached interview: at least one interview "
            "that was not cancelled. Offers: reached a stage of kind offer. Rates are shares of the "
            "applicants, still-open applications included (they are not hired yet), so a recent "
            "period's rates are low. Median days to hire: from application to hire, over the hired."
        ),
        chart=Chart(kind="bar", label="source", series=["applicants", "hires"]),
    )
    return Report(
        key="sources",
        title=_("Source effectiveness"),
        tables=[table],
        notes=[
            _(
                "Best source: the highest hire rate among sources with at least %(min)d applicants in "
                "the period (ties go to more hires); applications without a source are not a source."
            )
            % {"min": MIN_GROUP}
        ],
        headline=[
            (_("Best source"), best["source"] if best else None, "text"),
            (_("Its hire rate"), best["hire_rate"] if best else None, "percent"),
        ],
        as_of=None,
    )
