"""Writes to talent pools and their members."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm

from accounts.models import User
from candidates.models import Activity, Candidate
from candidates.services import activity_record
from core.services import audit_record
from talentpool.models import PoolMembership, TalentPool


@transaction.atomic
def pool_create(
    *, actor: User, name: str, owner: User | None = None, description: str = "", cadence_days: int | None = None
) -> TalentPool:
    """Create a talent pool owned by ``owner`` (default: the actor). Raises ValidationError."""
    pool = TalentPool(name=name.strip(), owner=owner or actor, description=description, cadence_days=cadence_days)
    pool.full_clean()
    pool.save()
    audit_record(action="talentpool.talentpool.create", actor=actor, target=pool)
    return pool


@transaction.atomic
def pool_grant(*, pool: TalentPool, user: User, actor: User | None) -> None:
    assign_perm("talentpool.view_talentpool", user, pool)
    audit_record(action="talentpool.talentpool.grant", actor=actor, target=pool, data={"user": str(user.public_id)})


@transaction.atomic
def pool_member_add(*, pool: TalentPool, candidate: Candidate, actor: User | None, reason: str = "") -> PoolMembership:
    """Add a candidate to a pool; the first check-in falls due one cadence later.
    Raises ValidationError if they are already an active member."""
    if PoolMembership.objects.filter(pool=pool, candidate=candidate, removed_at__isnull=True).exists():
        raise ValidationError(_("%(name)s is already in this pool.") % {"name": candidate.full_name})
    membership = PoolMembership.objects.create(
        pool=pool,
        candidate=candidate,
        added_by=actor,
        reason=reason,
        next_check_in_at=timezone.now() + timedelta(days=pool.cadence_days) if pool.cadence_days else None,
    )
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.POOL,
        actor=actor,
        summary=_("Added to talent pool %(pool)s") % {"pool": pool.name},
        target=pool,
    )
    return membership
