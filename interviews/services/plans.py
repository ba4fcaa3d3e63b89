"""Writes to interview plans: plan templates and their stages, the question
bank, interview kits, scorecard templates and criteria.

A question or criterion that has been used is versioned, never edited in
place: ``question_update`` and ``criterion_update`` write the next version
and keep the old one for the interviews and ratings that point at it. A job's
own stages, copied from a plan, are written by interviews.services.job_stages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from interviews.models import (
    Criterion,
    InterviewKit,
    InterviewPlanTemplate,
    KitQuestion,
    Question,
    Scorecard,
    ScorecardTemplate,
    StageTemplate,
)

SCORES = ("1", "2", "3", "4")
PLAN_FIELDS = ("name", "description", "is_active")
# What a stage's form edits; ``order`` changes only through a reorder.
STAGE_FIELDS = (
    "name",
    "kind",
    "goal",
    "duration_minutes",
    "interviewers_needed",
    "sla_days",
    "kit",
    "scorecard_template",
)
# Above any order a pipeline reaches, below PositiveSmallIntegerField's limit.
_ORDER_PARKING = 10000


def _only(changes: Mapping[str, Any], fields: Sequence[str]) -> None:
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"unknown fields: {', '.join(sorted(unknown))}")


def _apply(instance, changes: Mapping[str, Any]) -> list[str]:
    """Set the changed values on ``instance``; the names of those that changed."""
    changed = [name for name, value in changes.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, changes[name])
    return changed


def _same_ids(given: Sequence[int], expected: set[int]) -> list[int]:
    ids = [int(pk) for pk in given]
    if len(ids) != len(set(ids)) or set(ids) != expected:
        raise ValidationError(_("The new order must list each stage exactly once."))
    return ids


# --- Plan templates ----------------------------------------------------------------


@transaction.atomic
def plan_template_create(
    *, actor: User | None, name: str, description: str = "", stages: Sequence[Mapping[str, Any]] = ()
) -> InterviewPlanTemplate:
    """Create a plan template with ``stages`` in that order (each a mapping of
    the stage form's fields, STAGE_FIELDS); none, and they are added one by one.

    Writes the InterviewPlanTemplate, its StageTemplates and one
    ``interviews.interviewplantemplate.create`` AuditEvent. Raises
    ValidationError for a blank or taken name or an invalid stage, writing
    nothing; TypeError for a field a stage does not have."""
    plan = InterviewPlanTemplate(name=name.strip(), description=description)
    plan.full_clean()
    plan.save()
    count = 0
    for count, values in enumerate(stages, start=1):
        _only(values, STAGE_FIELDS)
        stage = StageTemplate(plan=plan, order=count, **values)
        stage.full_clean()
        stage.save()
    audit_record(action="interviews.interviewplantemplate.create", actor=actor, target=plan, data={"stages": count})
    return plan


@transaction.atomic
def plan_template_update(*, plan: InterviewPlanTemplate, actor: User | None, **changes: Any) -> InterviewPlanTemplate:
    """Change a plan template's name, description or active flag. Jobs already
    created from it keep their own copies of its stages. Audited; raises ValidationError."""
    _only(changes, PLAN_FIELDS)
    changed = _apply(plan, changes)
    if changed:
        plan.full_clean()
        plan.save()
        audit_record(
            action="interviews.interviewplantemplate.update", actor=actor, target=plan, data={"fields": changed}
        )
    return plan


def _renumber_templates(plan: InterviewPlanTemplate, ids: Sequence[int]) -> None:
    # The plan's (plan, order) constraint is not deferred: park every row above
    # the range in one statement, then give each its final place.
    plan.stages.update(order=F("order") + _ORDER_PARKING)
    for order, pk in enumerate(ids, start=1):
        StageTemplate.objects.filter(pk=pk).update(order=order)


@transaction.atomic
def stage_template_add(*, plan: InterviewPlanTemplate, actor: User | None, **values: Any) -> StageTemplate:
    """Append a stage to a plan template (``values``: the stage form's fields).
    Audited as ``interviews.stagetemplate.create``; raises ValidationError."""
    _only(values, STAGE_FIELDS)
    InterviewPlanTemplate.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).get()
    last = plan.stages.aggregate(last=Max("order"))["last"] or 0
    stage = StageTemplate(plan=plan, order=last + 1, **values)
    stage.full_clean()
    stage.save()
    audit_record(action="interviews.stagetemplate.create", actor=actor, target=stage, data={"plan": plan.pk})
    return stage


@transaction.atomic
def stage_template_update(*, stage: StageTemplate, actor: User | None, **changes: Any) -> StageTemplate:
    """Change a plan template's stage. Jobs copied from the plan keep their own stages."""
    _only(changes, STAGE_FIELDS)
    changed = _apply(stage, changes)
    if changed:
        stage.full_clean()
        stage.save()
        audit_record(action="interviews.stagetemplate.update", actor=actor, target=stage, data={"fields": changed})
    return stage


@transaction.atomic
def stage_templates_reorder(*, plan: InterviewPlanTemplate, order: Sequence[int], actor: User | None) -> None:
    """Put a plan template's stages in ``order`` (their ids, each once). Audited;
    raises ValidationError when the ids are not exactly the plan's stages."""
    InterviewPlanTemplate.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).get()
    ids = _same_ids(order, set(plan.stages.values_list("pk", flat=True)))
    _renumber_templates(plan, ids)
    audit_record(action="interviews.interviewplantemplate.reorder", actor=actor, target=plan, data={"order": ids})


@transaction.atomic
def stage_template_remove(*, stage: StageTemplate, actor: User | None) -> None:
    """Delete a plan template's stage and close the gap in the order. Jobs
    already copied from the plan are untouched. Audited."""
    plan = stage.plan
    InterviewPlanTemplate.objects.select_for_update().filter(pk=plan.pk).values_list("pk", flat=True).get()
    audit_record(
        action="interviews.stagetemplate.delete", actor=actor, target=stage, data={"plan": plan.pk, "name": stage.name}
    )
    stage.delete()
    _renumber_templates(plan, list(plan.stages.order_by("order").values_list("pk", flat=True)))


# --- Question bank and kits --------------------------------------------------------


def clean_scale(values: Mapping[str, str] | None, *, required: bool, field: str) -> dict[str, str]:
    """A 1–4 mapping of texts, blanks dropped; with ``required``, every point
    needs a text. Raises ValidationError on ``field``."""
    values = values or {}
    if set(values) - set(SCORES):
        raise ValidationError({field: _("Only the points 1 to 4 can have a text.")})
    cleaned = {score: str(values.get(score) or "").strip() for score in SCORES}
    if required and not all(cleaned.values()):
        raise ValidationError({field: _("Every point of the scale, 1 to 4, needs an anchor text.")})
    return {score: text for score, text in cleaned.items() if text}


@transaction.atomic
def question_create(
    *,
    actor: User | None,
    competency: str,
    text: str,
    good_answer: str = "",
    rubric: Mapping[str, str] | None = None,
) -> Question:
    """Add a question to the shared bank (version 1 of a new family). ``rubric``
    maps scores "1"–"4" to what an answer at that score sounds like; points may
    be left blank. Audited; raises ValidationError. Edits go through
    ``question_update``, which versions a used question."""
    question = Question(
        competency=competency.strip(),
        text=text.strip(),
        good_answer=good_answer,
        rubric=clean_scale(rubric, required=False, field="rubric"),
    )
    question.full_clean()
    question.save()
    audit_record(action="interviews.question.create", actor=actor, target=question)
    return question


@transaction.atomic
def kit_create(*, actor: User | None, name: str, questions: Sequence[Question] = ()) -> InterviewKit:
    """An interview kit with ``questions`` in that order. Audited; raises ValidationError."""
    kit = InterviewKit(name=name.strip())
    kit.full_clean()
    kit.save()
    _set_kit_questions(kit, questions, allowed=set())
    audit_record(action="interviews.interviewkit.create", actor=actor, target=kit, data={"questions": len(questions)})
    return kit


@transaction.atomic
def kit_update(
    *, kit: InterviewKit, actor: User | None, name: str | None = None, questions: Sequence[Question] | None = None
) -> InterviewKit:
    """Rename a kit and/or replace its questions with ``questions`` in that
    order. A question added must be a current version; one already in the kit
    may stay at its old version (past interviews asked that one). Audited;
    raises ValidationError."""
    kit = InterviewKit.objects.select_for_update().get(pk=kit.pk)
    data: dict[str, Any] = {}
    if name is not None and name.strip() != kit.name:
        kit.name = name.strip()
        kit.full_clean()
        kit.save()
        data["name"] = True
    if questions is not None:
        _set_kit_questions(kit, questions, allowed=set(kit.kit_questions.values_list("question_id", flat=True)))
        data["questions"] = [question.pk for question in questions]
    if data:
        audit_record(action="interviews.interviewkit.update", actor=actor, target=kit, data=data)
    return kit


def _set_kit_questions(kit: InterviewKit, questions: Sequence[Question], *, allowed: set[int]) -> None:
    ids = [question.pk for question in questions]
    if len(ids) != len(set(ids)):
        raise ValidationError({"questions": _("A question can be in a kit only once.")})
    if any(not question.is_current and question.pk not in allowed for question in questions):
        raise ValidationError({"questions": _("Only the current version of a question can be added.")})
    kit.kit_questions.all().delete()
    KitQuestion.objects.bulk_create(
        KitQuestion(kit=kit, question=question, order=order) for order, question in enumerate(questions, start=1)
    )


# --- Scorecard templates and criteria ----------------------------------------------


@transaction.atomic
def scorecard_template_create(*, actor: User | None, name: str) -> ScorecardTemplate:
    """An empty scorecard template (criteria are added one by one). Audited."""
    template = ScorecardTemplate(name=name.strip())
    template.full_clean()
    template.save()
    audit_record(action="interviews.scorecardtemplate.create", actor=actor, target=template)
    return template


@transaction.atomic
def scorecard_template_update(*, template: ScorecardTemplate, actor: User | None, name: str) -> ScorecardTemplate:
    """Rename a scorecard template. Audited; raises ValidationError."""
    if name.strip() != template.name:
        template.name = name.strip()
        template.full_clean()
        template.save()
        audit_record(action="interviews.scorecardtemplate.update", actor=actor, target=template)
    return template


@transaction.atomic
def criterion_create(
    *,
    template: ScorecardTemplate,
    actor: User | None,
    group: str,
    name: str,
    anchors: Mapping[str, str],
    description: str = "",
    weight: int = 1,
    required: bool = True,
) -> Criterion:
    """Add a criterion at the end of a scorecard template. Every point 1–4
    needs anchor text; the weight is at least 1. Audited; raises
    ValidationError. Edits go through ``criterion_update``,
    which versions a scored criterion."""
    if weight is None or weight < 1:
        raise ValidationError({"weight": _("The weight must be at least 1.")})
    last = template.criteria.filter(is_current=True).aggregate(last=Max("order"))["last"]
    criterion = Criterion(
        template=template,
        group=group,
        name=name.strip(),
        description=description,
        anchors=clean_scale(anchors, required=True, field="anchors"),
        weight=weight,
        required=required,
        order=0 if last is None else last + 1,
    )
    criterion.full_clean()
    criterion.save()
    audit_record(action="interviews.criterion.create", actor=actor, target=criterion, data={"template": template.pk})
    return criterion


@transaction.atomic
def criteria_reorder(*, template: ScorecardTemplate, order: Sequence[int], actor: User | None) -> None:
    """Put a template's current criteria in ``order`` (their ids, each once).

    The order is presentation, not meaning, so it is written in place even on
    scored criteria instead of making new versions. Audited; raises ValidationError."""
    ScorecardTemplate.objects.select_for_update().filter(pk=template.pk).values_list("pk", flat=True).get()
    current = set(template.criteria.filter(is_current=True).values_list("pk", flat=True))
    ids = [int(pk) for pk in order]
    if len(ids) != len(set(ids)) or set(ids) != current:
        raise ValidationError(_("The new order must list each criterion exactly once."))
    for position, pk in enumerate(ids):
        Criterion.objects.filter(pk=pk).update(order=position)
    audit_record(action="interviews.scorecardtemplate.reorder", actor=actor, target=template, data={"order": ids})


# --- Versioned criteria and questions ----------------------------------------------

CRITERION_FIELDS = ("group", "name", "description", "anchors", "weight", "required", "order")
QUESTION_FIELDS = ("competency", "text", "good_answer", "rubric")


def _versioned_update(instance, *, fields: Sequence[str], is_scored: bool, actor, changes: Mapping[str, Any]):
    _only(changes, fields)
    if not instance.is_current:
        raise ValidationError(_("Only the current version can be edited."))
    changed = {name: value for name, value in changes.items() if getattr(instance, name) != value}
    if not changed:
        return instance
    if is_scored:
        # Ratings and kits point at this exact version: keep it, add the next one.
        type(instance).objects.filter(pk=instance.pk).update(is_current=False)
        instance.pk = None
        instance.id = None
        instance._state.adding = True
        instance.public_id = type(instance)._meta.get_field("public_id").default()
        instance.version += 1
        instance.is_current = True
    for name, value in changed.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    audit_record(
        action=f"{instance._meta.label_lower}.update",
        actor=actor,
        target=instance,
        data={"fields": sorted(changed), "version": instance.version},
    )
    return instance


@transaction.atomic
def criterion_update(*, criterion: Criterion, actor: User | None, **changes: Any) -> Criterion:
    """Change a criterion. One that has been scored is never edited in place:
    the change becomes a new version (same family) and the old row stops being
    current, so past ratings keep meaning what they meant. Returns the current row."""
    criterion = Criterion.objects.select_for_update().get(pk=criterion.pk)
    return _versioned_update(
        criterion, fields=CRITERION_FIELDS, is_scored=criterion.ratings.exists(), actor=actor, changes=changes
    )


@transaction.atomic
def question_update(*, question: Question, actor: User | None, **changes: Any) -> Question:
    """Change a question of the bank; one used in an interview that has a
    scorecard becomes a new version instead of being edited in place."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    used = Scorecard.objects.filter(interview__stage__kit__kit_questions__question=question).exists()
    return _versioned_update(question, fields=QUESTION_FIELDS, is_scored=used, actor=actor, changes=changes)
