"""Writes to a job's own stages: adding, changing, reordering, archiving,
merging and deleting them.

A job's stages are copies of its plan's (interviews.services.jobs.job_create)
and edited freely afterwards. A stage that has held an application or an
interview is archived or merged into another stage, never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from interviews.models import Application, Interview, InterviewSlot, Stage, StageTransition
from interviews.selectors.scheduling import PANEL_ROLES
from interviews.services.applications import _locked, _transition, application_move
from interviews.services.plans import STAGE_FIELDS, _apply, _only, _same_ids
from jobs.models import Job


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
