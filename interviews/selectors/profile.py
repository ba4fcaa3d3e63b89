"""What the candidate profile reads from the pipeline, scoped to the reader."""

from __future__ import annotations

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from accounts.models import User
from candidates.models import Candidate
from interviews.selectors import application_list_for, interview_list_for, scorecard_list_for


def timeline_targets_for(user: User, candidate: Candidate) -> dict[str, QuerySet]:
    """Ids (as text) of the candidate's applications, interviews and scorecards
    ``user`` may see, by target type: the timeline hides the entries about the
    others (candidates.selectors.candidate_timeline's ``visible_targets``)."""

    def as_text(queryset: QuerySet, field: str) -> QuerySet:
        return queryset.annotate(key=Cast(field, CharField())).values("key")

    return {
        "interviews.application": as_text(application_list_for(user).filter(candidate=candidate), "public_id"),
        "interviews.interview": as_text(interview_list_for(user).filter(application__candidate=candidate), "public_id"),
        "interviews.scorecard": as_text(
            scorecard_list_for(user).filter(interview__application__candidate=candidate), "pk"
        ),
    }
