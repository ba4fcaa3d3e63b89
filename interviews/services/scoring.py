"""Scorecards and candidate feedback.

A panelist's scorecard is a private draft (saved as often as they like, partial
ratings allowed) until it is submitted; a submitted scorecard is changed only
by its author through ``scorecard_revise``, which records the change.
"""

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
from interviews import messages
from interviews.models import Application, CandidateFeedback, Criterion, Interview, Panelist, Rating, Scorecard
from messaging.messages import MESSAGES

Ratings = Mapping[int, tuple[int | None, str]]


def scorecard_criteria(*, interview: Interview, scorecard: Scorecard | None = None) -> list[Criterion]:
    """The criteria a panelist's scorecard rates, in order: the current criteria
    of the stage's scorecard template, except that a criterion version the
    scorecard has already rated stays in place of its newer version (a rating
    always points at the exact version scored)."""
    current = list(
        Criterion.objects.filter(template_id=interview.stage.scorecard_template_id, is_current=True).order_by(
            "order", "pk"
        )
    )
    if scorecard is None or scorecard.pk is None:
        return current
    rated = {c.family: c for c in Criterion.objects.filter(ratings__scorecard=scorecard)}
    criteria = [rated.pop(c.family, c) for c in current]
    # A criterion rated earlier and since removed from the template stays too.
    return criteria + sorted(rated.values(), key=lambda c: (c.order, c.pk))


def _check_panelist(interview: Interview, interviewer: User) -> None:
    if not Panelist.objects.filter(interview=interview, user=interviewer).exists():
        raise ValidationError(_("Only the interview's panel can submit scorecards."))
    if interview.status == Interview.Status.CANCELLED:
        raise ValidationError(_("This interview was cancelled."))


def _checked_ratings(criteria: list[Criterion], ratings: Ratings, *, complete: bool) -> dict[int, tuple[int, str]]:
    """``ratings`` limited to the scores given, after checking each criterion is
    on the scorecard and each score is 1–4; ``complete`` also requires every
    required criterion. Raises ValidationError keyed ``criterion_<id>``."""
    by_id = {c.pk: c for c in criteria}
    errors = {}
    for criterion_id in ratings:
        if criterion_id not in by_id:
            errors[f"criterion_{criterion_id}"] = _("This criterion is not on the scorecard.")
    for criterion in criteria:
        score = ratings.get(criterion.pk, (None, ""))[0]
        if score is None:
            if complete and criterion.required:
                errors[f"criterion_{criterion.pk}"] = _("Rate %(name)s.") % {"name": criterion.name}
        elif not isinstance(score, int) or isinstance(score, bool) or not 1 <= score <= 4:
            errors[f"criterion_{criterion.pk}"] = _("Scores go from 1 to 4.")
    if errors:
        raise ValidationError(errors)
    return {pk: (score, note or "") for pk, (score, note) in ratings.items() if score is not None}


def _replace_ratings(scorecard: Scorecard, criteria: list[Criterion], ratings: Ratings) -> None:
    by_id = {c.pk: c for c in criteria}
    scorecard.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(scorecard=scorecard, criterion=by_id[criterion_id], score=score, note=note)
        for criterion_id, (score, note) in ratings.items()
    )


def _open_scorecard(interview: Interview, interviewer: User) -> Scorecard:
    """The panelist's scorecard, locked, created if new; refused once submitted."""
    scorecard, _created = Scorecard.objects.select_for_update().get_or_create(
        interview=interview, interviewer=interviewer
    )
    if scorecard.status == Scorecard.Status.SUBMITTED:
        raise ValidationError(_("This scorecard has already been submitted."))
    return scorecard


@transaction.atomic
def scorecard_save_draft(
    *,
    interview: Interview,
    interviewer: User,
    ratings: Ratings,
    recommendation: str = "",
    summary: str = "",
) -> Scorecard:
    """Create or update ``interviewer``'s draft scorecard for ``interview``.

    ``ratings`` maps a Criterion id to ``(score 1–4 or None, note)``; criteria
    left out or scored None are simply not rated yet (a note without a score is
    not kept). Replaces the draft's Ratings. No Activity or AuditEvent: a draft
    is private working state. Raises ValidationError when the interviewer is not
    on the panel, the interview was cancelled, the scorecard was already
    submitted (use scorecard_revise), or a score or recommendation is invalid.
    """
    _check_panelist(interview, interviewer)
    if recommendation and recommendation not in Scorecard.Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    scorecard = _open_scorecard(interview, interviewer)
    criteria = scorecard_criteria(interview=interview, scorecard=scorecard)
    _replace_ratings(scorecard, criteria, _checked_ratings(criteria, ratings, complete=False))
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    scorecard.save()
    return scorecard


