"""Scorecards and candidate feedback."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from core.services import audit_record
from interviews.models import Application, CandidateFeedback, Criterion, Interview, Panelist, Rating, Scorecard


@transaction.atomic
def scorecard_submit(
    *,
    interview: Interview,
    interviewer: User,
    ratings: Mapping[int, tuple[int, str]],
    recommendation: str,
    summary: str = "",
) -> Scorecard:
    """Submit ``interviewer``'s scorecard for ``interview``.

    ``ratings`` maps a Criterion id (a current criterion of the stage's
    scorecard template) to ``(score 1–4, note)``. Every required criterion must
    be rated. Writes the Scorecard and its Ratings, a ``scorecard`` Activity
    and an AuditEvent. Raises ValidationError when the interviewer is not on
    the panel, the interview was cancelled, the scorecard was already
    submitted, or a rating is missing or out of range.
    """
    if not Panelist.objects.filter(interview=interview, user=interviewer).exists():
        raise ValidationError(_("Only the interview's panel can submit scorecards."))
    if interview.status == Interview.Status.CANCELLED:
        raise ValidationError(_("This interview was cancelled."))
    if recommendation not in Scorecard.Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, interviewer=interviewer
    )
    if scorecard.status == Scorecard.Status.SUBMITTED:
        raise ValidationError(_("This scorecard has already been submitted."))
    criteria = {
        c.pk: c for c in Criterion.objects.filter(template_id=interview.stage.scorecard_template_id, is_current=True)
    }
    errors = {}
    for criterion_id in ratings:
        if criterion_id not in criteria:
            errors[f"criterion_{criterion_id}"] = _("This criterion is not on the scorecard.")
    for criterion in criteria.values():
        score = ratings.get(criterion.pk, (None, ""))[0]
        if score is None:
            if criterion.required:
                errors[f"criterion_{criterion.pk}"] = _("Rate %(name)s.") % {"name": criterion.name}
        elif not isinstance(score, int) or not 1 <= score <= 4:
            errors[f"criterion_{criterion.pk}"] = _("Scores go from 1 to 4.")
    if errors:
        raise ValidationError(errors)
    scorecard.ratings.all().delete()  # a draft's ratings are replaced
    Rating.objects.bulk_create(
        Rating(scorecard=scorecard, criterion=criteria[criterion_id], score=score, note=note)
        for criterion_id, (score, note) in ratings.items()
        if score is not None
    )
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    scorecard.submitted_at = timezone.now()
    scorecard.save()
    application = interview.application
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.SCORECARD,
        actor=interviewer,
        summary=_("%(name)s: %(recommendation)s for %(stage)s")
        % {
            "name": interviewer.full_name,
            "recommendation": scorecard.get_recommendation_display(),
            "stage": interview.stage.name,
        },
        target=scorecard,
    )
    audit_record(action="interviews.scorecard.submit", actor=interviewer, target=scorecard)
    return scorecard


@transaction.atomic
def candidate_feedback_record(
    *,
    application: Application,
    satisfaction: int,
    recommend_score: int | None = None,
    comment: str = "",
    interview: Interview | None = None,
) -> CandidateFeedback:
    """Store a candidate's survey answer. Raises ValidationError when out of range."""
    feedback = CandidateFeedback(
        application=application,
        interview=interview,
        stage=interview.stage if interview else application.stage,
        satisfaction=satisfaction,
        recommend_score=recommend_score,
        comment=comment,
    )
    if not 1 <= satisfaction <= 5 or (recommend_score is not None and not 0 <= recommend_score <= 10):
        raise ValidationError(_("Answers are out of range."))
    feedback.save()
    return feedback
