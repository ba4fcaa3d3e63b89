"""Admin for candidates' requests: read-only. Requests are recorded, handled
and confirmed on their pages (privacy.services.requests), where the legal
clock, the second person and the emails are kept; an access archive is
downloaded there, once, by its handler.

Retention in Django admin: the policies administrators edit, the renewal
requests the sweep sent (read-only), and the dry run of the next sweep.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from candidates.models import Candidate
from core.admin import ReadOnlyModelAdmin, ServiceModelAdmin
from privacy.models import AccessArchive, PrivacyRequest, RetentionPolicy, RetentionRenewal
from privacy.selectors import retention_plan


@admin.register(PrivacyRequest)
class PrivacyRequestAdmin(ReadOnlyModelAdmin):
    list_display = ("received_at", "kind", "status", "channel", "candidate", "due_at", "done_at")
    list_filter = ("kind", "status", "channel")
    list_select_related = ("candidate",)
    search_fields = ("candidate__full_name", "public_id__exact")
    raw_id_fields = ("candidate", "entered_by", "handled_by", "confirmed_by", "archive_downloaded_by")
    date_hierarchy = "received_at"


@admin.register(AccessArchive)
class AccessArchiveAdmin(ReadOnlyModelAdmin):
    """An access request's archive while it waits for its one download; its
    stored file name is never shown."""

    list_display = ("created_at", "request", "size")
    list_select_related = ("request",)
    search_fields = ("request__public_id__exact",)
    raw_id_fields = ("request",)
    fields = ("public_id", "request", "size", "file_key_version", "created_at")
    readonly_fields = fields


@admin.register(RetentionPolicy)
class RetentionPolicyAdmin(ServiceModelAdmin):
    list_display = ("name", "rule", "months", "renewal_days", "is_active")
    list_filter = ("rule", "is_active")
    list_select_related = ()
    search_fields = ("name",)
    change_list_template = "admin/privacy/retentionpolicy/change_list.html"

    def get_urls(self):
        dry_run = path(
            "dry-run/", self.admin_site.admin_view(self.dry_run_view), name="privacy_retentionpolicy_dry_run"
        )
        return [dry_run, *super().get_urls()]

    def dry_run_view(self, request):
        """What the next sweep will do, from the selector the sweep acts on."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        plan = retention_plan()
        candidates = Candidate.objects.in_bulk([action.candidate_id for action in plan])
        policies = RetentionPolicy.objects.in_bulk()
        rows = [
            {
                "action": action,
                "candidate": candidates[action.candidate_id],
                "policy": policies[action.policy_id],
            }
            for action in plan
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Next retention sweep (dry run)"),
            "rows": rows,
        }
        return TemplateResponse(request, "admin/privacy/retentionpolicy/dry_run.html", context)


@admin.register(RetentionRenewal)
class RetentionRenewalAdmin(ReadOnlyModelAdmin):
    list_display = ("candidate", "policy", "deadline", "asked_at")
    list_select_related = ("candidate", "policy")
    search_fields = ("policy__name",)
    raw_id_fields = ("candidate", "policy")
