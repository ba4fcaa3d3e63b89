"""The debrief of an application at a stage (interviews.selectors.debrief and
interviews.views.debrief): scorecards side by side, per-criterion mean and
spread, weights, disagreement, missing scorecards, and the decision."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from interviews.models import Application, Criterion
from interviews.selectors.debrief import debrief_for
from interviews.services import criterion_update
from tests import factories
from tests.core.test_pages import INLINE
from tests.interviews.debrief_helpers import score, stages


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def debrief_url(application, stage=None):
    return reverse("interviews:debrief", args=[application.public_id, (stage or application.stage).pk])


def advance_url(application, stage=None):
    return reverse("interviews:debrief-advance", args=[application.public_id, (stage or application.stage).pk])


def reject_url(application, stage=None):
    return reverse("interviews:debrief-reject", args=[application.public_id, (stage or application.stage).pk])


@pytest.fixture
def panel(interviewer, hiring_manager):
    # The hiring manager sits on the panel too: a second scorecard to line up.
    return [interviewer, hiring_manager]


@pytest.fixture
def interview(application, panel):
    return factories.interview(application_=application, panel=panel, days_from_now=-1)


@pytest.fixture
def weighted(job):
    """Problem solving weighs 3; the others 1."""
    Criterion.objects.filter(template=stages(job)[0].scorecard_template, name="Problem solving").update(weight=3)


# --- the numbers -------------------------------------------------------------------


def test_each_criterion_gets_its_mean_spread_and_the_weighted_mean_weighs_them(
    recruiter, application, interview, interviewer, hiring_manager, weighted
):
    score(interview, interviewer, {"Problem solving": 4, "Communication": 2, "Ownership": 3}, "strong_yes")
    score(interview, hiring_manager, {"Problem solving": 2, "Communication": 3}, "yes")
    debrief = debrief_for(recruiter, application, application.stage)
    assert [card.interviewer for card in debrief.scorecards] == [interviewer, hiring_manager]
    rows = {row.criterion.name: row for row in debrief.rows}
    assert list(rows) == ["Problem solving", "Communication", "Ownership"]
    assert rows["Problem solving"].scores == [4, 2]
    assert (rows["Problem solving"].mean, rows["Problem solving"].spread) == (Decimal("3.00"), 2)
    assert (rows["Communication"].mean, rows["Communication"].spread) == (Decimal("2.50"), 1)
    assert rows["Ownership"].scores == [3, None]
    assert (rows["Ownership"].mean, rows["Ownership"].spread) == (Decimal("3.00"), 0)
    # (3.00 × 3 + 2.50 × 1 + 3.00 × 1) / 5
    assert debrief.weighted_mean == Decimal("2.90")


def test_a_spread_of_two_flags_the_criterion_as_a_disagreement(
    recruiter, application, interview, interviewer, hiring_manager
):
    score(interview, interviewer, {"Problem solving": 4, "Communication": 3}, "yes")
    score(interview, hiring_manager, {"Problem solving": 2, "Communication": 2}, "strong_yes")
    debrief = debrief_for(recruiter, application, application.stage)
    assert [row.disagreement for row in debrief.rows] == [True, False, False]
    assert not debrief.recommendations_split
    assert debrief.disagreement


def test_a_yes_against_a_no_is_a_disagreement_and_the_recommendations_are_tallied(
    recruiter, application, interview, interviewer, hiring_manager
):
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    score(interview, hiring_manager, {"Problem solving": 3, "Communication": 2}, "strong_no")
    debrief = debrief_for(recruiter, application, application.stage)
    assert not any(row.disagreement for row in debrief.rows)
    assert debrief.recommendations_split and debrief.disagreement
    assert debrief.tally == {"strong_no": 1, "no": 0, "yes": 1, "strong_yes": 0}


def test_agreeing_scorecards_raise_no_flag(recruiter, application, interview, interviewer, hiring_manager):
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    score(interview, hiring_manager, {"Problem solving": 4, "Communication": 3}, "strong_yes")
    assert not debrief_for(recruiter, application, application.stage).disagreement


def test_ratings_of_two_versions_of_a_criterion_line_up_in_one_row(recruiter, application, interviewer, job):
    first = factories.interview(application_=application, panel=[interviewer], days_from_now=-3)
    score(first, interviewer, {"Problem solving": 2, "Communication": 3}, "no")
    old = Criterion.objects.get(template=stages(job)[0].scorecard_template, name="Problem solving")
    criterion_update(criterion=old, actor=None, name="Problem solving in code")
    other = factories.user(Role.INTERVIEWER, full_name="Zoe Second")
    second = factories.interview(application_=application, panel=[other], days_from_now=-1)
    score(second, other, {"Problem solving in code": 4, "Communication": 3}, "yes")
    debrief = debrief_for(recruiter, application, application.stage)
    rows = {row.criterion.name: row for row in debrief.rows}
    assert list(rows) == ["Problem solving in code", "Communication", "Ownership"]
    assert rows["Problem solving in code"].scores == [2, 4]


def test_missing_scorecards_name_the_panelist_and_the_interview(
    recruiter, application, interview, interviewer, hiring_manager
):
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    debrief = debrief_for(recruiter, application, application.stage)
    assert [(seat.interviewer, seat.interview) for seat in debrief.missing] == [(hiring_manager, interview)]


def test_an_interviewer_reads_only_the_scorecards_of_the_interview_they_sat_on(
    application, interview, interviewer, hiring_manager
):
    other = factories.user(Role.INTERVIEWER, full_name="Zoe Second")
    elsewhere = factories.interview(application_=application, panel=[other], days_from_now=-2)
    score(elsewhere, other, {"Problem solving": 1, "Communication": 1}, "strong_no")
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    score(interview, hiring_manager, {"Problem solving": 3, "Communication": 3}, "yes")
    debrief = debrief_for(interviewer, application, application.stage)
    assert [card.interviewer for card in debrief.scorecards] == [interviewer, hiring_manager]


def _debrief_queries(user, application) -> int:
    with CaptureQueriesContext(connection) as queries:
        debrief_for(user, application, application.stage)
    return len(queries)


def test_the_debrief_runs_a_fixed_number_of_queries(recruiter, job):
    few = factories.application(job_=job)
    many = factories.application(job_=job)
    for application, size in ((few, 1), (many, 5)):
        panel = [factories.user(Role.INTERVIEWER) for _ in range(size)]
        for n in range(2):
            interview = factories.interview(application_=application, panel=panel, days_from_now=-1 - n)
            for member in panel:
                score(interview, member, {"Problem solving": 3, "Communication": 2}, "yes")
    assert _debrief_queries(recruiter, few) == _debrief_queries(recruiter, many) == 5


# --- the page ----------------------------------------------------------------------


def test_the_page_shows_the_scorecards_side_by_side(client, recruiter, application, interview, interviewer, panel):
    score(interview, interviewer, {"Problem solving": 4, "Communication": 2}, "yes", summary="Strong in code.")
    score(interview, panel[1], {"Problem solving": 2, "Communication": 2}, "no")
    client.force_login(recruiter)
    response = client.get(debrief_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="scorecard-column"') == 2
    assert "Ivan Interviewer" in html and "Mia Manager" in html
    assert 'data-testid="disagreement-row"' in html
    assert "Strong in code." in html
    assert "Weighted mean 2.50" in html
    assert f"Advance to {application.job.stages.get(order=2).name}" in html


def test_an_htmx_get_answers_with_the_debrief_region_only(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(debrief_url(application), **htmx()).content.decode()
    assert "<html" not in html and 'id="debrief"' in html


def test_the_page_holds_no_inline_script_or_style(client, recruiter, application, interview, interviewer):
    score(interview, interviewer, {"Problem solving": 4, "Communication": 2}, "yes")
    client.force_login(recruiter)
    html = client.get(debrief_url(application)).content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_the_endpoints_refuse_the_wrong_method(client, recruiter, application):
    client.force_login(recruiter)
    assert client.post(debrief_url(application)).status_code == 405
    assert client.get(advance_url(application)).status_code == 405
    assert client.get(reject_url(application)).status_code == 405


# --- advancing and rejecting -------------------------------------------------------


def test_advancing_by_a_plain_post_moves_to_the_next_stage_and_redirects(client, recruiter, application, job):
    first = application.stage
    client.force_login(recruiter)
    response = client.post(advance_url(application))
    assert response.status_code == 302 and response.url == debrief_url(application, first)
    application.refresh_from_db()
    assert application.stage == stages(job)[1]
    html = client.get(response.url).content.decode()
    assert f"Grace Hopper moved to {stages(job)[1].name}." in html
    assert debrief_url(application, stages(job)[1]) in html


def test_advancing_by_htmx_answers_with_the_region_and_a_notice(client, recruiter, application, job):
    client.force_login(recruiter)
    response = client.post(advance_url(application), **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'role="status"' in html and f"moved to {stages(job)[1].name}" in html


def test_advancing_is_blocked_while_scorecards_are_missing_and_the_page_offers_an_override(
    client, recruiter, application, interview, interviewer
):
    first = application.stage
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    client.force_login(recruiter)
    html = client.get(debrief_url(application)).content.decode()
    assert 'data-testid="missing"' in html and "Mia Manager" in html
    assert 'data-testid="override-form"' in html
    assert "Advance to" not in html.replace("Override and advance to", "")
    response = client.post(advance_url(application), **htmx())
    assert "Scorecards for Screening are missing from: Mia Manager." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == first


def test_an_override_from_the_debrief_needs_a_reason_and_is_recorded(client, recruiter, application, interview, job):
    client.force_login(recruiter)
    response = client.post(advance_url(application), {"override": "1", "override_reason": " "}, **htmx())
    assert "Give a reason" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    response = client.post(advance_url(application), {"override": "1", "override_reason": "Candidate has an offer"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == stages(job)[1]
    assert application.transitions.last().override_reason == "Candidate has an offer"
    assert AuditEvent.objects.filter(action="interviews.application.override", actor=recruiter).exists()


@pytest.mark.parametrize("persona", ["coordinator", "hiring_manager"])
def test_roles_that_may_not_override_see_no_override_form_and_are_refused_one(
    client, personas, application, interview, job, persona
):
    client.force_login(personas[persona])
    html = client.get(debrief_url(application)).content.decode()
    assert 'data-testid="missing"' in html
    assert 'data-testid="override-form"' not in html
    response = client.post(advance_url(application), {"override": "1", "override_reason": "urgent"}, **htmx())
    assert "Only a recruiter or an administrator" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stages(job)[0]


def test_the_hiring_manager_records_their_decision_by_advancing(client, hiring_manager, application, job):
    client.force_login(hiring_manager)
    assert client.post(advance_url(application)).status_code == 302
    application.refresh_from_db()
    assert application.stage == stages(job)[1]
    assert application.transitions.last().actor == hiring_manager


def test_a_debrief_of_a_stage_left_behind_offers_no_advance(client, recruiter, application, job):
    first = application.stage
    client.force_login(recruiter)
    client.post(advance_url(application, first))
    html = client.get(debrief_url(application, first)).content.decode()
    assert "Advance to" not in html and f"The application is now at {stages(job)[1].name}." in html
    response = client.post(advance_url(application, first), **htmx())
    assert "There is no next stage to move to from here." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stages(job)[1]


def test_rejecting_with_a_reason_closes_the_application(client, hiring_manager, application):
    client.force_login(hiring_manager)
    response = client.post(reject_url(application), {"reason": "skills", "note": "Not enough depth"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.rejection_note == "Not enough depth"
    assert "The application is rejected." in client.get(response.url).content.decode()


def test_rejecting_without_a_reason_is_refused(client, recruiter, application):
    client.force_login(recruiter)
    response = client.post(reject_url(application), {"reason": ""}, **htmx())
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


def test_the_board_shows_the_gate_s_refusal_of_a_move(client, recruiter, application, interview, job):
    client.force_login(recruiter)
    move = reverse("interviews:application-move", args=[application.public_id])
    response = client.post(move, {"stage": stages(job)[1].pk}, **htmx())
    html = response.content.decode()
    assert "data-board-error" in html
    assert "Scorecards for Screening are missing from: Ivan Interviewer, Mia Manager." in html
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
