"""Writes to interview plans: plan templates and their stages, the question
bank, interview kits, scorecard templates and criteria, and a job's own stages.

Questions and criteria that have been used are versioned, never edited in
place: their updates go through ``question_update`` and ``criterion_update``
(interviews.services). A job's stage that has held an application or an
interview is archived or merged into another stage, never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from interviews.models import (
    Application,
    Criterion,
    Interview,
    InterviewKit,
    InterviewPlanTemplate,
    InterviewSlot,
    KitQuestion,
    Question,
    ScorecardTemplate,
    Stage,
    StageTemplate,
    StageTransition,
)
from interviews.selectors.scheduling import PANEL_ROLES
from interviews.services import _locked, _transition, application_move, plan_template_create
from jobs.models import Job

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
def plan_template_add(*, actor: User | None, name: str, description: str = "") -> InterviewPlanTemplate:
    """Create an empty plan template (stages are added one by one).

    Writes the InterviewPlanTemplate and an ``interviews.interviewplantemplate.create``
    AuditEvent. Raises ValidationError for a blank or taken name."""
    plan = plan_template_create(name=name.strip(), description=description, stages=())
    audit_record(action="interviews.interviewplantemplate.create", actor=actor, target=plan)
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
    interviews.services.question_update, which versions a used question."""
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
    ValidationError. Edits go through interviews.services.criterion_update,
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


# --- A job's stages ----------------------------------------------------------------


def _lock_job(job: Job) -> None:
    # Stage edits of one job run one after the other: orders stay consistent.
    Job.objects.select_for_update().filter(pk=job.pk).values_list("pk", flat=True).get()


def _stage_locked(stage: Stage) -> Stage:
    _lock_job(stage.job)
    return Stage.objects.select_related("job").get(pk=stage.pk)


@transaction.atomic
def stage_add(*, job: Job, actor: User | None, interviewers: Iterable[User] = (), **values: Any) -> Stage:
    """Append a stage to a job's pipeline (``values``: the stage form's
    fields; ``interviewers``: who is qualified for its panels, nobody meaning
    anyone who interviews). Audited as ``interviews.stage.create``; raises
    ValidationError."""
    _only(values, STAGE_FIELDS)
    _lock_job(job)
    last = job.stages.aggregate(last=Max("order"))["last"] or 0
    stage = Stage(job=job, order=last + 1, **values)
    stage.full_clean()
    stage.save()
    stage.interviewers.set(_panel_users(interviewers))
    audit_record(action="interviews.stage.create", actor=actor, target=stage, data={"job": str(job.public_id)})
    return stage


def _panel_users(users: Iterable[User]) -> list[User]:
    users = list(users)
    refused = [user for user in users if not user.is_active or user.role not in PANEL_ROLES]
    if refused:
        raise ValidationError(
            {
                "interviewers": _("%(names)s cannot interview.")
                % {"names": ", ".join(user.full_name or user.email for user in refused)}
            }
        )
    return users


@transaction.atomic
def stage_update(
    *, stage: Stage, actor: User | None, interviewers: Iterable[User] | None = None, **changes: Any
) -> Stage:
    """Change a job's stage (not its place: see ``stages_reorder``), and, when
    ``interviewers`` is given, who is qualified for its panels (people already
    on scheduled panels keep their seats). An archived stage cannot be changed.
    Audited; raises ValidationError."""
    _only(changes, STAGE_FIELDS)
    stage = _stage_locked(stage)
    if stage.archived_at is not None:
        raise ValidationError(_("That stage is archived."))
    changed = _apply(stage, changes)
    if interviewers is not None:
        wanted = {user.pk for user in _panel_users(interviewers)}
        if wanted != set(stage.interviewers.values_list("pk", flat=True)):
            stage.interviewers.set(wanted)
            changed.append("interviewers")
    if changed:
        stage.full_clean()
        stage.save()
        audit_record(action="interviews.stage.update", actor=actor, target=stage, data={"fields": changed})
    return stage


@transaction.atomic
def stages_reorder(*, job: Job, order: Sequence[int], actor: User | None) -> None:
    """Put a job's current (not archived) stages in ``order`` (their ids, each
    once); archived stages follow them, in their old order.

    The (job, order) constraint is deferred, so positions are swapped row by
    row and checked at commit. Audited; raises ValidationError when the ids are
    not exactly the job's current stages."""
    _lock_job(job)
    stages = list(job.stages.order_by("order"))
    ids = _same_ids(order, {stage.pk for stage in stages if stage.archived_at is None})
    archived = [stage.pk for stage in stages if stage.archived_at is not None]
    for position, pk in enumerate([*ids, *archived], start=1):
        Stage.objects.filter(pk=pk).update(order=position)
    audit_record(action="interviews.job.stages_reorder", actor=actor, target=job, data={"order": ids})


