"""The sources report: per channel, exact figures on a hand-built cohort
(tests/analytics/fixture_sources.py), scoped like everything else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from analytics.reports import sources
from analytics.reports.base import Filters
from tests.analytics.fixture_sources import PERIOD, apply, moment, sources_world

pytestmark = pytest.mark.django_db

COLUMNS = ["applicants", "interviewed", "offers", "hires", "hire_rate", "interview_rate", "median_days_to_hire"]


@pytest.fixture
def world(personas):
    return sources_world(personas)


def figures(report) -> dict[str, tuple]:
    return {row["source"]: tuple(row[column] for column in COLUMNS) for row in report.table("sources").rows}


def order(report) -> list[str]:
    return [row["source"] for row in report.table("sources").rows]


def test_each_source_has_its_applicants_interviews_offers_hires_rates_and_median_days_to_hire(world):
    report = sources.report(world.recruiter, PERIOD)

    assert report.key == "sources" and report.as_of is None
    assert figures(report) == {
        # r1..r5 (r0 applied in April): r1..r4 interviewed, r1..r3 reached the offer, r1 and r2 hired in 20 and 30 days.
        "Referral": (5, 4, 3, 2, 2 / 5, 4 / 5, 25.0),
        # j2's only interview was cancelled; j3 reached the offer and withdrew.
        "Job board": (6, 2, 2, 1, 1 / 6, 2 / 6, 15.0),
        "No source": (2, 1, 1, 1, 1 / 2, 1 / 2, 10.0),
    }


def test_sources_are_sorted_by_hires_then_applicants_and_charted_as_applicants_and_hires(world):
    report = sources.report(world.admin, PERIOD)

    # Three sources with one hire each: by applicants 6, 3, 2.
    assert order(report) == ["Referral", "Job board", "Agency", "No source"]
    chart = report.table("sources").chart
    assert (chart.kind, chart.label, chart.series) == ("bar", "source", ["applicants", "hires"])


def test_the_best_source_is_the_highest_hire_rate_among_sources_with_enough_applicants(world):
    recruiters = sources.report(world.recruiter, PERIOD)
    admins = sources.report(world.admin, PERIOD)

    # "No source" has 1/2 but is no channel and has 2 applicants; Job board 1/6.
    assert [value for _label, value, _kind in recruiters.headline] == ["Referral", 2 / 5]
    # Client B's referral b1 was hired too: 3 of 6.
    assert [value for _label, value, _kind in admins.headline] == ["Referral", 3 / 6]
    assert "at least 5 applicants" in recruiters.notes[0]


def test_no_source_qualifies_when_every_source_has_fewer_than_five_applicants(world):
    report = sources.report(world.admin, replace(PERIOD, source=world.sources["agency"]))

    assert figures(report) == {"Agency": (3, 0, 1, 1, 1 / 3, 0.0, 12.0)}
    assert [value for _label, value, _kind in report.headline] == [None, None]


def test_a_recruiter_not_on_a_client_sees_none_of_its_sources_applicants(world):
    recruiters = figures(sources.report(world.recruiter, PERIOD))
    admins = figures(sources.report(world.admin, PERIOD))

    assert "Agency" not in recruiters
    # b1, at client B: one more applicant, interview, offer and hire, hired after 7 days.
    assert admins["Referral"] == (6, 5, 4, 3, 3 / 6, 5 / 6, 20.0)
    assert admins["Agency"] == (3, 0, 1, 1, 1 / 3, 0.0, 12.0)
    assert recruiters["Referral"] == (5, 4, 3, 2, 2 / 5, 4 / 5, 25.0)
    assert admins["Job board"] == recruiters["Job board"] and admins["No source"] == recruiters["No source"]


def test_an_outsider_sees_no_source_at_all(world, outsider):
    assert sources.report(outsider, PERIOD).table("sources").rows == []


def test_the_source_filter_narrows_to_one_source_and_the_client_filter_to_its_jobs(world):
    board = sources.report(world.admin, replace(PERIOD, source=world.sources["board"]))
    client_b = sources.report(world.admin, replace(PERIOD, client=world.jobs["JB"].client))

    assert order(board) == ["Job board"]
    assert figures(client_b) == {
        "Referral": (1, 1, 1, 1, 1.0, 1.0, 7.0),
        "Agency": (3, 0, 1, 1, 1 / 3, 0.0, 12.0),
    }


def test_the_period_is_the_application_date(world):
    april = sources.report(world.admin, Filters(start=moment(4, 1).date(), end=moment(4, 30).date()))

    assert figures(april) == {"Referral": (1, 1, 1, 1, 1.0, 1.0, 9.0)}


def add_applicants(world, count: int) -> None:
    for n in range(count):
        source = world.sources["board"] if n % 2 else None
        apply(world, f"extra{n}", world.jobs["JA"], source=source, created=moment(5, 15))


@pytest.mark.parametrize("extra", [0, 20])
def test_the_report_runs_one_query_whatever_the_data_size(world, django_assert_num_queries, extra):
    add_applicants(world, extra)

    with django_assert_num_queries(1):
        report = sources.report(world.recruiter, PERIOD)

    assert sum(row["applicants"] for row in report.table("sources").rows) == 13 + extra
