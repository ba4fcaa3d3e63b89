"""A job's pipeline: its stages, the applications moving through them with an
append-only history, and the interviews held along the way."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from interviews.models.plans import StageFields


class Stage(StageFields, TimeStampedModel):
    """One step of a job's pipeline, copied from a plan template and then the
    job's own. A stage that holds applications is archived, never deleted."""

    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="stages")
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    # The users qualified to sit on this stage's panels; when empty, any active
    # staff user may (interviews.selectors.stage_panel_candidates).
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("qualified interviewers"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["job", "order"]
        constraints = [
            # Deferred so a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["job", "order"], name="stage_job_order_uniq", deferrable=models.Deferrable.DEFERRED
            ),
        ]


class Application(TimeStampedModel):
    """A candidate in a job's pipeline. Moved only by interviews.services,
    which writes a StageTransition for every change of stage or status."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        HIRED = "hired", _("hired")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(
        "candidates.Candidate", verbose_name=_("candidate"), on_delete=models.CASCADE, related_name="applications"
    )
    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="applications")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Codes of interviews.ClosingReason (of the rejection and withdrawal kinds):
    # a code, not a key, so a retired reason stays on the applications it closed.
    rejection_reason = models.CharField(_("rejection reason"), max_length=30, blank=True)
    rejection_note = models.TextField(_("rejection note"), blank=True)
    withdrawal_reason = models.CharField(_("withdrawal reason"), max_length=30, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True)
    source = models.ForeignKey(
        "candidates.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What the visitor's link said (?source=, utm_source) when it named no known source.
    # A database default too: the bench loader COPYs applications without this column.
    source_detail = models.CharField(_("source details"), max_length=100, blank=True, default="", db_default="")
    # The team member whose referral link the candidate applied through.
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage_entered_at = models.DateTimeField(_("in stage since"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Empty for an application nobody on the team made (the careers site, a mailbox).
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "job"],
                condition=models.Q(status="active"),
                name="application_one_active_per_job_uniq",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="rejected") | ~models.Q(rejection_reason=""),
                name="application_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(status="active", closed_at__isnull=True)
                | (~models.Q(status="active") & models.Q(closed_at__isnull=False)),
                name="application_closed_iff_not_active",
            ),
        ]
        indexes = [
            # The pipeline board: a job's applications per stage and status.
            models.Index(fields=["job", "status", "stage"], name="application_board_idx"),
            # A candidate's applications on the profile.
            models.Index(fields=["candidate", "-created_at"], name="application_candidate_idx"),
            # The SLA sweep: active applications by time in stage.
            models.Index(fields=["stage_entered_at"], condition=models.Q(status="active"), name="application_sla_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"


class StageTransition(models.Model):
    """One move of an application: stage and/or status before and after.
    Append-only: rows are never updated or deleted by the application."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="transitions"
    )
    from_stage = models.ForeignKey(
        Stage, verbose_name=_("from stage"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(Stage, verbose_name=_("to stage"), on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(_("from status"), max_length=20, choices=Application.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # Set when a recruiter moved the application on although required scorecards were missing.
    override_reason = models.CharField(_("override reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage transition")
        verbose_name_plural = _("stage transitions")
        ordering = ["application", "created_at", "id"]
        indexes = [
            # An application's history in order.
            models.Index(fields=["application", "created_at", "id"], name="transition_history_idx"),
            # Funnel analytics: entries into a stage over time.
            models.Index(fields=["to_stage", "created_at"], name="transition_stage_time_idx"),
            # The analytics roll-up's day refresh: the applications that changed on a day.
            models.Index(fields=["created_at"], name="transition_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage_id} → {self.to_stage_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("Stage transitions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Stage transitions are append-only.")


class Interview(TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="interviews"
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="interviews")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(_("place"), max_length=300, blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED)
    # iCalendar SEQUENCE: raised on every reschedule so calendars update the same event.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    panel = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Panelist", verbose_name=_("panel"), related_name="panel_interviews"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scheduled by"),
        null=True,
        blank=True,  # a system process (a candidate's own booking) schedules too
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="interview_ends_after_start",
                violation_error_message=_("The interview must end after it starts."),
            )
        ]
        indexes = [
            # An application's interviews, and "this week's interviews".
            models.Index(fields=["application", "starts_at"], name="interview_application_idx"),
            models.Index(fields=["starts_at"], condition=models.Q(status="scheduled"), name="interview_upcoming_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stage.name} @ {self.starts_at:%Y-%m-%d %H:%M}"


class Panelist(models.Model):
    """A user on an interview's panel; sitting on a panel is what gives an
    interviewer access to that application (interviews.selectors)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="panelists")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats")

    class Meta:
        verbose_name = _("panelist")
        verbose_name_plural = _("panelists")
        constraints = [models.UniqueConstraint(fields=["interview", "user"], name="panelist_interview_user_uniq")]
        indexes = [
            # Access checks and "my interviews": a user's seats.
            models.Index(fields=["user", "interview"], name="panelist_user_idx"),
        ]

    def __str__(self) -> str:
        return str(self.user)
