"""In-app notifications candidates sends: "assignments"."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from candidates import messages
from candidates.models import Candidate
from messaging.messages import MESSAGES, SOMEONE
from messaging.models import Notification
from messaging.services import notification_create


def candidate_owner_notify(*, candidate: Candidate, actor: User | None) -> Notification | None:
    """Tell a candidate's new owner that the candidate is theirs now (shown
    in the reader's language); nobody is told when there is no owner or the
    owner made the change. Rows written: one ``assignment`` Notification.
    Queues nothing."""
    owner = candidate.owner
    if owner is None or (actor is not None and owner.pk == actor.pk):
        return None
    message = MESSAGES.message(
        messages.OWNER_ASSIGNED,
        actor=(actor.full_name or actor.email) if actor else MESSAGES.message(SOMEONE),
        candidate=candidate.full_name,
    )
    url = reverse("candidates:candidate-detail", args=[candidate.public_id])
    return notification_create(recipient=owner, kind="assignment", message=message, url=url)
