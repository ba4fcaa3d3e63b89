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
    field names, not values. Written only by ``core.services.audit_record``.
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
