"""The pipeline board of a job: columns and cards, moves, rejections, bulk
actions and filters (interviews.views)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, translation

from accounts.roles import Role
from candidates.services import source_get_or_create
from interviews.models import Application, Criterion, Interview
from interviews.services import application_hire, application_reject, scorecard_submit
from tests import factories
from tests.core.test_pages import INLINE


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def stages(job):
    return list(job.stages.order_by("order"))


def board_url(job):
    return reverse("interviews:board", args=[job.public_id])


def move_url(application):
    return reverse("interviews:application-move", args=[application.public_id])


def reject_url(application):
    return reverse("interviews:application-reject", args=[application.public_id])


# --- the board --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer", "hiring_manager"])
def test_the_board_shows_a_column_per_stage_to_everyone_who_sees_the_job(client, personas, job, application, persona):
    client.force_login(personas[persona])
    response = client.get(board_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    for stage in stages(job):
        assert f'id="column-{stage.pk}"' in html
    assert reverse("candidates:candidate-detail", args=[application.candidate.public_id]) in html


def test_a_hire_leaves_the_stages_for_the_hired_column_with_the_openings(client, recruiter, job, application):
    other = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Lovelace"))
    application_hire(application=application, actor=recruiter)
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    hired_column = html.split('data-testid="hired-column"', 1)[1].split("</section>", 1)[0]
    assert "Grace Hopper" in hired_column and "Hired" in hired_column and "1/1" in hired_column
    assert "Ada Lovelace" not in hired_column
    stage_columns = html.split('data-testid="hired-column"', 1)[0]
    assert "Grace Hopper" not in stage_columns.split('class="board d-flex', 1)[1]
    assert other.candidate.full_name in stage_columns


def test_a_job_without_hires_has_no_hired_column(client, recruiter, job, application):
    client.force_login(recruiter)
    assert 'data-testid="hired-column"' not in client.get(board_url(job)).content.decode()


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_board_is_not_found_for_those_who_do_not_see_the_job(client, personas, job, application, persona):
    # Even on the panel, an interviewer sees the application, never the job.
    factories.interview(application_=application, panel=[personas["interviewer"]])
    client.force_login(personas[persona])
    assert client.get(board_url(job)).status_code == 404


def test_the_board_leaves_out_archived_stages_and_closed_applications(client, recruiter, job, application):
    rejected = factories.application(job_=job)
    application_reject(application=rejected, actor=None, reason="skills")
    client.force_login(recruiter)
    last = stages(job)[-1]
    last.archived_at = last.created_at
    last.save(update_fields=["archived_at"])
    html = client.get(board_url(job)).content.decode()
    assert f'id="column-{last.pk}"' not in html
    assert rejected.candidate.full_name not in html
    assert application.candidate.full_name in html


def test_a_card_shows_source_days_in_stage_next_interview_and_scorecards(client, recruiter, job, interviewer):
    source = source_get_or_create(name="Referral")
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada", source=source))
    Application.objects.filter(pk=application.pk).update(
        stage_entered_at=application.stage_entered_at.replace(year=2000)
    )
    past = factories.interview(application_=application, panel=[interviewer, recruiter], days_from_now=-2)
    criteria = Criterion.objects.filter(template=past.stage.scorecard_template)
    ratings = {criterion.pk: (3, "") for criterion in criteria}
    scorecard_submit(interview=past, interviewer=interviewer, ratings=ratings, recommendation="yes")
    upcoming = factories.interview(application_=application, panel=[interviewer], days_from_now=3)
    cancelled = factories.interview(application_=application, panel=[interviewer], days_from_now=1)
    Interview.objects.filter(pk=cancelled.pk).update(status=Interview.Status.CANCELLED)
    recruiter.time_zone = "America/New_York"
    recruiter.save(update_fields=["time_zone"])
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    assert "Referral" in html
    assert "days in stage" in html
    assert 'data-testid="scorecards">Scorecards 1/2<' in html
    with translation.override(recruiter.language):
        when = formats.date_format(upcoming.starts_at.astimezone(ZoneInfo("America/New_York")), "DATETIME_FORMAT")
    assert f'data-testid="next-interview">Next interview: {when}<' in html


def test_readers_get_no_move_or_reject_controls(client, reviewer, job, application):
    client.force_login(reviewer)
    html = client.get(board_url(job)).content.decode()
    assert move_url(application) not in html
    assert reject_url(application) not in html
    assert "data-draggable" not in html


def test_the_board_filters_by_source_tag_and_owner_combined(client, recruiter, job):
    referral = source_get_or_create(name="Referral")
    owner = factories.user(Role.RECRUITER)
    match = factories.candidate(full_name="Match Me", source=referral, tags=["python"], owner=owner)
    wrong_tag = factories.candidate(full_name="Wrong Tag", source=referral, tags=["go"], owner=owner)
    wrong_owner = factories.candidate(full_name="Wrong Owner", source=referral, tags=["python"])
    for candidate in (match, wrong_tag, wrong_owner):
        factories.application(job_=job, candidate_=candidate)
    tag = match.tags.get()
    client.force_login(recruiter)
    params = {"source": referral.pk, "tag": tag.pk, "owner": owner.public_id}
    html = client.get(board_url(job), params).content.decode()
    assert "Match Me" in html
    assert "Wrong Tag" not in html and "Wrong Owner" not in html
    html = client.get(board_url(job), {"tag": tag.pk}, **htmx()).content.decode()
    assert "<html" not in html and 'id="board-columns"' in html
    assert "Match Me" in html and "Wrong Owner" in html and "Wrong Tag" not in html


def test_the_board_refuses_post(client, recruiter, job):
    client.force_login(recruiter)
    assert client.post(board_url(job)).status_code == 405


def test_the_board_holds_no_inline_script_or_style(client, recruiter, job, application):
    client.force_login(recruiter)
    html = client.get(board_url(job)).content.decode()
    assert "js/board.js" in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


# Session, user, job, stages, applications (annotated), the filters' sources, tags and owners,
# the rejection email templates, the active rejection reasons (the bulk form's list), the job's
# hires (against its headcount).
BOARD_QUERIES = 11


@pytest.mark.parametrize("count", [10, 500])
def test_the_board_runs_a_fixed_number_of_queries(
    client, recruiter, interviewer, job, count, django_assert_num_queries
):
    referral = source_get_or_create(name="Referral")
    for n in range(count):
        candidate = factories.candidate(full_name=f"Candidate {n}", source=referral, tags=["python"])
        application = factories.application(job_=job, candidate_=candidate)
        if n % 5 == 0:
            factories.interview(application_=application, panel=[interviewer], days_from_now=-1 if n % 2 else 2)
    client.force_login(recruiter)
    with django_assert_num_queries(BOARD_QUERIES):
        response = client.get(board_url(job))
    assert response.content.decode().count('data-testid="card"') == count


# --- moving -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "coordinator"])
def test_a_move_by_a_plain_post_redirects_to_the_board(client, personas, job, application, persona):
    target = stages(job)[1]
    client.force_login(personas[persona])
    response = client.post(move_url(application), {"stage": target.pk})
    assert response.status_code == 302
    assert response.url == board_url(job)
    application.refresh_from_db()
    assert application.stage == target
    assert "moved to" in client.get(response.url).content.decode()


def test_a_move_keeps_the_filters_in_its_redirect(client, recruiter, job, application):
    client.force_login(recruiter)
    response = client.post(move_url(application) + "?tag=", {"stage": stages(job)[1].pk})
    assert response.status_code == 302 and response.url.startswith(board_url(job))


def test_a_move_by_htmx_answers_with_the_columns_only(client, recruiter, job, application):
    target = stages(job)[2]
    client.force_login(recruiter)
    response = client.post(move_url(application), {"stage": target.pk}, **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="board-columns"' in html
    assert 'role="status"' in html
    column = html.split(f'id="column-{target.pk}"', 1)[1].split("</section>", 1)[0]
    assert "Grace Hopper" in column


@pytest.mark.parametrize("persona", ["reviewer", "hiring_manager"])
def test_a_move_is_forbidden_to_roles_that_only_read(client, personas, job, application, persona):
    client.force_login(personas[persona])
    assert client.post(move_url(application), {"stage": stages(job)[1].pk}).status_code == 403
    application.refresh_from_db()
    assert application.stage == stages(job)[0]


def test_a_move_is_not_found_for_an_outsider(client, outsider, job, application):
    client.force_login(outsider)
    assert client.post(move_url(application), {"stage": stages(job)[1].pk}).status_code == 404


def test_a_move_refuses_get(client, recruiter, application):
    client.force_login(recruiter)
    assert client.get(move_url(application)).status_code == 405


def test_a_move_to_another_jobs_stage_is_refused_and_changes_nothing(client, recruiter, job, application):
    other = stages(factories.job())[1]
    client.force_login(recruiter)
    response = client.post(move_url(application), {"stage": other.pk}, **htmx())
    assert response.status_code == 200
    assert "That stage belongs to another job." in response.content.decode()
    assert "data-board-error" in response.content.decode()
    response = client.post(move_url(application), {"stage": other.pk}, follow=True)
    assert "That stage belongs to another job." in response.content.decode()
    application.refresh_from_db()
    assert application.stage == stages(job)[0]
    assert application.transitions.count() == 1


# --- rejecting --------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager"])
def test_a_reject_with_a_reason_closes_the_application(client, personas, job, application, persona):
    client.force_login(personas[persona])
    response = client.post(reject_url(application), {"reason": "culture", "note": "Not a fit"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    assert application.rejection_reason == "culture"
    assert application.rejection_note == "Not a fit"


def test_a_reject_by_htmx_drops_the_card_from_the_columns(client, recruiter, job, application):
    client.force_login(recruiter)
    html = client.post(reject_url(application), {"reason": "skills"}, **htmx()).content.decode()
    assert 'id="board-columns"' in html and "<html" not in html
    assert f'id="application-{application.public_id}"' not in html


def test_a_reject_without_a_reason_is_refused(client, recruiter, application):
    client.force_login(recruiter)
    client.post(reject_url(application), {"reason": ""})
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE


def test_a_reject_is_forbidden_to_a_reviewer(client, reviewer, application):
    client.force_login(reviewer)
    assert client.post(reject_url(application), {"reason": "skills"}).status_code == 403


# --- bulk -------------------------------------------------------------------------


def test_a_bulk_move_does_the_allowed_items_and_reports_the_refused_one(client, recruiter, job, application):
    second = factories.application(job_=job)
    elsewhere = factories.application()  # a job the recruiter does not see
    target = stages(job)[1]
    client.force_login(recruiter)
    data = {
        "stage": target.pk,
        "applications": [application.public_id, second.public_id, elsewhere.public_id],
    }
    response = client.post(reverse("interviews:board-bulk-move", args=[job.public_id]), data, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 applications updated." in html
    assert "Not done: an application you cannot see" in html
    application.refresh_from_db()
    second.refresh_from_db()
    elsewhere.refresh_from_db()
    assert application.stage == target and second.stage == target
    assert elsewhere.transitions.count() == 1


def test_a_bulk_reject_by_a_plain_post_redirects_with_messages(client, hiring_manager, job, application):
    client.force_login(hiring_manager)
    url = reverse("interviews:board-bulk-reject", args=[job.public_id])
    response = client.post(url, {"reason": "skills", "applications": [application.public_id]})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED


def test_a_bulk_move_or_reject_by_a_reader_is_forbidden(client, reviewer, job, application):
    client.force_login(reviewer)
    url = reverse("interviews:board-bulk-move", args=[job.public_id])
    data = {"stage": stages(job)[1].pk, "applications": [application.public_id]}
    assert client.post(url, data, **htmx()).status_code == 403
    url = reverse("interviews:board-bulk-reject", args=[job.public_id])
    assert client.post(url, {"reason": "skills", "applications": [application.public_id]}).status_code == 403
    application.refresh_from_db()
    assert application.stage == stages(job)[0] and application.status == Application.Status.ACTIVE


def test_reject_and_bulk_refuse_get(client, recruiter, job, application):
    client.force_login(recruiter)
    assert client.get(reject_url(application)).status_code == 405
    assert client.get(reverse("interviews:board-bulk-move", args=[job.public_id])).status_code == 405
    assert client.get(reverse("interviews:board-bulk-reject", args=[job.public_id])).status_code == 405


def test_a_bulk_action_on_a_job_out_of_scope_is_not_found(client, outsider, job, application):
    client.force_login(outsider)
    url = reverse("interviews:board-bulk-reject", args=[job.public_id])
    data = {"reason": "skills", "applications": [application.public_id]}
    assert client.post(url, data).status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.ACTIVE
