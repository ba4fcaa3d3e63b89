"""Candidate self-scheduling: the recruiter offers times and sends a link, the
candidate picks one, asks for others or moves the interview before the cut-off
(interviews.services.selfschedule, interviews.views.selfschedule and .public)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from candidates.models import Activity
from core.models import AccessToken
from core.services import TokenInvalid, access_token_issue
from interviews.models import Interview, InterviewSlot, SchedulingInvitation, Unavailability
from interviews.services import selfschedule as ss
from messaging.models import OutboundEmail
from tests import factories
from tests.core.test_pages import INLINE

SHANGHAI = ZoneInfo("Asia/Shanghai")


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}


def next_weekday_at(hour: int, *, days_ahead: int = 3, zone=SHANGHAI) -> datetime:
    day = (timezone.now().astimezone(zone) + timedelta(days=days_ahead)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=zone)


def times(*hours: int, days_ahead: int = 3) -> list[tuple[datetime, datetime]]:
    return [
        (next_weekday_at(h, days_ahead=days_ahead), next_weekday_at(h, days_ahead=days_ahead) + timedelta(hours=1))
        for h in hours
    ]


def send(application, panel, *, hours=(10, 14), actor=None, days_ahead: int = 3, **kwargs):
    """An invitation to ``application`` with one slot per hour; returns (invitation, token, slots)."""
    slots = ss.slots_offer(
        stage=application.stage, actor=actor, times=times(*hours, days_ahead=days_ahead), panel=panel
    )
    invitation, token = ss.scheduling_invitation_send(
        application=application, slots=slots, actor=actor or application.job.recruiter, **kwargs
    )
    return invitation, token, slots


def pick_url(token):
    return reverse("interviews:selfschedule-pick", args=[token])


def book_url(token):
    return reverse("interviews:selfschedule-book", args=[token])


def reschedule_url(token):
    return reverse("interviews:selfschedule-reschedule", args=[token])


def move_url(token):
    return reverse("interviews:selfschedule-reschedule-move", args=[token])


def offer_url(application):
    return reverse("interviews:selfschedule-offer", args=[application.public_id])


# --- services: offering and sending -------------------------------------------------


def test_offering_times_creates_one_slot_per_time_with_the_panel(application, interviewer, recruiter):
    slots = ss.slots_offer(stage=application.stage, actor=recruiter, times=times(10, 14), panel=[interviewer])
    assert [slot.starts_at for slot in slots] == [start for start, _end in times(10, 14)]
    assert all(list(slot.panel.all()) == [interviewer] for slot in slots)
    assert all(slot.interview is None and slot.booked_at is None for slot in slots)


@pytest.mark.parametrize(
    ("case", "message"),
    [("past", "must be in the future"), ("no_panel", "at least one interviewer"), ("no_times", "at least one time")],
)
def test_offering_refuses_past_times_an_empty_panel_or_no_times(application, interviewer, case, message):
    past = timezone.now() - timedelta(hours=2)
    arguments = {
        "past": {"times": [(past, past + timedelta(hours=1))], "panel": [interviewer]},
        "no_panel": {"times": times(10), "panel": []},
        "no_times": {"times": [], "panel": [interviewer]},
    }[case]
    with pytest.raises(ss.ValidationError, match=message):
        ss.slots_offer(stage=application.stage, actor=None, **arguments)
    assert not InterviewSlot.objects.exists()


def test_sending_an_invitation_mails_the_candidate_a_link_in_their_language(
    application, interviewer, recruiter, django_capture_on_commit_callbacks
):
    candidate = application.candidate
    candidate.language = "zh-hans"
    candidate.save(update_fields=["language"])
    with django_capture_on_commit_callbacks() as callbacks:
        invitation, token, slots = send(application, [interviewer], actor=recruiter, message="Looking forward!")
    assert len(callbacks) == 1  # the email handed to Celery after commit
    email = OutboundEmail.objects.get(idempotency_key=f"invitation:{invitation.pk}:sent")
    assert email.language == "zh-hans"
    assert email.template == "selfschedule_invitation"
    assert email.context["link"].endswith(pick_url(token))
    assert len(email.context["times"]) == 2
    assert invitation.status == SchedulingInvitation.Status.OPEN
    assert set(invitation.slots.all()) == set(slots)
    row = AccessToken.objects.get(purpose=AccessToken.Purpose.SELF_SCHEDULE, target_id=invitation.pk)
    assert row.expires_at > timezone.now() + timedelta(days=6)
    assert Activity.objects.filter(candidate=candidate, kind=Activity.Kind.INTERVIEW, actor=recruiter).exists()


def test_a_new_invitation_cancels_the_open_one_and_withdraws_its_link(application, interviewer):
    first, first_token, _slots = send(application, [interviewer], hours=(10,))
    second, _token, _slots = send(application, [interviewer], hours=(15,))
    first.refresh_from_db()
    assert first.status == SchedulingInvitation.Status.CANCELLED
    assert second.status == SchedulingInvitation.Status.OPEN
    with pytest.raises(TokenInvalid) as refused:
        ss.slot_book(token=first_token, slot_public_id=first.slots.get().public_id)
    assert refused.value.code == "revoked"


def test_an_invitation_is_refused_for_a_booked_slot_or_a_candidate_without_email(application, interviewer):
    _invitation, token, slots = send(application, [interviewer])
    ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    other = factories.application(job_=application.job)
    with pytest.raises(ss.ValidationError, match="must be free"):
        ss.scheduling_invitation_send(application=other, slots=[slots[0]], actor=None)
    no_email = factories.application(job_=application.job, candidate_=factories.candidate(email=""))
    with pytest.raises(ss.ValidationError, match="no email address"):
        ss.scheduling_invitation_send(application=no_email, slots=[slots[1]], actor=None)


# --- services: booking -------------------------------------------------------------------


def test_booking_schedules_the_interview_with_the_slots_panel_and_uses_the_link(application, interviewer):
    invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[1].public_id)
    assert (interview.starts_at, interview.ends_at) == (slots[1].starts_at, slots[1].ends_at)
    assert list(interview.panel.all()) == [interviewer]
    assert interview.status == Interview.Status.SCHEDULED
    slots[1].refresh_from_db()
    invitation.refresh_from_db()
    assert slots[1].interview == interview and slots[1].booked_at is not None
    assert invitation.status == SchedulingInvitation.Status.BOOKED and invitation.interview == interview
    with pytest.raises(TokenInvalid) as refused:
        ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    assert refused.value.code == "used"
    assert AccessToken.objects.filter(purpose=AccessToken.Purpose.RESCHEDULE, target_id=interview.pk).count() == 1
    assert OutboundEmail.objects.filter(template="selfschedule_booked", related_id=str(interview.public_id)).exists()
    assert reschedule_token


def test_a_slot_another_candidate_booked_is_refused_as_taken(job, interviewer):
    first, second = factories.application(job_=job), factories.application(job_=job)
    _inv, first_token, slots = send(first, [interviewer], hours=(10,))
    _inv2, second_token = ss.scheduling_invitation_send(application=second, slots=slots, actor=None)
    ss.slot_book(token=first_token, slot_public_id=slots[0].public_id)
    with pytest.raises(ss.SlotTaken) as refused:
        ss.slot_book(token=second_token, slot_public_id=slots[0].public_id)
    assert refused.value.code == "taken"
    assert Interview.objects.filter(application=second).count() == 0


def test_a_slot_the_invitation_does_not_offer_is_refused(job, interviewer):
    first, second = factories.application(job_=job), factories.application(job_=job)
    _inv, token, _slots = send(first, [interviewer], hours=(10,))
    _inv2, _token2, other_slots = send(second, [interviewer], hours=(15,))
    with pytest.raises(ss.SlotTaken) as refused:
        ss.slot_book(token=token, slot_public_id=other_slots[0].public_id)
    assert refused.value.code == "unavailable"


@pytest.mark.parametrize("state", ["expired", "used", "revoked", "wrong_purpose", "unknown"])
def test_a_dead_link_books_nothing(application, interviewer, state):
    invitation, token, slots = send(application, [interviewer])
    row = AccessToken.objects.get(target_id=invitation.pk, purpose=AccessToken.Purpose.SELF_SCHEDULE)
    if state == "expired":
        AccessToken.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif state == "used":
        AccessToken.objects.filter(pk=row.pk).update(used_at=timezone.now())
    elif state == "revoked":
        AccessToken.objects.filter(pk=row.pk).update(revoked_at=timezone.now())
    elif state == "wrong_purpose":
        token, _row = access_token_issue(
            purpose=AccessToken.Purpose.FEEDBACK_SURVEY, target=invitation, valid_for=timedelta(days=1)
        )
    else:
        token = "not-a-token"
    with pytest.raises(TokenInvalid) as refused:
        ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    assert refused.value.code == {"wrong_purpose": "unknown"}.get(state, state)
    assert not Interview.objects.exists()


def test_asking_for_other_times_keeps_the_message_and_the_link_usable(application, interviewer):
    invitation, token, slots = send(application, [interviewer])
    ss.other_times_request(token=token, message="  Mornings next week, please.  ")
    invitation.refresh_from_db()
    assert invitation.status == SchedulingInvitation.Status.OTHER_TIMES
    assert invitation.candidate_message == "Mornings next week, please."
    interview, _token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    assert interview.pk


def test_asking_for_other_times_needs_a_message(application, interviewer):
    _invitation, token, _slots = send(application, [interviewer])
    with pytest.raises(ss.ValidationError):
        ss.other_times_request(token=token, message="   ")


# --- services: rescheduling by the candidate ------------------------------------------------


def test_the_candidate_moves_the_interview_to_another_offered_time_before_the_cutoff(application, interviewer):
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    moved, new_token = ss.interview_reschedule_by_candidate(token=reschedule_token, slot_public_id=slots[1].public_id)
    assert moved.pk == interview.pk  # the same calendar event, moved
    assert moved.starts_at == slots[1].starts_at and moved.sequence == 1
    slots[0].refresh_from_db()
    slots[1].refresh_from_db()
    assert slots[0].interview is None and slots[0].booked_at is None  # free again for others
    assert slots[1].interview_id == interview.pk
    with pytest.raises(TokenInvalid):
        ss.interview_reschedule_by_candidate(token=reschedule_token, slot_public_id=slots[0].public_id)
    assert new_token != reschedule_token


def test_moving_the_interview_is_refused_past_the_jobs_cutoff(application, interviewer):
    job = application.job
    job.reschedule_cutoff_hours = 24 * 30
    job.save(update_fields=["reschedule_cutoff_hours"])
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    with pytest.raises(ss.TooLateToReschedule):
        ss.interview_reschedule_by_candidate(token=reschedule_token, slot_public_id=slots[1].public_id)
    interview.refresh_from_db()
    assert interview.starts_at == slots[0].starts_at


def test_a_booking_token_does_not_open_the_reschedule_page_and_vice_versa(application, interviewer):
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    with pytest.raises(TokenInvalid):
        ss.interview_reschedule_by_candidate(token=token, slot_public_id=slots[1].public_id)
    _interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    with pytest.raises(TokenInvalid):
        ss.slot_book(token=reschedule_token, slot_public_id=slots[1].public_id)


# --- free time ----------------------------------------------------------------------------


def test_free_time_suggestions_keep_to_weekday_working_hours_and_avoid_the_panels_busy_times(
    application, interviewer, recruiter
):
    monday = next_weekday_at(9, days_ahead=7)
    monday -= timedelta(days=monday.weekday())
    if monday < timezone.now() + timedelta(days=1):
        monday += timedelta(days=7)
    other = factories.application(job_=application.job)
    factories.interview(application_=other, panel=[interviewer], days_from_now=0)
    Interview.objects.filter(application=other).update(
        starts_at=monday + timedelta(hours=1), ends_at=monday + timedelta(hours=2)
    )  # 10:00–11:00
    Unavailability.objects.create(
        user=recruiter, starts_at=monday + timedelta(hours=5), ends_at=monday + timedelta(hours=6)
    )  # 14:00–15:00
    found = ss.slots_from_free_time(
        stage=application.stage,
        panel=[interviewer, recruiter],
        window_start=monday - timedelta(days=2),  # from Saturday
        window_end=monday + timedelta(days=1),  # to Tuesday 09:00
        duration=timedelta(hours=1),
        step=timedelta(hours=1),
        time_zone=SHANGHAI,
    )
    hours = [start.astimezone(SHANGHAI).hour for start, _end in found]
    assert all(start.astimezone(SHANGHAI).date() == monday.date() for start, _end in found)  # no weekend
    assert hours == [9, 11, 12, 13, 15, 16, 17]


# --- staff views ------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["administrator", "recruiter", "coordinator"])
def test_the_offer_page_is_shown_to_those_who_schedule(client, personas, application, persona):
    client.force_login(personas[persona])
    response = client.get(offer_url(application))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="selfschedule-offer"' in html and "<html" in html
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


@pytest.mark.parametrize("persona", ["reviewer", "hiring_manager"])
def test_the_offer_page_is_forbidden_to_those_who_only_read(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.get(offer_url(application)).status_code == 403
    assert client.post(offer_url(application), {}).status_code == 403


@pytest.mark.parametrize("persona", ["outsider", "interviewer"])
def test_the_offer_page_is_not_found_for_those_who_do_not_see_the_application(client, personas, application, persona):
    client.force_login(personas[persona])
    assert client.get(offer_url(application)).status_code == 404


def test_an_interviewer_on_the_panel_may_see_but_not_offer(client, interviewer, application):
    factories.interview(application_=application, panel=[interviewer])
    client.force_login(interviewer)
    assert client.get(offer_url(application)).status_code == 403


def test_the_offer_page_refuses_other_methods(client, recruiter, application):
    client.force_login(recruiter)
    assert client.put(offer_url(application)).status_code == 405
    assert client.delete(offer_url(application)).status_code == 405


def offer_data(interviewer, *starts: datetime, **extra):
    local = [start.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M") for start in starts]
    return {
        "panel": [str(interviewer.public_id)],
        "start": [*local, ""],
        "duration_minutes": "45",
        "location": "Room 3",
        "video_url": "",
        "message": "Pick any",
        "valid_for_days": "5",
        **extra,
    }


def test_sending_from_the_page_creates_the_slots_and_the_invitation_then_redirects(
    client, recruiter, interviewer, application
):
    client.force_login(recruiter)
    start = next_weekday_at(10)
    response = client.post(offer_url(application), offer_data(interviewer, start, start + timedelta(hours=2)))
    assert response.status_code == 302 and response.url == offer_url(application)
    invitation = SchedulingInvitation.objects.get(application=application)
    slots = list(invitation.slots.order_by("starts_at"))
    assert [slot.starts_at for slot in slots] == [start, start + timedelta(hours=2)]  # read in the user's zone
    assert slots[0].ends_at - slots[0].starts_at == timedelta(minutes=45)
    assert slots[0].location == "Room 3" and invitation.message == "Pick any"
    assert "Invitation sent" in client.get(response.url).content.decode()


def test_sending_over_htmx_answers_with_the_offer_region(client, recruiter, interviewer, application):
    client.force_login(recruiter)
    response = client.post(offer_url(application), offer_data(interviewer, next_weekday_at(10)), **htmx())
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="selfschedule-offer">') and "<html" not in html
    assert 'data-testid="invitation"' in html


def test_sending_without_times_shows_the_error_and_writes_nothing(client, recruiter, interviewer, application):
    client.force_login(recruiter)
    response = client.post(offer_url(application), offer_data(interviewer))
    assert response.status_code == 422
    assert "Offer at least one time." in response.content.decode()
    assert not InterviewSlot.objects.exists() and not SchedulingInvitation.objects.exists()


def test_a_refused_invitation_leaves_no_slots_behind(client, recruiter, interviewer, job):
    application = factories.application(job_=job, candidate_=factories.candidate(email=""))
    client.force_login(recruiter)
    response = client.post(offer_url(application), offer_data(interviewer, next_weekday_at(10)))
    assert response.status_code == 422
    assert "no email address" in response.content.decode()
    assert not InterviewSlot.objects.exists()


def test_suggestions_from_free_time_fill_the_offer_form_over_htmx_and_plain(
    client, recruiter, interviewer, application
):
    client.force_login(recruiter)
    day = next_weekday_at(9).date()
    query = {
        "panel": [str(interviewer.public_id)],
        "window_start": day.isoformat(),
        "window_end": day.isoformat(),
        "duration_minutes": "60",
    }
    fragment = client.get(offer_url(application), query, **htmx())
    assert fragment.status_code == 200 and "<html" not in fragment.content.decode()
    assert fragment.content.decode().count('name="start" value="') == 17  # 09:00 to 17:00 by half hours
    page = client.get(offer_url(application), query)
    assert "<html" in page.content.decode() and 'data-testid="suggestions"' in page.content.decode()


def test_the_page_lists_invitations_with_status_and_the_candidates_message(client, recruiter, interviewer, application):
    _invitation, token, _slots = send(application, [interviewer])
    ss.other_times_request(token=token, message="Only Fridays")
    client.force_login(recruiter)
    html = client.get(offer_url(application)).content.decode()
    assert "candidate asked for other times" in html
    assert "Only Fridays" in html


def test_the_offer_page_runs_the_same_number_of_queries_for_few_or_many_invitations(
    client, recruiter, interviewer, application
):
    client.force_login(recruiter)
    send(application, [interviewer], hours=(10,))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(offer_url(application)).status_code == 200
        return len(queries)

    few = count()
    for hour in (11, 12, 13, 14):
        send(application, [interviewer], hours=(hour,))
    assert count() == few


def test_the_board_card_links_to_the_offer_page(client, recruiter, application):
    client.force_login(recruiter)
    html = client.get(reverse("interviews:application-actions", args=[application.public_id])).content.decode()
    assert offer_url(application) in html  # in the card's actions, loaded on demand


# --- candidate pages --------------------------------------------------------------------------


def test_the_pick_page_shows_the_free_times_in_the_candidates_language_and_zone_without_login(
    client, application, interviewer
):
    candidate = application.candidate
    candidate.language, candidate.time_zone = "zh-hans", "Europe/London"
    candidate.save(update_fields=["language", "time_zone"])
    invitation, token, slots = send(application, [interviewer], hours=(10, 14), message="欢迎")
    response = client.get(pick_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html and "Europe/London" in html
    london = slots[0].starts_at.astimezone(ZoneInfo("Europe/London"))
    assert london.strftime("%H:%M") in html
    assert html.count('data-testid="slot"') == 2
    assert application.job.recruiter.email in html  # whom to contact
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern
    # A GET changes nothing (mail scanners prefetch links).
    assert not Interview.objects.exists()
    assert AccessToken.objects.get(target_id=invitation.pk, purpose="self_schedule").used_at is None


def test_booking_from_the_page_redirects_to_the_confirmation_with_a_reschedule_link(client, application, interviewer):
    _invitation, token, slots = send(application, [interviewer])
    response = client.post(book_url(token), {"slot": str(slots[0].public_id)})
    assert response.status_code == 302
    assert "/pipeline/r/" in response.url and response.url.endswith("?booked=1")
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="booked"' in html
    assert Interview.objects.get(application=application).starts_at == slots[0].starts_at
    assert html.count('data-testid="slot"') == 1  # the other offered time, to move to
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_a_time_taken_in_the_meantime_is_explained_and_the_remaining_times_shown(client, job, interviewer):
    first, second = factories.application(job_=job), factories.application(job_=job)
    _inv, first_token, slots = send(first, [interviewer], hours=(10, 14))
    _inv2, second_token = ss.scheduling_invitation_send(application=second, slots=slots, actor=None)
    ss.slot_book(token=first_token, slot_public_id=slots[0].public_id)
    response = client.post(book_url(second_token), {"slot": str(slots[0].public_id)})
    assert response.status_code == 409
    html = response.content.decode()
    assert "someone else has just taken that time" in html
    assert html.count('data-testid="slot"') == 1
    assert first.candidate.full_name not in html  # never reveals who


def test_asking_for_other_times_from_the_page(client, application, interviewer):
    invitation, token, _slots = send(application, [interviewer])
    response = client.post(reverse("interviews:selfschedule-other-times", args=[token]), {"message": "Evenings"})
    assert response.status_code == 302 and response.url.endswith("?asked=1")
    assert 'data-testid="asked"' in client.get(response.url).content.decode()
    invitation.refresh_from_db()
    assert invitation.candidate_message == "Evenings"
    empty = client.post(reverse("interviews:selfschedule-other-times", args=[token]), {"message": ""})
    assert empty.status_code == 422


def test_the_candidate_pages_refuse_other_methods(client, application, interviewer):
    _invitation, token, _slots = send(application, [interviewer])
    assert client.post(pick_url(token)).status_code == 405
    assert client.get(book_url(token)).status_code == 405
    assert client.get(reverse("interviews:selfschedule-other-times", args=[token])).status_code == 405
    assert client.get(move_url(token)).status_code == 405


@pytest.mark.parametrize(
    ("state", "status", "text"),
    [
        ("expired", 410, "This link has expired."),
        ("used", 410, "This link has already been used."),
        ("revoked", 410, "This link has been withdrawn."),
        ("wrong_purpose", 404, "This link is not valid."),
        ("unknown", 404, "This link is not valid."),
    ],
)
def test_a_dead_link_says_what_happened_and_whom_to_contact(client, application, interviewer, state, status, text):
    invitation, token, _slots = send(application, [interviewer])
    row = AccessToken.objects.get(target_id=invitation.pk, purpose=AccessToken.Purpose.SELF_SCHEDULE)
    if state in {"expired", "used", "revoked"}:
        value = timezone.now() - timedelta(seconds=1)
        AccessToken.objects.filter(pk=row.pk).update(
            **{{"expired": "expires_at", "used": "used_at", "revoked": "revoked_at"}[state]: value}
        )
    elif state == "wrong_purpose":
        _interview, token = ss.slot_book(token=token, slot_public_id=invitation.slots.first().public_id)
    else:
        token = "x" * 43
    response = client.get(pick_url(token))
    assert response.status_code == status
    html = response.content.decode()
    assert text in html
    recruiter = application.job.recruiter
    assert (recruiter.email in html) == (state != "unknown")


def test_a_dead_link_speaks_the_candidates_language(client, application, interviewer):
    application.candidate.language = "zh-hans"
    application.candidate.save(update_fields=["language"])
    invitation, token, _slots = send(application, [interviewer])
    AccessToken.objects.filter(target_id=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(pick_url(token))
    assert response.status_code == 410
    assert 'lang="zh-hans"' in response.content.decode()


def test_the_reschedule_page_moves_the_interview_before_the_cutoff(client, application, interviewer):
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    response = client.post(move_url(reschedule_token), {"slot": str(slots[1].public_id)})
    assert response.status_code == 302 and response.url.endswith("?moved=1")
    assert 'data-testid="moved"' in client.get(response.url).content.decode()
    interview.refresh_from_db()
    assert interview.starts_at == slots[1].starts_at
    # The old link is spent.
    assert client.get(reschedule_url(reschedule_token)).status_code == 410


def test_past_the_cutoff_the_reschedule_page_says_to_contact_the_recruiter(client, application, interviewer):
    application.job.reschedule_cutoff_hours = 24 * 30
    application.job.save(update_fields=["reschedule_cutoff_hours"])
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    _interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    html = client.get(reschedule_url(reschedule_token)).content.decode()
    assert 'data-testid="too-late"' in html and 'data-testid="slot"' not in html
    refused = client.post(move_url(reschedule_token), {"slot": str(slots[1].public_id)})
    assert refused.status_code == 409
    assert "too late" in refused.content.decode()
