import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import EncryptedTextField
from core.models import TimeStampedModel
from messaging import merge_fields
from messaging.messages import MESSAGES, NOTIFICATION_KINDS


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

    def clean(self) -> None:
        errors = {}
        for field in ("subject", "body_text", "body_html"):
            if unknown := merge_fields.unknown_fields(getattr(self, field)):
                errors[field] = _("Unknown merge fields: %(fields)s. Use: %(known)s.") % {
                    "fields": ", ".join(unknown),
                    "known": ", ".join(merge_fields.FIELDS),
                }
        if errors:
            raise ValidationError(errors)


class Notification(models.Model):
    """An in-app message to one user (an @mention, a scorecard due, an SLA nudge)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=50)
    # The text, rendered in the reader's language by ``message`` (see messaging.messages).
    message_id = models.CharField(_("message"), max_length=100)
    params = models.JSONField(_("message parameters"), default=dict, blank=True)
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

    @property
    def message(self) -> str:
        """The notification's text in the active language."""
        return MESSAGES.render(self.message_id, self.params)

    @property
    def kind_label(self) -> str:
        """What kind of notification this is, in the active language."""
        return NOTIFICATION_KINDS.label(self.kind)


class OutboundEmail(models.Model):
    """One email to send: a row of the outbox (messaging.services.outbox).

    Inserted by ``messaging.services.email_queue`` in the caller's transaction,
    so a rolled-back change sends nothing. ``idempotency_key`` makes queueing
    the same message twice a no-op. The send task claims the row with a
    conditional update and a lease, sends, and marks it sent or failed; the
    beat sweeper hands due and abandoned rows back to Celery.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", pgettext_lazy("email status", "sent")
        FAILED = "failed", _("failed")
        CANCELLED = "cancelled", _("cancelled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    to_address = EncryptedTextField(_("to"))
    from_address = models.CharField(pgettext_lazy("email sender", "from"), max_length=254, blank=True)
    reply_to = models.CharField(_("reply to"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    # Either a template under templates/emails/<name>/ rendered at send time
    # with ``context``, or pre-rendered parts (Django's own mail).
    template = models.CharField(_("template"), max_length=100, blank=True)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    body_text = models.TextField(_("text body"), blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content": base64}], e.g. calendar invitations.
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    # The candidate the email is to (candidates.Candidate.public_id; messaging
    # sits below candidates, so no foreign key): carries the preference-centre
    # footer and List-Unsubscribe headers, and is found by the anonymiser.
    candidate_ref = models.UUIDField(_("candidate"), null=True, blank=True, db_index=True)
    # The consent purpose the email depends on (candidates.Consent.Purpose):
    # withdrawing that consent cancels it while it is queued.
    consent_purpose = models.CharField(_("depends on consent"), max_length=30, blank=True, default="", db_default="")
    related_type = models.CharField(_("object type"), max_length=100, blank=True)
    related_id = models.CharField(_("object id"), max_length=64, blank=True)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    due_at = models.DateTimeField(_("due"))
    # Set when the row was last handed to Celery; the sweeper re-hands rows
    # whose hand-off is older than OUTBOX_REQUEUE_AFTER (a lost task).
    enqueued_at = models.DateTimeField(_("handed to the worker"), null=True, blank=True)
    claimed_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Claims of a row whose previous claim expired mid-send: each is a possible
    # duplicate delivery (a crash between SMTP accepting and our commit).
    reclaims = models.PositiveSmallIntegerField(_("reclaims after a lost send"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outbound email")
        verbose_name_plural = _("outbound emails")
        ordering = ["-created_at"]
        indexes = [
            # The sweeper: queued rows by due time.
            models.Index(fields=["due_at"], condition=models.Q(status="queued"), name="outbound_due_idx"),
            # The sweeper: sending rows whose lease ran out.
            models.Index(fields=["claimed_until"], condition=models.Q(status="sending"), name="outbound_lease_idx"),
            # Emails about one object (an interview's invitations, a candidate's mail).
            models.Index(fields=["related_type", "related_id"], name="outbound_related_idx"),
        ]

    def __str__(self) -> str:
        return self.subject or self.template or self.idempotency_key