@transaction.atomic
def scorecard_submit(
    *,
    interview: Interview,
    interviewer: User,
    ratings: Ratings,
    recommendation: str,
    summary: str = "",
) -> Scorecard:
    """Submit ``interviewer``'s scorecard for ``interview``.

    ``ratings`` maps a Criterion id (a criterion of scorecard_criteria) to
    ``(score 1–4, note)``. Every required criterion must be rated. Writes the
    Scorecard and its Ratings (replacing a draft's), a ``scorecard`` Activity
    and an AuditEvent. Raises ValidationError when the interviewer is not on
    the panel, the interview has not started yet (code ``not_started``: a
    draft may be saved before, see scorecard_save_draft), the interview was
    cancelled, the scorecard was already submitted, or a rating is missing
    or out of range.
    """
    _check_panelist(interview, interviewer)
    if interview.starts_at > timezone.now():
        raise ValidationError(
            _("The interview has not started yet: save a draft now and submit once it has started."),
            code="not_started",
        )
    if recommendation not in Scorecard.Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    scorecard = _open_scorecard(interview, interviewer)
    criteria = scorecard_criteria(interview=interview, scorecard=scorecard)
    _replace_ratings(scorecard, criteria, _checked_ratings(criteria, ratings, complete=True))
    scorecard.status = Scorecard.Status.SUBMITTED
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    scorecard.submitted_at = timezone.now()
    scorecard.save()
    activity_record(
        candidate=interview.application.candidate,
        kind=Activity.Kind.SCORECARD,
        actor=interviewer,
        message=MESSAGES.message(
            messages.SCORECARD_SUBMITTED,
            name=interviewer.full_name,
            recommendation=scorecard.recommendation,
            stage=interview.stage.name,
        ),
        target=scorecard,
    )
    audit_record(action="interviews.scorecard.submit", actor=interviewer, target=scorecard)
    return scorecard


@transaction.atomic
def scorecard_revise(
    *,
    scorecard: Scorecard,
    interviewer: User,
    ratings: Ratings,
    recommendation: str,
    summary: str,
    reason: str,
) -> Scorecard:
    """Change a submitted scorecard; only its author may, and must say why.

    Replaces its Ratings, recommendation and summary, raises ``revision`` and
    writes an AuditEvent ``interviews.scorecard.revise`` holding the reason and
    the previous and new score per criterion and recommendation (notes are not
    copied into the audit), and a ``scorecard`` Activity. Raises
    ValidationError when ``interviewer`` is not the author, the scorecard is
    still a draft, the reason is blank, or a rating is missing or invalid.
    """
    scorecard = Scorecard.objects.select_for_update().select_related("interview__stage").get(pk=scorecard.pk)
    if scorecard.interviewer_id != interviewer.pk:
        raise ValidationError(_("Only its author can change a scorecard."))
    if scorecard.status != Scorecard.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted scorecard is revised; save the draft instead."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the scorecard is changed.")})
    if recommendation not in Scorecard.Recommendation.values:
        raise ValidationError({"recommendation": _("Choose a recommendation.")})
    interview = scorecard.interview
    criteria = scorecard_criteria(interview=interview, scorecard=scorecard)
    checked = _checked_ratings(criteria, ratings, complete=True)
    before = {str(r.criterion.public_id): r.score for r in scorecard.ratings.select_related("criterion")}
    before_recommendation = scorecard.recommendation
    _replace_ratings(scorecard, criteria, checked)
    by_id = {c.pk: c for c in criteria}
    after = {str(by_id[pk].public_id): score for pk, (score, _note) in checked.items()}
    scorecard.recommendation = recommendation
    scorecard.summary = summary
    scorecard.revision += 1
    scorecard.save()
    audit_record(
        action="interviews.scorecard.revise",
        actor=interviewer,
        target=scorecard,
        data={
            "revision": scorecard.revision,
            "reason": reason[:300],
            "scores": {
                key: {"before": before.get(key), "after": after.get(key)}
                for key in sorted(before.keys() | after.keys())
            },
            "recommendation": {"before": before_recommendation, "after": recommendation},
        },
    )
    activity_record(
        candidate=interview.application.candidate,
        kind=Activity.Kind.SCORECARD,
        actor=interviewer,
        message=MESSAGES.message(
            messages.SCORECARD_CHANGED,
            name=interviewer.full_name,
            stage=interview.stage.name,
            recommendation=scorecard.recommendation,
        ),
        target=scorecard,
        data={"revision": scorecard.revision},
    )
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
