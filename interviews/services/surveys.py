"""The candidate feedback survey: the sweep that sends it and the answer.

No model of its own; the survey is carried by rows that exist already:

- **what is surveyed** is one (application, stage) pair: the stage the
  application left (after_stage) or closed at (at_end);
- **the "sent" marker** is the OutboundEmail with idempotency key
  ``survey:<application id>:<stage id>`` (unique), so a pair is surveyed once
  however often or concurrently the sweep runs;
- **the link** is a ``feedback_survey`` AccessToken whose target is the
  StageTransition that left the stage: it names both the application and the
  stage (``from_stage``), so the answer needs nothing else.

What is due is read from the stage transitions of the
last SURVEY_WINDOW through their (to_stage, created_at) index, restricted to the
stages of jobs that survey. A survey waits until the application has been
still for SURVEY_DELAY, and is dropped if the move was undone in the meantime
(the application is back, active, in the stage it left), so a quick correction
never mails the candidate.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from candidates.models import Activity
from candidates.services import activity_record
from core.services import access_token_issue, access_token_resolve, access_token_use, audit_record
from interviews import messages
from interviews.models import Application, CandidateFeedback, Interview, Stage, StageTransition
from interviews.selectors.surveys import PURPOSE, survey_transition_for
from jobs.models import Job
from messaging.links import absolute_url
from messaging.messages import MESSAGES
from messaging.models import OutboundEmail
from messaging.services import email_queue

# A move younger than this may still be corrected: the survey waits.
SURVEY_DELAY = timedelta(hours=4)
# Moves older than this are not surveyed any more (a late survey is noise).
SURVEY_WINDOW = timedelta(days=14)
SURVEY_VALID_FOR = timedelta(days=30)
SURVEY_TEMPLATE = "feedback_survey"
TEXT_MAX = 2000
CLOSED = [Application.Status.HIRED, Application.Status.REJECTED, Application.Status.WITHDRAWN]


def survey_key(application_id: int, stage_id: int) -> str:
    """The outbox idempotency key that marks a survey as sent."""
    return f"survey:{application_id}:{stage_id}"


def _due(now: datetime) -> QuerySet[StageTransition]:
    """Transitions that call for a survey now and have none sent yet."""
    surveying_stages = Stage.objects.filter(
        job__survey_timing__in=[Job.SurveyTiming.AFTER_STAGE, Job.SurveyTiming.AT_END]
    ).values("pk")
    moved_since = StageTransition.objects.filter(application=OuterRef("application"), created_at__gt=now - SURVEY_DELAY)
    interviewed = Interview.objects.filter(
        application=OuterRef("application"), stage=OuterRef("from_stage"), starts_at__lte=OuterRef("created_at")
    ).exclude(status=Interview.Status.CANCELLED)
    sent = OutboundEmail.objects.filter(
        idempotency_key=Concat(
            Value("survey:"),
            Cast(OuterRef("application_id"), CharField()),
            Value(":"),
            Cast(OuterRef("from_stage_id"), CharField()),
        )
    )
    at_end = Q(
        application__job__survey_timing=Job.SurveyTiming.AT_END,
        to_status__in=CLOSED,
        application__status__in=CLOSED,
    )
    after_stage = (
        Q(application__job__survey_timing=Job.SurveyTiming.AFTER_STAGE)
        & (~Q(to_stage=F("from_stage")) | Q(to_status__in=CLOSED))
        & Q(Exists(interviewed))
        # Moved back since: the stage was not left after all.
        & ~Q(application__status=Application.Status.ACTIVE, application__stage=F("from_stage"))
    )
    return (
        StageTransition.objects.filter(
            to_stage__in=surveying_stages,
            created_at__gte=now - SURVEY_WINDOW,
            created_at__lte=now - SURVEY_DELAY,
            from_stage__isnull=False,
            from_status=Application.Status.ACTIVE,
            application__candidate__email_index__isnull=False,
            # Someone who asked not to be contacted (a talent-pool check-in answer) gets no survey.
            application__candidate__contact_opt_out_at__isnull=True,
        )
        .filter(at_end | after_stage)
        .exclude(Exists(moved_since))
        .exclude(Exists(sent))
    )


def survey_sweep(*, now: datetime | None = None, limit: int = 500) -> int:
    """Send the feedback surveys that are due; returns how many were queued.

    Per job ``survey_timing``: ``after_stage`` surveys an application that left
    a stage where it had an interview (moved on, or closed there); ``at_end``
    one that was hired, rejected or withdrew; ``never`` nothing. Only moves of
    the last SURVEY_WINDOW count, and only once the application has been
    still for SURVEY_DELAY; a candidate without an email address is never
    surveyed. Each (application, stage) gets at most one survey: per pair, one
    transaction locks the application (SKIP LOCKED: a pair another sweep or a
    move holds is left for the next run), checks again that it is due and
    unsent, issues a FEEDBACK_SURVEY AccessToken valid SURVEY_VALID_FOR, queues
    the email in the candidate's language (key ``survey:<application>:<stage>``)
    and records an ``email`` Activity. Overlapping runs are harmless.
    """
    now = now or timezone.now()
    due = _due(now).order_by("created_at", "id").values_list("pk", "application_id", "from_stage_id")[:limit]
    queued, seen = 0, set()
    for transition_id, application_id, stage_id in due:
        if (application_id, stage_id) in seen:
            continue
        seen.add((application_id, stage_id))
        queued += _survey_send(transition_id=transition_id, application_id=application_id, now=now)
    return queued


@transaction.atomic
def _survey_send(*, transition_id: int, application_id: int, now: datetime) -> bool:
    locked = Application.objects.select_for_update(skip_locked=True).filter(pk=application_id)
    if not locked.values_list("pk", flat=True):
        return False
    # Under the lock, nothing can be sent or moved for this application: ask again.
    if not _due(now).filter(pk=transition_id).exists():
        return False
    transition = StageTransition.objects.select_related("application__candidate", "application__job").get(
        pk=transition_id
    )
    application = transition.application
    candidate = application.candidate
    if not candidate.email:
        return False
    token, _row = access_token_issue(purpose=PURPOSE, target=transition, valid_for=SURVEY_VALID_FOR)
    email_queue(
        to=candidate.email,
        idempotency_key=survey_key(application.pk, transition.from_stage_id),
        language=candidate.language,
        template=SURVEY_TEMPLATE,
        context={
            "candidate_name": candidate.full_name,
            "job_title": application.job.title,
            "survey_url": absolute_url(reverse("interviews:survey", args=[token])),
            "valid_days": SURVEY_VALID_FOR.days,
        },
        related=application,
        candidate_ref=candidate.public_id,
    )
    activity_record(
        candidate=candidate,
        kind=Activity.Kind.EMAIL,
        actor=None,
        message=MESSAGES.message(messages.SURVEY_SENT, job=application.job.title),
        target=application,
    )
    return True


def _score(value: object, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


@transaction.atomic
def survey_answer_record(
    *,
    token: str,
    satisfaction: int,
    recommend_score: int | None,
    went_well: str = "",
    to_improve: str = "",
) -> CandidateFeedback:
    """Record a candidate's answer to the survey opened by ``token``.

    ``satisfaction`` is 1–5, ``recommend_score`` 0–10 (or None: not answered),
    the two texts at most TEXT_MAX characters. Writes one CandidateFeedback for
    the token's (application, stage), with the last interview held there,
    marks the token used and writes an AuditEvent without actor. Raises
    TokenInvalid (unknown, expired, used, revoked, another purpose) and
    ValidationError (an answer out of range, or the pair already answered).
    """
    row = access_token_resolve(token=token, purpose=PURPOSE, for_update=True)
    transition = survey_transition_for(row)
    went_well, to_improve = (went_well or "").strip(), (to_improve or "").strip()
    errors = {}
    if not _score(satisfaction, 1, 5):
        errors["satisfaction"] = _("Choose a rating from 1 to 5.")
    if recommend_score is not None and not _score(recommend_score, 0, 10):
        errors["recommend_score"] = _("Choose a number from 0 to 10.")
    for name, text in (("went_well", went_well), ("to_improve", to_improve)):
        if len(text) > TEXT_MAX:
            errors[name] = _("Please keep this under %(max)d characters.") % {"max": TEXT_MAX}
    if errors:
        raise ValidationError(errors)
    application, stage = transition.application, transition.from_stage
    if CandidateFeedback.objects.filter(application=application, stage=stage).exists():
        raise ValidationError(_("This survey has already been answered."), code="answered")
    feedback = CandidateFeedback.objects.create(
        application=application,
        stage=stage,
        interview=(
            Interview.objects.filter(application=application, stage=stage)
            .exclude(status=Interview.Status.CANCELLED)
            .order_by("-starts_at")
            .first()
        ),
        satisfaction=satisfaction,
        recommend_score=recommend_score,
        went_well=went_well,
        to_improve=to_improve,
    )
    access_token_use(token=token, purpose=PURPOSE)
    audit_record(action="interviews.candidate_feedback.submit", target=feedback)
    return feedback
