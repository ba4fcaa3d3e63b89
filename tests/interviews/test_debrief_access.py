"""Who may open a debrief or a shortlist and act on it: everyone who sees
the job reads; those who record decisions advance and reject; a hiring
manager only on their jobs; an interviewer only at a stage where they sat on
the panel, once their own scorecard is in; anyone else gets 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.roles import Role
from interviews.models import Application
from interviews.selectors import board_cards_for
from interviews.services import application_move, application_reject
from tests import factories
from tests.interviews.debrief_helpers import score, stages
from tests.interviews.test_debrief import advance_url, debrief_url, reject_url

READERS = ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"]
DECIDERS = ["administrator", "recruiter", "coordinator", "hiring_manager"]


def shortlist_url(job):
    return reverse("interviews:shortlist", args=[job.public_id])


@pytest.fixture
def interview(application, interviewer, recruiter):
    return factories.interview(application_=application, panel=[interviewer, recruiter], days_from_now=-1)


@pytest.fixture
def scored(interview, interviewer, recruiter):
    """Both panelists have submitted: advancing is not blocked."""
    score(interview, interviewer, {"Problem solving": 3, "Communication": 4}, "yes")
    score(interview, recruiter, {"Problem solving": 2, "Communication": 3}, "no")
    return interview


# --- reading the debrief -----------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_everyone_who_sees_the_job_reads_the_debrief_and_its_scorecards(client, personas, application, scored, persona):
    client.force_login(personas[persona])
    response = client.get(debrief_url(application))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="scorecard-column"') == 2


def test_an_outsider_gets_404(client, outsider, application, scored):
    client.force_login(outsider)
    assert client.get(debrief_url(application)).status_code == 404


def test_a_hiring_manager_of_another_job_gets_404(client, application, scored):
    client.force_login(factories.user(Role.HIRING_MANAGER))
    assert client.get(debrief_url(application)).status_code == 404


def test_an_interviewer_on_no_panel_of_the_application_gets_404(client, application, scored):
    client.force_login(factories.user(Role.INTERVIEWER))
    assert client.get(debrief_url(application)).status_code == 404


def test_an_interviewer_gets_404_for_a_stage_where_they_sat_on_no_panel(client, interviewer, application, scored, job):
    client.force_login(interviewer)
    assert client.get(debrief_url(application, stages(job)[1])).status_code == 404


def test_an_interviewer_gets_403_until_they_submit_their_own_scorecard(
    client, interviewer, recruiter, application, interview
):
    score(interview, recruiter, {"Problem solving": 2, "Communication": 3}, "no")
    client.force_login(interviewer)
    assert client.get(debrief_url(application)).status_code == 403
    score(interview, interviewer, {"Problem solving": 3, "Communication": 4}, "yes")
    response = client.get(debrief_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="scorecard-column"') == 2
    assert advance_url(application) not in html and reject_url(application) not in html


def test_a_stage_of_another_job_or_an_unknown_stage_is_404(client, recruiter, application):
    client.force_login(recruiter)
    other = factories.job().stages.first()
    assert client.get(reverse("interviews:debrief", args=[application.public_id, other.pk])).status_code == 404
    assert client.get(reverse("interviews:debrief", args=[application.public_id, 999999])).status_code == 404


@pytest.mark.parametrize("persona", ["reviewer"])
def test_readers_get_no_decision_controls(client, personas, application, scored, persona):
    client.force_login(personas[persona])
    html = client.get(debrief_url(application)).content.decode()
    assert advance_url(application) not in html and reject_url(application) not in html


# --- acting on it ------------------------------------------------------------------


@pytest.mark.parametrize("persona", DECIDERS)
def test_those_who_record_decisions_advance_from_the_debrief(client, personas, application, scored, job, persona):
    client.force_login(personas[persona])
    assert client.post(advance_url(application)).status_code == 302
    application.refresh_from_db()
    assert application.stage == stages(job)[1]


@pytest.mark.parametrize("persona", DECIDERS)
def test_those_who_record_decisions_reject_from_the_debrief(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.post(reject_url(application), {"reason": "skills"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


@pytest.mark.parametrize("persona", ["reviewer", "interviewer"])
@pytest.mark.parametrize("url", [advance_url, reject_url])
def test_readers_and_interviewers_get_403_on_the_actions(client, personas, application, scored, job, persona, url):
    client.force_login(personas[persona])
    assert client.post(url(application), {"reason": "skills"}).status_code == 403
    application.refresh_from_db()
    assert application.stage == stages(job)[0] and application.status == Application.Status.ACTIVE


@pytest.mark.parametrize("url", [advance_url, reject_url])
def test_an_outsider_gets_404_on_the_actions(client, outsider, application, scored, url):
    client.force_login(outsider)
    assert client.post(url(application), {"reason": "skills"}).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


# --- the shortlist -----------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_everyone_who_sees_the_job_reads_its_shortlist(client, personas, job, application, scored, persona):
    client.force_login(personas[persona])
    response = client.get(shortlist_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Grace Hopper" in html and debrief_url(application) in html
    assert "Yes: 1" in html and "No: 1" in html


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_shortlist_is_not_found_for_those_who_do_not_see_the_job(
    client, personas, job, application, scored, persona
):
    client.force_login(personas[persona])
    assert client.get(shortlist_url(job)).status_code == 404


def test_the_shortlist_refuses_post(client, hiring_manager, job):
    client.force_login(hiring_manager)
    assert client.post(shortlist_url(job)).status_code == 405


def test_the_shortlist_puts_the_furthest_stage_first_and_leaves_out_closed_applications(
    client, hiring_manager, job, application
):
    ahead = factories.application(job_=job, candidate_=factories.candidate(full_name="Alan Turing"))
    application_move(application=ahead, to_stage=stages(job)[2], actor=None)
    gone = factories.application(job_=job, candidate_=factories.candidate(full_name="Gone Girl"))
    application_reject(application=gone, actor=None, reason="skills")
    client.force_login(hiring_manager)
    html = client.get(shortlist_url(job)).content.decode()
    assert html.index("Alan Turing") < html.index("Grace Hopper")
    assert "Gone Girl" not in html


def test_the_job_page_and_the_board_link_to_the_shortlist_and_the_debriefs(client, hiring_manager, job, application):
    client.force_login(hiring_manager)
    assert shortlist_url(job) in client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
    # The board's cards link to their actions, which link to the debrief.
    actions = reverse("interviews:application-actions", args=[application.public_id])
    assert actions in client.get(reverse("interviews:board", args=[job.public_id])).content.decode()
    assert debrief_url(application) in client.get(actions).content.decode()


# Session, user, job, stages, applications (annotated), their visible scorecards.
SHORTLIST_QUERIES = 6


@pytest.mark.parametrize("count", [3, 40])
def test_the_shortlist_runs_a_fixed_number_of_queries(
    client, hiring_manager, interviewer, job, count, django_assert_num_queries
):
    for n in range(count):
        application = factories.application(job_=job)
        if n % 3 == 0:
            interview = factories.interview(application_=application, panel=[interviewer], days_from_now=-1)
            score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    client.force_login(hiring_manager)
    with django_assert_num_queries(SHORTLIST_QUERIES):
        response = client.get(shortlist_url(job))
    assert response.content.decode().count('data-testid="shortlist-row"') == count


def test_the_shortlist_counts_only_the_scorecards_of_the_stage_shown(client, hiring_manager, interviewer, job):
    moved_on = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Lovelace"))
    interview = factories.interview(application_=moved_on, panel=[interviewer], days_from_now=-1)
    score(interview, interviewer, {"Problem solving": 3, "Communication": 3}, "yes")
    application_move(application=moved_on, to_stage=stages(job)[1], actor=None)
    client.force_login(hiring_manager)
    html = client.get(shortlist_url(job)).content.decode()
    row = html[html.index("Ada Lovelace") :]
    row = row[: row.index("</tr>")]
    assert "Yes: 1" not in row and "Scorecards 1/1" not in row
    assert "no interviews yet" in row
    [card] = board_cards_for(hiring_manager, job)
    assert (card["panel_seats"], card["scorecards_submitted"]) == (0, 0)
