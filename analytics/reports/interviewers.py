"""The interviewer calibration report.

Who sees what: a user whose role has ``interviewer_reports`` (administrators,
reviewers) sees every interviewer on the interviews of the jobs in their
scope, or one of them; anyone else sees only themselves, from their own panel
seats whatever the job scope (the filters still narrow them), and asking for
someone else is a 404.

The interviews read are those not cancelled that started in the period. Five
queries whatever the data size: the freshness of the roll-up, the seats (load
and timeliness), the ratings (distribution), the ratings per criterion, and
the submitted scorecards (leniency, agreement, how "yes" candidates fared),
each grouped by interviewer in SQL; Python only merges the rows by person.
Shares are fractions from 0 to 1 (the pages show them as percentages).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.models import RollupRun, StageVisit
from analytics.reports.base import Chart, Column, Filters, Median, Report, Table, scope_q, sees_every_interviewer
from interviews.models import Application, Interview, Panelist, Rating, Scorecard
from interviews.services.reminders import SCORECARD_DUE_AFTER

YES = (Scorecard.Recommendation.YES, Scorecard.Recommendation.STRONG_YES)
NO = (Scorecard.Recommendation.NO, Scorecard.Recommendation.STRONG_NO)
PASSED = (StageVisit.Outcome.MOVED_ON, StageVisit.Outcome.HIRED)
NOT_PASSED = (StageVisit.Outcome.REJECTED, StageVisit.Outcome.WITHDRAWN)
SCORES = (1, 2, 3, 4)


class Hours(Func):
    """The hours between two moments: ``Hours(later - earlier)``."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) / 3600.0)::float8"
    output_field = FloatField()


def report(user: User, filters: Filters, *, now: datetime | None = None, interviewer: User | None = None) -> Report:
    """The calibration report of every interviewer ``user`` may see, or of one.

    Raises Http404 when ``user`` may see only themselves and asks for someone else.
    """
    now = now or timezone.now()
    if not sees_every_interviewer(user):
        if interviewer is not None and interviewer.pk != user.pk:
            raise Http404
        interviewer = user
    interviews = _interviews(user, filters, interviewer=interviewer)
    as_of = RollupRun.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()

    rows: dict[int, dict[str, Any]] = {}

    def row(pk: int, name: str) -> dict[str, Any]:
        return rows.setdefault(pk, _empty_row(name))

    if interviewer is not None:
        row(interviewer.pk, interviewer.full_name)
    weeks = Decimal((filters.end - filters.start).days + 1) / 7
    for seat in _seats(interviews, interviewer, now):
        current = row(seat["user"], seat["user__full_name"])
        current["interviews"] = seat["interviews"]
        current["per_week"] = float(round(seat["interviews"] / weeks, 2))
        current["median_hours"] = seat["median_hours"]
        current["overdue"] = _share(seat["overdue"], seat["due"])

    ratings_rows = []
    for rating in _distribution(interviews, interviewer):
        mean = _float(rating["mean"])
        row(rating["scorecard__interviewer"], rating["scorecard__interviewer__full_name"])["mean_rating"] = mean
        ratings_rows.append(
            {
                "interviewer": rating["scorecard__interviewer__full_name"],
                **{f"score_{score}": rating[f"score_{score}"] for score in SCORES},
                "ratings": rating["ratings"],
                "mean": mean,
            }
        )
    criteria_rows = [
        {
            "interviewer": item["scorecard__interviewer__full_name"],
            "criterion": item["criterion__name"],
            "mean": _float(item["mean"]),
            "ratings": item["ratings"],
        }
        for item in _per_criterion(interviews, interviewer)
    ]

    for verdict in _verdicts(interviews, interviewer):
        current = row(verdict["interviewer"], verdict["interviewer__full_name"])
        current["leniency"] = _float(verdict["leniency"])
        current["compared"] = verdict["compared"]
        current["agreement"] = _share(verdict["agreed"], verdict["decided"])
        current["decided"] = verdict["decided"]
        current["yes_applications"] = verdict["yes_applications"]
        current["yes_later"] = _share(verdict["yes_later"], verdict["yes_applications"])
        current["yes_hired"] = _share(verdict["yes_hired"], verdict["yes_applications"])

    table_rows = sorted(rows.values(), key=lambda item: item["interviewer"])
    return Report(
        key="interviewers",
        title=_("Interviewers"),
        tables=[
            Table(
                key="interviewers",
                title=_("Interviewer calibration"),
                columns=_interviewer_columns(),
                rows=table_rows,
                note=_(
                    "Leniency above zero: rates higher than the rest of the panel on the same interviews; "
                    "below zero: more severe."
                ),
                chart=Chart(kind="horizontal_bar", label="interviewer", series=["leniency"]),
            ),
            Table(
                key="ratings",
                title=_("Rating distribution"),
                columns=[
                    Column("interviewer", _("Interviewer")),
                    *(Column(f"score_{score}", _("Rated %(score)s") % {"score": score}, "count") for score in SCORES),
                    Column("ratings", _("Ratings"), "count"),
                    Column("mean", _("Mean rating"), "number"),
                ],
                rows=ratings_rows,
                note=_("Every rating on the submitted scorecards of the interviews in the period, 1 to 4."),
                chart=Chart(kind="stacked_bar", label="interviewer", series=[f"score_{score}" for score in SCORES]),
            ),
            Table(
                key="criteria",
                title=_("Ratings per criterion"),
                columns=[
                    Column("interviewer", _("Interviewer")),
                    Column("criterion", _("Criterion")),
                    Column("mean", _("Mean rating"), "number"),
                    Column("ratings", _("Ratings"), "count"),
                ],
                rows=criteria_rows,
            ),
        ],
        notes=_notes(),
        headline=[(_("Interviewers"), len(table_rows), "count")],
        as_of=as_of,
    )


