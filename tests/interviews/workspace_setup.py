"""Builders shared by the interviewer-workspace tests: an interview kit on a
stage, an interview at a given time, ratings for every criterion."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.services import reference_save
from interviews.models import Criterion, Interview, InterviewKit, KitQuestion, Question, Stage
from interviews.services import interview_schedule


def kit_on(stage: Stage) -> InterviewKit:
    """Give ``stage`` a kit of two questions (in the order 'second' then 'first' by
    creation, to show the kit's order is what counts)."""
    kit = reference_save(instance=InterviewKit(name="Backend kit"), actor=None)
    late = reference_save(
        instance=Question(competency="Design", text="Walk me through a system you designed.", good_answer="Trade-offs"),
        actor=None,
    )
    early = reference_save(
        instance=Question(
            competency="Debugging",
            text="Tell me about a hard bug.",
            good_answer="A method, not luck",
            rubric={"1": "guessed", "4": "bisected and proved it"},
        ),
        actor=None,
    )
    KitQuestion.objects.create(kit=kit, question=early, order=1)
    KitQuestion.objects.create(kit=kit, question=late, order=2)
    # Test set-up of reference data: the kit goes on the stage directly, not through the stage editor.
    Stage.objects.filter(pk=stage.pk).update(kit=kit)
    stage.kit = kit
    return kit


def interview_at(application, panel, starts_at: datetime, hours: float = 1) -> Interview:
    return interview_schedule(
        application=application,
        actor=application.job.recruiter,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        panel=panel,
    )


def criteria_of(interview: Interview) -> list[Criterion]:
    return list(
        Criterion.objects.filter(template=interview.stage.scorecard_template, is_current=True).order_by("order")
    )


def full_ratings(interview: Interview, score: int = 3) -> dict[int, tuple[int, str]]:
    return {c.pk: (score, f"note on {c.name}") for c in criteria_of(interview)}


def form_data(interview: Interview, score: int = 3, recommendation: str = "yes", **extra) -> dict[str, str]:
    data = {"recommendation": recommendation, "summary": "Solid."}
    for criterion in criteria_of(interview):
        data[f"score_{criterion.pk}"] = str(score)
        data[f"note_{criterion.pk}"] = f"note on {criterion.name}"
    return {**data, **extra}
