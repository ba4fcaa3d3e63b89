"""The placements report: the agency's placements made in the period, with
their fees, by recruiter and by client — how many, the fee total in each
currency, how many fell through and how many owe a replacement.

Fees are seen by administrators (every placement) and the placing recruiter
(their own): the rows are placements.selectors.placement_list_for(user), so
a recruiter's report is their own placements, whoever's job they were on
since. Every other role is refused the report (base.may_see_placement_fees).

The period is the placement's date (``placed_on``, a date: both ends
included). The filters apply to the placement: its client, its job, its
placing recruiter (copied at the hire) and the application's source. Fees
are summed per currency, never converted: a total across currencies would
be a number nobody invoiced. A placement that fell through keeps its fee in
the totals (it was invoiced; a refund or a replacement is a separate
matter), and is counted apart.

Two grouped queries (by recruiter, by client) whatever the data size; the
headline figures are sums of the first. Pages read it through report_cache.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from analytics.reports.base import Chart, Column, Filters, Money, Report, Table
from placements.models import Placement
from placements.selectors import placement_list_for

FELL_THROUGH = Q(fell_through_on__isnull=False)


def placements_in_period(user: User, filters: Filters) -> QuerySet[Placement]:
    """The placements ``user`` sees the fees of, made in the period, under the filters."""
    placements = placement_list_for(user).filter(placed_on__gte=filters.start, placed_on__lte=filters.end)
    if filters.client is not None:
        placements = placements.filter(client=filters.client)
    if filters.job is not None:
        placements = placements.filter(application__job=filters.job)
    if filters.recruiter is not None:
        placements = placements.filter(recruiter=filters.recruiter)
    if filters.source is not None:
        placements = placements.filter(application__source=filters.source)
    return placements


def _grouped(placements: QuerySet[Placement], key: str, name: str) -> list[dict[str, Any]]:
    """Per (group, currency): the count, the fee total, fell through and replacement owed. One query."""
    return list(
        placements.values(key, name, "currency")
        .annotate(
            placements=Count("pk"),
            fees=Sum("fee"),
            fell_through=Count("pk", filter=FELL_THROUGH),
            replacement_owed=Count("pk", filter=FELL_THROUGH & Q(replacement_owed=True)),
        )
        .order_by()
    )


def _fee_key(currency: str) -> str:
    return f"fees_{currency.lower()}"


def _table(
    rows: list[dict[str, Any]], *, key: str, name: str, table_key: str, title: str, label: str, nobody: str
) -> tuple[Table, list[str]]:
    """One row per group, the counts over every currency and a fee column per currency
    that occurs; the currencies, sorted."""
    currencies = sorted({row["currency"] for row in rows})
    groups: dict[Any, dict[str, Any]] = {}
    for row in rows:
        group = groups.setdefault(
            row[key],
            {
                "group": row[name] if row[key] is not None else nobody,
                "placements": 0,
                "fell_through": 0,
                "replacement_owed": 0,
                **{_fee_key(currency): Decimal("0.00") for currency in currencies},
            },
        )
        for figure in ("placements", "fell_through", "replacement_owed"):
            group[figure] += row[figure]
        group[_fee_key(row["currency"])] += row["fees"]
    ordered = sorted(groups.values(), key=lambda group: (-group["placements"], group["group"]))
    table_rows = [{label: group.pop("group"), **group} for group in ordered]
    fee_columns = [
        Column(_fee_key(currency), _("Fees (%(currency)s)") % {"currency": currency}, "money", currency)
        for currency in currencies
    ]
    # Fees in two currencies on one axis would compare yuan with dollars: then the chart counts.
    series = [fee_columns[0].key] if len(currencies) == 1 else ["placements", "fell_through"]
    table = Table(
        key=table_key,
        title=title,
        columns=[
            Column(label, _("Recruiter") if label == "recruiter" else _("Client")),
            Column("placements", _("Placements"), "count"),
            *fee_columns,
            Column("fell_through", _("Fell through"), "count"),
            Column("replacement_owed", _("Replacement owed"), "count"),
        ],
        rows=table_rows,
        chart=Chart(kind="horizontal_bar", label=label, series=series),
    )
    return table, currencies


def report(user: User, filters: Filters, *, now: datetime | None = None) -> Report:
    """The placements of the period whose fees ``user`` sees; see the module docstring."""
    placements = placements_in_period(user, filters)
    by_recruiter, currencies = _table(
        _grouped(placements, "recruiter_id", "recruiter__full_name"),
        key="recruiter_id",
        name="recruiter__full_name",
        table_key="by_recruiter",
        title=_("By recruiter"),
        label="recruiter",
        nobody=_("No recruiter"),
    )
    by_recruiter.note = _(
        "Placements made in the period, by the recruiter who placed them, with the fee totals in each "
        "currency. Fell through: left inside the guarantee; replacement owed: of those, the ones the "
        "agency owes a replacement for."
    )
    by_client, _currencies = _table(
        _grouped(placements, "client_id", "client__name"),
        key="client_id",
        name="client__name",
        table_key="by_client",
        title=_("By client"),
        label="client",
        nobody=_("No client"),
    )
    by_client.note = _("The same placements by the client they were made for.")
    totals = {
        figure: sum(row[figure] for row in by_recruiter.rows)
        for figure in ("placements", "fell_through", "replacement_owed")
    }
    fees = [
        (
            _("Fees (%(currency)s)") % {"currency": currency},
            Money(sum((row[_fee_key(currency)] for row in by_recruiter.rows), Decimal("0.00")), currency),
            "money",
        )
        for currency in currencies
    ]
    return Report(
        key="placements",
        title=_("Placements"),
        tables=[by_recruiter, by_client],
        notes=[
            _(
                "Placements made in the period (by their placement date). Fees are totalled per currency, "
                "never converted; a placement that fell through keeps its fee in the totals and is counted apart."
            ),
            _("Administrators see every placement; a recruiter sees the placements they made."),
        ],
        headline=[
            (_("Placements"), totals["placements"], "count"),
            *fees,
            (_("Fell through"), totals["fell_through"], "count"),
            (_("Replacement owed"), totals["replacement_owed"], "count"),
        ],
        as_of=now or timezone.now(),
    )
