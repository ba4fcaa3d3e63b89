"""The funnel report: exact figures on the hand-built pipeline (fixture_pipeline)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime
from fractions import Fraction

import pytest

from analytics.reports import funnel
from analytics.services import rollup_refresh
from tests.analytics.fixture_pipeline import JOB_BOARD, REFERRAL, add_application, build_pipeline

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 1, tzinfo=UTC)
COLUMNS = ("stage", "reached", "passed", "rejected", "withdrawn", "still_there", "decided")


@pytest.fixture
def pipeline():
    return build_pipeline(NOW)


def counts(report) -> list[tuple]:
    return [tuple(row[key] for key in COLUMNS) for row in report.table("funnel").rows]


def rates(report) -> list[float | None]:
    return [row["pass_through"] for row in report.table("funnel").rows]


def headline(report) -> dict[str, object]:
    return {str(label): value for label, value, _kind in report.headline}


def test_the_funnel_by_stage_kind_counts_each_application_once_per_stage(pipeline):
    report = funnel.report(pipeline.admin, pipeline.filters, now=NOW)

    assert counts(report) == [
        # stage, reached, passed, rejected, withdrawn, still there, decided
        ("Screening", 19, 11, 3, 1, 4, 15),  # a11 visited it twice: one application
        ("Phone interview", 11, 7, 2, 0, 2, 9),
        ("Technical interview", 7, 3, 2, 1, 1, 6),
        ("Final interview", 3, 3, 0, 0, 0, 3),
    ]  # no offer row: no stage of that kind was reached
    assert rates(report) == pytest.approx([11 / 15, 7 / 9, 3 / 6, 1.0])
    assert report.as_of == NOW


def test_the_headline_gives_cohort_hires_conversion_and_the_bottleneck(pipeline):
    report = funnel.report(pipeline.admin, pipeline.filters, now=NOW)

    figures = headline(report)
    assert figures["Applications in the period"] == 19  # a12 applied before the period
    assert figures["Hired"] == 3
    assert Fraction(figures["Applied → hired"]).limit_denominator(100) == Fraction(3, 19)
    # Screening 11/15, phone 7/9, technical 3/6; the final interview (3/3) has under 5 decided.
    assert figures["Bottleneck"] == "Technical interview"
    assert any("lowest pass-through" in str(note) and "at least 5" in str(note) for note in report.notes)


def test_exits_are_one_row_per_stage_with_a_column_per_way_of_leaving(pipeline):
    report = funnel.report(pipeline.admin, pipeline.filters, now=NOW)
    exits = report.table("exits")

    assert [column.key for column in exits.columns] == [
        "stage",
        "skills",
        "culture",
        "compensation",
        "location",
        "withdrawn",
        "total",
    ]
    assert [tuple(row.values()) for row in exits.rows] == [
        ("Screening", 2, 0, 0, 1, 1, 4),
        ("Phone interview", 1, 0, 1, 0, 0, 2),
        ("Technical interview", 1, 1, 0, 0, 1, 3),
    ]
    assert exits.chart.kind == "stacked_bar"
    assert exits.chart.series == ["skills", "culture", "compensation", "location", "withdrawn"]


def test_work_in_progress_counts_every_active_application_not_only_the_cohort(pipeline):
    report = funnel.report(pipeline.admin, pipeline.filters, now=NOW)

    wip = report.table("wip")
    assert [(row["stage"], row["active"]) for row in wip.rows] == [
        ("Screening", 4),  # a9, a10, b5, b7
        ("Phone interview", 3),  # a8, b6 and a12, which applied before the period
        ("Technical interview", 1),  # a11
        ("Final interview", 0),
    ]
    assert "not only the period's cohort" in wip.note


def test_a_picked_job_shows_its_own_stages_in_order_including_the_unreached(pipeline):
    filters = dataclasses.replace(pipeline.filters, job=pipeline.jobs["JA"])
    report = funnel.report(pipeline.admin, filters, now=NOW)

    assert counts(report) == [
        ("Screening", 11, 7, 1, 1, 2, 9),
        ("Phone Interview", 7, 5, 1, 0, 1, 6),
        ("Technical Interview", 5, 2, 2, 0, 1, 4),
        ("Final Interview", 2, 2, 0, 0, 0, 2),
        ("Offer", 0, 0, 0, 0, 0, 0),
    ]
    assert rates(report) == pytest.approx([7 / 9, 5 / 6, 2 / 4, 1.0, None])
    # Technical (2/4) has under 5 decided: the bottleneck is screening (7/9 < 5/6).
    assert headline(report)["Bottleneck"] == "Screening"
    assert [(row["stage"], row["active"]) for row in report.table("wip").rows] == [
        ("Screening", 2),
        ("Phone Interview", 2),
        ("Technical Interview", 1),
        ("Final Interview", 0),
        ("Offer", 0),
    ]


def test_the_source_filter_keeps_that_channel_s_applications(pipeline):
    filters = dataclasses.replace(pipeline.filters, source=pipeline.sources[REFERRAL])
    report = funnel.report(pipeline.admin, filters, now=NOW)
    figures = headline(report)

    assert (figures["Applications in the period"], figures["Hired"]) == (5, 2)  # a1, a7, a11, b1, b6
    assert figures["Applied → hired"] == pytest.approx(2 / 5)
    assert counts(report)[0] == ("Screening", 5, 5, 0, 0, 0, 5)
    # Only screening has 5 decided referrals, and it loses none: no bottleneck.
    assert figures["Bottleneck"] is None


def test_a_recruiter_not_on_client_b_sees_none_of_its_applications(pipeline):
    admin = funnel.report(pipeline.admin, pipeline.filters, now=NOW)
    mine = funnel.report(pipeline.recruiter_a, pipeline.filters, now=NOW)
    admin_on_a = funnel.report(
        pipeline.admin, dataclasses.replace(pipeline.filters, client=pipeline.clients["A"]), now=NOW
    )

    assert headline(admin)["Applications in the period"] == 19
    assert headline(mine)["Applications in the period"] == 11  # a1–a11: client A's only
    assert counts(mine) == counts(admin_on_a)
    assert mine.table("exits").rows == admin_on_a.table("exits").rows
    assert [(row["stage"], row["active"]) for row in mine.table("wip").rows] == [
        ("Screening", 2),
        ("Phone interview", 2),
        ("Technical interview", 1),
        ("Final interview", 0),
    ]
    # Asking for client B, or for B's job, gives nothing at all.
    on_b = funnel.report(pipeline.recruiter_a, dataclasses.replace(pipeline.filters, client=pipeline.clients["B"]))
    job_b = funnel.report(pipeline.recruiter_a, dataclasses.replace(pipeline.filters, job=pipeline.jobs["JB"]))
    for report in (on_b, job_b):
        assert [table.rows for table in report.tables] == [[], [], []]
        assert headline(report)["Applications in the period"] == 0
        assert headline(report)["Applied → hired"] is None


def test_the_funnel_runs_a_fixed_number_of_queries(pipeline, django_assert_num_queries):
    # One of them reads the rejection reasons' labels (retired ones too) for the exits.
    with django_assert_num_queries(4):
        small = funnel.report(pipeline.admin, pipeline.filters, now=NOW)
    with django_assert_num_queries(5):  # and the job's stages
        funnel.report(pipeline.recruiter_a, dataclasses.replace(pipeline.filters, job=pipeline.jobs["JA"]), now=NOW)

    for n in range(30):
        job = pipeline.jobs["JA" if n % 2 else "JB"]
        steps = [("phone", pipeline.day(3 + n % 5), "")] if n % 3 else []
        add_application(
            job=job, source=pipeline.sources[JOB_BOARD], created=pipeline.day(2), steps=steps, actor=pipeline.admin
        )
    rollup_refresh(day=None, now=NOW)

    with django_assert_num_queries(4):
        large = funnel.report(pipeline.admin, pipeline.filters, now=NOW)
    with django_assert_num_queries(5):
        funnel.report(pipeline.recruiter_a, dataclasses.replace(pipeline.filters, job=pipeline.jobs["JA"]), now=NOW)
    assert headline(large)["Applications in the period"] == headline(small)["Applications in the period"] + 30
