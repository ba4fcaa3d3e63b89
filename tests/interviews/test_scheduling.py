"""Scheduling interviews: who may sit on a panel, conflicts, invitations in
each recipient's language and time zone, and the schedule, reschedule,
cancel and unavailable-times pages (interviews.views.scheduling)."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.roles import Role
from candidates.models import Activity
from interviews.models import Interview, Unavailability
from interviews.selectors.scheduling import panel_conflicts, stage_panel_candidates
from interviews.services.scheduling import (
    interview_cancel,
    interview_reschedule,
    interview_schedule,
    unavailability_add,
    unavailability_remove,
)
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send
from tests import factories
from tests.core.test_pages import INLINE

START = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)  # Tuesday 10:00 in Shanghai, 03:00 in Paris
HOUR = timedelta(hours=1)


def invitations():
    """The outbox without the interview reminders (tests/interviews/test_reminders.py)."""
    return OutboundEmail.objects.exclude(idempotency_key__contains=":reminder:")


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def schedule(application, panel, starts_at=START, **extra):
    return interview_schedule(
        application=application,
        actor=application.job.recruiter,
        starts_at=starts_at,
        ends_at=starts_at + HOUR,
        panel=panel,
        **extra,
    )


def schedule_url(application):
    return reverse("interviews:interview-schedule", args=[application.public_id])


def reschedule_url(interview):
    return reverse("interviews:interview-reschedule", args=[interview.public_id])


def cancel_url(interview):
    return reverse("interviews:interview-cancel", args=[interview.public_id])


def form_data(*panel, date="2031-03-04", time="10:00", duration=60, **extra):
    return {
        "date": date,
        "time": time,
        "duration_minutes": duration,
        "panel": [str(user.public_id) for user in panel],
        "location": "Room 4",
        "video_url": "",
        **extra,
    }


# --- who may sit on a panel ---------------------------------------------------------


def test_without_qualified_interviewers_every_active_non_reviewer_may_sit_on_a_panel(personas, job):
    stage = job.stages.first()
    retired = factories.user(Role.INTERVIEWER)
    type(retired).objects.filter(pk=retired.pk).update(is_active=False)
    allowed = set(stage_panel_candidates(stage))
    assert personas["interviewer"] in allowed and personas["hiring_manager"] in allowed
    assert personas["recruiter"] in allowed and personas["coordinator"] in allowed
    assert personas["reviewer"] not in allowed
    assert retired not in allowed


def test_a_stage_with_qualified_interviewers_offers_only_them(personas, job, django_assert_num_queries):
    stage = job.stages.first()
    stage.interviewers.set([personas["interviewer"]])
    with django_assert_num_queries(1):
        assert list(stage_panel_candidates(stage)) == [personas["interviewer"]]


def test_scheduling_an_unqualified_panelist_is_refused_naming_them(personas, application):
    stage = application.stage
    stage.interviewers.set([personas["interviewer"]])
    with pytest.raises(ValidationError) as refused:
        schedule(application, [personas["interviewer"], personas["hiring_manager"]])
    assert refused.value.message_dict["panel"] == [f"Mia Manager may not sit on {stage.name} panels."]
    assert not Interview.objects.exists()


def test_a_reviewer_may_not_sit_on_a_panel(personas, application):
    with pytest.raises(ValidationError, match="Rae Reviewer may not sit on"):
        schedule(application, [personas["reviewer"]])


# --- conflicts ----------------------------------------------------------------------


def test_an_overlapping_interview_conflicts_and_one_touching_the_edge_does_not(interviewer, application):
    schedule(application, [interviewer], starts_at=START)
    users = [interviewer]
    assert panel_conflicts(users=users, starts_at=START + HOUR, ends_at=START + 2 * HOUR) == {}
    assert panel_conflicts(users=users, starts_at=START - HOUR, ends_at=START) == {}
    [conflict] = panel_conflicts(users=users, starts_at=START + HOUR / 2, ends_at=START + 2 * HOUR)[interviewer.pk]
    assert conflict.kind == "interview"
    assert (conflict.starts_at, conflict.ends_at) == (START, START + HOUR)


def test_a_declared_unavailable_time_conflicts(interviewer):
    unavailability_add(user=interviewer, starts_at=START, ends_at=START + 4 * HOUR, reason="Dentist")
    [conflict] = panel_conflicts(users=[interviewer], starts_at=START + HOUR, ends_at=START + 2 * HOUR)[interviewer.pk]
    assert (conflict.kind, conflict.reason) == ("unavailable", "Dentist")
    assert panel_conflicts(users=[interviewer], starts_at=START + 4 * HOUR, ends_at=START + 5 * HOUR) == {}


def test_cancelled_interviews_and_the_interview_being_moved_do_not_conflict(interviewer, application):
    moving = schedule(application, [interviewer])
    cancelled = schedule(factories.application(job_=application.job), [interviewer])
    interview_cancel(interview=cancelled, actor=None)
    assert panel_conflicts(users=[interviewer], starts_at=START, ends_at=START + HOUR, exclude_interview=moving) == {}


def test_an_interview_of_a_job_the_scheduler_cannot_see_shows_only_busy(recruiter, interviewer, application):
    elsewhere = factories.application()  # a job on a client the recruiter is not granted
    schedule(elsewhere, [interviewer])
    own = schedule(application, [interviewer], starts_at=START + HOUR / 2)
    conflicts = panel_conflicts(users=[interviewer], starts_at=START, ends_at=START + 2 * HOUR, viewer=recruiter)[
        interviewer.pk
    ]
    assert [c.interview for c in conflicts] == [None, own]


def test_conflicts_for_a_whole_panel_take_two_queries(personas, application, django_assert_num_queries):
    panel = [personas["interviewer"], personas["hiring_manager"], personas["recruiter"]]
    for user in panel:
        unavailability_add(user=user, starts_at=START, ends_at=START + HOUR)
    schedule(application, panel)
    with django_assert_num_queries(2):
        conflicts = panel_conflicts(users=panel, starts_at=START, ends_at=START + HOUR, viewer=personas["recruiter"])
    assert {pk: len(items) for pk, items in conflicts.items()} == {user.pk: 2 for user in panel}


# --- invitations --------------------------------------------------------------------


def test_scheduling_queues_one_invitation_per_recipient_and_an_email_activity(interviewer, application):
    interview = schedule(application, [interviewer])
    keys = set(invitations().values_list("idempotency_key", flat=True))
    assert keys == {
        f"interview:{interview.pk}:invite:0:candidate:{application.candidate.pk}",
        f"interview:{interview.pk}:invite:0:panelist:{interviewer.pk}",
    }
    assert Activity.objects.filter(candidate=application.candidate, kind=Activity.Kind.EMAIL).count() == 1


def test_an_interview_already_over_sends_nothing(interviewer, application):
    factories.interview(application_=application, panel=[interviewer], days_from_now=-1)
    assert not OutboundEmail.objects.exists()


def test_the_invitation_reaches_a_real_smtp_server_with_the_ics_and_the_candidates_local_time(
    job, interviewer, smtp_mailer
):
    candidate = factories.candidate(full_name="Grace Hopper", time_zone="Asia/Shanghai", language="en")
    application = factories.application(job_=job, candidate_=candidate)
    interview = schedule(application, [interviewer])
    email = OutboundEmail.objects.get(idempotency_key__contains=":candidate:")
    assert outbound_email_send(email_id=email.pk) == "sent"
    assert outbound_email_send(email_id=email.pk) == "not claimed"
    [message] = smtp_mailer.messages
    assert message["To"] == candidate.email
    assert (
        str(make_header(decode_header(message["Subject"])))
        == f"Interview invitation: {interview.stage.name} – Robot Whisperer"
    )
    parts = list(message.walk())
    [calendar] = [part for part in parts if part.get_filename() == "invite.ics"]
    assert calendar.get_content_type() == "text/calendar"
    assert calendar.get_param("method") == "REQUEST"
    assert f"UID:interview-{interview.public_id}@recruitcrm" in calendar.get_payload(decode=True).decode()
    [text] = [part for part in parts if part.get_content_type() == "text/plain" and not part.get_filename()]
    body = text.get_payload(decode=True).decode()
    assert "10:00–11:00 (Asia/Shanghai)" in body
    assert "Tuesday" in body


def test_a_chinese_candidate_gets_the_invitation_in_chinese_and_a_panelist_in_their_own(job, smtp_mailer):
    panelist = factories.user(Role.INTERVIEWER, language="en", time_zone="Europe/Paris")
    candidate = factories.candidate(full_name="王小明", language="zh-hans", time_zone="Asia/Shanghai")
    schedule(factories.application(job_=job, candidate_=candidate), [panelist])
    for email in invitations().order_by("idempotency_key"):
        outbound_email_send(email_id=email.pk)
    by_recipient = {m["To"]: m for m in smtp_mailer.messages}
    chinese = next(p for p in by_recipient[candidate.email].walk() if p.get_content_type() == "text/plain")
    body = chinese.get_payload(decode=True).decode()
    assert "2031年3月4日" in body and "星期二" in body and "10:00–11:00（Asia/Shanghai）" in body
    assert "王小明，您好" in body and "诚邀您参加" in body
    english = next(p for p in by_recipient[panelist.email].walk() if p.get_content_type() == "text/plain")
    body = english.get_payload(decode=True).decode()
    assert "March 4, 2031" in body and "03:00–04:00 (Europe/Paris)" in body
    assert "Candidate: 王小明" in body
    assert dict(invitations().values_list("idempotency_key", "language")) == {
        key: ("zh-hans" if ":candidate:" in key else "en")
        for key in invitations().values_list("idempotency_key", flat=True)
    }


def test_a_candidate_without_an_email_address_is_skipped_and_the_panel_still_invited(job, interviewer):
    candidate = factories.candidate(email="")
    interview = schedule(factories.application(job_=job, candidate_=candidate), [interviewer])
    assert list(invitations().values_list("idempotency_key", flat=True)) == [
        f"interview:{interview.pk}:invite:0:panelist:{interviewer.pk}"
    ]


def test_a_cancelled_interview_cannot_be_rescheduled_or_cancelled_again(interviewer, application):
    interview = schedule(application, [interviewer])
    interview_cancel(interview=interview, actor=None)
    with pytest.raises(ValidationError):
        interview_cancel(interview=interview, actor=None)
    with pytest.raises(ValidationError):
        interview_reschedule(interview=interview, actor=None, starts_at=START, ends_at=START + HOUR)


# --- the schedule page --------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator"])
def test_those_who_change_applications_get_the_schedule_form_prefilled_for_the_stage(
    client, personas, application, persona
):
    client.force_login(personas[persona])
    response = client.get(schedule_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'value="{application.stage.duration_minutes}"' in html
    assert str(personas["interviewer"].public_id) in html
    assert str(personas["reviewer"].public_id) not in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_date_and_time_inputs_are_prefilled_in_the_format_browsers_read_in_every_language(
    client, recruiter, application, language
):
    recruiter.language = language
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    html = client.get(schedule_url(application)).content.decode()
    assert re.search(r'<input type="date" name="date" value="\d{4}-\d{2}-\d{2}"', html)
    assert re.search(r'<input type="time" name="time" value="10:00"', html)


@pytest.mark.parametrize("persona", ["reviewer", "hiring_manager"])
def test_those_who_only_read_the_job_may_not_schedule(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.get(schedule_url(application)).status_code == 403
    assert client.post(schedule_url(application), form_data(personas["interviewer"])).status_code == 403
    assert not Interview.objects.exists()


def test_an_outsider_does_not_find_the_schedule_page(client, outsider, interviewer, application):
    client.force_login(outsider)
    assert client.get(schedule_url(application)).status_code == 404
    client.force_login(interviewer)  # not on any panel of this application
    assert client.get(schedule_url(application)).status_code == 404


def test_the_schedule_page_refuses_other_methods(client, recruiter, application):
    client.force_login(recruiter)
    assert client.put(schedule_url(application)).status_code == 405
    assert client.delete(schedule_url(application)).status_code == 405


def test_htmx_rechecks_conflicts_and_shows_both_time_zones_as_a_fragment(client, recruiter, interviewer, job):
    recruiter.time_zone = "Europe/Paris"
    recruiter.save(update_fields=["time_zone"])
    candidate = factories.candidate(full_name="Grace Hopper", time_zone="Asia/Shanghai")
    application = factories.application(job_=job, candidate_=candidate)
    unavailability_add(user=interviewer, starts_at=START, ends_at=START + HOUR, reason="Training")
    client.force_login(recruiter)
    response = client.get(schedule_url(application), form_data(interviewer, time="03:00"), **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and 'id="schedule-conflicts"' in html
    assert "03:00–04:00</strong> (Europe/Paris)" in html
    assert "10:00–11:00</strong> (Asia/Shanghai)" in html
    assert "Ivan Interviewer" in html and "Training" in html
    assert 'name="confirm"' in html


def test_a_plain_get_renders_the_whole_page(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(schedule_url(application)).content.decode()
    assert "<html" in html and 'id="schedule-conflicts"' in html and 'data-testid="schedule-form"' in html


def test_saving_over_a_conflict_asks_to_confirm_then_saves(client, recruiter, interviewer, application):
    recruiter.time_zone = "UTC"
    recruiter.save(update_fields=["time_zone"])
    unavailability_add(user=interviewer, starts_at=START, ends_at=START + HOUR)
    client.force_login(recruiter)
    data = form_data(interviewer, time="02:00")
    response = client.post(schedule_url(application), data)
    assert response.status_code == 200
    assert "save anyway" in response.content.decode()
    assert not Interview.objects.exists()
    response = client.post(schedule_url(application), {**data, "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:board", args=[application.job.public_id])
    interview = Interview.objects.get()
    assert interview.starts_at == START
    assert interview.location == "Room 4"
    assert list(interview.panel.all()) == [interviewer]
    assert invitations().count() == 2


def test_without_conflicts_the_schedule_is_saved_at_once_and_goes_back_to_next(
    client, coordinator, interviewer, application
):
    client.force_login(coordinator)
    profile = reverse("candidates:candidate-detail", args=[application.candidate.public_id])
    response = client.post(schedule_url(application), form_data(interviewer, next=profile))
    assert response.status_code == 302 and response["Location"] == profile
    assert Interview.objects.get().created_by == coordinator


def test_a_next_url_off_site_is_ignored(client, recruiter, interviewer, application):
    client.force_login(recruiter)
    response = client.post(schedule_url(application), form_data(interviewer, next="https://evil.example/"))
    assert response["Location"] == reverse("interviews:board", args=[application.job.public_id])


def test_an_unqualified_panelist_is_refused_by_the_form(client, recruiter, reviewer, application):
    client.force_login(recruiter)
    response = client.post(schedule_url(application), form_data(reviewer))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Interview.objects.exists()


# --- reschedule and cancel ----------------------------------------------------------


def test_rescheduling_from_the_page_moves_the_interview_and_sends_the_update(
    client, recruiter, interviewer, application
):
    interview = schedule(application, [interviewer])
    recruiter.time_zone = "UTC"
    recruiter.save(update_fields=["time_zone"])
    client.force_login(recruiter)
    page = client.get(reschedule_url(interview)).content.decode()
    assert 'value="2031-03-04"' in page and 'value="02:00"' in page
    assert cancel_url(interview) in page
    response = client.post(reschedule_url(interview), form_data(interviewer, date="2031-03-05", time="02:00"))
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.starts_at == START + timedelta(days=1)
    assert interview.sequence == 1
    assert OutboundEmail.objects.filter(idempotency_key__contains=":invite:1:").count() == 2
    assert OutboundEmail.objects.get(idempotency_key__contains=":invite:1:candidate:").template == (
        "interview_rescheduled"
    )


def test_the_interview_being_moved_is_not_its_own_conflict(client, recruiter, interviewer, application):
    interview = schedule(application, [interviewer])
    recruiter.time_zone = "UTC"
    recruiter.save(update_fields=["time_zone"])
    client.force_login(recruiter)
    response = client.get(reschedule_url(interview), form_data(interviewer, time="02:00"), **htmx())
    assert 'data-testid="no-conflicts"' in response.content.decode()


def test_an_interviewer_on_the_panel_sees_but_may_not_reschedule_or_cancel(client, interviewer, application):
    interview = schedule(application, [interviewer])
    client.force_login(interviewer)
    assert client.get(reschedule_url(interview)).status_code == 403
    assert client.post(cancel_url(interview)).status_code == 403
    assert Interview.objects.get().status == Interview.Status.SCHEDULED


@pytest.mark.parametrize("persona", ["outsider"])
def test_an_outsider_does_not_find_the_interview_to_reschedule_or_cancel(
    client, personas, interviewer, application, persona
):
    interview = schedule(application, [interviewer])
    client.force_login(personas[persona])
    assert client.get(reschedule_url(interview)).status_code == 404
    assert client.post(cancel_url(interview)).status_code == 404


def test_cancelling_from_the_page_tells_everyone(client, recruiter, interviewer, application):
    interview = schedule(application, [interviewer])
    client.force_login(recruiter)
    assert client.get(cancel_url(interview)).status_code == 405
    response = client.post(cancel_url(interview), {"reason": "Position filled"})
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    cancels = OutboundEmail.objects.filter(idempotency_key__contains=":cancel:")
    assert cancels.count() == 2
    assert {email.context["reason"] for email in cancels} == {"Position filled"}
    assert all("METHOD:CANCEL" in base64.b64decode(e.attachments[0]["content"]).decode() for e in cancels)


def test_the_board_and_the_profile_link_to_scheduling_for_those_who_may(client, recruiter, reviewer, application):
    link = schedule_url(application)
    board = reverse("interviews:application-actions", args=[application.public_id])  # a board card's actions
    profile = reverse("candidates:candidate-detail", args=[application.candidate.public_id])
    client.force_login(recruiter)
    assert link in client.get(board).content.decode()
    assert link in client.get(profile).content.decode()
    client.force_login(reviewer)
    assert link not in client.get(board).content.decode()
    assert link not in client.get(profile).content.decode()


# --- my unavailable times -----------------------------------------------------------

UNAVAILABILITY = reverse("interviews:unavailability-list")
ADD = reverse("interviews:unavailability-add")
REMOVE = reverse("interviews:unavailability-remove")


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator", "hiring_manager", "interviewer"])
def test_everyone_lists_and_adds_their_own_unavailable_times(client, personas, persona):
    user = personas[persona]
    client.force_login(user)
    assert client.get(UNAVAILABILITY).status_code == 200
    response = client.post(ADD, {"starts_at": "2031-03-04T09:00", "ends_at": "2031-03-04T12:00", "reason": "Leave"})
    assert response.status_code == 302
    assert Unavailability.objects.get().user == user


def test_the_read_only_reviewer_may_not_declare_unavailable_times(client, reviewer, interviewer):
    row = unavailability_add(user=interviewer, starts_at=START, ends_at=START + HOUR)
    client.force_login(reviewer)
    assert client.get(UNAVAILABILITY).status_code == 403
    response = client.post(ADD, {"starts_at": "2031-03-04T09:00", "ends_at": "2031-03-04T12:00", "reason": "Leave"})
    assert response.status_code == 403
    assert client.post(ADD, {"starts_at": "2031-03-04T09:00"}, **htmx()).status_code == 403
    assert client.post(REMOVE, {"unavailability": row.pk}).status_code == 403
    assert list(Unavailability.objects.all()) == [row]
    with pytest.raises(PermissionDenied):
        unavailability_add(user=reviewer, starts_at=START, ends_at=START + HOUR)
    page = client.get(reverse("interviews:my-interviews"))
    assert page.status_code == 200 and "My unavailable times" not in page.content.decode()


def test_the_list_shows_only_ones_own_times(client, interviewer, hiring_manager):
    unavailability_add(user=hiring_manager, starts_at=START, ends_at=START + HOUR, reason="Board meeting")
    unavailability_add(user=interviewer, starts_at=START, ends_at=START + HOUR, reason="Dentist")
    client.force_login(interviewer)
    html = client.get(UNAVAILABILITY).content.decode()
    assert "Dentist" in html and "Board meeting" not in html


def test_adding_an_end_before_the_start_is_refused(client, interviewer):
    client.force_login(interviewer)
    response = client.post(ADD, {"starts_at": "2031-03-04T12:00", "ends_at": "2031-03-04T09:00"}, **htmx())
    assert response.status_code == 200
    assert "The end must come after the start." in response.content.decode()
    assert not Unavailability.objects.exists()


def test_htmx_add_and_remove_answer_with_the_region(client, interviewer):
    client.force_login(interviewer)
    response = client.post(ADD, {"starts_at": "2031-03-04T09:00", "ends_at": "2031-03-04T12:00"}, **htmx())
    html = response.content.decode()
    assert "<html" not in html and 'id="unavailability"' in html and 'data-testid="unavailability-row"' in html
    row = Unavailability.objects.get()
    response = client.post(REMOVE, {"unavailability": row.pk}, **htmx())
    assert 'data-testid="unavailability-row"' not in response.content.decode()
    assert not Unavailability.objects.exists()
    assert "<html" in client.get(UNAVAILABILITY).content.decode()
    assert "<html" not in client.get(UNAVAILABILITY, **htmx()).content.decode()


def test_removing_someone_elses_time_is_not_found(client, interviewer, hiring_manager):
    row = unavailability_add(user=hiring_manager, starts_at=START, ends_at=START + HOUR)
    client.force_login(interviewer)
    assert client.post(REMOVE, {"unavailability": row.pk}).status_code == 404
    assert client.post(REMOVE, {"unavailability": "x"}).status_code == 404
    assert Unavailability.objects.filter(pk=row.pk).exists()
    with pytest.raises(PermissionDenied):
        unavailability_remove(user=interviewer, unavailability=row)


def test_the_unavailable_times_pages_refuse_other_methods(client, interviewer):
    client.force_login(interviewer)
    assert client.post(UNAVAILABILITY).status_code == 405
    assert client.get(ADD).status_code == 405
    assert client.get(REMOVE).status_code == 405


@pytest.mark.parametrize("rows", [1, 20])
def test_the_unavailable_times_list_runs_a_fixed_number_of_queries(
    client, interviewer, rows, django_assert_num_queries
):
    for n in range(rows):
        unavailability_add(user=interviewer, starts_at=START + n * HOUR, ends_at=START + (n + 1) * HOUR)
    client.force_login(interviewer)
    client.get(UNAVAILABILITY)  # warm the session
    with django_assert_num_queries(QUERIES):
        assert client.get(UNAVAILABILITY).status_code == 200


QUERIES = 3


@pytest.mark.parametrize("extra_panelists", [0, 15])
def test_the_schedule_page_runs_a_fixed_number_of_queries_however_many_may_sit_on_the_panel(
    client, recruiter, interviewer, application, extra_panelists, django_assert_num_queries
):
    panel = [factories.user(Role.INTERVIEWER) for _ in range(extra_panelists)] + [interviewer]
    for user in panel:
        unavailability_add(user=user, starts_at=START, ends_at=START + HOUR)
    recruiter.time_zone = "UTC"
    recruiter.save(update_fields=["time_zone"])
    client.force_login(recruiter)
    client.get(UNAVAILABILITY)  # warm the session
    with django_assert_num_queries(SCHEDULE_QUERIES):
        response = client.get(schedule_url(application), form_data(*panel, time="02:00"), **htmx())
    assert response.content.decode().count('data-testid="conflict"') == len(panel)


SCHEDULE_QUERIES = 6  # session, user, application, panel choices, conflicts (2)
