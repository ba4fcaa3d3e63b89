"""Interview plans: the question bank, kits, scorecard templates and criteria,
and the plan templates whose stages a new job copies."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class StageKind(models.TextChoices):
    SCREENING = "screening", _("screening")
    PHONE = "phone", _("phone interview")
    TECHNICAL = "technical", _("technical interview")
    BEHAVIOURAL = "behavioural", _("behavioural interview")
    FINAL = "final", _("final interview")
    OFFER = "offer", _("offer")


class Question(TimeStampedModel):
    """A question of the shared bank. Versioned: a question that has been used
    is never edited in place; editing adds a version with the same ``family``."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    family = models.UUIDField(_("question family"), default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    competency = models.CharField(_("competency"), max_length=100)
    text = models.TextField(_("question"))
    good_answer = models.TextField(_("what a good answer shows"), blank=True)
    rubric = models.JSONField(_("rubric per score"), default=dict, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["competency", "text"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="question_family_version_uniq"),
            models.UniqueConstraint(
                fields=["family"], condition=models.Q(is_current=True), name="question_one_current_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class InterviewKit(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)
    questions = models.ManyToManyField(Question, through="KitQuestion", verbose_name=_("questions"), blank=True)

    class Meta:
        verbose_name = _("interview kit")
        verbose_name_plural = _("interview kits")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class KitQuestion(models.Model):
    kit = models.ForeignKey(InterviewKit, on_delete=models.CASCADE, related_name="kit_questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(_("order"))

    class Meta:
        verbose_name = _("kit question")
        verbose_name_plural = _("kit questions")
        ordering = ["kit", "order"]
        constraints = [
            models.UniqueConstraint(fields=["kit", "order"], name="kitquestion_order_uniq"),
            models.UniqueConstraint(fields=["kit", "question"], name="kitquestion_question_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.question}"


class ScorecardTemplate(TimeStampedModel):
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Criterion(TimeStampedModel):
    """One thing a scorecard rates on a 1–4 scale with anchor text per point.

    Versioned like questions: ratings point at the exact version scored, and a
    scored criterion is changed by adding a version (``family`` stays, the old
    row stops being current)."""

    class Group(models.TextChoices):
        SKILLS = "skills", _("skills")
        BEHAVIOUR = "behaviour", _("behaviour")
        CULTURE_FIT = "culture_fit", _("culture fit")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    template = models.ForeignKey(
        ScorecardTemplate, verbose_name=_("scorecard template"), on_delete=models.CASCADE, related_name="criteria"
    )
    family = models.UUIDField(_("criterion family"), default=uuid.uuid4, editable=False)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current version"), default=True)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    anchors = models.JSONField(_("anchor text per score"), default=dict, help_text=_('{"1": "...", …, "4": "..."}'))
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["template", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["family", "version"], name="criterion_family_version_uniq"),
            models.UniqueConstraint(
                fields=["template", "family"], condition=models.Q(is_current=True), name="criterion_one_current_uniq"
            ),
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="criterion_weight_positive"),
        ]
        indexes = [
            # Building a scorecard: the current criteria of a template in order.
            models.Index(
                fields=["template", "order"], condition=models.Q(is_current=True), name="criterion_current_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"


class InterviewPlanTemplate(TimeStampedModel):
    """A reusable sequence of stages; a job copies it when created."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("interview plan template")
        verbose_name_plural = _("interview plan templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StageFields(models.Model):
    """What a plan template's stage and a job's stage both describe."""

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=StageKind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    goal = models.TextField(_("goal"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=60)
    interviewers_needed = models.PositiveSmallIntegerField(_("interviewers needed"), default=1)
    sla_days = models.PositiveSmallIntegerField(_("SLA (days)"), null=True, blank=True)
    kit = models.ForeignKey(
        InterviewKit, verbose_name=_("interview kit"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scorecard_template = models.ForeignKey(
        ScorecardTemplate,
        verbose_name=_("scorecard template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    COPIED_FIELDS = (
        "name",
        "kind",
        "order",
        "goal",
        "duration_minutes",
        "interviewers_needed",
        "sla_days",
        "kit_id",
        "scorecard_template_id",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class StageTemplate(StageFields):
    plan = models.ForeignKey(
        InterviewPlanTemplate, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="stages"
    )

    class Meta:
        verbose_name = _("plan stage")
        verbose_name_plural = _("plan stages")
        ordering = ["plan", "order"]
        constraints = [models.UniqueConstraint(fields=["plan", "order"], name="stagetemplate_order_uniq")]
