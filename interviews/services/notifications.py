"""In-app notifications interviews sends (issue 7): overdue scorecards.

A panelist whose scorecard is still not submitted SCORECARD_GRACE after the
interview ended is told once. The "told" marker is the notification itself:
kind ``scorecard_overdue``, that recipient, and the interview's workspace URL
(which names the interview), so no migration and no extra column are needed.
Each (interview, panelist) is claimed by locking its Panelist row (SKIP
LOCKED) and asking again under the lock, so overlapping sweeps notify once.
Notifications are never deleted (only marked read), so the marker lasts.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from interviews.models import Interview, Panelist, Scorecard
from messaging.models import Notification
from messaging.services import notification_create

KIND = "scorecard_overdue"
# Overdue this long after the interview ended.
SCORECARD_GRACE = timedelta(hours=24)
# Interviews that ended longer ago than this are not chased any more (and the
# window keeps the scan to recent interviews, by their start time).
SCORECARD_WINDOW = timedelta(days=14)


def _interview_url(interview_public_id) -> str:
    return reverse("interviews:interview-detail", args=[interview_public_id])


def _due(now: datetime) -> QuerySet[Panelist]:
    """Panel seats of recent, not cancelled interviews that ended more than
    SCORECARD_GRACE ago, whose scorecard is not submitted (a draft or none)."""
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("user"), status=Scorecard.Status.SUBMITTED
    )
    return (
        Panelist.objects.filter(
            interview__starts_at__gte=now - SCORECARD_WINDOW,
            interview__starts_at__lte=now,
            interview__ends_at__lte=now - SCORECARD_GRACE,
            user__is_active=True,
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(Exists(submitted))
    )


def scorecard_overdue_notify_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Tell each panelist once, in their language, about a scorecard overdue
    (not submitted SCORECARD_GRACE after the interview ended); returns how many
    were told. Rows written: one ``scorecard_overdue`` Notification per
    (interview, panelist), linking to the interview. Overlapping runs are
    harmless (see the module docstring). Queues nothing; raises nothing.
    """
    now = now or timezone.now()
    seats = _due(now).order_by("interview__ends_at", "pk").values_list("pk", flat=True)[:limit]
    return sum(_notify(seat_id=seat_id, now=now) for seat_id in list(seats))


@transaction.atomic
def _notify(*, seat_id: int, now: datetime) -> bool:
    seat = (
        Panelist.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user", "interview__application__candidate", "interview__stage")
        .filter(pk=seat_id)
        .first()
    )
    if seat is None or not _due(now).filter(pk=seat_id).exists():
        return False
    interview, user = seat.interview, seat.user
    url = _interview_url(interview.public_id)
    if Notification.objects.filter(recipient=user, kind=KIND, url=url).exists():
        return False
    with translation.override(user.language):
        message = _("Your scorecard for %(candidate)s (%(stage)s) is overdue") % {
            "candidate": interview.application.candidate.full_name,
            "stage": interview.stage.name,
        }
    return notification_create(recipient=user, kind=KIND, message=message, url=url) is not None
