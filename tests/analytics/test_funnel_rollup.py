"""The funnel's roll-up (FunnelCell and the StageVisit flags): whatever the
period's shape — whole months from the cells, partial months at the edges
from the visits — and whatever the scope and filters, the figures are those of
the brute-force COUNT(DISTINCT application) over the visits; refreshing a day
keeps the cells consistent, and twice is once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count, Q

from analytics.models import FunnelCell, StageVisit
from analytics.reports import funnel
from analytics.reports.base import Filters
from analytics.reports.funnel import cohort_visits, group_field
from analytics.services import rollup_refresh
from interviews.models import Application
from interviews.services import application_move, application_reject
from tests.analytics.fixture_pipeline import CAREER_SITE, JOB_BOARD, REFERRAL, add_application, build_pipeline

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 20, tzinfo=UTC)
Outcome = StageVisit.Outcome


def brute_force(user, filters: Filters) -> dict:
    """The figures as the funnel computed them before the roll-up: distinct applications."""
    key = group_field(filters)
    visits = cohort_visits(user, filters)

    def distinct(outcomes=None):
        return Count("application", distinct=True, filter=Q(outcome__in=outcomes) if outcomes else None)

    rows = {
        row[key]: (row["reached"], row["passed"], row["rejected"], row["withdrawn"], row["still_there"])
        for row in visits.values(key)
        .annotate(
            reached=distinct(),
            passed=distinct([Outcome.MOVED_ON, Outcome.HIRED]),
            rejected=distinct([Outcome.REJECTED]),
            withdrawn=distinct([Outcome.WITHDRAWN]),
            still_there=distinct([Outcome.OPEN]),
        )
        .order_by()
    }
    exits = {
        (row[key], row["outcome"], row["rejection_reason"]): row["n"]
        for row in visits.filter(outcome__in=[Outcome.REJECTED, Outcome.WITHDRAWN])
        .values(key, "outcome", "rejection_reason")
        .annotate(n=distinct())
        .order_by()
    }
    totals = visits.aggregate(size=distinct(), hired=distinct([Outcome.HIRED]))
    wip = {
        row[key]: row["n"]
        for row in StageVisit.objects.filter(funnel.scope_q(user, filters), outcome=Outcome.OPEN)
        .values(key)
        .annotate(n=distinct())
        .order_by()
    }
    return {"rows": rows, "exits": exits, "size": totals["size"], "hired": totals["hired"], "wip": wip}


def from_report(user, filters: Filters) -> dict:
    """The same figures read off the report (keys by stage or kind, zeros dropped)."""
    groups = {group.label: group.key for group in funnel.stage_groups(user, filters)}
    report = funnel.report(user, filters, now=NOW)
    columns = ("reached", "passed", "rejected", "withdrawn", "still_there")
    rows = {groups[row["stage"]]: tuple(row[c] for c in columns) for row in report.table("funnel").rows}
    exits = {}
    exit_table = report.table("exits")
    for row in exit_table.rows:
        for column in exit_table.columns[1:-1]:
            if row[column.key]:
                outcome = Outcome.WITHDRAWN if column.key == "withdrawn" else Outcome.REJECTED
                reason = "" if column.key == "withdrawn" else column.key
                exits[(groups[row["stage"]], outcome, reason)] = row[column.key]
    headline = {str(label): value for label, value, _kind in report.headline}
    wip = {groups[row["stage"]]: row["active"] for row in report.table("wip").rows if row["active"]}
    return {
        "rows": {key: row for key, row in rows.items() if any(row)},
        "exits": exits,
        "size": headline["Applications in the period"],
        "hired": headline["Hired"],
        "wip": wip,
    }


@pytest.fixture
def pipeline():
    """The hand-built pipeline (March), and applications in February and April, some of
    them moved back, rejected and withdrawn across month ends."""
    ns = build_pipeline(NOW)
    month = {"feb": datetime(2025, 2, 1, 9, tzinfo=UTC), "apr": datetime(2025, 4, 1, 9, tzinfo=UTC)}
    plan = [
        ("JA", REFERRAL, month["feb"] + timedelta(days=3), [("phone", 5, ""), ("screening", 6, ""), ("phone", 9, "")]),
        (
            "JA",
            JOB_BOARD,
            month["feb"] + timedelta(days=26),
            [("phone", 27, ""), ("technical", 35, ""), ("reject", 36, "skills")],
        ),
        ("JB", CAREER_SITE, month["feb"] + timedelta(days=14), [("phone", 15, ""), ("withdraw", 16, "")]),
        ("JA", REFERRAL, month["apr"] + timedelta(days=1), [("phone", 2, ""), ("final", 5, ""), ("hire", 8, "")]),
        ("JB", JOB_BOARD, month["apr"] + timedelta(days=10), [("phone", 12, ""), ("reject", 14, "culture")]),
        ("JB", None, month["apr"] + timedelta(days=17), []),
    ]
    for job, source, created, steps in plan:
        base = created.replace(hour=9) - timedelta(days=created.day - 1)
        add_application(
            job=ns.jobs[job],
            source=ns.sources[source] if source else None,
            created=created,
            steps=[(kind, base + timedelta(days=n, hours=1), reason) for kind, n, reason in steps],
            actor=ns.admin,
        )
    rollup_refresh(day=None, now=NOW)
    return ns


PERIODS = [
    (date(2025, 3, 1), date(2025, 3, 31)),  # one whole month: the cells only
    (date(2025, 2, 1), date(2025, 4, 30)),  # three whole months
    (date(2025, 2, 15), date(2025, 4, 10)),  # partial months at both edges around a whole one
    (date(2025, 3, 5), date(2025, 3, 20)),  # inside one month: the visits only
    (date(2025, 1, 20), date(2025, 3, 31)),  # a partial month at the start only
    (date(2025, 3, 1), date(2025, 4, 2)),  # a partial month at the end only
    (date(2025, 2, 27), date(2025, 3, 1)),  # across a month end, no whole month
]


@pytest.mark.parametrize("start, end", PERIODS)
def test_the_roll_up_gives_the_brute_force_figures_for_any_period(pipeline, start, end):
    filters = Filters(start=start, end=end)
    for user in (pipeline.admin, pipeline.recruiter_a, pipeline.recruiter_b):
        expected = brute_force(user, filters)
        if user == pipeline.admin:
            assert expected["rows"] and expected["size"]  # every period here has a cohort
        assert from_report(user, filters) == expected, (user, start, end)


@pytest.mark.parametrize("start, end", PERIODS[1:4])
def test_the_roll_up_gives_the_brute_force_figures_under_every_filter(pipeline, start, end):
    base = Filters(start=start, end=end)
    variants = [
        dataclasses.replace(base, source=pipeline.sources[REFERRAL]),
        dataclasses.replace(base, source=pipeline.sources[JOB_BOARD]),
        dataclasses.replace(base, client=pipeline.clients["B"]),
        dataclasses.replace(base, job=pipeline.jobs["JA"]),
        dataclasses.replace(base, job=pipeline.jobs["JA"], source=pipeline.sources[REFERRAL]),
        dataclasses.replace(base, recruiter=pipeline.recruiter_b),
    ]
    for filters in variants:
        for user in (pipeline.admin, pipeline.recruiter_a):
            assert from_report(user, filters) == brute_force(user, filters), (user, filters)


def cells() -> list[tuple]:
    fields = [f.attname for f in FunnelCell._meta.concrete_fields if f.name != "id"]
    return sorted(FunnelCell.objects.values_list(*fields))


def test_refreshing_a_day_changes_the_figures_and_keeps_the_cells_those_of_a_full_rebuild(pipeline):
    filters = Filters(start=date(2025, 2, 1), end=date(2025, 4, 30))
    before = from_report(pipeline.admin, filters)
    assert cells()

    # Today (UTC): a March application moves on, a February one is rejected.
    today = datetime.now(UTC)
    march = Application.objects.filter(status=Application.Status.ACTIVE, created_at__month=3).first()
    application_move(application=march, to_stage=march.job.stages.get(kind="offer"), actor=pipeline.admin)
    february = Application.objects.filter(status=Application.Status.ACTIVE, created_at__month=2).first()
    application_reject(application=february, actor=pipeline.admin, reason="location")
    rollup_refresh(day=today.date(), now=NOW)
    after = from_report(pipeline.admin, filters)

    assert after != before
    assert after == brute_force(pipeline.admin, filters)
    assert after["exits"].get((february.stage.kind, Outcome.REJECTED, "location"), 0) == (
        before["exits"].get((february.stage.kind, Outcome.REJECTED, "location"), 0) + 1
    )
    by_day = cells()
    rollup_refresh(day=today.date(), now=NOW)  # twice is once
    assert cells() == by_day
    rollup_refresh(day=None, now=NOW)  # and a full rebuild gives the same cells
    assert cells() == by_day
