"""Reads of talent pools: administrators and reviewers see all; recruiters and
coordinators the pools they own or are granted (django-guardian)."""

from __future__ import annotations

from uuid import UUID

from django.db.models import Q, QuerySet

from accounts.models import User
from accounts.roles import Role
from core.access import get_or_404, granted
from talentpool.models import TalentPool, TalentPoolGroupObjectPermission, TalentPoolUserObjectPermission


def pool_list_for(user: User) -> QuerySet[TalentPool]:
    pools = TalentPool.objects.all()
    if not user.is_active:
        return pools.none()
    if user.role in (Role.ADMINISTRATOR, Role.REVIEWER):
        return pools
    if user.role in (Role.RECRUITER, Role.COORDINATOR):
        return pools.filter(
            Q(owner=user) | granted(TalentPoolUserObjectPermission, TalentPoolGroupObjectPermission, user)
        )
    return pools.none()


def get_pool_for_user(user: User, public_id: UUID | str) -> TalentPool:
    return get_or_404(pool_list_for(user), public_id=public_id)
