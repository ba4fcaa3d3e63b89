"""The candidate feedback survey: the sweep that sends it, the candidate's page,
and the anonymous results (interviews.services.surveys, selectors.surveys,
views.survey)."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.header import decode_header, make_header
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import AccessToken
from core.services import TokenInvalid, access_token_issue
from interviews.models import CandidateFeedback, StageTransition
from interviews.selectors.surveys import MIN_GROUP, survey_results_for
from interviews.services import application_hire, application_move, application_reject
from interviews.services.surveys import SURVEY_DELAY, SURVEY_WINDOW, survey_answer_record, survey_sweep
from interviews.tasks import survey_sweep_task
from jobs.models import Job
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send, outbox
from recruitcrm.celery import app as celery_app
from tests import factories
from tests.core.test_pages import INLINE

LATER = SURVEY_DELAY + timedelta(minutes=5)


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Emails committed by a sweep stay in the outbox (the broker is not the point here)."""
    monkeypatch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))


def surveys():
    # Interviews scheduled in a test queue their own invitations: only surveys count.
    return OutboundEmail.objects.filter(idempotency_key__startswith="survey:")


def timing(job, value):
    Job.objects.filter(pk=job.pk).update(survey_timing=value)
    job.refresh_from_db()


def stages(job):
    return list(job.stages.order_by("order"))


def move(application, stage):
    # Interviews here have no scorecards: the stage gate is overridden, as a recruiter may.
    return application_move(
        application=application, to_stage=stage, actor=application.job.recruiter, override_reason="testing surveys"
    )


def sweep_later(**kwargs):
    return survey_sweep(now=timezone.now() + LATER, **kwargs)


def token_of(email: OutboundEmail) -> str:
    return urlsplit(email.context["survey_url"]).path.rstrip("/").rsplit("/", 1)[1]


def rejected(job, **candidate):
    application = factories.application(job_=job, candidate_=factories.candidate(**candidate))
    return application_reject(application=application, actor=None, reason="skills")


def survey_url(token):
    return reverse("interviews:survey", args=[token])


@pytest.fixture
def sent(job):
    """A rejected application of an at-end job, surveyed: (application, token)."""
    application = rejected(job)
    assert sweep_later() == 1
    return application, token_of(surveys().get())


# --- the sweep -------------------------------------------------------------------------


