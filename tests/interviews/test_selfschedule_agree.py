"""The candidate's self-scheduling pages agree with each other: after booking
the page shows the booking and how to move it, the emailed link reopened
shows the booking too, a booking (however often it is sent) confirms once,
and the times to move to respect the job's cut-off."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from interviews.models import Interview
from interviews.services import application_reject
from interviews.services import selfschedule as ss
from messaging.models import OutboundEmail
from messaging.services import outbound_email_send
from tests.interviews.test_selfschedule import book_url, move_url, pick_url, reschedule_url, send


def to_candidate(application):
    """The outbox rows to the candidate about their interviews (reminders aside)."""
    rows = OutboundEmail.objects.filter(idempotency_key__startswith="interview:").exclude(
        idempotency_key__contains=":reminder:"
    )
    return [row for row in rows.order_by("pk") if ":panelist:" not in row.idempotency_key]


def test_reopening_the_emailed_link_after_booking_shows_the_booking_and_how_to_move_it(
    client, application, interviewer
):
    _invitation, token, slots = send(application, [interviewer])
    client.post(book_url(token), {"slot": str(slots[0].public_id)})
    response = client.get(pick_url(token))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="already-booked"' in html and 'data-testid="how-to-move"' in html
    assert 'data-testid="gone-reason"' not in html and "cannot be used" not in html
    local = slots[0].starts_at.astimezone(timezone.get_default_timezone())
    assert local.strftime("%H:%M") in html or slots[0].starts_at.strftime("%H:%M") in html
    assert 'data-testid="slot"' not in html  # showing, never booking again


def test_past_the_cut_off_the_reopened_link_says_it_is_too_late_to_move(client, application, interviewer):
    application.job.reschedule_cutoff_hours = 24 * 30
    application.job.save(update_fields=["reschedule_cutoff_hours"])
    _invitation, token, slots = send(application, [interviewer])
    ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    html = client.get(pick_url(token)).content.decode()
    assert 'data-testid="already-booked"' in html and 'data-testid="too-late"' in html


def test_once_the_application_is_closed_the_reopened_link_is_gone(client, application, interviewer):
    _invitation, token, slots = send(application, [interviewer])
    ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    application_reject(application=application, actor=None, reason="skills")
    response = client.get(pick_url(token))
    assert response.status_code == 410
    assert 'data-testid="already-booked"' not in response.content.decode()


def test_one_booking_sends_one_confirmation_with_the_calendar_file_even_when_sent_twice(
    client, application, interviewer, smtp_mailer
):
    _invitation, token, slots = send(application, [interviewer])
    first = client.post(book_url(token), {"slot": str(slots[0].public_id)})
    again = client.post(book_url(token), {"slot": str(slots[0].public_id)})  # double click, back and resubmit
    other = client.post(book_url(token), {"slot": str(slots[1].public_id)})
    assert first.status_code == again.status_code == other.status_code == 302
    assert again.url == other.url == pick_url(token)
    assert Interview.objects.filter(application=application).count() == 1
    [confirmation] = to_candidate(application)
    assert confirmation.template == "selfschedule_booked"
    smtp_mailer.messages.clear()
    assert outbound_email_send(email_id=confirmation.pk) == "sent"
    [message] = smtp_mailer.messages
    [calendar] = [part for part in message.walk() if part.get_filename() == "invite.ics"]
    assert calendar.get_param("method") == "REQUEST"
    interview = Interview.objects.get(application=application)
    assert f"UID:interview-{interview.public_id}@recruitcrm" in calendar.get_payload(decode=True).decode()
    # The panel still gets its own invitation.
    assert OutboundEmail.objects.filter(idempotency_key__contains=f":invite:0:panelist:{interviewer.pk}").exists()


def test_moving_the_interview_sends_the_candidate_one_email_too(client, application, interviewer):
    _invitation, token, slots = send(application, [interviewer], hours=(10, 14))
    _interview, reschedule_token = ss.slot_book(token=token, slot_public_id=slots[0].public_id)
    response = client.post(move_url(reschedule_token), {"slot": str(slots[1].public_id)})
    assert response.status_code == 302
    assert [row.template for row in to_candidate(application)] == ["selfschedule_booked", "selfschedule_booked"]


def test_times_inside_the_cut_off_are_not_offered_to_move_to_nor_suggested(client, application, interviewer):
    job = application.job
    job.reschedule_cutoff_hours = 48
    job.save(update_fields=["reschedule_cutoff_hours"])
    soon, later = timezone.now() + timedelta(hours=30), timezone.now() + timedelta(days=5)
    slots = ss.slots_offer(
        stage=application.stage,
        actor=None,
        times=[
            (later, later + timedelta(hours=1)),
            (soon, soon + timedelta(hours=1)),
            (later + timedelta(hours=3), later + timedelta(hours=4)),
        ],
        panel=[interviewer],
    )
    _invitation, token = ss.scheduling_invitation_send(application=application, slots=slots, actor=job.recruiter)
    by_start = sorted(slots, key=lambda slot: slot.starts_at)
    _interview, reschedule_token = ss.slot_book(token=token, slot_public_id=by_start[1].public_id)
    html = client.get(reschedule_url(reschedule_token)).content.decode()
    assert html.count('data-testid="slot"') == 1  # the later free time; the one inside the cut-off is not offered
    assert str(by_start[2].public_id) in html and str(by_start[0].public_id) not in html
    refused = client.post(move_url(reschedule_token), {"slot": str(by_start[0].public_id)})
    assert refused.status_code == 409
    found = ss.slots_from_free_time(
        stage=application.stage,
        panel=[interviewer],
        window_start=timezone.now(),
        window_end=timezone.now() + timedelta(days=7),
    )
    assert found and all(start >= timezone.now() + timedelta(hours=48) for start, _end in found)
