import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from core.models import TimeStampedModel


class TalentPool(TimeStampedModel):
    """Candidates kept warm for future roles, checked in with every ``cadence_days``."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="talent_pools"
    )
    cadence_days = models.PositiveSmallIntegerField(
        _("check-in every (days)"), null=True, blank=True, help_text=_("Empty: no periodic check-ins.")
    )
    check_in_template = models.ForeignKey(
        "messaging.EmailTemplate",
        verbose_name=_("check-in email"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("talent pool")
        verbose_name_plural = _("talent pools")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cadence_days__isnull=True) | models.Q(cadence_days__gte=1),
                name="talentpool_cadence_positive",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PoolMembership(models.Model):
    pool = models.ForeignKey(TalentPool, verbose_name=_("pool"), on_delete=models.CASCADE, related_name="memberships")
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="pool_memberships"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True)
    removed_reason = models.CharField(_("reason for removal"), max_length=300, blank=True)
    next_check_in_at = models.DateTimeField(_("next check-in"), null=True, blank=True)
    last_check_in_at = models.DateTimeField(_("last check-in"), null=True, blank=True)

    class Meta:
        verbose_name = _("pool membership")
        verbose_name_plural = _("pool memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["pool", "candidate"],
                condition=models.Q(removed_at__isnull=True),
                name="poolmembership_one_active_uniq",
            )
        ]
        indexes = [
            # The check-in sweep: active members whose next check-in is due.
            models.Index(
                fields=["next_check_in_at"],
                condition=models.Q(removed_at__isnull=True, next_check_in_at__isnull=False),
                name="poolmembership_due_idx",
            ),
            # A candidate's pools on the profile.
            models.Index(fields=["candidate"], name="poolmembership_candidate_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} in {self.pool}"


class CheckIn(models.Model):
    class Answer(models.TextChoices):
        INTERESTED = "interested", _("interested now")
        NOT_NOW = "not_now", _("not right now")
        NOT_INTERESTED = "not_interested", _("not interested, remove me")

    membership = models.ForeignKey(
        PoolMembership, verbose_name=_("membership"), on_delete=models.CASCADE, related_name="check_ins"
    )
    sent_at = models.DateTimeField(_("sent"))
    # The membership's next_check_in_at this check-in was sent for: one per cycle.
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # What the candidate told us (plain text). The salary range is compensation,
    # personal data: it goes to Candidate.expected_compensation (encrypted), never here.
    location = models.CharField(_("location"), max_length=200, blank=True)
    roles_wanted = models.CharField(_("roles wanted"), max_length=300, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-sent_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True, answer="")
                | models.Q(answered_at__isnull=False) & ~models.Q(answer=""),
                name="checkin_answer_with_time",
            ),
            # Exactly one check-in per member per cycle, however often the sweep runs.
            models.UniqueConstraint(fields=["membership", "due_at"], name="checkin_one_per_cycle_uniq"),
        ]
        indexes = [models.Index(fields=["membership", "-sent_at"], name="checkin_membership_idx")]

    def __str__(self) -> str:
        return f"{self.membership} @ {self.sent_at:%Y-%m-%d}"


class TalentPoolUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(TalentPool, on_delete=models.CASCADE)


class TalentPoolGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(TalentPool, on_delete=models.CASCADE)
