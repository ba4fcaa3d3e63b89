"""Helpers shared by the debrief and stage-gate tests."""

from __future__ import annotations

from interviews.models import Criterion, Interview, Scorecard
from interviews.services import scorecard_submit


def stages(job) -> list:
    return list(job.stages.order_by("order"))


def score(
    interview: Interview, interviewer, scores: dict[str, int], recommendation: str, summary: str = ""
) -> Scorecard:
    """Submit ``interviewer``'s scorecard rating the current criteria named in ``scores``."""
    criteria = Criterion.objects.filter(template_id=interview.stage.scorecard_template_id, is_current=True)
    ratings = {criterion.pk: (scores[criterion.name], "") for criterion in criteria if criterion.name in scores}
    return scorecard_submit(
        interview=interview, interviewer=interviewer, ratings=ratings, recommendation=recommendation, summary=summary
    )
