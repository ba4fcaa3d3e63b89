import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class EmailTemplate(TimeStampedModel):
    """One email in one language: subject, HTML and text parts with merge fields.

    The same ``name`` exists once per language; the sender picks the one in the
    recipient's language and falls back to the other.
    """

    class Purpose(models.TextChoices):
        STAGE_ENTRY = "stage_entry", _("stage entry")
        REJECTION = "rejection", _("rejection")
        INVITATION = "invitation", _("interview invitation")
        RESCHEDULE = "reschedule", _("interview rescheduled")
        CANCELLATION = "cancellation", _("interview cancelled")
        REMINDER = "reminder", _("reminder")
        THANK_YOU = "thank_you", _("thank-you")
        SURVEY = "survey", _("feedback survey")
        CHECK_IN = "check_in", _("talent pool check-in")
        CUSTOM = "custom", _("custom")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.CUSTOM)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("email template")
        verbose_name_plural = _("email templates")
        ordering = ["name", "language"]
        constraints = [models.UniqueConstraint(fields=["name", "language"], name="emailtemplate_name_language_uniq")]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class Notification(models.Model):
    """An in-app message to one user (an @mention, a scorecard due, an SLA nudge)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        indexes = [
            # The bell: a user's unread notifications, newest first.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.message
