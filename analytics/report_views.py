"""The report pages: one page per report, one template for any
Report — headline figures, notes, freshness, then per table a chart drawn by
static/js/charts.js from a JSON block (no inline script: CSP), the numbers in
a table under it and CSV / XLSX export links that return that table with the
same filters and scope.

Filters live in the URL (a GET form). Access: the pipeline reports are for
anyone who sees jobs (base.may_see_reports), a 404 otherwise; the interviewer
report is for those who see every interviewer (with a select) and for anyone
who sits on panels (their own figures); the placements report is for those who
see fees (base.may_see_placement_fees). Its exports have their own URL
(placements_export), so that exporting fees asks for a fresh sign-in check
like every export of money (accounts.sessions.SENSITIVE_ACTIONS).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import ModuleType
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from analytics import exports
from analytics.report_cache import CACHED_REPORTS, cached_report
from analytics.report_forms import ReportFiltersForm
from analytics.reports import experience, funnel, interviewers, offers, placements, sources, timing
from analytics.reports.base import (
    MIN_GROUP,
    Column,
    Filters,
    Money,
    Report,
    Table,
    may_open_report,
    may_refresh_reports,
    may_see_reports,
    require_refresh_reports,
    sees_every_interviewer,
)
from analytics.services import rollup_catch_up
from core.services import audit_record
from core.templatetags.money import format_money

PAGE = "analytics/reports/report.html"


@dataclass(frozen=True)
class ReportPage:
    module: ModuleType  # has report(user, filters, *, now=None) -> Report
    label: Promise


# In tab order.
REPORTS: dict[str, ReportPage] = {
    "funnel": ReportPage(funnel, gettext_lazy("Funnel")),
    "time": ReportPage(timing, gettext_lazy("Time")),
    "sources": ReportPage(sources, gettext_lazy("Sources")),
    "experience": ReportPage(experience, gettext_lazy("Candidate experience")),
    "interviewers": ReportPage(interviewers, gettext_lazy("Interviewers")),
    "offers": ReportPage(offers, pgettext_lazy("report", "Offers")),
    "placements": ReportPage(placements, gettext_lazy("Placements")),
}
# The reports whose exports go through their own URL, a sensitive action (fees).
EXPORT_URLS = {"placements": "analytics:placements-export"}


def _page_for(user: User, key: str) -> ReportPage:
    """The report ``key`` if ``user`` may open it, else 404."""
    if key not in REPORTS or not may_open_report(user, key):
        raise Http404
    return REPORTS[key]


def _run(page: ReportPage, request: HttpRequest, key: str, form: ReportFiltersForm) -> Report:
    module = page.module
    filters = form.filters()
    if key in CACHED_REPORTS:
        return cached_report(key, module, request.user, filters)
    if key != "interviewers":
        return module.report(request.user, filters)
    if sees_every_interviewer(request.user):
        return module.report(request.user, filters, interviewer=form.cleaned_data.get("interviewer"))
    # Only one's own figures: asking for someone else's is asking for what one may not see.
    if request.GET.get("interviewer", "") not in ("", str(request.user.public_id)):
        raise Http404
    return module.report(request.user, filters, interviewer=request.user)


def _one_decimal(value: Any) -> str:
    # number_format cuts digits off; round half up first (2.25 days is "2.3").
    return number_format(Decimal(str(value)).quantize(Decimal("0.1"), ROUND_HALF_UP), 1)


def _format(value: Any, kind: str, currency: str = "") -> str | None:
    """A value as the page shows it; None stays None ("not enough data"). Money is
    written as the reader's language writes amounts (¥160,000 / ¥16万)."""
    if value is None:
        return None
    if isinstance(value, Money):
        return format_money(value.amount, value.currency)
    if kind == "money" and currency:
        return format_money(Decimal(str(value)), currency)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    if kind == "percent":
        return f"{_one_decimal(Decimal(str(value)) * 100)}%"
    if kind == "money":
        return number_format(Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP), 2, force_grouping=True)
    if kind in ("days", "hours") or not isinstance(value, int):
        return _one_decimal(value)
    return number_format(value)


def _chart_value(value: Any, kind: str) -> float | None:
    if value is None or isinstance(value, str):
        return None
    return float(value) * 100 if kind == "percent" else float(value)


