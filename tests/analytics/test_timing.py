"""The time report: Kaplan–Meier figures on the hand-built pipeline (fixture_pipeline).

Durations are whole days, so every figure is exact."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import DurationField, F
from django.db.models.aggregates import Aggregate

from analytics.models import StageVisit
from analytics.reports import timing
from analytics.services import rollup_refresh
from interviews.services import job_create
from jobs.models import Job
from tests.analytics.fixture_pipeline import JOB_BOARD, add_application, build_pipeline

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 1, tzinfo=UTC)
QUANTILES = ("median", "p75", "p90", "longest")


class Median(Aggregate):
    function = "percentile_cont"
    output_field = DurationField()
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"


@pytest.fixture
def pipeline():
    return build_pipeline(NOW)


def in_stage(report) -> list[tuple]:
    return [
        (row["stage"], row["visits"], row["still_open"], *(row[key] for key in QUANTILES))
        for row in report.table("time_in_stage").rows
    ]


def test_time_in_stage_counts_the_stays_still_going_by_kaplan_meier(pipeline):
    report = timing.report(pipeline.admin, pipeline.filters, now=NOW)

    assert in_stage(report) == [
        # stage, visits, still there, median, p75, p90, longest
        # Screening: 9 left after 1 day (S = 11/20), 7 after 2 (S = 11/20 · 4/11 = 1/5), 4 still there
        # after 4, 6, 8 and 26 days: S never reaches 1/10.
        ("Screening", 20, 4, 2.0, 2.0, None, 26.0),
        # Phone: 4 left after 2 days, 4 after 3, 2 after 4 (S = 2/3, 1/3, 1/6); 2 still there (10, 21).
        ("Phone interview", 12, 2, 3.0, 4.0, None, 21.0),
        # Technical: 2, 4, 4, 5, 6, 10 and a11 still there after 11 (S = 6/7, 4/7, 3/7, 2/7, 1/7).
        ("Technical interview", 7, 1, 5.0, 10.0, None, 11.0),
        # Final: 2, 2, 6, all left (S = 1/3, then 0).
        ("Final interview", 3, 0, 2.0, 6.0, 6.0, 6.0),
    ]
    assert "Kaplan–Meier estimate: applications still in a stage count until today" in [
        str(note) for note in report.notes
    ]
    assert report.as_of == NOW


def test_a_median_over_the_finished_stays_alone_understates_the_time_in_stage(pipeline):
    closed = StageVisit.objects.filter(applied_at__gte=pipeline.filters.since, left_at__isnull=False)
    naive = dict(closed.values_list("stage_kind").annotate(median=Median(F("left_at") - F("entered_at"))).order_by())
    report = timing.report(pipeline.admin, pipeline.filters, now=NOW)
    km = {row["stage"]: row["median"] for row in report.table("time_in_stage").rows}

    assert naive["screening"].days == 1 and km["Screening"] == 2.0
    assert naive["technical"].days == 4 and naive["technical"].seconds == 12 * 3600  # 4.5 days
    assert km["Technical interview"] == 5.0


def test_time_to_hire_censors_open_applications_now_and_closed_ones_at_their_close(pipeline):
    report = timing.report(pipeline.admin, pipeline.filters, now=NOW)

    # Hires after 10 (b1), 11 (a1) and 18 days (a2); at risk then 8, 7 and 3 (a8, a11, a7 and the
    # early rejections have dropped out): S = 7/8, 3/4, 1/2 — the median is 18, p75 and p90 not reached.
    assert report.table("time_to_hire").rows == [
        {
            "median": 18.0,
            "p75": None,
            "p90": None,
            "longest": 26.0,
            "hired": 3,
            "still_open": 7,  # a8, a9, a10, a11, b5, b6, b7
            "oldest_open": 26.0,  # b5
        }
    ]
    hired_only = sorted(
        (application.closed_at - application.created_at).days
        for application in pipeline.applications.values()
        if application.status == "hired"
    )
    assert hired_only == [10, 11, 18]  # a median over the hired alone would say 11
    assert ("Median days to hire", 18.0, "days") in [
        (str(label), value, kind) for label, value, kind in report.headline
    ]


def test_time_to_fill_censors_jobs_open_now_and_jobs_closed_unfilled(pipeline):
    report = timing.report(pipeline.admin, pipeline.filters, now=NOW)

    # JC closed unfilled after 10 days, JD filled after 20 (S = 2/3), JE after 24 (S = 1/3), JB open
    # 31 days; JA opened before the period.
    assert report.table("time_to_fill").rows == [
        {
            "median": 24.0,
            "p75": None,
            "p90": None,
            "longest": 31.0,
            "filled": 2,
            "still_open": 1,
            "closed_unfilled": 1,
        }
    ]


def test_a_recruiter_not_on_client_b_sees_none_of_its_times(pipeline):
    mine = timing.report(pipeline.recruiter_a, pipeline.filters, now=NOW)
    admin_on_a = timing.report(
        pipeline.admin, dataclasses.replace(pipeline.filters, client=pipeline.clients["A"]), now=NOW
    )

    assert [table.rows for table in mine.tables] == [table.rows for table in admin_on_a.tables]
    # Client A only: a1 hired after 11 days (5 at risk: S = 4/5), a2 after 18 (alone at risk: S = 0).
    assert mine.table("time_to_hire").rows[0] == {
        "median": 18.0,
        "p75": 18.0,
        "p90": 18.0,
        "longest": 18.0,
        "hired": 2,
        "still_open": 4,
        "oldest_open": 17.0,
    }
    # JC closed unfilled after 10 days, JD filled after 20: JB and JE are client B's.
    assert mine.table("time_to_fill").rows[0] == {
        "median": 20.0,
        "p75": 20.0,
        "p90": 20.0,
        "longest": 20.0,
        "filled": 1,
        "still_open": 0,
        "closed_unfilled": 1,
    }
    assert [row[1] for row in in_stage(mine)] == [11 + 1, 8, 5, 2]  # a11's two screening stays
    on_b = timing.report(pipeline.recruiter_a, dataclasses.replace(pipeline.filters, client=pipeline.clients["B"]))
    assert on_b.table("time_in_stage").rows == []
    assert on_b.table("time_to_hire").rows[0]["hired"] == 0
    assert on_b.table("time_to_fill").rows[0]["filled"] == 0


def test_a_picked_job_shows_its_stages_in_order(pipeline):
    filters = dataclasses.replace(pipeline.filters, job=pipeline.jobs["JB"])
    report = timing.report(pipeline.admin, filters, now=NOW)

    assert in_stage(report) == [
        # b1, b2, b4, b8 left after 1 day (S = 1/2: the median, exactly), b3 and b6 after 2 (S = 1/4);
        # b5 (26 days) and b7 (4) still there.
        ("Screening", 8, 2, 1.0, 2.0, None, 26.0),
        # b4 left after 2 days, b1 after 3, b2 after 4 (S = 3/4, 1/2, 1/4); b6 still there after 21.
        ("Phone Interview", 4, 1, 3.0, 4.0, None, 21.0),
        ("Technical Interview", 2, 0, 2.0, 4.0, 4.0, 4.0),
        ("Final Interview", 1, 0, 2.0, 2.0, 2.0, 2.0),
        ("Offer", 0, 0, None, None, None, None),
    ]


def test_the_time_report_runs_a_fixed_number_of_queries(pipeline, django_assert_num_queries):
    job_filters = dataclasses.replace(pipeline.filters, job=pipeline.jobs["JA"])
    with django_assert_num_queries(4):
        small = timing.report(pipeline.admin, pipeline.filters, now=NOW)
    with django_assert_num_queries(5):  # and the job's stages
        timing.report(pipeline.recruiter_a, job_filters, now=NOW)

    for n in range(30):
        steps = [("phone", pipeline.day(3 + n % 5), "")] if n % 3 else []
        add_application(
            job=pipeline.jobs["JA" if n % 2 else "JB"],
            source=pipeline.sources[JOB_BOARD],
            created=pipeline.day(2),
            steps=steps,
            actor=pipeline.admin,
        )
    rollup_refresh(day=None, now=NOW)

    with django_assert_num_queries(4):
        large = timing.report(pipeline.admin, pipeline.filters, now=NOW)
    with django_assert_num_queries(5):
        timing.report(pipeline.recruiter_a, job_filters, now=NOW)
    assert large.table("time_in_stage").rows[0]["visits"] == small.table("time_in_stage").rows[0]["visits"] + 30


def test_durations_are_counted_in_whole_hours_rounded_down(pipeline):
    """Kaplan–Meier groups the durations by whole hours (the steps stay few at any data
    size): a stay of 2 days and 50 minutes counts as 2 days; the page says so."""
    job = job_create(
        actor=pipeline.admin,
        client=pipeline.clients["A"],
        title="Hours",
        recruiter=pipeline.admin,
        plan=pipeline.plan,
        status=Job.Status.OPEN,
    )
    created = pipeline.day(3)
    for minutes in (50, 60 + 59, 24 * 60 - 1):  # 2d 0h50, 2d 1h59, 2d 23h59
        add_application(
            job=job,
            source=None,
            created=created,
            steps=[("phone", created + timedelta(days=2, minutes=minutes), ""), ("hire", pipeline.day(20), "")],
            actor=pipeline.admin,
        )
    rollup_refresh(day=None, now=NOW)

    report = timing.report(pipeline.admin, dataclasses.replace(pipeline.filters, job=job), now=NOW)
    screening = report.table("time_in_stage").rows[0]
    # 48, 49 and 71 hours: S = 2/3, 1/3, 0 (to the minute, the median would be 2.08 days).
    assert (screening["median"], screening["p75"], screening["longest"]) == (
        round(49 / 24, 2),
        round(71 / 24, 2),
        round(71 / 24, 2),
    )
    assert report.table("time_in_stage").rows[0]["visits"] == 3
    assert "Durations are counted in whole hours, rounded down." in [str(note) for note in report.notes]
