"""Admin for placements. Their terms are changed with placements.services
(placement_update, the fee computed again), a hire made before placements
existed gets its placement with placement_create, and the actions record or
undo a fall-through. The first-year base is compensation: never in a form or
a list here (the placements page's side panel edits it)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ServiceAdminMixin, adopt
from placements.models import Placement
from placements.services import (
    placement_base,
    placement_create,
    placement_fall_through,
    placement_fall_through_undo,
    placement_update,
)

CHANGE_FIELDS = ("fee_type", "rate", "currency", "invoice_date", "guarantee_days", "note")


class PlacementAddForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ("application", "placed_on")


@admin.register(Placement)
class PlacementAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ("application", "client", "recruiter", "placed_on", "fee", "currency", "guarantee_ends_on")
    list_filter = ("fee_type", "currency")
    list_select_related = ("application__candidate", "application__job__client", "client", "recruiter")
    search_fields = ("application__candidate__full_name", "application__job__title", "client__name")
    raw_id_fields = ("application",)
    date_hierarchy = "placed_on"
    actions = ("mark_fallen_through", "undo_fall_through")

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PlacementAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("application", "placed_on")
        return (
            ("application", "client", "recruiter"),
            "placed_on",
            *CHANGE_FIELDS,
            ("fee", "guarantee_ends_on"),
            ("fell_through_on", "replacement_owed"),
            ("public_id", "created_by", "created_at", "updated_at"),
        )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return (
            "application",
            "client",
            "recruiter",
            "placed_on",
            "fee",
            "guarantee_ends_on",
            "fell_through_on",
            "replacement_owed",
            "public_id",
            "created_by",
            "created_at",
            "updated_at",
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        # An earned fee is a record: a mistaken one is corrected, or marked as fallen through.
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            adopt(
                obj,
                placement_create(
                    application=obj.application, actor=request.user, placed_on=form.cleaned_data["placed_on"]
                ),
            )
            return
        stored = Placement.objects.get(pk=obj.pk)
        adopt(
            obj,
            placement_update(
                placement=obj,
                actor=request.user,
                first_year_base=placement_base(stored),
                **{name: getattr(obj, name) for name in CHANGE_FIELDS},
            ),
        )

    @admin.action(description=_("Mark as fallen through today"))
    def mark_fallen_through(self, request, queryset) -> None:
        today = timezone.localdate()
        self.run_service_action(
            request,
            queryset,
            lambda placement: placement_fall_through(placement=placement, actor=request.user, fell_through_on=today),
            lambda count: (
                ngettext(
                    "%(count)d placement marked as fallen through.",
                    "%(count)d placements marked as fallen through.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Undo the fall-through"))
    def undo_fall_through(self, request, queryset) -> None:
        self.run_service_action(
            request,
            queryset,
            lambda placement: placement_fall_through_undo(placement=placement, actor=request.user),
            lambda count: (
                ngettext("%(count)d placement stands again.", "%(count)d placements stand again.", count)
                % {"count": count}
            ),
        )
