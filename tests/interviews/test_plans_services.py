"""Writes to interview plans (interviews.services.plans): templates, the
question bank, kits, scorecard templates; and to a job's own stages
(interviews.services.job_stages)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.roles import Role
from core.models import AuditEvent
from interviews.models import (
    Application,
    Criterion,
    Interview,
    InterviewPlanTemplate,
    InterviewSlot,
    Question,
    Rating,
    Stage,
    StageKind,
    StageTransition,
)
from interviews.services import (
    application_move,
    application_reject,
    criterion_update,
    job_stages,
    question_update,
    scorecard_submit,
)
from interviews.services import plans as services
from tests import factories

ANCHORS = {"1": "weak", "2": "mixed", "3": "good", "4": "excellent"}


def stage_names(job) -> list[str]:
    return list(job.stages.filter(archived_at__isnull=True).order_by("order").values_list("name", flat=True))


def audited(action: str) -> bool:
    return AuditEvent.objects.filter(action=action).exists()


@pytest.fixture
def actor(db):
    return factories.user(Role.RECRUITER)


@pytest.fixture
def scored(db, actor):
    """A submitted scorecard on the first stage of a job whose kit holds one question."""
    question = services.question_create(actor=actor, competency="Design", text="Design a cache", rubric=ANCHORS)
    kit = services.kit_create(actor=actor, name="Backend kit", questions=[question])
    job = factories.job()
    first = job.stages.order_by("order").first()
    first.kit = kit
    first.save()
    application = factories.application(job_=job)
    panelist = factories.user(Role.INTERVIEWER)
    interview = factories.interview(application_=application, panel=[panelist])
    criteria = list(Criterion.objects.filter(template=first.scorecard_template, is_current=True))
    scorecard_submit(
        interview=interview,
        interviewer=panelist,
        ratings={criterion.pk: (3, "") for criterion in criteria},
        recommendation="yes",
    )
    return question, criteria[0], kit


# --- versioning --------------------------------------------------------------------


def test_editing_a_scored_criterion_makes_a_new_version_and_old_ratings_keep_the_old_one(scored, actor):
    _question, criterion, _kit = scored
    rating = Rating.objects.get(criterion=criterion)
    new = criterion_update(criterion=criterion, actor=actor, anchors={**ANCHORS, "4": "outstanding"})
    assert new.pk != criterion.pk and new.family == criterion.family and new.version == 2 and new.is_current
    criterion.refresh_from_db()
    assert not criterion.is_current and criterion.anchors["4"] == "excellent"
    rating.refresh_from_db()
    assert rating.criterion_id == criterion.pk


def test_editing_an_unscored_criterion_changes_it_in_place(actor):
    template = services.scorecard_template_create(actor=actor, name="Sales")
    criterion = services.criterion_create(
        template=template, actor=actor, group="skills", name="Closing", anchors=ANCHORS
    )
    updated = criterion_update(criterion=criterion, actor=actor, name="Closing deals")
    assert updated.pk == criterion.pk and updated.version == 1


def test_editing_a_used_question_makes_a_new_version_and_the_kit_keeps_the_old_one(scored, actor):
    question, _criterion, kit = scored
    new = question_update(question=question, actor=actor, text="Design a distributed cache")
    assert new.pk != question.pk and new.version == 2
    assert list(kit.kit_questions.values_list("question_id", flat=True)) == [question.pk]
    assert Question.objects.get(pk=question.pk).text == "Design a cache"


def test_a_criterion_needs_anchor_text_for_every_point_and_a_weight_of_at_least_one(actor):
    template = services.scorecard_template_create(actor=actor, name="Ops")
    with pytest.raises(ValidationError, match="1 to 4"):
        services.criterion_create(
            template=template, actor=actor, group="skills", name="Uptime", anchors={**ANCHORS, "3": " "}
        )
    with pytest.raises(ValidationError, match="at least 1"):
        services.criterion_create(
            template=template, actor=actor, group="skills", name="Uptime", anchors=ANCHORS, weight=0
        )
    with pytest.raises(ValidationError):
        services.criterion_create(template=template, actor=actor, group="nonsense", name="Uptime", anchors=ANCHORS)
    assert not template.criteria.exists()


def test_criteria_are_reordered_in_place_even_when_scored(scored, actor):
    _question, criterion, _kit = scored
    template = criterion.template
    ids = list(template.criteria.filter(is_current=True).order_by("order").values_list("pk", flat=True))
    services.criteria_reorder(template=template, order=list(reversed(ids)), actor=actor)
    assert list(template.criteria.filter(is_current=True).order_by("order").values_list("pk", flat=True)) == list(
        reversed(ids)
    )
    assert template.criteria.count() == len(ids)


# --- plan templates and kits -------------------------------------------------------


def test_a_plan_template_is_built_stage_by_stage_reordered_and_trimmed(actor):
    plan = services.plan_template_create(actor=actor, name="Engineering")
    screen = services.stage_template_add(plan=plan, actor=actor, name="Screen", kind=StageKind.SCREENING)
    tech = services.stage_template_add(plan=plan, actor=actor, name="Tech", kind=StageKind.TECHNICAL)
    final = services.stage_template_add(plan=plan, actor=actor, name="Final", kind=StageKind.FINAL)
    services.stage_templates_reorder(plan=plan, order=[tech.pk, screen.pk, final.pk], actor=actor)
    assert list(plan.stages.order_by("order").values_list("name", "order")) == [
        ("Tech", 1),
        ("Screen", 2),
        ("Final", 3),
    ]
    services.stage_template_remove(stage=screen, actor=actor)
    assert list(plan.stages.order_by("order").values_list("name", "order")) == [("Tech", 1), ("Final", 2)]
    assert audited("interviews.interviewplantemplate.reorder") and audited("interviews.stagetemplate.delete")


def test_a_plan_template_created_with_its_stages_writes_them_in_order_and_one_audit_event(actor):
    plan = services.plan_template_create(
        actor=actor,
        name="  Sales ",
        stages=[{"name": "Call", "kind": StageKind.PHONE}, {"name": "Offer", "kind": StageKind.OFFER, "sla_days": 2}],
    )
    assert plan.name == "Sales"
    assert list(plan.stages.order_by("order").values_list("order", "name", "sla_days")) == [
        (1, "Call", None),
        (2, "Offer", 2),
    ]
    [event] = AuditEvent.objects.filter(target_type="interviews.interviewplantemplate")
    assert (event.action, event.actor, event.data) == ("interviews.interviewplantemplate.create", actor, {"stages": 2})


def test_a_plan_template_with_an_invalid_stage_is_not_created_at_all(actor):
    with pytest.raises(ValidationError):
        services.plan_template_create(actor=actor, name="Sales", stages=[{"name": "", "kind": StageKind.PHONE}])
    with pytest.raises(TypeError, match="order"):
        services.plan_template_create(actor=actor, name="Sales", stages=[{"name": "Call", "kind": "phone", "order": 5}])
    assert not InterviewPlanTemplate.objects.filter(name="Sales").exists()
    assert not audited("interviews.interviewplantemplate.create")


def test_a_job_created_from_a_template_keeps_its_stages_when_the_template_changes(actor):
    plan = factories.plan(stages=3)
    job = factories.job(plan_template=plan)
    services.stage_template_update(stage=plan.stages.get(order=1), actor=actor, name="Renamed")
    assert "Renamed" not in stage_names(job)


def test_a_reorder_must_name_each_stage_exactly_once(actor):
    plan = factories.plan(stages=3)
    ids = list(plan.stages.values_list("pk", flat=True))
    with pytest.raises(ValidationError, match="exactly once"):
        services.stage_templates_reorder(plan=plan, order=ids[:2], actor=actor)
    with pytest.raises(ValidationError, match="exactly once"):
        services.stage_templates_reorder(plan=plan, order=[ids[0], ids[0], ids[1]], actor=actor)


def test_a_kit_keeps_its_questions_in_order_and_each_once(actor):
    one = services.question_create(actor=actor, competency="A", text="One")
    two = services.question_create(actor=actor, competency="B", text="Two")
    kit = services.kit_create(actor=actor, name="Kit", questions=[two, one])
    assert [row.question for row in kit.kit_questions.order_by("order")] == [two, one]
    services.kit_update(kit=kit, actor=actor, questions=[one, two])
    assert [row.question for row in kit.kit_questions.order_by("order")] == [one, two]
    with pytest.raises(ValidationError, match="only once"):
        services.kit_update(kit=kit, actor=actor, questions=[one, one])


def test_an_old_question_version_cannot_be_added_to_a_kit(scored, actor):
    question, _criterion, kit = scored
    question_update(question=question, actor=actor, text="Newer wording")
    other = services.kit_create(actor=actor, name="Other")
    with pytest.raises(ValidationError, match="current version"):
        services.kit_update(kit=other, actor=actor, questions=[Question.objects.get(pk=question.pk)])
    # The kit that already had it may keep it.
    services.kit_update(kit=kit, actor=actor, name="Renamed", questions=[Question.objects.get(pk=question.pk)])


def test_a_question_rubric_accepts_only_points_one_to_four(actor):
    with pytest.raises(ValidationError, match="1 to 4"):
        services.question_create(actor=actor, competency="A", text="Q", rubric={"5": "great"})
    question = services.question_create(actor=actor, competency="A", text="Q", rubric={"1": "poor", "2": " "})
    assert question.rubric == {"1": "poor"}


# --- a job's stages ----------------------------------------------------------------


def test_stages_are_added_at_the_end_and_updated(actor):
    job = factories.job()
    stage = job_stages.stage_add(job=job, actor=actor, name="Take-home", kind=StageKind.TECHNICAL, sla_days=5)
    assert stage_names(job)[-1] == "Take-home"
    job_stages.stage_update(stage=stage, actor=actor, name="Take-home task", duration_minutes=90)
    stage.refresh_from_db()
    assert (stage.name, stage.duration_minutes) == ("Take-home task", 90)
    assert audited("interviews.stage.create") and audited("interviews.stage.update")


def test_swapping_two_stages_works_because_the_order_constraint_is_deferred(actor):
    job = factories.job()
    first, second, *rest = job.stages.order_by("order")
    with transaction.atomic():
        job_stages.stages_reorder(job=job, order=[second.pk, first.pk, *(s.pk for s in rest)], actor=actor)
    assert stage_names(job)[:2] == [second.name, first.name]
    assert sorted(job.stages.values_list("order", flat=True)) == list(range(1, 5))


def test_archived_stages_go_after_the_current_ones_in_a_reorder(actor):
    job = factories.job()
    first, second, third, fourth = job.stages.order_by("order")
    job_stages.stage_archive(stage=second, actor=actor)
    job_stages.stages_reorder(job=job, order=[fourth.pk, third.pk, first.pk], actor=actor)
    assert list(job.stages.order_by("order").values_list("pk", flat=True)) == [fourth.pk, third.pk, first.pk, second.pk]
    with pytest.raises(ValidationError, match="exactly once"):
        job_stages.stages_reorder(job=job, order=[fourth.pk, third.pk, first.pk, second.pk], actor=actor)


def test_archiving_a_stage_with_active_applications_is_refused(actor):
    application = factories.application()
    with pytest.raises(ValidationError, match="active applications"):
        job_stages.stage_archive(stage=application.stage, actor=actor)
    assert Stage.objects.get(pk=application.stage_id).archived_at is None


def test_archiving_moves_the_active_applications_when_told_where(actor):
    application = factories.application()
    stage = application.stage
    target = application.job.stages.order_by("order")[1]
    job_stages.stage_archive(stage=stage, actor=actor, move_to=target)
    application.refresh_from_db()
    stage.refresh_from_db()
    assert application.stage == target and stage.archived_at is not None
    last = application.transitions.order_by("-id").first()
    assert (last.from_stage, last.to_stage) == (stage, target)
    assert audited("interviews.stage.archive")


def test_an_archived_stage_keeps_its_closed_applications_history(actor):
    application = factories.application()
    application_reject(application=application, actor=actor, reason="skills")
    stage = application.stage
    job_stages.stage_archive(stage=stage, actor=actor)
    assert Application.objects.get(pk=application.pk).stage == stage
    assert StageTransition.objects.filter(to_stage=stage).count() == 2


def test_merging_moves_applications_interviews_and_slots_with_a_transition_each_then_archives(actor):
    job = factories.job()
    first, second = job.stages.order_by("order")[:2]
    active = factories.application(job_=job)
    rejected = factories.application(job_=job)
    application_reject(application=rejected, actor=actor, reason="skills")
    interview = factories.interview(application_=active, panel=[factories.user(Role.INTERVIEWER)])
    slot = InterviewSlot.objects.create(stage=first, starts_at=interview.starts_at, ends_at=interview.ends_at)
    job_stages.stage_merge(stage=first, into=second, actor=actor)
    first.refresh_from_db()
    assert first.archived_at is not None
    for application, status in ((active, "active"), (rejected, "rejected")):
        application.refresh_from_db()
        assert application.stage == second and application.status == status
        last = application.transitions.order_by("-id").first()
        assert (last.from_stage, last.to_stage, last.note) == (first, second, "stage merged")
        assert last.from_status == last.to_status == status
    assert Interview.objects.get(pk=interview.pk).stage == second
    assert InterviewSlot.objects.get(pk=slot.pk).stage == second
    assert AuditEvent.objects.get(action="interviews.stage.merge").data["applications"] == 2


@pytest.mark.parametrize("case", ["same", "other_job", "archived"])
def test_a_merge_needs_another_current_stage_of_the_same_job(actor, case):
    job = factories.job()
    first, second = job.stages.order_by("order")[:2]
    if case == "same":
        into = first
    elif case == "other_job":
        into = factories.job().stages.first()
    else:
        job_stages.stage_archive(stage=second, actor=actor)
        into = Stage.objects.get(pk=second.pk)
    with pytest.raises(ValidationError):
        job_stages.stage_merge(stage=first, into=into, actor=actor)
    assert Stage.objects.get(pk=first.pk).archived_at is None


def test_only_a_stage_that_never_held_an_application_or_interview_can_be_deleted(actor):
    application = factories.application()
    job = application.job
    held = application.stage
    application_move(application=application, to_stage=job.stages.order_by("order")[1], actor=actor)
    with pytest.raises(ValidationError, match="archive it or merge it"):
        job_stages.stage_delete(stage=held, actor=actor)
    fresh = job_stages.stage_add(job=job, actor=actor, name="Spare", kind=StageKind.PHONE)
    job_stages.stage_delete(stage=fresh, actor=actor)
    assert not Stage.objects.filter(pk=fresh.pk).exists() and Stage.objects.filter(pk=held.pk).exists()
    assert audited("interviews.stage.delete")


def test_an_archived_stage_cannot_be_edited(actor):
    job = factories.job()
    stage = job.stages.order_by("order").last()
    job_stages.stage_archive(stage=stage, actor=actor)
    with pytest.raises(ValidationError, match="archived"):
        job_stages.stage_update(stage=stage, actor=actor, name="Again")
