"""Triggers: which automatic emails go out on which events, after what delay.

A trigger applies to every job (no job), to one job (job, no stage) or to one
stage; the most specific one that matches an event decides, so a switched-off
trigger on a stage silences a global one there. Rejection triggers may also
name a rejection reason; one that names the reason beats one for any reason at
the same scope.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from interviews.models.pipeline import Stage

# A month: longer would make the sweeps scan far back (they look back by the longest delay).
MAX_DELAY_HOURS = 720


class Trigger(TimeStampedModel):
    class Event(models.TextChoices):
        STAGE_ENTRY = "stage_entry", _("candidate enters a stage")
        REJECTION = "rejection", _("candidate is rejected")
        INTERVIEW = "interview", _("interview scheduled, moved or cancelled")
        THANK_YOU = "thank_you", _("after an interview (thank-you)")
        SLA_NUDGE = "sla_nudge", _("past the stage's SLA without contact (to the recruiter)")

    class Timing(models.TextChoices):
        DELAY = "delay", _("after the delay")
        WORKING_MORNING = "working_morning", _("next working morning after the delay")

    # Events whose email is written from an email template the trigger names.
    TEMPLATE_REQUIRED = {Event.STAGE_ENTRY, Event.REJECTION}
    # Events with a built-in email; a template is optional (thank-you) or not used.
    TEMPLATE_OPTIONAL = {Event.THANK_YOU}
    # Events sent at the moment they happen: only the switch applies.
    IMMEDIATE = {Event.INTERVIEW}
    # What happens where no trigger matches: interview emails and SLA nudges
    # are on, the emails that need a template written for them are off.
    ON_BY_DEFAULT = {Event.INTERVIEW, Event.SLA_NUDGE}

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(_("event"), max_length=20, choices=Event.choices)
    job = models.ForeignKey(
        "jobs.Job",
        verbose_name=_("job"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triggers",
        help_text=_("Empty: every job."),
    )
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("stage"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="triggers",
        help_text=_("Empty: every stage."),
    )
    rejection_reason = models.CharField(
        _("rejection reason"),
        max_length=30,
        blank=True,
        help_text=_("Empty: any reason."),
    )
    template_name = models.CharField(_("email template"), max_length=120, blank=True)
    delay_hours = models.PositiveSmallIntegerField(
        _("delay (hours)"), default=0, validators=[MaxValueValidator(MAX_DELAY_HOURS)]
    )
    timing = models.CharField(_("send"), max_length=20, choices=Timing.choices, default=Timing.DELAY)
    is_active = models.BooleanField(_("on"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("trigger")
        verbose_name_plural = _("triggers")
        ordering = ["event", "job", "stage", "rejection_reason"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "job", "stage", "rejection_reason"],
                nulls_distinct=False,
                name="trigger_scope_uniq",
                violation_error_message=_("There is already a rule for this event here: change that one instead."),
            ),
            models.CheckConstraint(
                condition=models.Q(stage__isnull=True) | models.Q(job__isnull=False), name="trigger_stage_has_job"
            ),
            models.CheckConstraint(
                condition=models.Q(rejection_reason="") | models.Q(event="rejection"),
                name="trigger_reason_only_on_rejection",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        if self.stage_id:
            return f"{self.job} · {self.stage.name}"
        return str(self.job) if self.job_id else str(_("every job"))

    def clean(self) -> None:
        errors = {}
        if self.stage_id and self.job_id and self.stage.job_id != self.job_id:
            errors["stage"] = _("That stage belongs to another job.")
        if self.rejection_reason and self.event != self.Event.REJECTION:
            errors["rejection_reason"] = _("Only rejection triggers have a reason.")
        if self.is_active and self.event in self.TEMPLATE_REQUIRED and not self.template_name:
            errors["template_name"] = _("Choose the email this trigger sends.")
        if errors:
            raise ValidationError(errors)
