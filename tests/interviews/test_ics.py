"""Calendar invitations (interviews.ics): what each recipient's invite.ics
says, read back with icalendar, through scheduling, rescheduling and
cancelling."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from accounts.roles import Role
from interviews import ics
from interviews.models import Interview
from interviews.services.scheduling import interview_cancel, interview_reschedule, interview_schedule
from messaging.models import OutboundEmail
from tests import factories

START = datetime(2031, 3, 4, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


@pytest.fixture
def candidate_app(job):
    candidate = factories.candidate(
        full_name="Grace Hopper",
        email="grace@example.test",
        phone="+86 138 0013 8000",
        expected_compensation="900000 CNY",
        time_zone="Asia/Shanghai",
    )
    return factories.application(job_=job, candidate_=candidate)


def schedule(application, panel, **extra):
    return interview_schedule(
        application=application,
        actor=application.job.recruiter,
        starts_at=START,
        ends_at=START + timedelta(hours=1),
        panel=panel,
        location="Room 4",
        video_url="https://meet.example.com/abc",
        **extra,
    )


def invites(interview: Interview, key_part: str) -> dict[str, Calendar]:
    """The calendars attached to the interview's emails whose key holds
    ``key_part``, by idempotency key."""
    found = {}
    for email in OutboundEmail.objects.filter(related_id=str(interview.public_id)):
        if key_part in email.idempotency_key:
            [attachment] = email.attachments
            assert attachment["filename"] == "invite.ics"
            found[email.idempotency_key] = (attachment, Calendar.from_ical(base64.b64decode(attachment["content"])))
    return found


def event(calendar: Calendar):
    [vevent] = calendar.walk("VEVENT")
    return vevent


def test_an_invitation_is_a_request_for_one_event_in_utc_with_the_panel_and_candidate_as_attendees(
    candidate_app, interviewer
):
    interview = schedule(candidate_app, [interviewer])
    found = invites(interview, ":invite:0:")
    assert len(found) == 2  # the candidate and the one panelist
    for attachment, calendar in found.values():
        assert attachment["mimetype"] == "text/calendar; method=REQUEST"
        assert calendar["METHOD"] == "REQUEST"
        vevent = event(calendar)
        assert str(vevent["UID"]) == f"interview-{interview.public_id}@recruitcrm"
        assert vevent["SEQUENCE"] == 0
        assert vevent["STATUS"] == "CONFIRMED"
        assert vevent.decoded("DTSTART") == START
        assert vevent.decoded("DTSTART").tzinfo is not None
        assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)
        assert vevent.decoded("DTEND") == START + timedelta(hours=1)
        assert str(vevent["LOCATION"]) == "Room 4"
        assert str(vevent["URL"]) == "https://meet.example.com/abc"
        assert "Technical" in str(vevent["SUMMARY"]) or interview.stage.name in str(vevent["SUMMARY"])
        assert "Robot Whisperer" in str(vevent["SUMMARY"])
        attendees = {
            str(a) for a in (vevent["ATTENDEE"] if isinstance(vevent["ATTENDEE"], list) else [vevent["ATTENDEE"]])
        }
        assert attendees == {"mailto:grace@example.test", f"mailto:{interviewer.email}"}
        assert str(vevent["ORGANIZER"]).startswith("mailto:")


def test_the_calendar_file_never_carries_phone_or_compensation(candidate_app, interviewer):
    interview = schedule(candidate_app, [interviewer])
    # Reminders (no calendar file) are about the interview too.
    invitations = OutboundEmail.objects.filter(related_id=str(interview.public_id)).exclude(
        idempotency_key__contains=":reminder:"
    )
    for email in invitations:
        raw = base64.b64decode(email.attachments[0]["content"]).decode()
        assert "138" not in raw and "0013" not in raw
        assert "900000" not in raw and "CNY" not in raw


def test_rescheduling_keeps_the_uid_and_raises_the_sequence(candidate_app, interviewer):
    interview = schedule(candidate_app, [interviewer])
    later = START + timedelta(days=1)
    interview_reschedule(interview=interview, actor=None, starts_at=later, ends_at=later + timedelta(hours=1))
    interview.refresh_from_db()
    assert interview.sequence == 1
    found = invites(interview, ":invite:1:")
    assert len(found) == 2
    for _attachment, calendar in found.values():
        assert calendar["METHOD"] == "REQUEST"
        vevent = event(calendar)
        assert str(vevent["UID"]) == f"interview-{interview.public_id}@recruitcrm"
        assert vevent["SEQUENCE"] == 1
        assert vevent.decoded("DTSTART") == later
    interview_reschedule(interview=interview, actor=None, starts_at=START, ends_at=START + timedelta(hours=2))
    [seq2, *_] = [event(c)["SEQUENCE"] for _a, c in invites(interview, ":invite:2:").values()]
    assert seq2 == 2


def test_cancelling_sends_method_cancel_for_the_same_event_to_everyone(candidate_app, interviewer):
    interview = schedule(candidate_app, [interviewer])
    interview_cancel(interview=interview, actor=None, reason="The role was filled.")
    found = invites(interview, ":cancel:")
    assert len(found) == 2
    for attachment, calendar in found.values():
        assert attachment["mimetype"] == "text/calendar; method=CANCEL"
        assert calendar["METHOD"] == "CANCEL"
        vevent = event(calendar)
        assert str(vevent["UID"]) == f"interview-{interview.public_id}@recruitcrm"
        assert vevent["STATUS"] == "CANCELLED"
        assert vevent["SEQUENCE"] == 1


def test_a_panelist_taken_off_the_panel_gets_a_cancel_and_a_new_one_a_request(candidate_app, interviewer):
    other = factories.user(Role.INTERVIEWER)
    interview = schedule(candidate_app, [interviewer])
    interview_reschedule(
        interview=interview, actor=None, starts_at=START, ends_at=START + timedelta(hours=1), panel=[other]
    )
    cancels = invites(interview, ":cancel:1:")
    assert list(cancels) == [f"interview:{interview.pk}:cancel:1:panelist:{interviewer.pk}"]
    [(_attachment, calendar)] = cancels.values()
    assert calendar["METHOD"] == "CANCEL"
    assert str(event(calendar)["ATTENDEE"]) == f"mailto:{interviewer.email}"
    requests = invites(interview, ":invite:1:")
    assert set(requests) == {
        f"interview:{interview.pk}:invite:1:panelist:{other.pk}",
        f"interview:{interview.pk}:invite:1:candidate:{candidate_app.candidate.pk}",
    }


def test_the_summary_follows_the_recipients_language(candidate_app):
    interview = schedule(candidate_app, [factories.user(Role.INTERVIEWER)])
    calendar = Calendar.from_ical(
        ics.interview_calendar(interview=interview, method=ics.REQUEST, attendees=[], language="zh-hans")
    )
    assert interview.stage.name in str(event(calendar)["SUMMARY"])
    with pytest.raises(ValueError):
        ics.interview_calendar(interview=interview, method="PUBLISH", attendees=[], language="en")
