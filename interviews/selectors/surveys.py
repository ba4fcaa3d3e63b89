"""Reads of the candidate feedback survey: the link a candidate opens, and the
results staff see.

Results are anonymous: a group (a stage, or a whole selection) is shown only
when it holds at least MIN_GROUP answers, and then only as counts, a mean, an
NPS and free texts in alphabetical order (never by time, never with a name).
Groups are also protected against subtraction: when the answers of the hidden
stages would add up to fewer than MIN_GROUP, the smallest shown stages are
hidden too, so "all stages" minus the shown stages never isolates a few answers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core.models import AccessToken
from core.services import TokenInvalid, access_token_resolve
from interviews.models import CandidateFeedback, Stage, StageTransition
from jobs.models import Job
from jobs.selectors import get_job_for_user, job_list_for

MIN_GROUP = 5
# The recruiting team reads the results; hiring managers (often the client's
# people, and the subject of the feedback) and interviewers do not.
RESULT_ROLES = {Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR, Role.REVIEWER}
PURPOSE = AccessToken.Purpose.FEEDBACK_SURVEY


# --- The candidate's link ------------------------------------------------------------


def survey_transition_for(row: AccessToken) -> StageTransition:
    """The StageTransition a survey token opens; raises TokenInvalid for a
    token of another kind of object or whose transition is gone."""
    transition_type = ContentType.objects.get_for_model(StageTransition)
    transition = (
        StageTransition.objects.select_related("application__candidate", "application__job", "from_stage")
        .filter(pk=row.target_id)
        .first()
        if row.target_type_id == transition_type.pk
        else None
    )
    if transition is None or transition.from_stage_id is None:
        raise TokenInvalid(_("This link is not valid."), code="unknown")
    return transition


@dataclass
class SurveyLink:
    """What a survey link opens: ``state`` is ``open``, ``used``, ``expired``,
    ``revoked`` or ``unknown``; ``transition`` is set unless unknown."""

    state: str
    transition: StageTransition | None = None

    @property
    def language(self) -> str | None:
        return self.transition.application.candidate.language if self.transition else None


def survey_link_for(token: str) -> SurveyLink:
    """Look a survey token up without changing anything (a GET may call it)."""
    try:
        row = access_token_resolve(token=token, purpose=PURPOSE)
        state = "open"
    except TokenInvalid as invalid:
        # The row of a spent link still tells whose it was, so the page can
        # speak the candidate's language; only its hash is stored (core.services).
        row = AccessToken.objects.filter(token_hash=hashlib.sha256(token.encode()).digest(), purpose=PURPOSE).first()
        state = invalid.code if row is not None else "unknown"
    if row is None:
        return SurveyLink(state="unknown")
    try:
        return SurveyLink(state=state, transition=survey_transition_for(row))
    except TokenInvalid:
        return SurveyLink(state="unknown")


# --- Results -----------------------------------------------------------------------


@dataclass
class SurveyGroup:
    """The answers of one group. ``shown`` is False when the group is too small
    (``hidden_reason`` says why): then every number and text is left empty."""

    label: str
    stage: Stage | None = None
    shown: bool = False
    hidden_reason: str = ""
    answers: int | None = None
    mean_satisfaction: float | None = None
    nps: int | None = None
    nps_answers: int | None = None
    went_well: list[str] = field(default_factory=list)
    to_improve: list[str] = field(default_factory=list)


@dataclass
class SurveyResults:
    overall: SurveyGroup
    by_stage: list[SurveyGroup]


NOT_ENOUGH = _("Not enough answers yet.")
PROTECTED = _("Hidden so that smaller groups cannot be worked out.")


def feedback_list_for(user: User) -> QuerySet[CandidateFeedback]:
    """Every survey answer ``user`` may count: those on jobs they see, for the
    roles that read survey results."""
    feedback = CandidateFeedback.objects.all()
    if not user.is_active or user.role not in RESULT_ROLES:
        return feedback.none()
    return feedback.filter(application__job__in=job_list_for(user).values("pk"))


def get_job_for_survey_results(user: User, public_id) -> Job:
    """The job, 404 if ``user`` may not see it, 403 if they see it but do not
    read survey results (hiring managers)."""
    job = get_job_for_user(user, public_id)
    if user.role not in RESULT_ROLES:
        raise PermissionDenied
    return job


_STATS = {
    "answers": Count("pk"),
    "mean": Avg("satisfaction"),
    "rated": Count("pk", filter=Q(recommend_score__isnull=False)),
    "promoters": Count("pk", filter=Q(recommend_score__gte=9)),
    "detractors": Count("pk", filter=Q(recommend_score__lte=6)),
}


def _fill(group: SurveyGroup, stats: dict, texts: list[tuple[str, str]]) -> SurveyGroup:
    group.shown, group.hidden_reason = True, ""
    group.answers = stats["answers"]
    group.mean_satisfaction = round(stats["mean"], 1)
    group.nps_answers = stats["rated"]
    if stats["rated"]:
        group.nps = round(100 * (stats["promoters"] - stats["detractors"]) / stats["rated"])
    group.went_well = sorted(text for text, _other in texts if text)
    group.to_improve = sorted(text for _other, text in texts if text)
    return group


def survey_results_for(
    user: User, *, job: Job | None = None, stage: Stage | None = None, since: datetime | None = None
) -> SurveyResults:
    """Survey results over the answers ``user`` may count, optionally of one
    job, one stage and since a time: the whole selection and each stage, each
    group shown only with at least MIN_GROUP answers. Three queries whatever
    the number of answers."""
    feedback = feedback_list_for(user)
    if job is not None:
        feedback = feedback.filter(application__job=job)
    if stage is not None:
        feedback = feedback.filter(stage=stage)
    if since is not None:
        feedback = feedback.filter(submitted_at__gte=since)
    per_stage = {row.pop("stage"): row for row in feedback.values("stage").annotate(**_STATS).order_by()}
    stages = {s.pk: s for s in Stage.objects.filter(pk__in=[pk for pk in per_stage if pk is not None])}
    total = sum(row["answers"] for row in per_stage.values())
    shown = {pk for pk, row in per_stage.items() if pk is not None and row["answers"] >= MIN_GROUP}
    protected = set()
    # Complementary suppression: what "all" shows beyond the shown stages must
    # be nothing or a group of MIN_GROUP or more.
    while shown and 0 < total - sum(per_stage[pk]["answers"] for pk in shown) < MIN_GROUP:
        smallest = min(shown, key=lambda pk: (per_stage[pk]["answers"], pk))
        shown.discard(smallest)
        protected.add(smallest)
    overall_shown = total >= MIN_GROUP
    text_rows = list(feedback.values_list("stage", "went_well", "to_improve").order_by()) if overall_shown else []
    overall = SurveyGroup(label=str(_("All stages")) if stage is None else stage.name)
    if overall_shown:
        sums = {name: sum(row[name] for row in per_stage.values()) for name in ("rated", "promoters", "detractors")}
        mean = sum(row["mean"] * row["answers"] for row in per_stage.values()) / total
        _fill(overall, {"answers": total, "mean": mean, **sums}, [(w, t) for _s, w, t in text_rows])
    else:
        overall.hidden_reason = str(NOT_ENOUGH)
    by_stage = []
    for pk, row in sorted(per_stage.items(), key=lambda item: _stage_order(stages.get(item[0]))):
        group = SurveyGroup(label=stages[pk].name if pk in stages else str(_("Stage removed")), stage=stages.get(pk))
        if pk in shown:
            _fill(group, row, [(w, t) for s, w, t in text_rows if s == pk])
        else:
            group.hidden_reason = str(PROTECTED if pk in protected else NOT_ENOUGH)
        by_stage.append(group)
    return SurveyResults(overall=overall, by_stage=by_stage)


def _stage_order(stage: Stage | None) -> tuple:
    return (stage.job_id, stage.order) if stage is not None else (0, 0)
