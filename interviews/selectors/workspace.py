"""Reads of the interviewer's workspace: "my interviews" and one interview's page
(candidate summary, resume, kit, scorecard criteria and the scorecards the user
may read)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from accounts.roles import rules_for
from candidates.models import Document
from interviews.models import Criterion, Interview, KitQuestion, Panelist, Rating, Scorecard
from interviews.selectors import get_interview_for_user, scorecard_list_for
from interviews.services.scoring import scorecard_criteria

# An ended interview whose scorecard is still missing this long after is overdue.
OVERDUE_AFTER = timedelta(hours=24)


def get_panel_interview_for_user(user: User, public_id) -> tuple[Interview, Scorecard | None]:
    """The interview (404 if unseen; 403 unless ``user`` sits on its panel) and
    their own scorecard on it, if any: what the scorecard actions act on."""
    interview = get_interview_for_user(user, public_id)
    if not Panelist.objects.filter(interview=interview, user=user).exists():
        raise PermissionDenied
    return interview, Scorecard.objects.filter(interview=interview, interviewer=user).first()


@dataclass
class MyInterviews:
    today: list[Interview] = field(default_factory=list)
    upcoming: list[Interview] = field(default_factory=list)
    to_score: list[Interview] = field(default_factory=list)
    overdue: list[Interview] = field(default_factory=list)


def _seats(user: User) -> QuerySet[Interview]:
    return Interview.objects.filter(Exists(Panelist.objects.filter(interview=OuterRef("pk"), user=user)))


def my_interviews(user: User, now: datetime) -> MyInterviews:
    """The not-cancelled interviews whose panel ``user`` sits on, in one query,
    grouped: ``today`` (starting on the user's local today and not ended),
    ``upcoming`` (later days), ``to_score`` (ended within OVERDUE_AFTER, own
    scorecard missing or a draft) and ``overdue`` (ended longer ago and still
    not submitted). Interviews whose scorecard is submitted are left out once
    they have ended. Each interview carries ``own_status`` ("" when there is no
    scorecard yet) and its application, candidate, job and stage."""
    own = Scorecard.objects.filter(interview=OuterRef("pk"), interviewer=user)
    interviews = (
        _seats(user)
        .exclude(status=Interview.Status.CANCELLED)
        .annotate(own_status=Subquery(own.values("status")[:1]))
        .exclude(Q(ends_at__lte=now) & Exists(own.filter(status=Scorecard.Status.SUBMITTED)))
        .select_related("stage", "application__candidate", "application__job")
        .order_by("starts_at", "pk")
    )
    local_today = now.astimezone(ZoneInfo(user.time_zone)).date()
    grouped = MyInterviews()
    for interview in interviews:
        interview.own_status = interview.own_status or ""
        if interview.ends_at <= now - OVERDUE_AFTER:
            grouped.overdue.append(interview)
        elif interview.ends_at <= now:
            grouped.to_score.append(interview)
        elif interview.starts_at.astimezone(ZoneInfo(user.time_zone)).date() <= local_today:
            grouped.today.append(interview)
        else:
            grouped.upcoming.append(interview)
    return grouped


@dataclass
class CriteriaGroup:
    group: str
    label: str
    criteria: list[Criterion]


@dataclass
class InterviewPage:
    interview: Interview
    candidate: dict[str, Any]
    contact: dict[str, str] | None
    resumes: list[Document]
    questions: list[KitQuestion]
    criteria_groups: list[CriteriaGroup]
    is_panelist: bool
    own_scorecard: Scorecard | None
    own_ratings: dict[int, Rating]
    others: list[Scorecard]
    others_hidden: bool


def _group_criteria(criteria: list[Criterion]) -> list[CriteriaGroup]:
    groups = []
    for value, label in Criterion.Group.choices:
        members = [c for c in criteria if c.group == value]
        if members:
            groups.append(CriteriaGroup(group=value, label=label, criteria=members))
    return groups


def interview_page_for(user: User, interview: Interview) -> InterviewPage:
    """What the interview page shows ``user`` (who may see ``interview``: fetch
    it with get_interview_for_user). Never compensation; contact details only to
    roles with ``contact_details``. Others' scorecards only as
    scorecard_list_for allows, and to a panelist only once their own is
    submitted, whatever their role (independent scoring)."""
    application = interview.application
    candidate = application.candidate
    summary = {
        "full_name": candidate.full_name,
        "public_id": candidate.public_id,
        "headline": candidate.headline,
        "company": candidate.company,
        "location": candidate.location,
        "skills": candidate.skills,
        "tags": [tag.name for tag in candidate.tags.all()],
        "job_title": application.job.title,
        "stage": interview.stage.name,
    }
    contact = None
    if rules_for(user.role).contact_details:
        contact = {"email": candidate.email or "", "phone": candidate.phone or ""}
    resumes = list(
        Document.objects.filter(candidate=candidate, kind=Document.Kind.RESUME)
        .only("public_id", "filename", "size", "created_at", "candidate_id")
        .order_by("-created_at")
    )
    questions = []
    if interview.stage.kit_id:
        questions = list(
            KitQuestion.objects.filter(kit_id=interview.stage.kit_id).select_related("question").order_by("order")
        )
    is_panelist = Panelist.objects.filter(interview=interview, user=user).exists()
    own = None
    if is_panelist:
        own = Scorecard.objects.filter(interview=interview, interviewer=user).prefetch_related("ratings").first()
    criteria = scorecard_criteria(interview=interview, scorecard=own)
    own_ratings = {r.criterion_id: r for r in own.ratings.all()} if own else {}
    for criterion in criteria:
        rating = own_ratings.get(criterion.pk)
        anchors = criterion.anchors if isinstance(criterion.anchors, dict) else {}
        criterion.own_rating = rating
        criterion.points = [
            {
                "score": n,
                "anchor": anchors.get(str(n), ""),
                "checked": rating is not None and rating.score == n,
            }
            for n in range(1, 5)
        ]
    others_hidden = is_panelist and (own is None or own.status != Scorecard.Status.SUBMITTED)
    others = []
    if not others_hidden:
        others = list(
            scorecard_list_for(user)
            .filter(interview=interview)
            .exclude(interviewer=user)
            .select_related("interviewer")
            .prefetch_related(
                Prefetch("ratings", Rating.objects.select_related("criterion").order_by("criterion__order"))
            )
            .order_by("submitted_at", "pk")
        )
    return InterviewPage(
        interview=interview,
        candidate=summary,
        contact=contact,
        resumes=resumes,
        questions=questions,
        criteria_groups=_group_criteria(criteria),
        is_panelist=is_panelist,
        own_scorecard=own,
        own_ratings=own_ratings,
        others=others,
        others_hidden=others_hidden,
    )