def test_a_closed_application_is_surveyed_once_however_often_the_sweep_runs(job):
    application = rejected(job)
    assert sweep_later() == 1
    assert sweep_later() == 0
    assert survey_sweep(now=timezone.now() + timedelta(days=1)) == 0
    email = surveys().get()
    assert email.idempotency_key == f"survey:{application.pk}:{application.stage_id}"
    assert email.template == "feedback_survey"
    assert email.to_address == application.candidate.email
    token = AccessToken.objects.get()
    assert token.purpose == AccessToken.Purpose.FEEDBACK_SURVEY
    assert token.target_id == StageTransition.objects.get(application=application, to_status="rejected").pk
    assert abs(token.expires_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_running_at_once_send_one_survey_per_application_and_stage(job):
    applications = [rejected(job) for _n in range(3)]
    barrier, results, errors = threading.Barrier(2), [], []

    def run():
        try:
            barrier.wait()
            results.append(sweep_later())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 3
    assert surveys().count() == 3
    assert AccessToken.objects.count() == 3  # no token issued for a survey someone else sent
    assert {e.related_id for e in surveys().all()} == {str(a.public_id) for a in applications}


def test_a_survey_waits_until_the_move_is_a_few_hours_old(job):
    rejected(job)
    assert survey_sweep() == 0
    assert survey_sweep(now=timezone.now() + SURVEY_DELAY - timedelta(minutes=5)) == 0
    assert sweep_later() == 1


def test_moves_older_than_the_window_are_not_surveyed(job):
    rejected(job)
    assert survey_sweep(now=timezone.now() + SURVEY_WINDOW + timedelta(hours=1)) == 0


def test_a_job_that_never_surveys_sends_nothing(job):
    timing(job, Job.SurveyTiming.NEVER)
    rejected(job)
    assert sweep_later() == 0
    assert not surveys().exists()


def test_at_end_surveys_closed_applications_but_not_moves(job, application):
    first, second = stages(job)[:2]
    factories.interview(application_=application, panel=[job.recruiter])
    move(application, second)
    assert sweep_later() == 0
    hired = factories.application(job_=job)
    application_hire(application=hired, actor=None)
    assert sweep_later() == 1
    assert surveys().get().idempotency_key == f"survey:{hired.pk}:{first.pk}"


def test_after_stage_surveys_each_interview_stage_left(job, application):
    timing(job, Job.SurveyTiming.AFTER_STAGE)
    first, second, third = stages(job)[:3]
    factories.interview(application_=application, panel=[job.recruiter])
    application = move(application, second)
    factories.interview(application_=application, panel=[job.recruiter], days_from_now=-0.1)  # over
    move(application, third)
    assert sweep_later() == 2
    assert set(surveys().values_list("idempotency_key", flat=True)) == {
        f"survey:{application.pk}:{first.pk}",
        f"survey:{application.pk}:{second.pk}",
    }


def test_after_stage_skips_a_stage_without_an_interview_and_surveys_a_rejection_after_one(job):
    timing(job, Job.SurveyTiming.AFTER_STAGE)
    second = stages(job)[1]
    never_interviewed = factories.application(job_=job)
    move(never_interviewed, second)
    interviewed = factories.application(job_=job)
    factories.interview(application_=interviewed, panel=[job.recruiter])
    application_reject(application=interviewed, actor=None, reason="skills")
    assert sweep_later() == 1
    assert surveys().get().related_id == str(interviewed.public_id)


def test_a_move_corrected_within_the_delay_sends_no_survey(job, application):
    timing(job, Job.SurveyTiming.AFTER_STAGE)
    first, second = stages(job)[:2]
    factories.interview(application_=application, panel=[job.recruiter])
    move(application, second)
    move(application, first)  # oops: back
    assert sweep_later() == 0
    assert survey_sweep(now=timezone.now() + timedelta(days=2)) == 0


def test_a_candidate_without_an_email_address_is_never_surveyed(job):
    rejected(job, email="")
    assert sweep_later() == 0
    assert not AccessToken.objects.exists()


def test_a_candidate_who_asked_not_to_be_contacted_is_never_surveyed(job):
    application = rejected(job)
    candidate = application.candidate
    candidate.contact_opt_out_at = timezone.now()
    candidate.save(update_fields=["contact_opt_out_at"])
    assert sweep_later() == 0
    assert not AccessToken.objects.exists()


def test_the_sweep_task_runs_the_sweep_and_beat_runs_it_every_ten_minutes(job):
    rejected(job)
    assert survey_sweep_task() == 0  # not due yet
    entry = celery_app.conf.beat_schedule["survey-sweep"]
    assert entry["task"] == survey_sweep_task.name
    assert entry["schedule"] == timedelta(minutes=10)


def test_the_sweep_passes_the_limit(job):
    for _n in range(3):
        rejected(job)
    assert sweep_later(limit=2) == 2
    assert sweep_later(limit=2) == 1


def test_the_survey_email_reaches_a_real_smtp_server_in_the_candidates_language(job, smtp_mailer):
    application = rejected(job, full_name="李雷", language="zh-hans")
    sweep_later()
    email = surveys().get()
    assert email.language == "zh-hans"
    assert outbound_email_send(email_id=email.pk) == "sent"
    [message] = smtp_mailer.messages
    assert message["To"] == application.candidate.email
    subject = str(make_header(decode_header(message["Subject"])))
    assert "Robot Whisperer" in subject and "您" in subject  # the translated subject
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else str(message)
    assert survey_url(token_of(email)) in body
    assert "李雷" in body


# --- answering -------------------------------------------------------------------------


def test_an_answer_is_stored_for_the_application_and_stage_and_uses_the_token(sent):
    application, token = sent
    feedback = survey_answer_record(
        token=token, satisfaction=4, recommend_score=9, went_well=" Quick replies ", to_improve="Parking"
    )
    assert (feedback.application, feedback.stage_id) == (application, application.stage_id)
    assert (feedback.satisfaction, feedback.recommend_score, feedback.went_well) == (4, 9, "Quick replies")
    assert AccessToken.objects.get().used_at is not None
    with pytest.raises(TokenInvalid) as error:
        survey_answer_record(token=token, satisfaction=1, recommend_score=0)
    assert error.value.code == "used"
    assert CandidateFeedback.objects.count() == 1


@pytest.mark.parametrize(("satisfaction", "recommend_score"), [(0, 5), (6, 5), (3, 11), (3, -1), ("3", 5), (True, 5)])
def test_answers_out_of_range_are_refused_and_the_token_stays_open(sent, satisfaction, recommend_score):
    _application, token = sent
    with pytest.raises(ValidationError):
        survey_answer_record(token=token, satisfaction=satisfaction, recommend_score=recommend_score)
    assert not CandidateFeedback.objects.exists()
    assert AccessToken.objects.get().used_at is None


def test_an_expired_token_is_refused(sent):
    _application, token = sent
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(TokenInvalid) as error:
        survey_answer_record(token=token, satisfaction=3, recommend_score=5)
    assert error.value.code == "expired"


def test_a_token_issued_for_another_purpose_is_refused(job):
    application = rejected(job)
    transition = StageTransition.objects.filter(application=application).last()
    token, _row = access_token_issue(
        purpose=AccessToken.Purpose.CHECK_IN, target=transition, valid_for=timedelta(days=1)
    )
    with pytest.raises(TokenInvalid) as error:
        survey_answer_record(token=token, satisfaction=3, recommend_score=5)
    assert error.value.code == "unknown"


def test_a_second_survey_for_an_answered_application_and_stage_is_refused(sent):
    application, token = sent
    survey_answer_record(token=token, satisfaction=4, recommend_score=9)
    transition = StageTransition.objects.filter(application=application).last()
    again, _row = access_token_issue(
        purpose=AccessToken.Purpose.FEEDBACK_SURVEY, target=transition, valid_for=timedelta(days=1)
    )
    with pytest.raises(ValidationError):
        survey_answer_record(token=again, satisfaction=2, recommend_score=2)
    assert CandidateFeedback.objects.count() == 1


# --- the candidate's page --------------------------------------------------------------


def test_the_survey_page_shows_the_form_without_login_and_changes_nothing(client, sent):
    _application, token = sent
    response = client.get(survey_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('name="satisfaction"') == 5
    assert html.count('name="recommend_score"') == 11
    assert 'name="went_well"' in html and 'name="to_improve"' in html
    assert "Robot Whisperer" in html
    assert AccessToken.objects.get().used_at is None
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_submitting_the_survey_records_it_and_the_link_then_says_thank_you(client, sent):
    _application, token = sent
    data = {"satisfaction": "5", "recommend_score": "10", "went_well": "Kind people", "to_improve": ""}
    response = client.post(survey_url(token), data)
    assert response.status_code == 302
    assert response["Location"] == survey_url(token)
    assert CandidateFeedback.objects.get().satisfaction == 5
    page = client.get(survey_url(token))
    assert page.status_code == 200
    assert 'data-testid="survey-thanks"' in page.content.decode()
    again = client.post(survey_url(token), data)
    assert 'data-testid="survey-thanks"' in again.content.decode()
    assert CandidateFeedback.objects.count() == 1


@pytest.mark.parametrize(
    "data", [{"satisfaction": "9", "recommend_score": "5"}, {"satisfaction": "x"}, {"recommend_score": "42"}]
)
def test_a_survey_posted_out_of_range_shows_the_form_again_without_an_error_page(client, sent, data):
    _application, token = sent
    response = client.post(survey_url(token), data)
    assert response.status_code == 200
    assert 'data-testid="survey-form"' in response.content.decode()
    assert not CandidateFeedback.objects.exists()
    assert AccessToken.objects.get().used_at is None


@pytest.mark.parametrize(("state", "status"), [("expired", 410), ("revoked", 410), ("unknown", 404)])
def test_a_dead_link_gets_a_friendly_page(client, sent, state, status):
    _application, token = sent
    if state == "expired":
        AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    if state == "revoked":
        AccessToken.objects.update(revoked_at=timezone.now())
    url = survey_url(token if state != "unknown" else "not-a-real-token")
    for response in (client.get(url), client.post(url, {"satisfaction": "3", "recommend_score": "3"})):
        assert response.status_code == status
        assert 'data-testid="survey-unavailable"' in response.content.decode()
    assert not CandidateFeedback.objects.exists()


def test_a_link_issued_for_another_purpose_is_not_found_on_the_survey_page(client, job):
    transition = StageTransition.objects.filter(application=rejected(job)).last()
    token, _row = access_token_issue(purpose=AccessToken.Purpose.RESCHEDULE, target=transition, valid_for=timedelta(1))
    assert client.get(survey_url(token)).status_code == 404


def test_the_survey_page_refuses_other_methods(client, sent):
    _application, token = sent
    assert client.put(survey_url(token)).status_code == 405


def test_the_survey_page_speaks_chinese_to_a_chinese_candidate(client, job):
    rejected(job, full_name="韩梅梅", language="zh-hans")
    sweep_later()
    token = token_of(surveys().get())
    html = client.get(survey_url(token), headers={"accept-language": "en"}).content.decode()
    assert '<html lang="zh-hans">' in html
    AccessToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    expired = client.get(survey_url(token), headers={"accept-language": "en"}).content.decode()
    assert "此链接已过期。" in expired


# --- results ---------------------------------------------------------------------------


def answers(job, stage, scores, texts=("",)):
    """Answers made directly (the selector's input), one application each."""
    rows = []
    for n, (satisfaction, recommend) in enumerate(scores):
        application = factories.application(job_=job)
        rows.append(
            CandidateFeedback.objects.create(
                application=application,
                stage=stage,
                satisfaction=satisfaction,
                recommend_score=recommend,
                went_well=texts[n % len(texts)],
            )
        )
    return rows


def test_a_group_under_five_answers_shows_nothing(recruiter, job):
    first = stages(job)[0]
    answers(job, first, [(5, 10)] * (MIN_GROUP - 1), texts=["Great"])
    results = survey_results_for(recruiter, job=job)
    for group in [results.overall, *results.by_stage]:
        assert not group.shown
        assert (group.answers, group.mean_satisfaction, group.nps, group.went_well) == (None, None, None, [])


def test_a_group_of_five_shows_count_mean_nps_and_texts(recruiter, job):
    first = stages(job)[0]
    answers(job, first, [(5, 10), (4, 9), (3, 9), (5, 7), (3, 2)], texts=["Fast", "Clear", ""])
    results = survey_results_for(recruiter, job=job)
    for group in (results.overall, results.by_stage[0]):
        assert group.shown
        assert group.answers == 5
        assert group.mean_satisfaction == 4.0
        assert group.nps == 40  # 3 promoters, 1 detractor of 5
        assert group.went_well == ["Clear", "Clear", "Fast", "Fast"]


def test_a_stage_that_would_reveal_a_smaller_one_by_subtraction_is_hidden(recruiter, job):
    first, second = stages(job)[:2]
    answers(job, first, [(4, 8)] * 5)
    answers(job, second, [(1, 0)])
    results = survey_results_for(recruiter, job=job)
    assert results.overall.shown and results.overall.answers == 6
    assert [group.shown for group in results.by_stage] == [False, False]


def test_results_only_count_jobs_the_user_sees(outsider, job):
    answers(job, stages(job)[0], [(5, 10)] * 5)
    assert not survey_results_for(outsider).overall.shown
    assert not survey_results_for(outsider, job=job).overall.shown


def results_url(job):
    return reverse("interviews:survey-results", args=[job.public_id])


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "reviewer"])
def test_the_recruiting_team_reads_the_results_page(client, personas, job, persona):
    answers(job, stages(job)[0], [(4, 10)] * 5, texts=["Friendly"])
    client.force_login(personas[persona])
    response = client.get(results_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Friendly" in html
    assert 'data-testid="nps">100<' in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_a_hiring_manager_sees_the_job_but_not_its_survey_results(client, hiring_manager, job):
    client.force_login(hiring_manager)
    assert client.get(results_url(job)).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_results_page_is_not_found_for_those_who_do_not_see_the_job(client, personas, job, persona):
    client.force_login(personas[persona])
    assert client.get(results_url(job)).status_code == 404


def test_the_results_page_refuses_post(client, recruiter, job):
    client.force_login(recruiter)
    assert client.post(results_url(job)).status_code == 405


def test_the_results_page_hides_a_small_group_and_answers_htmx_with_its_region(client, recruiter, job):
    answers(job, stages(job)[0], [(4, 10)] * 2, texts=["Secret"])
    client.force_login(recruiter)
    page = client.get(results_url(job)).content.decode()
    fragment = client.get(results_url(job) + "?period=90", HTTP_HX_REQUEST="true").content.decode()
    for html in (page, fragment):
        assert "Secret" not in html
        assert "Not enough answers yet." in html
    assert "<html" in page and "<html" not in fragment
    assert fragment.lstrip().startswith('<div id="survey-results">')


def test_the_results_page_runs_the_same_queries_for_few_or_many_answers(client, recruiter, job):
    first, second = stages(job)[:2]
    client.force_login(recruiter)
    answers(job, first, [(4, 10)] * 5)
    client.get(results_url(job))  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        client.get(results_url(job))
    answers(job, first, [(3, 5)] * 20)
    answers(job, second, [(2, 9)] * 7)
    with CaptureQueriesContext(connection) as many:
        client.get(results_url(job))
    assert len(few) == len(many)


def test_the_job_page_links_to_the_results_for_the_recruiting_team_only(client, recruiter, hiring_manager, job):
    client.force_login(recruiter)
    assert results_url(job) in client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
    client.force_login(hiring_manager)
    assert results_url(job) not in client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
