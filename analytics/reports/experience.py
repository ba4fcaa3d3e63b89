"""Candidate experience: the feedback survey's answers by job, by
stage and by month — mean satisfaction, net promoter score and response rate —
never shown for a group of fewer than MIN_GROUP answers.

The answers are the CandidateFeedback rows submitted in the period whose
application is in scope. The surveys sent are the outbox rows the survey sweep
queued (interviews.services.surveys: idempotency key
``survey:<application id>:<stage id>``) that went out in the period; the key
names the application and the stage, so each sent survey is linked to its job,
its stage and, through the same pair, to its answer. An answer of the period
whose survey went out before it (or not through the outbox) counts as a
survey of the period too, so a group never shows fewer surveys than answers.
The response rate is the share of those surveys that have been answered.

Computed live, two grouped queries per table (answers, surveys) and two for
the overall figures: eight queries whatever the data size. Comments are
never read.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat, NullIf, TruncMonth
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.reports.base import MIN_GROUP, Chart, Column, Filters, Report, Table, scope_q
from interviews.models import Application, CandidateFeedback, Stage
from messaging.models import OutboundEmail

# interviews.services.surveys.survey_key: "survey:<application id>:<stage id>".
SURVEY_KEY_PREFIX = "survey:"
PROMOTER_MIN, DETRACTOR_MAX = 9, 6


class SplitPart(Func):
    function = "split_part"


def _key_part(position: int, *, outer: bool = False) -> Case | Cast:
    """The application (2) or stage (3) id in a survey's idempotency key.

    In a WHERE clause PostgreSQL may cast before it checks the prefix, and
    other keys (``django:<uuid>``) are no numbers: there the cast is guarded.
    The outer form is only read for rows already known to be surveys."""
    if outer:
        return Cast(SplitPart(OuterRef("idempotency_key"), Value(":"), Value(position)), BigIntegerField())
    return Case(
        When(
            idempotency_key__startswith=SURVEY_KEY_PREFIX,
            then=Cast(SplitPart(F("idempotency_key"), Value(":"), Value(position)), BigIntegerField()),
        ),
        output_field=BigIntegerField(),
    )


def _answers(user: User, filters: Filters) -> QuerySet[CandidateFeedback]:
    return CandidateFeedback.objects.filter(
        scope_q(user, filters, prefix="application__"),
        submitted_at__gte=filters.since,
        submitted_at__lt=filters.until,
    )


def _sent(user: User, filters: Filters) -> QuerySet[OutboundEmail]:
    """The surveys sent in the period for applications in scope, each with
    its application and stage."""
    return (
        OutboundEmail.objects.filter(
            idempotency_key__startswith=SURVEY_KEY_PREFIX,
            status=OutboundEmail.Status.SENT,
            sent_at__gte=filters.since,
            sent_at__lt=filters.until,
        )
        .annotate(survey_application=_key_part(2), survey_stage=_key_part(3))
        .filter(survey_application__in=Application.objects.filter(scope_q(user, filters)).values("pk"))
    )


def _survey_sent_in_period(filters: Filters) -> Exists:
    """For an answer: whether its survey email is among those sent in the period (_sent)."""
    key = Concat(
        Value(SURVEY_KEY_PREFIX),
        Cast(OuterRef("application_id"), CharField()),
        Value(":"),
        Cast(OuterRef("stage_id"), CharField()),
    )
    return Exists(
        OutboundEmail.objects.filter(
            idempotency_key=key,
            status=OutboundEmail.Status.SENT,
            sent_at__gte=filters.since,
            sent_at__lt=filters.until,
        )
    )


def _figures(filters: Filters) -> dict[str, Any]:
    """The aggregates of a group of answers, all in SQL: mean satisfaction to
    2 decimals, NPS (% promoters − % detractors over the answers that gave a
    recommend score) to 1 decimal, and the answers whose survey was not sent
    in the period (sent before it, or not through the outbox): each is a
    survey of the period too, so the surveys are never fewer than the answers."""
    rated = Q(recommend_score__isnull=False)
    promoters = Count("pk", filter=Q(recommend_score__gte=PROMOTER_MIN))
    detractors = Count("pk", filter=Q(recommend_score__lte=DETRACTOR_MAX))
    nps = (
        Cast(promoters - detractors, DecimalField(max_digits=20, decimal_places=6))
        * Value(100)
        / NullIf(Count("pk", filter=rated), Value(0))
    )
    return {
        "answers": Count("pk"),
        "mean_satisfaction": Cast(
            Avg("satisfaction", output_field=DecimalField(max_digits=20, decimal_places=6)),
            DecimalField(max_digits=4, decimal_places=2),
        ),
        "nps": Cast(nps, DecimalField(max_digits=5, decimal_places=1)),
        "answered_unsent": Count("pk", filter=~Q(_survey_sent_in_period(filters))),
    }


def _sent_counts() -> dict[str, Any]:
    # Read off the key itself rather than the annotations: aggregate() cannot refer to those here.
    answered = CandidateFeedback.objects.filter(
        application_id=_key_part(2, outer=True), stage_id=_key_part(3, outer=True)
    )
    return {"sent": Count("pk"), "answered": Count("pk", filter=Q(Exists(answered)))}


def _row(label: str, figures: dict[str, Any], sent: dict[str, Any] | None) -> dict[str, Any]:
    sent = sent or {"sent": 0, "answered": 0}
    # The surveys of the period: those sent in it, and those answered in it that were sent otherwise.
    surveys = sent["sent"] + figures["answered_unsent"]
    answered = sent["answered"] + figures["answered_unsent"]
    return {
        "group": label,
        "answers": figures["answers"],
        "mean_satisfaction": figures["mean_satisfaction"],
        "nps": figures["nps"],
        "surveys_sent": surveys,
        "response_rate": answered / surveys if surveys else None,
    }


def _columns(group_label: str) -> list[Column]:
    return [
        Column("group", group_label),
        Column("answers", _("Answers"), "count"),
        Column("mean_satisfaction", _("Mean satisfaction (1–5)"), "number"),
        Column("nps", _("Net promoter score"), "number"),
        Column("surveys_sent", _("Surveys"), "count"),
        Column("response_rate", _("Response rate"), "percent"),
    ]


def _table(
    key: str,
    title: str,
    group_label: str,
    groups: list[tuple[Any, str, dict[str, Any]]],
    sent: dict[Any, dict[str, Any]],
    *,
    note: str = "",
    chart: Chart | None = None,
) -> Table:
    """A table of (group key, label, figures); groups under MIN_GROUP answers
    are left out and counted in ``withheld``."""
    groups = [group for group in groups if group[2]["answers"]]  # the overall aggregate of nothing
    shown = [(group, label, figures) for group, label, figures in groups if figures["answers"] >= MIN_GROUP]
    return Table(
        key=key,
        title=title,
        columns=_columns(group_label),
        rows=[_row(label, figures, sent.get(group)) for group, label, figures in shown],
        note=note,
        chart=chart,
        withheld=len(groups) - len(shown),
    )


def _by_job(user: User, filters: Filters) -> Table:
    answers = (
        _answers(user, filters)
        .values("application__job_id", "application__job__title", "application__job__client__name")
        .annotate(**_figures(filters))
        .order_by("-answers", "application__job__title", "application__job_id")
    )
    sent = (
        _sent(user, filters)
        .annotate(
            survey_job=Subquery(
                Application.objects.filter(pk=OuterRef("survey_application")).order_by().values("job_id")
            )
        )
        .values("survey_job")
        .annotate(**_sent_counts())
    )
    return _table(
        "by_job",
        _("By job"),
        _("Job"),
        [
            (
                row["application__job_id"],
                f"{row['application__job__title']} ({row['application__job__client__name']})",
                row,
            )
            for row in answers
        ],
        {row["survey_job"]: row for row in sent},
    )


def _by_stage(user: User, filters: Filters) -> Table:
    answers = (
        _answers(user, filters)
        .values("stage__name")
        .annotate(**_figures(filters), first_order=Min("stage__order"))
        .order_by("first_order", "stage__name")
    )
    sent = (
        _sent(user, filters)
        .annotate(
            survey_stage_name=Subquery(Stage.objects.filter(pk=OuterRef("survey_stage")).order_by().values("name"))
        )
        .values("survey_stage_name")
        .annotate(**_sent_counts())
    )
    return _table(
        "by_stage",
        _("By stage"),
        _("Stage"),
        [(row["stage__name"], row["stage__name"] or _("No stage"), row) for row in answers],
        {row["survey_stage_name"]: row for row in sent},
        note=_("Stages of the same name are one group across jobs."),
    )


def _by_period(user: User, filters: Filters) -> Table:
    answers = (
        _answers(user, filters)
        .annotate(month=TruncMonth("submitted_at", tzinfo=UTC))
        .values("month")
        .annotate(**_figures(filters))
        .order_by("month")
    )
    sent = (
        _sent(user, filters)
        .annotate(month=TruncMonth("sent_at", tzinfo=UTC))
        .values("month")
        .annotate(**_sent_counts())
    )
    return _table(
        "by_period",
        _("By month"),
        _("Month"),
        [(row["month"], f"{row['month']:%Y-%m}", row) for row in answers],
        {row["month"]: row for row in sent},
        note=_("Answers by the month they were submitted; the response rate by the month the surveys were sent (UTC)."),
        # Satisfaction alone: on one axis with NPS (−100 to 100) its 1–5 line would look flat.
        chart=Chart(kind="line", label="group", series=["mean_satisfaction"]),
    )


def _overall(user: User, filters: Filters) -> Table:
    figures = _answers(user, filters).aggregate(**_figures(filters))
    sent = _sent(user, filters).aggregate(**_sent_counts())
    return _table("overall", _("All answers"), _("Group"), [(None, _("All"), figures)], {None: sent})


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """Survey results in scope for the period; eight queries."""
    overall = _overall(user, filters)
    figures = overall.rows[0] if overall.rows else {}
    return Report(
        key="experience",
        title=_("Candidate experience"),
        tables=[overall, _by_job(user, filters), _by_stage(user, filters), _by_period(user, filters)],
        notes=[
            _(
                "Feedback survey answers submitted in the period. Mean satisfaction on the 1–5 scale. "
                "Net promoter score: the percentage of promoters (9–10) minus that of detractors (0–6), "
                "over the answers that gave a score."
            ),
            _(
                "Surveys: those sent in the period, and those answered in it that were sent before, so "
                "there are never fewer surveys than answers. Response rate: the share of those surveys "
                "answered so far."
            ),
            _(
                "A group with fewer than %(min)d answers is not shown, to keep answers anonymous; "
                "comments are never shown."
            )
            % {"min": MIN_GROUP},
        ],
        headline=[
            (_("Answers"), figures.get("answers"), "count"),
            (_("Mean satisfaction"), figures.get("mean_satisfaction"), "number"),
            (_("Net promoter score"), figures.get("nps"), "number"),
            (_("Response rate"), figures.get("response_rate"), "percent"),
        ],
        as_of=None,
    )
