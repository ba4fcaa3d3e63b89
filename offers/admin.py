"""Offers in Django admin: read-only (offers are drafted, changed and
decided on their pages, through offers.services); the actions call the
services. No encrypted term is listed, searched or shown in a form."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyInlineMixin, ReadOnlyModelAdmin, ServiceAdminMixin
from offers.models import Offer, OfferApproval, OfferApprover, OfferVersion
from offers.services import offer_submit, offer_withdraw

APPLICATION_LABEL = ("application__candidate", "application__job__client")


class OfferVersionInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = OfferVersion
    fields = ("number", "currency", "pay_period", "start_date", "expires_on", "created_by", "created_at")
    readonly_fields = fields
    ordering = ("-number",)


@admin.register(Offer)
class OfferAdmin(ServiceAdminMixin, ReadOnlyModelAdmin):
    """Offers, read-only; "Send for approval" and "Withdraw" call the services."""

    list_display = ("application", "status", "version_number", "sent_at", "expires_at", "created_by", "created_at")
    list_filter = ("status", "created_at")
    list_select_related = (*APPLICATION_LABEL, "current_version", "created_by")
    search_fields = ("application__candidate__full_name", "application__job__title")
    raw_id_fields = ("application", "current_version", "letter_template", "created_by")
    date_hierarchy = "created_at"
    show_full_result_count = False
    inlines = (OfferVersionInline,)
    actions = ("submit", "withdraw")

    @admin.display(description=_("version"), ordering="current_version__number")
    def version_number(self, offer: Offer) -> int | None:
        return offer.current_version.number if offer.current_version else None

    @admin.action(description=_("Send for approval"), permissions=["view"])
    def submit(self, request, queryset):
        self.run_service_action(
            request,
            queryset,
            lambda offer: offer_submit(offer=offer, actor=request.user),
            lambda count: (
                ngettext("%(count)d offer sent for approval.", "%(count)d offers sent for approval.", count)
                % {"count": count}
            ),
        )

    @admin.action(description=_("Withdraw"), permissions=["view"])
    def withdraw(self, request, queryset):
        self.run_service_action(
            request,
            queryset,
            lambda offer: offer_withdraw(offer=offer, actor=request.user),
            lambda count: (
                ngettext("%(count)d offer withdrawn.", "%(count)d offers withdrawn.", count) % {"count": count}
            ),
        )


@admin.register(OfferVersion)
class OfferVersionAdmin(ReadOnlyModelAdmin):
    """Each version's terms, append-only; the encrypted terms are not shown here."""

    fields = (
        "public_id",
        "offer",
        "number",
        "currency",
        "pay_period",
        "periods_per_year",
        "start_date",
        "work_location",
        "expires_on",
        "note",
        "created_by",
        "created_at",
    )
    list_display = ("offer", "number", "currency", "pay_period", "start_date", "expires_on", "created_at")
    list_select_related = ("offer__application__candidate", "offer__application__job__client", "created_by")
    search_fields = ("offer__application__candidate__full_name", "offer__application__job__title")
    raw_id_fields = ("offer", "created_by")
    show_full_result_count = False


@admin.register(OfferApproval)
class OfferApprovalAdmin(ReadOnlyModelAdmin):
    """Each approver's decision on a version, written by offer_submit and offer_approval_decide."""

    list_display = ("version", "order", "approver", "decision", "decided_at")
    list_filter = ("decision",)
    list_select_related = (
        "version__offer__application__candidate",
        "version__offer__application__job__client",
        "approver",
    )
    search_fields = ("approver__full_name", "version__offer__application__candidate__full_name")
    raw_id_fields = ("version", "approver")
    show_full_result_count = False


@admin.register(OfferApprover)
class OfferApproverAdmin(ReadOnlyModelAdmin):
    """Jobs' approval chains, edited on each job's "Offer approvals" page (offer_approvers_set)."""

    list_display = ("job", "order", "user")
    list_select_related = ("job__client", "user")
    search_fields = ("job__title", "user__full_name")
    raw_id_fields = ("job", "user")
