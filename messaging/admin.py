from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyModelAdmin, ServiceModelAdmin
from messaging.models import EmailTemplate, Notification, OutboundEmail
from messaging.selectors import email_template_label
from messaging.services import outbound_email_retry


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

    list_display = ("created_at", "recipient", "kind_label", "text", "read_at")
    list_filter = ("kind",)
    list_select_related = ("recipient",)
    search_fields = ("kind", "recipient__email", "recipient__full_name")
    autocomplete_fields = ("recipient",)
    readonly_fields = ("created_at",)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, notification: Notification) -> str:
        return notification.kind_label

    @admin.display(description=_("message"))
    def text(self, notification: Notification) -> str:
        return notification.message


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyModelAdmin):
    """The outbox, read-only: rows are written by email_queue and moved by the
    send task and the sweeper. "Send again" puts failed rows back in the queue."""

    list_display = (
        "created_at",
        "status",
        "subject",
        "template_label",
        "language",
        "due_at",
        "sent_at",
        "attempts",
        "reclaims",
    )
    list_filter = ("status", "language", "template")
    list_select_related = ()
    search_fields = ("idempotency_key", "subject", "template", "related_id")
    date_hierarchy = "created_at"
    actions = ["send_again"]

    @admin.display(description=_("template"), ordering="template")
    def template_label(self, email: OutboundEmail) -> str:
        return email_template_label(email.template) if email.template else ""

    @admin.action(description=_("Send again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = outbound_email_retry(email_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d email queued again.", "%(count)d emails queued again.", count) % {"count": count},
        )
