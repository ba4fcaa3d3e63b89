"""A job's offer approval chain."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from jobs.models import Job
from offers.models import OfferApprover
from offers.selectors import approver_candidates


@transaction.atomic
def offer_approvers_set(*, job: Job, users: Sequence[User], actor: User | None) -> list[OfferApprover]:
    """Make ``users``, in that order, ``job``'s offer approval chain (an empty
    list clears it). Offers already waiting keep the chain they were asked
    with; the next submission uses this one. Locks the job so two editors
    do not interleave. Writes the OfferApprover rows and an AuditEvent
    (the approvers' public ids). Raises ValidationError for a person twice,
    or one who is neither on the job's team, its recruiter nor an
    administrator."""
    Job.objects.select_for_update().filter(pk=job.pk).values_list("pk", flat=True).get()
    allowed = {user.pk for user in approver_candidates(job)}
    seen: set[int] = set()
    for user in users:
        if user.pk in seen:
            raise ValidationError(_("%(name)s is already in the approval chain.") % {"name": user.full_name})
        seen.add(user.pk)
        if user.pk not in allowed:
            raise ValidationError(
                _("%(name)s cannot approve offers for this job: only its team and administrators can.")
                % {"name": user.full_name}
            )
    OfferApprover.objects.filter(job=job).delete()
    steps = OfferApprover.objects.bulk_create(
        OfferApprover(job=job, user=user, order=order) for order, user in enumerate(users, 1)
    )
    audit_record(
        action="offers.offerapprover.update",
        actor=actor,
        target=job,
        data={"approvers": [str(user.public_id) for user in users]},
    )
    return steps
