"""Scheduling: the times interviewers declare they are unavailable, the slots a
recruiter offers, and the invitations that let a candidate pick one."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from interviews.models.pipeline import Application, Interview, Stage


class Unavailability(TimeStampedModel):
    """A time a user has declared they cannot interview (leave, focus time…)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="unavailabilities"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("unavailable time")
        verbose_name_plural = _("unavailable times")
        ordering = ["user", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="unavailability_ends_after_start",
                violation_error_message=_("The end must come after the start."),
            )
        ]
        indexes = [
            # Conflict checks: a panelist's declared times overlapping a proposed interview.
            models.Index(fields=["user", "starts_at", "ends_at"], name="unavailability_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class InterviewSlot(TimeStampedModel):
    """A time a stage's panel can interview, offered to one or more candidates.
    Booking sets ``interview`` with a conditional UPDATE, so of two candidates
    picking the same slot at the same instant exactly one gets it."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    panel = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("panel"), related_name="+")
    interview = models.OneToOneField(
        Interview,
        verbose_name=_("booked interview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="slot",
    )
    booked_at = models.DateTimeField(_("booked"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("offered by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("The slot must end after it starts."),
            )
        ]
        indexes = [
            # The self-scheduling page: a stage's slots still free, in time order.
            models.Index(
                fields=["stage", "starts_at"], condition=models.Q(interview__isnull=True), name="slot_free_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage.name} @ {self.starts_at:%Y-%m-%d %H:%M}"


class SchedulingInvitation(TimeStampedModel):
    """An invitation to one candidate to pick one of the offered slots for a
    stage, reached through a tokenized link (core.AccessToken, purpose
    ``self_schedule``). The candidate may instead ask for other times."""

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for the candidate")
        BOOKED = "booked", _("booked")
        OTHER_TIMES = "other_times", _("candidate asked for other times")
        CANCELLED = "cancelled", _("cancelled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="scheduling_invitations"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+")
    slots = models.ManyToManyField(InterviewSlot, verbose_name=_("offered slots"), related_name="invitations")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    message = models.TextField(_("message to the candidate"), blank=True)
    candidate_message = models.TextField(_("the candidate's message"), blank=True)
    interview = models.ForeignKey(
        Interview,
        verbose_name=_("booked interview"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("scheduling invitation")
        verbose_name_plural = _("scheduling invitations")
        ordering = ["-created_at"]
        indexes = [
            # An application's invitations on its profile and board card.
            models.Index(fields=["application", "-created_at"], name="invitation_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.stage.name}"