def _interviews(user: User, filters: Filters, *, interviewer: User | None) -> QuerySet[Interview]:
    """The interviews read: not cancelled, started in the period; on the jobs
    in scope for those who see everyone, on one's own seats otherwise; with
    one interviewer, only the interviews they sat on."""
    interviews = Interview.objects.exclude(status=Interview.Status.CANCELLED).filter(
        starts_at__gte=filters.since, starts_at__lt=filters.until
    )
    if sees_every_interviewer(user):
        interviews = interviews.filter(scope_q(user, filters, prefix="application__"))
    else:
        interviews = interviews.filter(_filters_q(filters, prefix="application__"))
    if interviewer is not None:
        interviews = interviews.filter(Exists(Panelist.objects.filter(interview=OuterRef("pk"), user=interviewer)))
    return interviews


def _filters_q(filters: Filters, *, prefix: str) -> Q:
    """The filters alone, without the user's job scope: one's own seats are
    one's own figures whatever the job."""
    q = Q()
    for name, value in [
        ("job__client", filters.client),
        ("job", filters.job),
        ("job__recruiter", filters.recruiter),
        ("source", filters.source),
    ]:
        if value is not None:
            q &= Q(**{f"{prefix}{name}": value})
    return q


def _seats(interviews: QuerySet[Interview], interviewer: User | None, now: datetime):
    """Per interviewer: seats, median hours from the end to the submitted
    scorecard, and how many scorecards were due and how many of those late."""
    seats = Panelist.objects.filter(interview__in=interviews.values("pk"))
    if interviewer is not None:
        seats = seats.filter(user=interviewer)
    # The seat's own submitted scorecard, if any: a LEFT JOIN.
    seats = seats.annotate(
        card=FilteredRelation(
            "interview__scorecards",
            condition=Q(
                interview__scorecards__interviewer=F("user"),
                interview__scorecards__status=Scorecard.Status.SUBMITTED,
            ),
        )
    )
    submitted = Q(card__submitted_at__isnull=False)
    missing_and_due = Q(card__submitted_at__isnull=True, interview__ends_at__lt=now - SCORECARD_DUE_AFTER)
    return (
        seats.values("user", "user__full_name")
        .annotate(
            interviews=Count("pk"),
            median_hours=Median(Hours(F("card__submitted_at") - F("interview__ends_at")), filter=submitted),
            due=Count("pk", filter=submitted | missing_and_due),
            overdue=Count(
                "pk",
                filter=Q(card__submitted_at__gt=F("interview__ends_at") + SCORECARD_DUE_AFTER) | missing_and_due,
            ),
        )
        .order_by()
    )


def _ratings(interviews: QuerySet[Interview], interviewer: User | None) -> QuerySet[Rating]:
    ratings = Rating.objects.filter(
        scorecard__status=Scorecard.Status.SUBMITTED, scorecard__interview__in=interviews.values("pk")
    )
    if interviewer is not None:
        ratings = ratings.filter(scorecard__interviewer=interviewer)
    return ratings


def _distribution(interviews: QuerySet[Interview], interviewer: User | None):
    """Per interviewer: how many ratings of 1, 2, 3 and 4, and their mean."""
    return (
        _ratings(interviews, interviewer)
        .values("scorecard__interviewer", "scorecard__interviewer__full_name")
        .annotate(
            **{f"score_{score}": Count("pk", filter=Q(score=score)) for score in SCORES},
            ratings=Count("pk"),
            mean=Avg("score"),
        )
        .order_by("scorecard__interviewer__full_name", "scorecard__interviewer")
    )


def _per_criterion(interviews: QuerySet[Interview], interviewer: User | None):
    """Per interviewer and criterion name (its versions together): mean and count."""
    return (
        _ratings(interviews, interviewer)
        .values("scorecard__interviewer", "scorecard__interviewer__full_name", "criterion__name")
        .annotate(mean=Avg("score"), ratings=Count("pk"))
        .order_by("scorecard__interviewer__full_name", "scorecard__interviewer", "criterion__name")
    )


