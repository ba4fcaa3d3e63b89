"""Scorecards and ratings written by panelists, and candidates' own feedback."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from interviews.models.pipeline import Application, Interview, Stage
from interviews.models.plans import Criterion


class Scorecard(TimeStampedModel):
    """One panelist's assessment of one interview: a rating per criterion and a
    recommendation. Drafts are private; submitted scorecards are final."""

    class Recommendation(models.TextChoices):
        STRONG_NO = "strong_no", _("strong no")
        NO = "no", _("no")
        YES = "yes", _("yes")
        STRONG_YES = "strong_yes", _("strong yes")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), on_delete=models.CASCADE, related_name="scorecards"
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("interviewer"), on_delete=models.PROTECT, related_name="scorecards"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices, blank=True)
    summary = models.TextField(_("overall note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # Raised each time a submitted scorecard is changed; every change is also an AuditEvent.
    revision = models.PositiveSmallIntegerField(_("revision"), default=0)

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        ordering = ["interview", "interviewer"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="scorecard_one_per_panelist_uniq"),
            models.CheckConstraint(
                condition=models.Q(status="draft", submitted_at__isnull=True)
                | models.Q(status="submitted", submitted_at__isnull=False) & ~models.Q(recommendation=""),
                name="scorecard_submitted_is_complete",
            ),
        ]
        indexes = [
            # "Scorecards due": an interviewer's drafts.
            models.Index(fields=["interviewer", "status"], name="scorecard_interviewer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer} on {self.interview}"


class Rating(models.Model):
    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="ratings"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(_("score"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "criterion"], name="rating_one_per_criterion_uniq"),
            models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=4), name="rating_score_1_to_4"),
        ]
        indexes = [
            # Calibration: every rating given on a criterion.
            models.Index(fields=["criterion"], name="rating_criterion_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class CandidateFeedback(models.Model):
    """A candidate's answer to the feedback survey about their process."""

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="feedback"
    )
    interview = models.ForeignKey(
        Interview, verbose_name=_("interview"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction (1–5)"))
    recommend_score = models.PositiveSmallIntegerField(_("would recommend (0–10)"), null=True, blank=True)
    went_well = models.TextField(_("what went well"), blank=True)
    to_improve = models.TextField(_("what to improve"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("candidate feedback")
        verbose_name_plural = _("candidate feedback")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5), name="feedback_satisfaction_1_to_5"
            ),
            models.CheckConstraint(
                condition=models.Q(recommend_score__isnull=True) | models.Q(recommend_score__lte=10),
                name="feedback_nps_0_to_10",
            ),
        ]
        indexes = [
            # Survey results by period.
            models.Index(fields=["submitted_at"], name="feedback_submitted_idx"),
            models.Index(fields=["application"], name="feedback_application_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.satisfaction}/5"
