"""Admin for candidates' requests: read-only. Requests are recorded, handled
and confirmed on their pages (privacy.services.requests), where the legal
clock, the second person and the emails are kept; an access archive is
downloaded there, once, by its handler."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyModelAdmin
from privacy.models import AccessArchive, PrivacyRequest


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
