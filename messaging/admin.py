from django.contrib import admin

from core.admin import ServiceModelAdmin
from messaging.models import EmailTemplate, Notification


@admin.register(EmailTemplate)
class EmailTemplateAdmin(ServiceModelAdmin):
    """Email templates, one row per name and language; saved with reference_save."""

    list_display = ("name", "language", "purpose", "subject", "is_active", "updated_at")
    list_filter = ("purpose", "language", "is_active")
    list_select_related = ()
    search_fields = ("name", "subject")
    readonly_fields = ("public_id", "created_at", "updated_at")


@admin.register(Notification)
class NotificationAdmin(ServiceModelAdmin):
    """In-app notifications; saved with reference_save."""

    list_display = ("created_at", "recipient", "kind", "message", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("message", "kind", "recipient__email", "recipient__full_name")
    autocomplete_fields = ("recipient",)
    readonly_fields = ("created_at",)
