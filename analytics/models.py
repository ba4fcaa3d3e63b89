"""The analytics roll-ups: the only tables analytics writes.

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
    # Set at roll-up time, so the funnel counts applications with plain counts, not
    # COUNT(DISTINCT application): whether this visit is the application's first at its
    # stage (and at its stage kind) — of all its visits there, of those passed (moved on
    # or hired), rejected and withdrawn — and its first visit at all, and first hire.
    first_at_stage = models.BooleanField(_("first at the stage"), default=False)
    passed_at_stage = models.BooleanField(_("first passed at the stage"), default=False)
    rejected_at_stage = models.BooleanField(_("first rejected at the stage"), default=False)
    withdrew_at_stage = models.BooleanField(_("first withdrawn at the stage"), default=False)
    first_at_kind = models.BooleanField(_("first at the stage kind"), default=False)
    passed_at_kind = models.BooleanField(_("first passed at the stage kind"), default=False)
    rejected_at_kind = models.BooleanField(_("first rejected at the stage kind"), default=False)
    withdrew_at_kind = models.BooleanField(_("first withdrawn at the stage kind"), default=False)
    first_of_application = models.BooleanField(_("first of the application"), default=False)
    first_hire = models.BooleanField(_("first hire of the application"), default=False)

    class Meta:
        verbose_name = _("stage visit")
        verbose_name_plural = _("stage visits")
        indexes = [
            models.Index(fields=["applied_at", "job"], name="visit_cohort_idx"),
            models.Index(fields=["application", "entered_at"], name="visit_application_idx"),
            models.Index(fields=["job", "stage_order"], name="visit_job_stage_idx"),
            # A job's cohort months: the cells' refresh and the funnel's edges in a scope.
            models.Index(fields=["job", "applied_at"], name="visit_job_cohort_idx"),
            # Work in progress now: the open visits only.
            models.Index(fields=["job"], name="visit_open_job_idx", condition=models.Q(outcome="open")),
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


class FunnelCell(models.Model):
    """The funnel's roll-up: StageVisit's flags summed per cohort month (UTC; the
    month the applications were created) × job × stage × rejection reason.
    ``rollup_refresh`` rebuilds the cells of the months and jobs whose visits it
    rebuilt. The funnel reads the cells of the period's whole months and the
    visits of its partial months at the edges, so every figure stays exact."""

    month = models.DateField(_("month"))
    job = models.ForeignKey("jobs.Job", verbose_name=_("job"), on_delete=models.CASCADE, related_name="+")
    stage = models.ForeignKey(Stage, verbose_name=_("stage"), on_delete=models.CASCADE, related_name="+")
    stage_kind = models.CharField(_("stage kind"), max_length=20, choices=StageKind.choices)
    rejection_reason = models.CharField(_("rejection reason"), max_length=30, blank=True)
    reached = models.PositiveIntegerField(_("reached"), default=0)
    passed = models.PositiveIntegerField(_("passed"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    withdrawn = models.PositiveIntegerField(_("withdrawn"), default=0)
    still_there = models.PositiveIntegerField(_("still there"), default=0)
    kind_reached = models.PositiveIntegerField(_("reached the kind"), default=0)
    kind_passed = models.PositiveIntegerField(_("passed the kind"), default=0)
    kind_rejected = models.PositiveIntegerField(_("rejected at the kind"), default=0)
    kind_withdrawn = models.PositiveIntegerField(_("withdrawn at the kind"), default=0)
    applications = models.PositiveIntegerField(_("applications"), default=0)
    hired = models.PositiveIntegerField(_("hired"), default=0)

    class Meta:
        verbose_name = _("funnel cell")
        verbose_name_plural = _("funnel cells")
        indexes = [models.Index(fields=["month", "job"], name="funnelcell_month_job_idx")]
        constraints = [
            models.UniqueConstraint(fields=["month", "job", "stage", "rejection_reason"], name="funnelcell_key")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.job_id} {self.stage_id}"
