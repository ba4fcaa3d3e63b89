"""The candidate-experience report: exact survey figures on a hand-built world
(tests/analytics/fixture_sources.py), groups under five answers withheld,
scoped like everything else."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from analytics.reports import experience
from interviews.models import StageKind
from tests.analytics.fixture_sources import PERIOD, answer, apply, experience_world, moment, survey_sent

pytestmark = pytest.mark.django_db

COLUMNS = ["group", "answers", "mean_satisfaction", "nps", "surveys_sent", "response_rate"]


@pytest.fixture
def world(personas):
    return experience_world(personas)


def rows(report, key: str) -> list[tuple]:
    return [tuple(row[column] for column in COLUMNS) for row in report.table(key).rows]


def withheld(report) -> dict[str, int]:
    return {table.key: table.withheld for table in report.tables}


def test_a_recruiter_sees_satisfaction_nps_and_response_rate_of_groups_of_five_or_more(world):
    report = experience.report(world.recruiter, PERIOD)

    assert report.key == "experience" and report.as_of is None
    # JA's ten answers: satisfaction 5 4 4 3 5 2 and 4 4 5 3 (39/10); recommend 10 9 9 6 – 3 and
    # 8 8 10 2: 4 promoters, 3 detractors of 9 scores; 13 surveys sent in the period, 10 answered.
    assert rows(report, "overall") == [("All", 10, Decimal("3.90"), Decimal("11.1"), 13, 10 / 13)]
    assert rows(report, "by_job") == [("JA (Client A)", 10, Decimal("3.90"), Decimal("11.1"), 13, 10 / 13)]
    # Phone Interview: 23/6; 3 promoters and 2 detractors of 5 scores: +20; 8 sent, 6 answered.
    phone = (Decimal("3.83"), Decimal("20.0"), 8, 6 / 8)
    assert rows(report, "by_stage") == [("Phone Interview", 6, *phone)]
    assert rows(report, "by_period") == [("2025-05", 6, *phone)]
    # Technical Interview, answered in June: four answers, withheld by stage and by month.
    assert withheld(report) == {"overall": 0, "by_job": 0, "by_stage": 1, "by_period": 1}
    assert [value for _label, value, _kind in report.headline] == [10, Decimal("3.90"), Decimal("11.1"), 10 / 13]


def test_a_group_of_four_answers_is_withheld_and_counted(world):
    report = experience.report(world.recruiter, replace(PERIOD, start=moment(6, 1).date()))

    # June: only the four Technical Interview answers — every group, and the total, under five.
    assert {table.key: table.rows for table in report.tables} == {
        "overall": [],
        "by_job": [],
        "by_stage": [],
        "by_period": [],
    }
    assert withheld(report) == {"overall": 1, "by_job": 1, "by_stage": 1, "by_period": 1}
    assert [value for _label, value, _kind in report.headline] == [None, None, None, None]


def test_a_recruiter_not_on_a_client_sees_none_of_its_feedback_where_an_admin_does(world):
    admins = experience.report(world.admin, PERIOD)

    # Client B's three answers (1 1 2; recommend 0 0 1) and five surveys join in.
    assert rows(admins, "overall") == [("All", 13, Decimal("3.31"), Decimal("-16.7"), 18, 13 / 18)]
    assert rows(admins, "by_job") == [("JA (Client A)", 10, Decimal("3.90"), Decimal("11.1"), 13, 10 / 13)]
    # Phone Interview across both jobs: 27/9; 3 promoters, 5 detractors of 8 scores; 13 sent, 9 answered.
    phone = (Decimal("3.00"), Decimal("-25.0"), 13, 9 / 13)
    assert rows(admins, "by_stage") == [("Phone Interview", 9, *phone)]
    assert rows(admins, "by_period") == [("2025-05", 9, *phone)]
    # JB (3 answers) is withheld even from the admin.
    assert withheld(admins) == {"overall": 0, "by_job": 1, "by_stage": 1, "by_period": 1}


def test_an_outsider_sees_no_feedback_at_all(world, outsider):
    report = experience.report(outsider, PERIOD)

    assert all(table.rows == [] and table.withheld == 0 for table in report.tables)


def test_the_job_filter_narrows_to_its_answers_and_surveys(world):
    report = experience.report(world.admin, replace(PERIOD, job=world.jobs["JB"]))

    assert withheld(report) == {"overall": 1, "by_job": 1, "by_stage": 1, "by_period": 1}
    assert all(table.rows == [] for table in report.tables)


def test_comments_are_never_shown(world):
    report = experience.report(world.admin, PERIOD)

    shown = {key for table in report.tables for row in table.rows for key in row}
    assert shown == set(COLUMNS)
    assert "private" not in repr(report)


def test_the_by_month_table_is_drawn_as_a_line_of_mean_satisfaction(world):
    chart = experience.report(world.admin, PERIOD).table("by_period").chart

    assert (chart.kind, chart.label, chart.series) == ("line", "group", ["mean_satisfaction"])


def add_answers(world, count: int) -> None:
    job = world.jobs["JA"]
    for n in range(count):
        application = apply(world, f"extra{n}", job)
        kind = StageKind.FINAL if n % 2 else StageKind.SCREENING
        answer(application, kind, at=moment(5 + n % 2, 10), satisfaction=1 + n % 5, recommend=n % 11)
        survey_sent(application, kind, at=moment(5 + n % 2, 8))


@pytest.mark.parametrize("extra", [0, 24])
def test_the_report_runs_eight_queries_whatever_the_data_size(world, django_assert_num_queries, extra):
    add_answers(world, extra)

    with django_assert_num_queries(8):
        report = experience.report(world.recruiter, PERIOD)

    assert report.table("overall").rows[0]["answers"] == 10 + extra
