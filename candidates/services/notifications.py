"""In-app notifications candidates sends: "assignments"."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Candidate
from messaging.models import Notification
from messaging.services import notification_create


def candidate_owner_notify(*, candidate: Candidate, actor: User | None) -> Notification | None:
    """Tell a candidate's new owner, in their language, that the candidate is
    theirs now; nobody is told when there is no owner or the owner made the
    change. Rows written: one ``assignment`` Notification. Queues nothing."""
    owner = candidate.owner
    if owner is None or (actor is not None and owner.pk == actor.pk):
        return None
    with translation.override(owner.language):
        message = _("%(actor)s made you the owner of %(candidate)s") % {
            "actor": (actor.full_name or actor.email) if actor else _("Someone"),
            "candidate": candidate.full_name,
        }
    url = reverse("candidates:candidate-detail", args=[candidate.public_id])
    return notification_create(recipient=owner, kind="assignment", message=message, url=url)
