from interviews.models.closing import ClosingReason
from interviews.models.pipeline import Application, Interview, Panelist, Stage, StageTransition
from interviews.models.plans import (
    Criterion,
    InterviewKit,
    InterviewPlanTemplate,
    KitQuestion,
    Question,
    ScorecardTemplate,
    StageKind,
    StageTemplate,
)
from interviews.models.scheduling import InterviewSlot, SchedulingInvitation, Unavailability
from interviews.models.scoring import CandidateFeedback, Rating, Scorecard
from interviews.models.triggers import Trigger

__all__ = [
    "Application",
    "CandidateFeedback",
    "ClosingReason",
    "Criterion",
    "Interview",
    "InterviewKit",
    "InterviewPlanTemplate",
    "InterviewSlot",
    "KitQuestion",
    "Panelist",
    "Question",
    "Rating",
    "SchedulingInvitation",
    "Scorecard",
    "ScorecardTemplate",
    "Stage",
    "StageKind",
    "StageTemplate",
    "StageTransition",
    "Trigger",
    "Unavailability",
]
