"""Mailboxes and intake messages in Django admin: read-only. Mailboxes are
connected and messages handled on the intake pages (intake.services); a
mailbox's password is never shown, not even to administrators."""

from __future__ import annotations

from django.contrib import admin

from core.admin import ReadOnlyInlineMixin, ReadOnlyModelAdmin
from intake.models import IntakeAttachment, IntakeMessage, Mailbox


@admin.register(Mailbox)
class MailboxAdmin(ReadOnlyModelAdmin):
    list_display = ("name", "host", "port", "security", "username", "folder", "owner", "is_active", "last_polled_at")
    list_filter = ("is_active", "security")
    list_select_related = ("owner",)
    search_fields = ("name", "host", "username")
    raw_id_fields = ("default_job", "owner")
    fields = (
        "public_id",
        "name",
        "host",
        "port",
        "security",
        "username",
        "folder",
        "default_job",
        "owner",
        "is_active",
        "uidvalidity",
        "last_uid",
        "last_polled_at",
        "last_error",
        "created_at",
    )


class IntakeAttachmentInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = IntakeAttachment
    fields = ("filename", "content_type", "size", "refused")
    readonly_fields = fields


@admin.register(IntakeMessage)
class IntakeMessageAdmin(ReadOnlyModelAdmin):
    list_display = ("subject", "sender_name", "mailbox", "received_at", "status", "reason", "candidate")
    list_filter = ("status", "reason")
    list_select_related = ("mailbox", "candidate")
    search_fields = ("subject", "sender_name", "message_id")
    raw_id_fields = ("mailbox", "candidate", "handled_by")
    date_hierarchy = "received_at"
    show_full_result_count = False
    inlines = (IntakeAttachmentInline,)
    fields = (
        "public_id",
        "mailbox",
        "uidvalidity",
        "uid",
        "message_id",
        "sender_name",
        "sender_address",
        "subject",
        "body",
        "received_at",
        "size",
        "status",
        "reason",
        "reason_text",
        "candidate",
        "handled_by",
    )