def _check_other(stage: Stage, other: Stage) -> None:
    if other.job_id != stage.job_id:
        raise ValidationError(_("That stage belongs to another job."))
    if other.pk == stage.pk:
        raise ValidationError(_("Choose another stage."))
    if other.archived_at is not None:
        raise ValidationError(_("That stage is archived."))


@transaction.atomic
def stage_archive(*, stage: Stage, actor: User | None, move_to: Stage | None = None) -> Stage:
    """Archive a job's stage: it leaves the board and new applications, and
    keeps its history (transitions, interviews, scorecards).

    Refused while it holds active applications, unless ``move_to`` (another
    current stage of the job) is given: they are moved there first
    (application_move: a StageTransition and an Activity each). Audited as
    ``interviews.stage.archive``; raises ValidationError."""
    stage = _stage_locked(stage)
    if stage.archived_at is not None:
        raise ValidationError(_("That stage is already archived."))
    active = list(stage.applications.filter(status=Application.Status.ACTIVE).order_by("pk"))
    if active and move_to is None:
        raise ValidationError(
            _("%(stage)s still holds active applications: move them to another stage first, or merge the stages.")
            % {"stage": stage.name}
        )
    if active:
        _check_other(stage, move_to)
        for application in active:
            application_move(application=application, to_stage=move_to, actor=actor, note=_("stage archived"))
    stage.archived_at = timezone.now()
    stage.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action="interviews.stage.archive",
        actor=actor,
        target=stage,
        data={"moved": len(active), "move_to": move_to.pk if active else None},
    )
    return stage


@transaction.atomic
def stage_merge(*, stage: Stage, into: Stage, actor: User | None) -> Stage:
    """Merge ``stage`` into ``into`` (a current stage of the same job), then archive it.

    Every application at ``stage``, whatever its status, moves to ``into`` with
    a StageTransition noting "stage merged" (its status unchanged); its
    interviews and interview slots move too. Audited as
    ``interviews.stage.merge``; returns the archived stage. Raises ValidationError."""
    stage = _stage_locked(stage)
    into = Stage.objects.get(pk=into.pk)
    if stage.archived_at is not None:
        raise ValidationError(_("That stage is already archived."))
    _check_other(stage, into)
    note = _("stage merged")
    moved = 0
    for pk in stage.applications.order_by("pk").values_list("pk", flat=True):
        application = _locked(Application(pk=pk))
        application.stage = into
        application.save(update_fields=["stage", "updated_at"])
        _transition(application, from_stage=stage, from_status=application.status, actor=actor, note=note)
        moved += 1
    interviews = Interview.objects.filter(stage=stage).update(stage=into, updated_at=timezone.now())
    slots = InterviewSlot.objects.filter(stage=stage).update(stage=into, updated_at=timezone.now())
    stage.archived_at = timezone.now()
    stage.save(update_fields=["archived_at", "updated_at"])
    audit_record(
        action="interviews.stage.merge",
        actor=actor,
        target=stage,
        data={"into": into.pk, "applications": moved, "interviews": interviews, "slots": slots},
    )
    return stage


def stage_has_history(stage: Stage) -> bool:
    """Whether the stage ever held an application or an interview."""
    return (
        Application.objects.filter(stage=stage).exists()
        or StageTransition.objects.filter(Q(from_stage=stage) | Q(to_stage=stage)).exists()
        or Interview.objects.filter(stage=stage).exists()
    )


@transaction.atomic
def stage_delete(*, stage: Stage, actor: User | None) -> None:
    """Delete a job's stage that never held an application or an interview
    (its offered slots go with it). Any other stage is archived or merged
    instead: ValidationError. Audited as ``interviews.stage.delete``."""
    stage = _stage_locked(stage)
    if stage_has_history(stage):
        raise ValidationError(
            _("%(stage)s has held applications or interviews: archive it or merge it into another stage instead.")
            % {"stage": stage.name}
        )
    audit_record(
        action="interviews.stage.delete",
        actor=actor,
        target=stage,
        data={"job": str(stage.job.public_id), "name": stage.name},
    )
    stage.delete()
