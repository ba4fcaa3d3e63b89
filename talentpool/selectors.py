"""Reads of talent pools: administrators and reviewers see all; recruiters and
coordinators the pools they own or are granted (django-guardian)."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.roles import Role
from talentpool.models import TalentPool, TalentPoolGroupObjectPermission, TalentPoolUserObjectPermission


def pool_list_for(user: User) -> QuerySet[TalentPool]:
    pools = TalentPool.objects.all()
    if not user.is_active:
        return pools.none()
    if user.role in (Role.ADMINISTRATOR, Role.REVIEWER):
        return pools
    if user.role in (Role.RECRUITER, Role.COORDINATOR):
        by_user = TalentPoolUserObjectPermission.objects.filter(content_object=OuterRef("pk"), user=user)
        by_group = TalentPoolGroupObjectPermission.objects.filter(content_object=OuterRef("pk"), group__user=user)
        return pools.filter(Q(owner=user) | Q(Exists(by_user)) | Q(Exists(by_group)))
    return pools.none()


def get_pool_for_user(user: User, public_id: UUID | str) -> TalentPool:
    try:
        return pool_list_for(user).get(public_id=public_id)
    except (TalentPool.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
