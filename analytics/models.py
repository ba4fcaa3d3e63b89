"""The analytics roll-ups (DESIGN.md: analytics writes only its own tables).

A StageVisit is one application's stay in one stage, read off the append-only
StageTransition log: it begins with the transition that put the application
there while active, and ends with the application's next transition (a move,
a rejection, a hire or a withdrawal), or is still open. The funnel and the
time reports group visits instead of re-reading the whole log with window
functions on every page view. ``analytics.services.rollup_refresh`` rebuilds
the visits of the applications that changed on a day, idempotently; a
RollupRun per day says when that was, so a page can say how fresh it is.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from interviews.models import Application, Stage, StageKind, StageTransition


class StageVisit(models.Model):
    class Outcome(models.TextChoices):
        OPEN = "open", _("still in the stage")
        MOVED_ON = "moved_on", _("moved on")
        MOVED_BACK = "moved_back", _("moved back")
        HIRED = "hired", _("hired")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrew")

    # The transition that began the visit: one visit per entry, whatever the refreshes.
    entry = models.OneToOneField(
        StageTransition, verbose_name=_("entry"), primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="+"
    )
    # Copied from the application, its job and the stage, so reports group without joins.
    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey("jobs.Client", verbose_name=_("client"), on_delete=models.CASCADE, related_name="+")
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recruiter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        "candidates.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+")
    stage_kind = models.CharField(_("stage kind"), max_length=20, choices=StageKind.choices)
    stage_order = models.PositiveSmallIntegerField(_("stage order"))
    applied_at = models.DateTimeField(_("applied"))
    entered_at = models.DateTimeField(_("entered"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    rejection_reason = models.CharField(_("rejection reason"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("stage visit")
        verbose_name_plural = _("stage visits")
        indexes = [
            models.Index(fields=["applied_at", "job"], name="visit_cohort_idx"),
            models.Index(fields=["application", "entered_at"], name="visit_application_idx"),
            models.Index(fields=["job", "stage_order"], name="visit_job_stage_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="open", left_at__isnull=True)
                | (~models.Q(outcome="open") & models.Q(left_at__isnull=False)),
                name="visit_open_has_no_end",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} @ {self.stage_id}"


class RollupRun(models.Model):
    """When the visits of the applications that changed on ``day`` were last rebuilt."""

    day = models.DateField(_("day"), unique=True)
    refreshed_at = models.DateTimeField(_("refreshed"))
    applications = models.PositiveIntegerField(_("applications"), default=0)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("roll-up run")
        verbose_name_plural = _("roll-up runs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.refreshed_at:%Y-%m-%d %H:%M}"
