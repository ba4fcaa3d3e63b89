"""Values from outside for a known candidate: proposed, never written over
what the profile holds, until a person accepts them field by field."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates import messages
from candidates.models import Activity, Candidate, ProposedUpdate
from candidates.services import _clean_contact, activity_record, candidate_update
from core.services import audit_record
from messaging.messages import MESSAGES

# The fields a value from outside may be proposed for: what an applicant, a
# mailbox or a resume can tell us. Owner, source, tags and the like are ours.
PROPOSABLE_FIELDS = (
    "full_name",
    "email",
    "phone",
    "headline",
    "company",
    "location",
    "skills",
    "address",
    "im_handle",
    "language",
)


def _normalised(field: str, value: str) -> str:
    if field in ("email", "phone"):
        try:
            return _clean_contact({field: value})[field]
        except ValidationError:
            return value.strip()
    return value.strip()


def _differs(candidate: Candidate, field: str, value: str) -> bool:
    current = getattr(candidate, field) or ""
    return _normalised(field, str(current)) != _normalised(field, value)


@transaction.atomic
def proposed_updates_record(
    *,
    candidate: Candidate,
    values: Mapping[str, str],
    origin: str,
    origin_detail: str = "",
    actor: User | None = None,
    from_resume: bool = False,
) -> tuple[list[str], list[ProposedUpdate]]:
    """Take values that arrived from outside for a known ``candidate``.

    A field the profile leaves empty is filled at once (candidate_update with
    ``origin``: nothing is overwritten); a value equal to the profile's is
    dropped; a value that differs waits as a pending ProposedUpdate, which
    supersedes an older pending one of the same field (the same value again
    keeps the older row). Writes a ``proposed`` Activity naming the fields
    (never the values). With ``from_resume`` the fields filled are marked
    "from resume" (Candidate.from_resume) until a person confirms or changes
    them. Returns the names of the fields filled and the new proposals.
    Unknown fields raise TypeError; blank values are ignored.
    """
    unknown = set(values) - set(PROPOSABLE_FIELDS)
    if unknown:
        raise TypeError(f"cannot propose values for: {', '.join(sorted(unknown))}")
    fill: dict[str, str] = {}
    proposals: list[ProposedUpdate] = []

    def propose(field: str, value: str) -> ProposedUpdate:
        return ProposedUpdate.objects.create(
            candidate=candidate, field=field, value=value, origin=origin, origin_detail=origin_detail[:200]
        )

    for field, value in values.items():
        value = (value or "").strip()
        if not value:
            continue
        current = getattr(candidate, field) or ""
        if not current:
            fill[field] = value
            continue
        if not _differs(candidate, field, value):
            continue
        pending = ProposedUpdate.objects.select_for_update().filter(
            candidate=candidate, field=field, status=ProposedUpdate.Status.PENDING
        )
        older = pending.first()
        if older is not None and _normalised(field, older.value or "") == _normalised(field, value):
            continue
        pending.update(status=ProposedUpdate.Status.SUPERSEDED, decided_at=timezone.now())
        proposals.append(propose(field, value))
    filled: list[str] = []
    if fill:
        try:
            updated = candidate_update(candidate=candidate, actor=actor, origin=origin, **fill)
            filled = sorted(fill)
            if from_resume:
                updated.from_resume = sorted(set(updated.from_resume or ()) | set(filled))
                updated.save(update_fields=["from_resume", "updated_at"])
                candidate.from_resume = updated.from_resume
        except ValidationError:
            # A malformed value from outside does not stop the arrival: it
            # waits for a person like any other proposal.
            for field, value in fill.items():
                proposals.append(propose(field, value))
    if proposals:
        activity_record(
            candidate=candidate,
            kind=Activity.Kind.UPDATED,
            actor=actor,
            message=MESSAGES.message(
                messages.PROPOSED, origin=origin, fields=", ".join(sorted({p.field for p in proposals}))
            ),
            data={"proposed": sorted({p.field for p in proposals}), "origin": origin},
        )
    return filled, proposals


def _decided(proposal: ProposedUpdate) -> ProposedUpdate:
    proposal = ProposedUpdate.objects.select_for_update().select_related("candidate").get(pk=proposal.pk)
    if proposal.status != ProposedUpdate.Status.PENDING:
        raise ValidationError(_("This proposed value has been dealt with already."), code="decided")
    return proposal


@transaction.atomic
def proposed_update_accept(*, proposal: ProposedUpdate, actor: User) -> ProposedUpdate:
    """Write a pending proposal's value into its field (candidate_update, with
    the proposal's origin in the field's history) and mark it accepted.
    Raises ValidationError when it was decided already or the value is
    malformed (nothing changes then)."""
    proposal = _decided(proposal)
    candidate_update(
        candidate=proposal.candidate, actor=actor, origin=proposal.origin, **{proposal.field: proposal.value}
    )
    proposal.status = ProposedUpdate.Status.ACCEPTED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(
        action="candidates.proposed_update.accept", actor=actor, target=proposal, data={"field": proposal.field}
    )
    return proposal


@transaction.atomic
def proposed_update_dismiss(*, proposal: ProposedUpdate, actor: User) -> ProposedUpdate:
    """Mark a pending proposal dismissed; the profile keeps its value.
    Raises ValidationError when it was decided already."""
    proposal = _decided(proposal)
    proposal.status = ProposedUpdate.Status.DISMISSED
    proposal.decided_at = timezone.now()
    proposal.decided_by = actor
    proposal.save(update_fields=["status", "decided_at", "decided_by", "updated_at"])
    audit_record(
        action="candidates.proposed_update.dismiss", actor=actor, target=proposal, data={"field": proposal.field}
    )
    return proposal
