"""Admin for talent pools. Pools are created with pool_create and members
added with pool_member_add; check-ins are read-only. Guardian's permission
tables for pools are not registered."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyModelAdmin, ServiceAdminMixin, ServiceModelAdmin, adopt
from core.services import reference_save
from talentpool.models import CheckIn, PoolMembership, TalentPool
from talentpool.services import pool_create, pool_member_add


@admin.register(TalentPool)
class TalentPoolAdmin(ServiceModelAdmin):
    """Pools: created with pool_create, changed as audited reference rows,
    never deleted here (memberships and check-ins hang on them)."""

    list_display = ("name", "owner", "cadence_days", "check_in_template", "created_at")
    list_select_related = ("owner", "check_in_template")
    search_fields = ("name",)
    autocomplete_fields = ("owner",)
    readonly_fields = ("public_id", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if change:
            reference_save(instance=obj, actor=request.user, request=request)
            return
        saved = pool_create(
            actor=request.user,
            name=obj.name,
            owner=obj.owner,
            description=obj.description,
            cadence_days=obj.cadence_days,
        )
        if obj.check_in_template is not None:
            # pool_create takes no check-in email; set it as a second, audited change.
            saved.check_in_template = obj.check_in_template
            reference_save(instance=saved, actor=request.user, request=request)
        adopt(obj, saved)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PoolMembership)
class PoolMembershipAdmin(ServiceAdminMixin, admin.ModelAdmin):
    """Pool members, added with pool_member_add. There is no service yet to
    remove a member or move a check-in date, so a membership is view-only here."""

    list_display = ("candidate", "pool", "added_by", "added_at", "removed_at", "next_check_in_at")
    list_filter = ("pool",)
    list_select_related = ("candidate", "pool", "added_by")
    search_fields = ("candidate__full_name", "pool__name")
    autocomplete_fields = ("pool", "candidate")
    add_fields = ("pool", "candidate", "reason")
    fields = (
        "pool",
        "candidate",
        "reason",
        "added_by",
        "added_at",
        "removed_at",
        "removed_reason",
        "next_check_in_at",
        "last_check_in_at",
    )
    readonly_fields = ("added_by", "added_at")

    def get_fields(self, request, obj=None):
        return self.add_fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else super().get_readonly_fields(request, obj)

    def save_model(self, request, obj, form, change):
        saved = pool_member_add(pool=obj.pool, candidate=obj.candidate, actor=request.user, reason=obj.reason)
        adopt(obj, saved)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyModelAdmin):
    """Check-ins sent to pool members and their answers, read-only."""

    list_display = ("sent_at", "membership", "answer", "answered_at")
    list_filter = ("answer",)
    list_select_related = ("membership__candidate", "membership__pool")
    search_fields = ("membership__candidate__full_name", "membership__pool__name")
    raw_id_fields = ("membership",)
