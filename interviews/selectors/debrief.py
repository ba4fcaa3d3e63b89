"""The debrief of an application at a stage: the panel's submitted scorecards
side by side, per-criterion statistics, disagreement, and the scorecards still
missing, which gate the move to the next stage (services.application_move).

Who may open a debrief: everyone who sees the application, except
interviewers, who open it only for a stage where they sit on a panel (404
otherwise) and once they have submitted their own scorecard there (403
before: independent scoring). Each reader sees only the scorecards
``scorecard_list_for`` lets them read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.roles import Reach, rules_for
from interviews.models import Application, Criterion, Interview, Panelist, Rating, Scorecard, Stage
from interviews.selectors import Action, board_applications_for, get_application_for_user, scorecard_list_for
from interviews.selectors.scheduling import interview_ahead_text, interviews_ahead

# A criterion's ratings disagree when they are this far apart (on the 1–4 scale).
DISAGREEMENT_SPREAD = 2
POSITIVE = frozenset({Scorecard.Recommendation.YES, Scorecard.Recommendation.STRONG_YES})
NEGATIVE = frozenset({Scorecard.Recommendation.NO, Scorecard.Recommendation.STRONG_NO})


def may_override(user: User | None) -> bool:
    """Whether ``user`` may move an application past missing scorecards."""
    return user is not None and user.is_active and rules_for(user.role).stage_override


@dataclass(frozen=True)
class MissingScorecard:
    interviewer: User
    interview: Interview


def missing_scorecards(application: Application, stage: Stage) -> list[MissingScorecard]:
    """The scorecards required before ``application`` may leave ``stage``: one
    per panelist of each interview of the application at that stage that has
    ended and was not cancelled, not yet submitted. A stage without a scorecard
    template requires none. One query."""
    if stage.scorecard_template_id is None:
        return []
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview_id"), interviewer=OuterRef("user_id"), status=Scorecard.Status.SUBMITTED
    )
    seats = (
        Panelist.objects.filter(
            interview__application=application, interview__stage=stage, interview__ends_at__lte=timezone.now()
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .exclude(Exists(submitted))
        .select_related("user", "interview")
        .order_by("interview__starts_at", "user__full_name", "pk")
    )
    return [MissingScorecard(interviewer=seat.user, interview=seat.interview) for seat in seats]


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class CriterionRow:
    """One criterion family across the scorecards: the score each gave (None
    where it was not rated), their mean and spread."""

    criterion: Criterion  # the version shown: the current one, else the latest rated
    scores: list[int | None]
    mean: Decimal | None = None
    spread: int | None = None
    disagreement: bool = False

    def __post_init__(self) -> None:
        given = [score for score in self.scores if score is not None]
        if given:
            self.mean = _round(Decimal(sum(given)) / len(given))
            self.spread = max(given) - min(given)
            self.disagreement = self.spread >= DISAGREEMENT_SPREAD

    @property
    def weight(self) -> int:
        return self.criterion.weight


@dataclass
class Debrief:
    application: Application
    stage: Stage
    scorecards: list[Scorecard]  # submitted, visible to the reader, in interview then name order
    rows: list[CriterionRow]
    missing: list[MissingScorecard]
    ahead: list[str]  # the stage's interviews not over yet, as "… on 11 Dec, not held yet"
    tally: dict[str, int] = field(default_factory=dict)  # recommendation value → count, every value present
    weighted_mean: Decimal | None = None
    recommendations_split: bool = False  # both a yes and a no among the recommendations

    @property
    def disagreement(self) -> bool:
        return self.recommendations_split or any(row.disagreement for row in self.rows)

    @property
    def tally_rows(self) -> list[tuple[str, str, int]]:
        return [(value, label, self.tally[value]) for value, label in Scorecard.Recommendation.choices]


def _weighted_mean(rows: list[CriterionRow]) -> Decimal | None:
    rated = [row for row in rows if row.mean is not None]
    if not rated:
        return None
    total = sum(row.mean * row.weight for row in rated)
    return _round(total / sum(row.weight for row in rated))


def debrief_for(user: User, application: Application, stage: Stage) -> Debrief:
    """The debrief of ``application`` at ``stage`` as ``user`` may read it.

    Ratings line up by criterion family, so a criterion edited into a new
    version between two interviews stays one row. The weighted mean weighs each
    criterion's mean by its weight. Five queries, whatever the panel's size.
    """
    scorecards = list(
        scorecard_list_for(user)
        .filter(interview__application=application, interview__stage=stage, status=Scorecard.Status.SUBMITTED)
        .select_related("interviewer", "interview")
        .prefetch_related(Prefetch("ratings", queryset=Rating.objects.select_related("criterion")))
        .order_by("interview__starts_at", "interviewer__full_name", "pk")
    )
    current = (
        list(Criterion.objects.filter(template_id=stage.scorecard_template_id, is_current=True).order_by("order", "pk"))
        if stage.scorecard_template_id
        else []
    )
    families: dict[UUID, Criterion] = {criterion.family: criterion for criterion in current}
    scores: dict[UUID, dict[int, int]] = {}
    for column, scorecard in enumerate(scorecards):
        for rating in scorecard.ratings.all():
            shown = families.get(rating.criterion.family)
            if shown is None or (not shown.is_current and rating.criterion.version > shown.version):
                families[rating.criterion.family] = rating.criterion
            scores.setdefault(rating.criterion.family, {})[column] = rating.score
    rows = [
        CriterionRow(criterion=criterion, scores=[scores.get(family, {}).get(n) for n in range(len(scorecards))])
        for family, criterion in sorted(families.items(), key=lambda item: (item[1].order, item[1].pk))
    ]
    tally = Counter(scorecard.recommendation for scorecard in scorecards)
    given = set(tally)
    return Debrief(
        application=application,
        stage=stage,
        scorecards=scorecards,
        rows=rows,
        missing=missing_scorecards(application, stage),
        ahead=[interview_ahead_text(interview) for interview in interviews_ahead(application, stage=stage)],
        tally={value: tally.get(value, 0) for value in Scorecard.Recommendation.values},
        weighted_mean=_weighted_mean(rows),
        recommendations_split=bool(given & POSITIVE) and bool(given & NEGATIVE),
    )


def get_debrief_for_user(
    user: User, public_id: UUID | str, stage_id: int, *, action: Action = "view"
) -> tuple[Application, Stage]:
    """The application and one of its job's stages for a debrief, or 404.

    ``action`` is as for get_application_for_user (``decide`` answers 403 to
    roles that may only read). An interviewer gets 404 for a stage where they
    sit on no panel of the application, and 403 until they have submitted
    their own scorecard there.
    """
    application = get_application_for_user(user, public_id, action=action)
    stage = application.job.stages.filter(pk=stage_id).first()
    if stage is None:
        raise Http404
    if rules_for(user.role).jobs == Reach.PANEL:
        seats = Panelist.objects.filter(user=user, interview__application=application, interview__stage=stage)
        if not seats.exists():
            raise Http404
        own = Scorecard.objects.filter(
            interviewer=user,
            interview__application=application,
            interview__stage=stage,
            status=Scorecard.Status.SUBMITTED,
        )
        if not own.exists():
            raise PermissionDenied
    return application, stage


@dataclass(frozen=True)
class ShortlistColumn:
    stage: Stage
    applications: list[Application]


def shortlist_for(user: User, job) -> list[ShortlistColumn]:
    """The job's active applications ``user`` may see, grouped by stage, the
    furthest stage first; empty stages are left out. Each application carries
    the board's annotations (``panel_seats``, ``scorecards_submitted``) and
    ``tally``: its submitted scorecards at its current stage visible to
    ``user`` per recommendation.
    Three queries, whatever the number of applications."""
    stages = list(job.stages.filter(archived_at__isnull=True).order_by("-order"))
    applications = list(board_applications_for(user, job))
    counts: dict[int, Counter] = {}
    visible = (
        scorecard_list_for(user)
        .filter(
            interview__application__in=[application.pk for application in applications],
            status=Scorecard.Status.SUBMITTED,
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .values_list("interview__application_id", "interview__stage_id", "recommendation")
    )
    current_stage = {application.pk: application.stage_id for application in applications}
    for application_id, stage_id, recommendation in visible if applications else []:
        # Only the scorecards of the stage it is shown in, as its "Scorecards n/m" badge counts.
        if stage_id == current_stage[application_id]:
            counts.setdefault(application_id, Counter())[recommendation] += 1
    by_stage: dict[int, list[Application]] = {}
    for application in applications:
        tally = counts.get(application.pk, Counter())
        application.tally = [(label, tally[value]) for value, label in Scorecard.Recommendation.choices]
        application.tally_total = sum(tally.values())
        by_stage.setdefault(application.stage_id, []).append(application)
    return [ShortlistColumn(stage=stage, applications=by_stage[stage.pk]) for stage in stages if stage.pk in by_stage]