def _verdicts(interviews: QuerySet[Interview], interviewer: User | None):
    """Per interviewer, over their submitted scorecards: leniency against the
    rest of the panel, agreement with what became of the application at the
    interview's stage, and how the applications they said yes to fared."""
    scorecards = Scorecard.objects.filter(status=Scorecard.Status.SUBMITTED, interview__in=interviews.values("pk"))
    if interviewer is not None:
        scorecards = scorecards.filter(interviewer=interviewer)
    own_mean = (
        Rating.objects.filter(scorecard=OuterRef("pk"))
        .order_by()
        .values("scorecard")
        .annotate(m=Avg("score"))
        .values("m")
    )
    rest_mean = (
        Rating.objects.filter(scorecard__interview=OuterRef("interview"), scorecard__status=Scorecard.Status.SUBMITTED)
        .exclude(scorecard__interviewer=OuterRef("interviewer"))
        .order_by()
        .values("scorecard__interview")
        .annotate(m=Avg("score"))
        .values("m")
    )
    # What finally became of the application in the interview's stage, from
    # its last stay there: passed (True), did not (False), undecided (NULL).
    passed = (
        StageVisit.objects.filter(application=OuterRef("interview__application"), stage=OuterRef("interview__stage"))
        .order_by("-entered_at", "-entry_id")
        .annotate(
            passed=Case(
                When(outcome__in=PASSED, then=Value(True)),
                When(outcome__in=NOT_PASSED, then=Value(False)),
                default=None,
                output_field=BooleanField(),
            )
        )
        .values("passed")[:1]
    )
    later = StageVisit.objects.filter(
        application=OuterRef("interview__application"), stage_order__gt=OuterRef("interview__stage__order")
    )
    said_yes = Q(recommendation__in=YES)
    # NULL unless someone else on the panel rated too: AVG and COUNT skip it.
    gap = F("own_mean") - F("rest_mean")
    return (
        scorecards.annotate(
            own_mean=Subquery(own_mean),
            rest_mean=Subquery(rest_mean),
            passed=Subquery(passed),
            later=Exists(later),
        )
        .values("interviewer", "interviewer__full_name")
        .annotate(
            leniency=Avg(gap),
            compared=Count(gap),
            decided=Count("passed"),
            agreed=Count("pk", filter=Q(passed=ExpressionWrapper(said_yes, output_field=BooleanField()))),
            yes_applications=Count("interview__application", distinct=True, filter=said_yes),
            yes_later=Count("interview__application", distinct=True, filter=said_yes & Q(later=True)),
            yes_hired=Count(
                "interview__application",
                distinct=True,
                filter=said_yes & Q(interview__application__status=Application.Status.HIRED),
            ),
        )
        .order_by()
    )


def _empty_row(name: str) -> dict[str, Any]:
    return {
        "interviewer": name,
        "interviews": 0,
        "per_week": 0.0,
        "median_hours": None,
        "overdue": None,
        "mean_rating": None,
        "leniency": None,
        "compared": 0,
        "agreement": None,
        "decided": 0,
        "yes_applications": 0,
        "yes_later": None,
        "yes_hired": None,
    }


def _interviewer_columns() -> list[Column]:
    return [
        Column("interviewer", _("Interviewer")),
        Column("interviews", _("Interviews"), "count"),
        Column("per_week", _("Interviews per week"), "number"),
        Column("median_hours", _("Median hours to submit"), "hours"),
        Column("overdue", _("Scorecards overdue"), "percent"),
        Column("mean_rating", _("Mean rating"), "number"),
        Column("leniency", _("Leniency"), "number"),
        Column("compared", _("Interviews compared"), "count"),
        Column("agreement", _("Agreement with the decision"), "percent"),
        Column("decided", _("Decisions compared"), "count"),
        Column("yes_applications", _("Candidates recommended"), "count"),
        Column("yes_later", _("Recommended → later stage"), "percent"),
        Column("yes_hired", _("Recommended → hired"), "percent"),
    ]


def _notes() -> list[str]:
    overdue_hours = int(SCORECARD_DUE_AFTER.total_seconds() // 3600)
    return [
        _(
            "Interviews that started in the period and were not cancelled. Interviews per week: "
            "interviews divided by the period's days over 7."
        ),
        _(
            "Timeliness: median hours from the end of the interview to the submitted scorecard. A scorecard "
            "is overdue when it was submitted more than %(hours)s hours after the end, or is still missing "
            "that long after; scorecards not yet due are left out."
        )
        % {"hours": overdue_hours},
        _(
            "Leniency: over the interviews where someone else on the panel also rated, the interviewer's mean "
            "rating minus the mean of every rating the rest of the panel gave on the same interview, averaged; "
            "positive is lenient, negative severe."
        ),
        _(
            "Agreement: a submitted scorecard agrees when it recommended yes (or strong yes) and the "
            "application passed the interview's stage (moved forward from it or was hired there), or "
            "recommended no (or strong no) and the application did not pass it (rejected there, or withdrew "
            "there). What happened is the outcome of the application's last stay in that stage; applications "
            "still in the stage, or moved back from it, are not counted."
        ),
        _(
            "Recommended candidates: the applications the interviewer recommended yes or strong yes; the share "
            "that later reached a stage after the interview's stage, and the share hired. Applications still "
            "waiting are counted as not (yet) there."
        ),
        _("Shares are of the scorecards or applications counted; an empty cell means there was nothing to count."),
    ]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _float(value: Decimal | float | None) -> float | None:
    return None if value is None else float(value)
