"""Calendar invitations for interviews (RFC 5545 / iTIP RFC 5546), built with
icalendar.

One event per interview, whatever happens to it: the UID never changes and
SEQUENCE is the interview's ``sequence``, raised on every reschedule, so a
calendar updates the event it already holds. A cancellation is the same event
with METHOD:CANCEL and STATUS:CANCELLED. The file carries the stage, the job,
the time, the place or link and the attendees' addresses, never any other
contact detail or compensation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from interviews.models import Interview

REQUEST = "REQUEST"
CANCEL = "CANCEL"
FILENAME = "invite.ics"


def mimetype(method: str) -> str:
    return f"text/calendar; method={method}"


def interview_uid(interview: Interview) -> str:
    return f"interview-{interview.public_id}@recruitcrm"


def interview_summary(interview: Interview) -> str:
    """ "Interview: <stage> – <job>" in the active language."""
    return _("Interview: %(stage)s – %(job)s") % {
        "stage": interview.stage.name,
        "job": interview.application.job.title,
    }


def _address(email: str, name: str = "", **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    for key, value in params.items():
        address.params[key.upper()] = vText(value)
    return address


def interview_calendar(
    *,
    interview: Interview,
    method: str,
    attendees: Iterable[tuple[str, str]],
    language: str,
) -> bytes:
    """The VCALENDAR for one recipient: ``method`` REQUEST or CANCEL,
    ``attendees`` as (email, name) pairs, SUMMARY in ``language``. Times in UTC."""
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", "-//RecruitCRM//Interviews//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("sequence", interview.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", interview.starts_at.astimezone(UTC))
    event.add("dtend", interview.ends_at.astimezone(UTC))
    with translation.override(language):
        event.add("summary", interview_summary(interview))
    if interview.location:
        event.add("location", interview.location)
    elif interview.video_url:
        event.add("location", interview.video_url)
    if interview.video_url:
        event.add("url", interview.video_url)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    organizer_name, organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", _address(organizer_email, organizer_name))
    for email, name in attendees:
        event.add("attendee", _address(email, name, role="REQ-PARTICIPANT", partstat="NEEDS-ACTION", rsvp="FALSE"))
    calendar.add_component(event)
    return calendar.to_ical()
