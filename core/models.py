from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Creation and last-change times for every domain row."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """An append-only record of who did what, for the audit log.

    ``action`` is a namespaced code, ``app.entity.verb`` (``accounts.user.login``).
    Rows never hold decrypted personal data: ``data`` keeps identifiers and
    field names, not values. Written only by ``core.services.audit_record``
    (``audit_record_many`` for many at once).
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=100)
    target_type = models.CharField(_("object type"), max_length=100, blank=True)
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("user agent"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The audit log page: newest first, optionally for one action.
            models.Index(fields=["action", "-created_at"], name="auditevent_action_time_idx"),
            # "What did this user do": an actor's events, newest first.
            models.Index(fields=["actor", "-created_at"], name="auditevent_actor_time_idx"),
            # The history of one object: every event on a target.
            models.Index(fields=["target_type", "target_id", "-created_at"], name="auditevent_target_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M:%S}"


class AccessToken(models.Model):
    """A tokenized link for someone without an account.

    The token itself (256 random bits) is shown once, in the link; only its
    SHA-256 is stored. It opens one object for one purpose until it expires, is
    used (for single-use purposes) or is revoked. Issued and resolved by
    ``core.services.access_token_issue`` / ``access_token_resolve``.
    """

    class Purpose(models.TextChoices):
        SELF_SCHEDULE = "self_schedule", _("pick an interview slot")
        RESCHEDULE = "reschedule", _("move an interview")
        FEEDBACK_SURVEY = "feedback_survey", _("candidate feedback survey")
        CHECK_IN = "check_in", _("talent pool check-in")
        INVITATION = "invitation", _("set a password for an invited account")
        OFFER = "offer", _("read and answer an offer")
        PREFERENCES = "preferences", _("preference centre and unsubscribe")
        RETENTION_KEEP = "retention_keep", _("keep my profile (renew consent)")

    token_hash = models.BinaryField(_("token hash"), max_length=32, unique=True, editable=False)
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", verbose_name=_("object type"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.BigIntegerField(_("object id"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        indexes = [
            # "Revoke every open link to this object" when it is cancelled or erased.
            models.Index(fields=["target_type", "target_id", "purpose"], name="accesstoken_target_idx"),
            # The retention sweep deletes long-expired tokens.
            models.Index(fields=["expires_at"], name="accesstoken_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} #{self.target_id}"


class RateCount(models.Model):
    """How many times something keyed by ``key`` happened in the current
    fixed window, which began at ``window_start``. Counted in PostgreSQL, not the
    cache, so a Redis outage or flush neither lifts nor imposes a limit. Written
    only by ``core.services.rate_count``, one conditional upsert per count."""

    key = models.CharField(_("key"), max_length=150, primary_key=True)
    window_start = models.DateTimeField(_("window start"))
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("rate count")
        verbose_name_plural = _("rate counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
