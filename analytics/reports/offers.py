"""The offers report: the offers sent in the period, in scope — how many
were accepted, declined, expired or are still waiting; the acceptance rate;
days from application to the first offer and from an offer to its answer;
why candidates declined; and the same counts per job. No money: the terms
are compensation, and this report is read by roles that may not see it.

The cohort is the offers whose ``sent_at`` falls in the period, on the jobs
of ``jobs_in_scope`` (and the source filter, on the application). Offers
never sent (drafts, those awaiting approval, withdrawn before sending) are
not in it. An offer's status is its status now, so an offer of the period
still waiting for an answer can be accepted tomorrow.

Computed live in SQL: the status counts with the answer times, the decline
reasons, the days to offer and the per-job counts — four queries, whatever
the data size. Pages read it through report_cache.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Avg, Count, F, Min, Q, QuerySet
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import User
from analytics.reports.base import Chart, Column, Filters, Median, Report, Table, scope_q
from analytics.reports.sources import EpochDays
from interviews.models import Application
from offers.models import Offer

Status = Offer.Status
# The statuses an offer can have once sent, in the order a reader follows them.
SENT_STATUSES = (Status.SENT, Status.ACCEPTED, Status.DECLINED, Status.EXPIRED, Status.WITHDRAWN)
# The offers that got an outcome from the candidate's side: the acceptance rate's denominator.
DECIDED_STATUSES = (Status.ACCEPTED, Status.DECLINED, Status.EXPIRED)
ANSWERED = Q(status__in=(Status.ACCEPTED, Status.DECLINED), answered_at__isnull=False)


def sent_offers(user: User, filters: Filters) -> QuerySet[Offer]:
    """The offers sent in the period on the jobs in scope."""
    return Offer.objects.filter(
        scope_q(user, filters, prefix="application__"), sent_at__gte=filters.since, sent_at__lt=filters.until
    )


def acceptance_rate(accepted: int, declined: int, expired: int) -> float | None:
    """Accepted ÷ (accepted + declined + expired); None when none of them."""
    decided = accepted + declined + expired
    return accepted / decided if decided else None


def _days(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _counts(offers: QuerySet[Offer]) -> dict[str, Any]:
    """The count per status, and the answer times (sent → answered) of the answered offers. One query."""
    answer_days = EpochDays(F("answered_at") - F("sent_at"))
    return offers.aggregate(
        total=Count("pk"),
        **{f"n_{status}": Count("pk", filter=Q(status=status)) for status in Status.values},
        answered=Count("pk", filter=ANSWERED),
        answer_median=Median(answer_days, filter=ANSWERED),
        answer_average=Avg(answer_days, filter=ANSWERED),
    )


def _days_to_offer(user: User, filters: Filters) -> dict[str, Any]:
    """Over the applications in scope whose first offer was sent in the period: days
    from the application to that first offer. One query (the first offer per
    application is grouped in a subquery)."""
    first_offers = (
        Application.objects.filter(scope_q(user, filters))
        .annotate(first_sent=Min("offers__sent_at"))
        .filter(first_sent__gte=filters.since, first_sent__lt=filters.until)
        .annotate(days=EpochDays(F("first_sent") - F("created_at")))
    )
    return first_offers.aggregate(n=Count("pk"), median=Median("days"), average=Avg("days"))


def _reasons(offers: QuerySet[Offer]) -> dict[str, int]:
    """Declined offers per reason. One query."""
    rows = offers.filter(status=Status.DECLINED).values("decline_reason").annotate(n=Count("pk")).order_by()
    return {row["decline_reason"]: row["n"] for row in rows}


def _by_job(offers: QuerySet[Offer]) -> list[dict[str, Any]]:
    """Per job with offers in the cohort, the counts by status. One query."""
    rows = (
        offers.values("application__job_id", "application__job__title", "application__job__client__name")
        .annotate(
            n_offers=Count("pk"),
            **{f"n_{status}": Count("pk", filter=Q(status=status)) for status in SENT_STATUSES},
        )
        .order_by("-n_offers", "application__job__title", "application__job_id")
    )
    return [
        {
            "job": row["application__job__title"],
            "client": row["application__job__client__name"],
            "offers": row["n_offers"],
            "accepted": row["n_accepted"],
            "declined": row["n_declined"],
            "expired": row["n_expired"],
            "waiting": row["n_sent"],
            "withdrawn": row["n_withdrawn"],
            "acceptance_rate": acceptance_rate(row["n_accepted"], row["n_declined"], row["n_expired"]),
        }
        for row in rows
    ]


def _status_label(status: str) -> str:
    # "sent" alone reads as every row of the table: the offers still waiting for the candidate.
    if status == Status.SENT:
        return _("Waiting for an answer")
    return capfirst(str(Status(status).label))


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """The offers sent in the period, in scope; see the module docstring."""
    offers = sent_offers(user, filters)
    counts = _counts(offers)
    to_offer = _days_to_offer(user, filters)
    reasons = _reasons(offers)
    by_job = _by_job(offers)
    total = counts["total"]
    accepted, declined, expired = (counts[f"n_{status}"] for status in DECIDED_STATUSES)
    rate = acceptance_rate(accepted, declined, expired)

    # The statuses of sent offers always (zeros say "none"), any other only when it occurs.
    shown = [*SENT_STATUSES, *(s for s in Status.values if s not in SENT_STATUSES and counts[f"n_{s}"])]
    status_rows = [
        {
            "status": _status_label(status),
            "offers": counts[f"n_{status}"],
            "share": counts[f"n_{status}"] / total if total else None,
        }
        for status in shown
    ]
    declined_total = sum(reasons.values())
    reason_rows = [
        {"reason": capfirst(str(label)), "declined": reasons[value], "share": reasons[value] / declined_total}
        for value, label in Offer.DeclineReason.choices
        if reasons.get(value)
    ]
    # A reason no longer in the list (or none recorded) still counts, under its stored value.
    reason_rows += [
        {"reason": value or _("No reason"), "declined": n, "share": n / declined_total}
        for value, n in reasons.items()
        if value not in Offer.DeclineReason.values
    ]
    timing_rows = [
        {
            "measure": _("Application to first offer"),
            "offers": to_offer["n"],
            "median": _days(to_offer["median"]),
            "average": _days(to_offer["average"]),
        },
        {
            "measure": _("Offer sent to answer"),
            "offers": counts["answered"],
            "median": _days(counts["answer_median"]),
            "average": _days(counts["answer_average"]),
        },
    ]
    rate_definition = _(
        "Acceptance rate: accepted ÷ (accepted + declined + expired). Offers still waiting for an answer "
        "and offers withdrawn by the team are not in it."
    )
    return Report(
        key="offers",
        title=pgettext("report", "Offers"),
        tables=[
            Table(
                key="status",
                title=_("Offers by status"),
                columns=[
                    Column("status", _("Status")),
                    Column("offers", pgettext("count of offers", "Offers"), "count"),
                    Column("share", _("Share"), "percent"),
                ],
                rows=status_rows,
                note=_("Offers sent in the period, by their status now."),
                chart=Chart(kind="bar", label="status", series=["offers"]),
            ),
            Table(
                key="timing",
                title=_("Days to offer and to answer"),
                columns=[
                    Column("measure", _("Measure")),
                    Column("offers", pgettext("count of offers", "Offers"), "count"),
                    Column("median", _("Median days"), "days"),
                    Column("average", _("Average days"), "days"),
                ],
                rows=timing_rows,
                note=_(
                    "Application to first offer: from the application's creation to the first offer sent on it, "
                    "over the applications whose first offer was sent in the period. Offer sent to answer: over "
                    "the offers of the period the candidate accepted or declined; expired and unanswered offers "
                    "are not in it."
                ),
                chart=Chart(kind="bar", label="measure", series=["median", "average"]),
            ),
            Table(
                key="decline_reasons",
                title=_("Why candidates declined"),
                columns=[
                    Column("reason", _("Reason")),
                    Column("declined", _("Declined"), "count"),
                    Column("share", _("Share of declined"), "percent"),
                ],
                rows=reason_rows,
                note=_("Offers sent in the period that the candidate declined, by the reason they gave."),
                chart=Chart(kind="horizontal_bar", label="reason", series=["declined"]),
            ),
            Table(
                key="by_job",
                title=_("Offers by job"),
                columns=[
                    Column("job", _("Job")),
                    Column("client", _("Client")),
                    Column("offers", _("Offers sent"), "count"),
                    Column("accepted", _("Accepted"), "count"),
                    Column("declined", _("Declined"), "count"),
                    Column("expired", _("Expired"), "count"),
                    Column("waiting", _("Waiting for an answer"), "count"),
                    Column("withdrawn", _("Withdrawn"), "count"),
                    Column("acceptance_rate", _("Acceptance rate"), "percent"),
                ],
                rows=by_job,
                note=rate_definition,
                chart=Chart(kind="stacked_bar", label="job", series=["accepted", "declined", "expired", "waiting"]),
            ),
        ],
        notes=[
            _(
                "Offers sent in the period on the jobs you see, by their status now: an offer still waiting "
                "may be answered later."
            ),
            rate_definition,
        ],
        headline=[
            (_("Offers sent"), total, "count"),
            (_("Acceptance rate"), rate, "percent"),
            (_("Median days to offer"), _days(to_offer["median"]), "days"),
            (_("Median days to answer"), _days(counts["answer_median"]), "days"),
        ],
        # Computed live; the pages cache it (report_cache), so it says when.
        as_of=now or timezone.now(),
    )