def _chart_data(table: Table, columns: dict[str, Column]) -> dict[str, Any]:
    chart = table.chart
    kinds = {columns[key].kind for key in chart.series}
    return {
        "kind": chart.kind,
        "labels": ["—" if row.get(chart.label) is None else str(row.get(chart.label)) for row in table.rows],
        "datasets": [
            {
                "label": str(columns[key].label),
                "data": [_chart_value(row.get(key), columns[key].kind) for row in table.rows],
            }
            for key in chart.series
        ],
        # One unit on the value axis when every series shares it; counts tick in whole numbers.
        "unit": "%" if kinds == {"percent"} else "",
        "integer": kinds == {"count"},
    }


def _table_view(table: Table) -> dict[str, Any]:
    columns = {column.key: column for column in table.columns}
    rows = [
        [(_format(row.get(column.key), column.kind, column.currency), column.kind) for column in table.columns]
        for row in table.rows
    ]
    return {
        "table": table,
        "rows": rows,
        "missing": any(value is None for row in rows for value, _kind in row),
        "chart": _chart_data(table, columns) if table.chart and table.rows else None,
    }


def _export(request: HttpRequest, key: str, report: Report, form: ReportFiltersForm) -> HttpResponse:
    fmt, table_key = request.GET.get("export"), request.GET.get("table", "")
    table = next((table for table in report.tables if table.key == table_key), None)
    if fmt not in exports.FORMATS or table is None:
        raise Http404
    filters: Filters = form.filters()
    audit_record(
        action="analytics.report.export",
        actor=request.user,
        request=request,
        data={
            "report": key,
            "table": table.key,
            "format": fmt,
            "start": filters.start.isoformat(),
            "end": filters.end.isoformat(),
            **{
                name: str(getattr(obj, "public_id", obj.pk))
                for name, obj in (
                    ("client", filters.client),
                    ("job", filters.job),
                    ("recruiter", filters.recruiter),
                    ("source", filters.source),
                )
                if obj is not None
            },
        },
    )
    return exports.export_response(report_key=key, table=table, fmt=fmt, start=filters.start, end=filters.end)


@require_safe
def report_page(request: HttpRequest, key: str) -> HttpResponse:
    """A report under the URL's filters; with ``export=csv|xlsx&table=<key>``,
    that table as a spreadsheet. Invalid filters show their errors and no figures."""
    page = _page_for(request.user, key)
    if key in EXPORT_URLS and "export" in request.GET:
        # Through the export's own URL, which asks for a fresh check first.
        return redirect(f"{reverse(EXPORT_URLS[key])}?{request.GET.urlencode()}")
    form = _filters_form(request, key)
    report = _run(page, request, key, form) if form.is_valid() else None
    if report is not None and "export" in request.GET:
        return _export(request, key, report, form)
    tabs = [(tab_key, tab.label) for tab_key, tab in REPORTS.items() if may_open_report(request.user, tab_key)]
    context = {
        "key": key,
        "page": page,
        "tabs": tabs,
        "form": form,
        "report": report,
        "tables": [_table_view(table) for table in report.tables] if report else [],
        "headline": [(label, _format(value, kind), kind) for label, value, kind in report.headline] if report else [],
        "may_refresh": may_refresh_reports(request.user),
        "min_group": MIN_GROUP,
        "export_path": reverse(EXPORT_URLS[key]) if key in EXPORT_URLS else "",
    }
    return render(request, PAGE, context)


@require_safe
def placements_export(request: HttpRequest) -> HttpResponse:
    """A table of the placements report (``export=csv|xlsx&table=<key>`` and the
    report's filters) as a spreadsheet, audited. Its own URL so that it is a
    sensitive action: fees are money. Invalid filters go back to the report,
    which shows their errors; so does a visit that asks for no export."""
    page = _page_for(request.user, "placements")
    form = _filters_form(request, "placements")
    if "export" not in request.GET or not form.is_valid():
        query = request.GET.copy()
        for name in ("export", "table"):
            query.pop(name, None)
        back = reverse("analytics:report", args=["placements"])
        return redirect(f"{back}?{query.urlencode()}" if query else back)
    return _export(request, "placements", _run(page, request, "placements", form), form)


def _filters_form(request: HttpRequest, key: str) -> ReportFiltersForm:
    return ReportFiltersForm(
        request.user,
        request.GET,
        pipeline=may_see_reports(request.user),
        interviewer_select=key == "interviewers" and sees_every_interviewer(request.user),
    )


@require_POST
def report_refresh(request: HttpRequest, key: str) -> HttpResponse:
    """Bring the roll-up up to date, then back to the same page and filters."""
    _page_for(request.user, key)
    require_refresh_reports(request.user)
    rollup_catch_up()
    messages.success(request, _("The figures are up to date."))
    query = request.GET.urlencode()
    return redirect(reverse("analytics:report", args=[key]) + (f"?{query}" if query else ""))
