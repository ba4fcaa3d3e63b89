"""The report pages (analytics/report_views.py): access, filters in the URL,
scope in pages and exports, the exports themselves, pinned query counts, CSP
and both languages.

The world: clients Alpha (the recruiter is granted it, and recruits its jobs)
and Beta (not), one job each (more in the larger world), applications from
three sources — Beta alone uses "Beta fair" — moved, offered, hired (agency
hires: placements) and rejected, with interviews and scorecards by the
interviewer, then the roll-up refreshed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from analytics.models import RollupRun
from analytics.report_cache import CACHED_REPORTS
from analytics.report_views import REPORTS
from analytics.services import rollup_catch_up
from candidates.models import Source
from interviews.services import application_create, application_hire, application_move, application_reject
from interviews.services.scoring import candidate_feedback_record
from jobs.models import Client, Job
from jobs.services import client_create, client_grant
from offers.models import Offer
from placements.services import application_hire_record
from tests import factories
from tests.analytics import offer_factories as make
from tests.interviews.debrief_helpers import score

pytestmark = pytest.mark.django_db

KEYS = list(REPORTS)
PIPELINE_KEYS = [key for key in KEYS if key != "interviewers"]
# The reports a recruiter sees by the jobs they see (placements go by who placed them, and
# have their own tests in tests/analytics/test_offer_reports.py).
APPLICATION_KEYS = [key for key in PIPELINE_KEYS if key != "placements"]
BETA_SECRETS = ("Beta Corp", "Beta Engineer", "Beta fair")


@dataclass
class World:
    alpha: Client
    beta: Client
    jobs: list[Job]
    sources: dict[str, Source]


def build_world(*, admin, recruiter, interviewer, size: int = 1) -> World:
    """Applications on Alpha and Beta; ``size`` multiplies jobs and applications."""
    alpha = client_create(actor=admin, name="Alpha Labs")
    beta = client_create(actor=admin, name="Beta Corp")
    client_grant(client=alpha, user=recruiter, actor=admin)
    sources = {name: Source.objects.create(name=name) for name in ("Referral", "Job board", "Beta fair")}
    plan = factories.plan(stages=5)
    jobs = []
    for n in range(size):
        suffix = f" {n + 1}" if n else ""
        jobs.append(
            factories.job(client=alpha, recruiter=recruiter, plan_template=plan, title=f"Alpha Engineer{suffix}")
        )
        jobs.append(factories.job(client=beta, recruiter=admin, plan_template=plan, title=f"Beta Engineer{suffix}"))
    for job in jobs:
        beta_job = job.client_id == beta.pk
        channel = [sources["Referral"], sources["Beta fair" if beta_job else "Job board"]]
        stages = list(job.stages.order_by("order"))
        for i in range(6 * size):
            application = application_create(
                candidate=factories.candidate(), job=job, actor=admin, source=channel[i % 2]
            )
            candidate_feedback_record(application=application, satisfaction=3 + i % 3, recommend_score=6 + i % 5)
            if i % 3 == 0:
                continue  # still in screening
            application = application_move(application=application, to_stage=stages[1], actor=admin)
            if i % 3 == 1:
                application_reject(application=application, actor=admin, reason="skills")
                continue
            interview = factories.interview(application_=application, panel=[interviewer, recruiter])
            score(interview, interviewer, {"Problem solving": 3, "Communication": 4}, "yes")
            score(interview, recruiter, {"Problem solving": 2, "Communication": 3}, "no")
            application = application_move(application=application, to_stage=stages[4], actor=admin)
            # At the offer stage an offer goes out: accepted by the hired (an agency hire: a
            # placement, its recruiter the job's), declined by the others.
            hired = beta_job or i % 2
            make.offer(
                application,
                status=Offer.Status.ACCEPTED if hired else Offer.Status.DECLINED,
                sent_at=timezone.now(),
                answered_at=timezone.now() + timedelta(hours=1),
                decline_reason="" if hired else Offer.DeclineReason.COMPENSATION,
            )
            if hired:
                application_hire_record(application=application, actor=admin, first_year_base=Decimal("400000"))
    rollup_catch_up()
    return World(alpha=alpha, beta=beta, jobs=jobs, sources=sources)


@pytest.fixture
def world(admin_user, recruiter, interviewer) -> World:
    return build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer)


def url(key: str, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return reverse("analytics:report", args=[key]) + (f"?{query}" if query else "")


class Cells(HTMLParser):
    """The text of every cell of the report tables (``data-testid="table-…"``)."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current: list[list[str]] | None = None
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and (attrs.get("data-testid") or "").startswith("table-"):
            self.current = self.tables.setdefault(attrs["data-testid"], [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.current = None
        elif tag in ("td", "th") and self.cell is not None:
            self.current[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def cells(html: str) -> dict[str, list[list[str]]]:
    parser = Cells()
    parser.feed(html)
    return parser.tables


def export(http, key: str, table: str, fmt: str, **params) -> list[list]:
    response = http.get(url(key, export=fmt, table=table, **params))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    if fmt == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def report_of(http, key: str, **params):
    response = http.get(url(key, **params))
    assert response.status_code == 200
    return response.context["report"]


# --- Access -------------------------------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("persona", ["admin_user", "recruiter"])
def test_every_dashboard_opens_for_an_administrator_and_a_recruiter(client, world, key, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(key))
    assert response.status_code == 200
    assert response.context["report"].key == key
    assert b'data-testid="report-table"' in response.content


@pytest.mark.parametrize("key", PIPELINE_KEYS)
def test_an_interviewer_gets_a_404_on_the_pipeline_dashboards(client, world, interviewer, key):
    client.force_login(interviewer)
    assert client.get(url(key)).status_code == 404
    assert client.get(url(key, export="csv", table=key)).status_code == 404


def test_an_interviewer_opens_their_own_interviewer_page_and_no_one_elses(client, world, interviewer, recruiter):
    client.force_login(interviewer)
    response = client.get(url("interviewers"))
    assert response.status_code == 200
    assert "Ivan Interviewer" in response.content.decode()
    assert "Rita Recruiter" not in response.content.decode()
    assert "interviewer" not in response.context["form"].fields  # no select of everyone
    assert client.get(url("interviewers", interviewer=recruiter.public_id)).status_code == 404
    assert client.get(url("interviewers", interviewer=interviewer.public_id)).status_code == 200


def test_an_administrator_picks_any_interviewer(client, world, admin_user, interviewer, recruiter):
    client.force_login(admin_user)
    everyone = client.get(url("interviewers")).content.decode()
    assert "Ivan Interviewer" in everyone and "Rita Recruiter" in everyone
    one = client.get(url("interviewers", interviewer=interviewer.public_id))
    assert one.status_code == 200
    assert "Rita Recruiter" not in "".join(str(table) for table in cells(one.content.decode()).values())


def test_the_nav_links_reports_by_what_the_user_may_see(client, world, recruiter, interviewer, reviewer):
    for user, target in [(recruiter, "funnel"), (reviewer, "funnel"), (interviewer, "interviewers")]:
        client.force_login(user)
        html = client.get(reverse("home")).content.decode()
        assert f'href="{reverse("analytics:report", args=[target])}" data-testid="nav-reports"' in html


def test_the_tabs_show_an_interviewer_only_their_page(client, world, interviewer, recruiter):
    client.force_login(interviewer)
    assert [key for key, _label in client.get(url("interviewers")).context["tabs"]] == ["interviewers"]
    client.force_login(recruiter)
    assert [key for key, _label in client.get(url("funnel")).context["tabs"]] == KEYS


def test_the_pages_answer_get_only_and_signed_in(client, world, recruiter):
    assert client.get(url("funnel"))["Location"].startswith(reverse("account_login"))
    client.force_login(recruiter)
    assert client.post(url("funnel")).status_code == 405
    assert client.get(reverse("analytics:report-refresh", args=["funnel"])).status_code == 405
    assert client.get(url("nonsense")).status_code == 404


# --- Filters in the URL ---------------------------------------------------------------


def test_the_filters_round_trip_through_the_url(client, world, recruiter):
    client.force_login(recruiter)
    job = world.jobs[0]
    source = world.sources["Referral"]
    params = {
        "start": "2025-01-01",
        "end": "2026-12-31",
        "client": world.alpha.public_id,
        "job": job.public_id,
        "recruiter": job.recruiter.public_id,
        "source": source.pk,
    }
    response = client.get(url("sources", **params))
    html = response.content.decode()
    assert response.context["report"] is not None
    filters = response.context["form"].filters()
    assert (filters.start.isoformat(), filters.end.isoformat()) == ("2025-01-01", "2026-12-31")
    assert (filters.client, filters.job, filters.recruiter, filters.source) == (world.alpha, job, job.recruiter, source)
    assert 'value="2025-01-01"' in html and 'value="2026-12-31"' in html
    for value in (world.alpha.public_id, job.public_id, job.recruiter.public_id, source.pk):
        assert re.search(rf'<option value="{value}" selected>', html), value
    # The tabs and the export links carry the same filters.
    query = f"start=2025-01-01&amp;end=2026-12-31&amp;client={world.alpha.public_id}&amp;job={job.public_id}"
    assert f'href="{reverse("analytics:report", args=["funnel"])}?{query}' in html
    rest = f"recruiter={job.recruiter.public_id}&amp;source={source.pk}"
    assert f"?{query}&amp;{rest}&amp;export=csv&amp;table=sources" in html


def test_a_source_filter_narrows_the_figures(client, world, recruiter):
    client.force_login(recruiter)
    everyone = report_of(client, "sources").table("sources").rows
    referral = report_of(client, "sources", source=world.sources["Referral"].pk).table("sources").rows
    assert {row["source"] for row in everyone} == {"Referral", "Job board"}
    assert [(row["source"], row["applicants"], row["hires"]) for row in referral] == [("Referral", 3, 0)]


def test_without_a_period_the_last_90_days_apply(client, world, recruiter):
    client.force_login(recruiter)
    filters = client.get(url("funnel")).context["form"].filters()
    assert (filters.end - filters.start).days == 89


@pytest.mark.parametrize(
    "params, field",
    [
        ({"client": "beta"}, "client"),
        ({"job": "beta"}, "job"),
        ({"client": "00000000-0000-0000-0000-000000000000"}, "client"),
        ({"job": "not-a-uuid"}, "job"),
        ({"recruiter": "12"}, "recruiter"),
        ({"source": "999999"}, "source"),
        ({"source": "x"}, "source"),
        ({"start": "2025-06-01", "end": "2025-05-01"}, "end"),
        ({"start": "2020-01-01", "end": "2025-01-01"}, "end"),
        ({"start": "yesterday"}, "start"),
    ],
)
@pytest.mark.parametrize("key", ["funnel", "sources"])
def test_an_unknown_or_out_of_scope_filter_is_a_form_error_and_no_figures(client, world, recruiter, key, params, field):
    client.force_login(recruiter)
    beta_ids = {"client": world.beta.public_id, "job": world.jobs[1].public_id}
    params = {name: beta_ids[name] if value == "beta" else value for name, value in params.items()}
    response = client.get(url(key, **params))
    assert response.status_code == 200
    assert response.context["report"] is None
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert 'data-testid="no-figures"' in html and 'data-testid="report-table"' not in html
    for secret in ("Beta Corp", "Beta Engineer"):
        assert secret not in html
    # Nor as an export.
    assert client.get(url(key, export="csv", table=key, **params))["Content-Type"].startswith("text/html")


# --- Scope: pages and exports ------------------------------------------------------------


@pytest.mark.parametrize("key", APPLICATION_KEYS)
def test_a_recruiter_sees_none_of_a_client_they_are_not_on(client, world, admin_user, recruiter, key):
    """The recruiter's page and exports equal the administrator's filtered to Alpha,
    and differ from the administrator's unfiltered ones (Beta has figures)."""
    client.force_login(admin_user)
    admin_all = client.get(url(key))
    admin_alpha = client.get(url(key, client=world.alpha.public_id))
    tables = [table.key for table in admin_all.context["report"].tables]
    admin_exports = {
        (table, fmt): export(client, key, table, fmt, client=world.alpha.public_id)
        for table in tables
        for fmt in ("csv", "xlsx")
    }
    admin_everything = {(table, "csv"): export(client, key, table, "csv") for table in tables}

    client.force_login(recruiter)
    mine = client.get(url(key))
    html = mine.content.decode()
    for secret in BETA_SECRETS[:2]:
        assert secret not in html
    assert cells(html) == cells(admin_alpha.content.decode())
    assert mine.context["headline"] == admin_alpha.context["headline"]
    for (table, fmt), rows in admin_exports.items():
        assert export(client, key, table, fmt) == rows
        assert not any(secret in str(cell) for row in rows for cell in row for secret in BETA_SECRETS)
    # Beta's figures are there for the administrator: the comparison above means something.
    assert cells(admin_all.content.decode()) != cells(html)
    assert any(export(client, key, table, "csv") != rows for (table, _fmt), rows in admin_everything.items())


def test_the_sources_export_of_a_recruiter_leaves_out_beta_to_the_number(client, world, admin_user, recruiter):
    client.force_login(admin_user)
    _header, *rows = export(client, "sources", "sources", "csv")
    assert {row[0] for row in rows} == {"Referral", "Job board", "Beta fair"}
    client.force_login(recruiter)
    _header, *rows = export(client, "sources", "sources", "csv")
    assert [row[:5] for row in rows] == [["Job board", "3", "1", "1", "1"], ["Referral", "3", "1", "1", "0"]]


# --- Exports ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_is_the_table_with_labelled_columns_and_raw_values(client, world, recruiter, fmt):
    client.force_login(recruiter)
    table = report_of(client, "sources").table("sources")
    header, *rows = export(client, "sources", "sources", fmt)
    assert header == [str(column.label) for column in table.columns]
    expected = [[row[column.key] for column in table.columns] for row in table.rows]
    if fmt == "csv":
        expected = [["" if value is None else str(value) for value in row] for row in expected]
    assert rows == expected
    assert rows[0][0] == "Job board" and rows[0][5] in (1 / 3, str(1 / 3))  # a rate, unformatted


def test_an_export_names_its_file_and_is_audited(client, world, recruiter):
    from core.models import AuditEvent

    client.force_login(recruiter)
    response = client.get(url("sources", start="2025-01-01", end="2026-12-31", export="xlsx", table="sources"))
    assert response["Content-Disposition"] == 'attachment; filename="sources-sources-20250101-20261231.xlsx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    event = AuditEvent.objects.get(action="analytics.report.export")
    assert event.actor == recruiter
    assert event.data == {
        "report": "sources",
        "table": "sources",
        "format": "xlsx",
        "start": "2025-01-01",
        "end": "2026-12-31",
    }


def test_an_export_header_is_in_the_users_language(client, world, recruiter):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    table = report_of(client, "sources").table("sources")
    header, *_rows = export(client, "sources", "sources", "csv")
    assert header == [str(column.label) for column in table.columns]


@pytest.mark.parametrize("params", [{"export": "pdf", "table": "sources"}, {"export": "csv", "table": "nope"}])
def test_an_unknown_export_or_table_is_a_404(client, world, recruiter, params):
    client.force_login(recruiter)
    assert client.get(url("sources", **params)).status_code == 404


# --- Freshness and refresh ------------------------------------------------------------------


def test_refresh_now_brings_the_roll_up_up_to_date_and_keeps_the_filters(client, world, recruiter):
    client.force_login(recruiter)
    before = RollupRun.objects.get().refreshed_at
    query = f"start=2025-01-01&end=2026-12-31&client={world.alpha.public_id}"
    response = client.post(reverse("analytics:report-refresh", args=["funnel"]) + f"?{query}")
    assert response.status_code == 302
    assert response["Location"] == reverse("analytics:report", args=["funnel"]) + f"?{query}"
    assert RollupRun.objects.get().refreshed_at > before
    page = client.get(response["Location"])
    assert "The figures are up to date." in page.content.decode()


@pytest.mark.parametrize("persona, status", [("coordinator", 403), ("interviewer", 404)])
def test_only_administrators_and_recruiters_refresh(client, world, persona, status, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.post(reverse("analytics:report-refresh", args=["funnel"])).status_code == status


def test_a_live_report_says_so_and_a_rolled_up_one_says_when(client, world, recruiter, coordinator):
    client.force_login(recruiter)
    sources = client.get(url("sources")).content.decode()
    assert "Figures computed live." in sources and 'data-testid="refresh"' not in sources
    funnel = client.get(url("funnel"))
    as_of = funnel.context["report"].as_of
    assert as_of == RollupRun.objects.get().refreshed_at
    html = funnel.content.decode()
    assert "Figures as of" in html and 'data-testid="refresh"' in html
    client.force_login(coordinator)  # reads the figures, does not recompute them
    assert 'data-testid="refresh"' not in client.get(url("funnel")).content.decode()


# --- Query counts ------------------------------------------------------------------------------

# Session and user (2), the filter choices (clients, jobs, recruiters, sources: 4),
# then the report's own queries; for the cached reports (funnel, time, offers, placements), the cache key's
# two (the roll-up's version, the jobs in scope) and, when the cache misses, the report's
# (the funnel's include the rejection reasons' labels).
QUERIES = {"funnel": 12, "time": 12, "sources": 7, "experience": 14, "interviewers": 11, "offers": 12, "placements": 10}
CACHE_HIT = 8


@pytest.mark.parametrize("key", KEYS)
def test_each_dashboard_runs_a_fixed_number_of_queries(
    client, admin_user, recruiter, interviewer, key, django_assert_num_queries
):
    build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer)
    client.force_login(recruiter)
    path = url(key)
    client.get(path)  # warm: ContentTypes and the like are cached after the first request
    cached = key in CACHED_REPORTS
    with django_assert_num_queries(CACHE_HIT if cached else QUERIES[key]):
        client.get(path)
    # Another granted client with three jobs and 54 applications: ten times the data, the same count
    # (and another scope: the cached reports are computed again).
    more_data(admin=admin_user, recruiter=recruiter, interviewer=interviewer)
    with django_assert_num_queries(QUERIES[key]):
        client.get(path)
    if cached:
        with django_assert_num_queries(CACHE_HIT):
            client.get(path)


def more_data(*, admin, recruiter, interviewer) -> Client:
    """Another client (Gamma) the recruiter is granted, with three jobs of 18 applications."""
    gamma = client_create(actor=admin, name="Gamma Works")
    client_grant(client=gamma, user=recruiter, actor=admin)
    plan = factories.plan(stages=5)
    for n in range(3):
        job = factories.job(client=gamma, recruiter=admin, plan_template=plan, title=f"Gamma Engineer {n}")
        stages = list(job.stages.order_by("order"))
        for i in range(18):
            source = Source.objects.get(name="Referral" if i % 2 else "Job board")
            application = application_create(candidate=factories.candidate(), job=job, actor=admin, source=source)
            candidate_feedback_record(application=application, satisfaction=1 + i % 5, recommend_score=i % 11)
            if i % 3:
                application = application_move(application=application, to_stage=stages[1], actor=admin)
                interview = factories.interview(application_=application, panel=[interviewer, recruiter])
                score(interview, interviewer, {"Problem solving": 3, "Communication": 4}, "yes")
                score(interview, recruiter, {"Problem solving": 2, "Communication": 3}, "no")
            if i % 3 == 2:
                application_hire(application=application, actor=admin)
    rollup_catch_up()
    return gamma


# --- CSP and languages --------------------------------------------------------------------------

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
    re.compile(r"<style", re.I),
    re.compile(r"\sstyle=", re.I),
    re.compile(r"\son[a-z]+=", re.I),
    re.compile(r"\shx-on", re.I),
]


@pytest.mark.parametrize("key", KEYS)
def test_no_inline_script_or_style_and_the_chart_data_is_a_json_block(client, world, admin_user, key):
    client.force_login(admin_user)
    html = client.get(url(key)).content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern
    assert "vendor/chartjs/chart.umd.min.js" in html and "js/charts.js" in html
    for canvas in re.findall(r'<canvas [^>]*data-chart="([^"]+)"', html):
        assert f'<script id="{canvas}" type="application/json">' in html


@pytest.mark.parametrize("key", KEYS)
def test_every_dashboard_renders_in_chinese(client, world, recruiter, key):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    response = client.get(url(key))
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in response.content.decode()
    # And with a form error.
    assert client.get(url(key, start="2025-06-01", end="2025-05-01")).status_code == 200


def test_missing_values_and_withheld_groups_are_said(client, recruiter, monkeypatch):
    """A fake report: None is "—", a percent has one decimal, withheld groups are counted."""
    import types

    from analytics.report_views import ReportPage
    from analytics.reports.base import Chart, Column, Report, Table

    def report(user, filters, *, now=None):
        return Report(
            key="fake",
            title="Fake report",
            headline=[("Best", None, "text"), ("Rate", 0.125, "percent")],
            tables=[
                Table(
                    key="t",
                    title="Table",
                    columns=[Column("name", "Name"), Column("rate", "Rate", "percent"), Column("days", "Days", "days")],
                    rows=[{"name": "x", "rate": 0.3333, "days": None}, {"name": "=cmd", "rate": None, "days": 2.25}],
                    chart=Chart(kind="bar", label="name", series=["rate"]),
                    withheld=2,
                )
            ],
        )

    module = types.ModuleType("fake")
    module.report = report
    monkeypatch.setitem(REPORTS, "funnel", ReportPage(module, "Funnel"))
    client.force_login(recruiter)
    response = client.get(url("funnel"))
    html = response.content.decode()
    assert cells(html)["table-t"] == [["Name", "Rate", "Days"], ["x", "33.3%", "—"], ["=cmd", "—", "2.3"]]
    assert "12.5%" in html and "not enough data" in html
    assert "2 groups are not shown: each has fewer than 5 answers." in html
    assert response.context["tables"][0]["chart"]["datasets"][0]["data"] == [pytest.approx(33.33), None]
    _header, *rows = export(client, "funnel", "t", "csv")
    assert rows == [["x", "0.3333", ""], ["'=cmd", "", "2.25"]]
    _header, *rows = export(client, "funnel", "t", "xlsx")
    # As typed, in a string cell: shown, never run as a formula.
    assert rows == [["x", 0.3333, None], ["=cmd", None, 2.25]]
    response = client.get(url("funnel", export="xlsx", table="t"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert (sheet["A3"].value, sheet["A3"].data_type) == ("=cmd", "s")
