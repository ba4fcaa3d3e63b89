"""Reads of interview plans: plan templates, the question bank, kits,
scorecard templates, and a job's stages for its stages page.

Plan templates, questions, kits and scorecard templates are shared reference
data: the roles with ``templates_and_pools`` manage them (``can_manage_plans``);
a job's stages are read by whoever sees the job (jobs.selectors.get_job_for_user).
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from accounts.models import User
from accounts.roles import rules_for
from core.access import get_or_404
from interviews.models import (
    Application,
    Criterion,
    Interview,
    InterviewKit,
    InterviewPlanTemplate,
    KitQuestion,
    Question,
    Rating,
    ScorecardTemplate,
    Stage,
    StageTemplate,
    StageTransition,
)
from jobs.models import Job


def can_manage_plans(user: User) -> bool:
    return user.is_active and rules_for(user.role).templates_and_pools


def require_manage_plans(user: User) -> None:
    """403 for a role that may not manage the shared interview plans."""
    if not can_manage_plans(user):
        raise PermissionDenied


def plan_template_list() -> QuerySet[InterviewPlanTemplate]:
    """Every plan template, active first, with ``stage_count``."""
    return InterviewPlanTemplate.objects.annotate(stage_count=Count("stages")).order_by("-is_active", "name")


def get_plan_template(pk: int | str) -> InterviewPlanTemplate:
    return get_or_404(InterviewPlanTemplate.objects.all(), pk=pk)


def plan_stage_templates(plan: InterviewPlanTemplate) -> QuerySet[StageTemplate]:
    return plan.stages.select_related("kit", "scorecard_template").order_by("order")


def get_plan_stage_template(plan: InterviewPlanTemplate, pk: int | str) -> StageTemplate:
    return get_or_404(plan.stages.all(), pk=pk)


def question_list(*, query: str = "") -> QuerySet[Question]:
    """The current version of every question of the bank, optionally matching ``query``."""
    questions = Question.objects.filter(is_current=True)
    if query:
        questions = questions.filter(
            Q(text__icontains=query) | Q(competency__icontains=query) | Q(good_answer__icontains=query)
        )
    return questions.order_by("competency", "text", "pk")


def get_question(public_id: UUID | str) -> Question:
    """A question of the bank; only its current version can be opened for editing."""
    return get_or_404(Question.objects.filter(is_current=True), public_id=public_id)


def kit_list() -> QuerySet[InterviewKit]:
    return InterviewKit.objects.annotate(question_count=Count("kit_questions")).order_by("name", "pk")


def get_kit(pk: int | str) -> InterviewKit:
    return get_or_404(InterviewKit.objects.all(), pk=pk)


def kit_questions(kit: InterviewKit) -> QuerySet[KitQuestion]:
    return kit.kit_questions.select_related("question").order_by("order")


def scorecard_template_list() -> QuerySet[ScorecardTemplate]:
    return ScorecardTemplate.objects.annotate(
        criterion_count=Count("criteria", filter=Q(criteria__is_current=True))
    ).order_by("name", "pk")


def get_scorecard_template(pk: int | str) -> ScorecardTemplate:
    return get_or_404(ScorecardTemplate.objects.all(), pk=pk)


def template_criteria(template: ScorecardTemplate) -> QuerySet[Criterion]:
    """The template's current criteria in order, each with ``scored`` (it has ratings)."""
    return (
        template.criteria.filter(is_current=True)
        .annotate(scored=Exists(Rating.objects.filter(criterion=OuterRef("pk"))))
        .order_by("order", "pk")
    )


def get_criterion(public_id: UUID | str) -> Criterion:
    return get_or_404(Criterion.objects.filter(is_current=True).select_related("template"), public_id=public_id)


def job_stage_rows(job: Job) -> QuerySet[Stage]:
    """Every stage of the job in order (archived ones too: the view sets them
    apart); each with ``active_applications``, ``has_history`` (it held an
    application or an interview, so it can only be archived or merged), its kit
    and scorecard template."""
    held = (
        Q(Exists(Application.objects.filter(stage=OuterRef("pk"))))
        | Q(Exists(StageTransition.objects.filter(to_stage=OuterRef("pk"))))
        | Q(Exists(Interview.objects.filter(stage=OuterRef("pk"))))
    )
    return (
        job.stages.select_related("kit", "scorecard_template")
        .annotate(
            active_applications=Count("applications", filter=Q(applications__status=Application.Status.ACTIVE)),
            has_history=ExpressionWrapper(held, output_field=BooleanField()),
        )
        .order_by("order")
    )


def get_job_stage(job: Job, pk: int | str) -> Stage:
    """A stage of ``job`` (404 for another job's)."""
    return get_or_404(job.stages.select_related("job"), pk=pk)


def kits_for_choice() -> QuerySet[InterviewKit]:
    return InterviewKit.objects.order_by("name", "pk")


def scorecard_templates_for_choice() -> QuerySet[ScorecardTemplate]:
    return ScorecardTemplate.objects.order_by("name", "pk")
