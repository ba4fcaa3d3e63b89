"""The offers and placements reports (analytics.reports.offers, .placements):
figures checked against hand-computed ones, scope, who sees fees, exports
(audited; fees behind the fresh check), caching, query counts, both languages.

The world, in the first quarter of 2026 (the period asked for: 1 Jan – 31 Mar):
clients Alpha (the recruiter is granted it) and Beta (not), both agencies' clients.
Jobs: "Alpha Engineer" (recruited by the recruiter; the hiring manager on its team),
"Alpha Analyst" (recruited by the administrator) and "Beta Engineer" (the administrator's).

Offers (application created → sent → answered):
  Alpha Engineer
    a1  1 Jan → 11 Jan → accepted 13 Jan             days to offer 10, to answer 2
    a2  5 Jan →  9 Jan → declined 10 Jan (compensation)           4,           1
    a3 10 Jan → 10 Feb → expired                                  31
    a4  1 Feb →  1 Mar → still waiting                            28
    a5  1 Feb →  3 Feb → withdrawn by the team                     2 (its first offer)
              → 20 Feb → declined 25 Feb (another offer)                       5
    a6  a draft, never sent                                        —
    a7  1 Nov 2025 → 20 Dec 2025 → accepted: before the period
  Alpha Analyst
    b1 20 Jan → 30 Jan → accepted 3 Feb                           10,           4
    b2  1 Dec 2025 → 15 Dec 2025 declined (role) → 15 Jan 2026 still waiting:
        its second offer is in the period, its first offer (days to offer) is not
  Beta Engineer
    c1  1 Jan →  5 Jan → declined 6 Jan (location)                 4,           1
    c2  1 Jan →  7 Jan → accepted 9 Jan                             6,           2

The recruiter's cohort (Alpha): 8 offers sent — 2 waiting (a4, b2), 2 accepted,
2 declined, 1 expired, 1 withdrawn; acceptance 2 ÷ (2 + 2 + 1) = 40%. Days to
offer over a1 a2 a3 a4 a5 b1 = 2 4 10 10 28 31: median 10, average 85/6 = 14.17.
Offer to answer over a1 a2 a5 b1 = 1 2 4 5: median 3, average 3.

Placements (first-year base × 20%):
  p1 Alpha Engineer 500,000 CNY → 100,000.00, 15 Jan                   the recruiter's
  p2 Alpha Engineer 300,000 CNY →  60,000.00, 10 Feb, fell through 1 Mar, replacement owed
  p3 Alpha Engineer 100,000 USD →  20,000.00, 5 Mar
  p4 Alpha Engineer 400,000 CNY →  80,000.00, 1 Dec 2025: before the period
  p5 Alpha Analyst  250,000 CNY →  50,000.00, 20 Jan, fell through 1 Feb, no replacement   the admin's
  p6 Beta Engineer 1,000,000 CNY → 200,000.00, 15 Feb                    the admin's
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from analytics.reports.base import Filters, Money
from analytics.reports.offers import report as offers_report
from core.models import AuditEvent
from interviews.models import Application
from jobs.models import Client, Job, JobMember
from jobs.services import client_create, client_grant, job_member_add
from offers.models import Offer
from tests import factories
from tests.analytics import offer_factories as make
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Status, Reason = Offer.Status, Offer.DeclineReason
PERIOD = {"start": "2026-01-01", "end": "2026-03-31"}
SALARY = "987654.00"  # every offer's base salary: never on a report


def utc(month: int, day: int, year: int = 2026) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


@dataclass
class World:
    alpha: Client
    beta: Client
    jobs: dict[str, Job]
    applications: dict[str, Application] = field(default_factory=dict)


def _app(world: World, name: str, job: str, created: datetime, actor) -> Application:
    application = factories.application(job_=world.jobs[job], actor=actor)
    world.applications[name] = make.applied_at(application, created)
    return world.applications[name]


def build(*, admin, recruiter, hiring_manager) -> World:
    alpha = client_create(actor=admin, name="Alpha Labs")
    beta = client_create(actor=admin, name="Beta Corp")
    client_grant(client=alpha, user=recruiter, actor=admin)
    plan = factories.plan(stages=5)
    jobs = {
        "A1": factories.job(client=alpha, recruiter=recruiter, plan_template=plan, title="Alpha Engineer"),
        "A2": factories.job(client=alpha, recruiter=admin, plan_template=plan, title="Alpha Analyst"),
        "B1": factories.job(client=beta, recruiter=admin, plan_template=plan, title="Beta Engineer"),
    }
    job_member_add(job=jobs["A1"], user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=admin)
    world = World(alpha=alpha, beta=beta, jobs=jobs)

    def offer(name, job, created, sent, status, answered=None, reason=""):
        application = world.applications.get(name) or _app(world, name, job, created, admin)
        make.offer(
            application,
            status=status,
            sent_at=sent,
            answered_at=answered,
            decline_reason=reason,
            base_salary=SALARY,
        )

    offer("a1", "A1", utc(1, 1), utc(1, 11), Status.ACCEPTED, utc(1, 13))
    offer("a2", "A1", utc(1, 5), utc(1, 9), Status.DECLINED, utc(1, 10), Reason.COMPENSATION)
    offer("a3", "A1", utc(1, 10), utc(2, 10), Status.EXPIRED)
    offer("a4", "A1", utc(2, 1), utc(3, 1), Status.SENT)
    offer("a5", "A1", utc(2, 1), utc(2, 3), Status.WITHDRAWN)
    offer("a5", "A1", None, utc(2, 20), Status.DECLINED, utc(2, 25), Reason.OTHER_OFFER)
    offer("a6", "A1", utc(2, 1), None, Status.DRAFT)
    offer("a7", "A1", utc(11, 1, 2025), utc(12, 20, 2025), Status.ACCEPTED, utc(12, 21, 2025))
    offer("b1", "A2", utc(1, 20), utc(1, 30), Status.ACCEPTED, utc(2, 3))
    offer("b2", "A2", utc(12, 1, 2025), utc(12, 15, 2025), Status.DECLINED, utc(12, 16, 2025), Reason.ROLE)
    offer("b2", "A2", None, utc(1, 15), Status.SENT)
    offer("c1", "B1", utc(1, 1), utc(1, 5), Status.DECLINED, utc(1, 6), Reason.LOCATION)
    offer("c2", "B1", utc(1, 1), utc(1, 7), Status.ACCEPTED, utc(1, 9))

    def placement(name, job, base, currency, placed_on, **fell):
        application = _app(world, name, job, utc(1, 1), admin)
        make.placement(application, actor=admin, first_year_base=base, currency=currency, placed_on=placed_on, **fell)

    placement("p1", "A1", "500000", "CNY", date(2026, 1, 15))
    placement("p2", "A1", "300000", "CNY", date(2026, 2, 10), fell_through_on=date(2026, 3, 1), replacement_owed=True)
    placement("p3", "A1", "100000", "USD", date(2026, 3, 5))
    placement("p4", "A1", "400000", "CNY", date(2025, 12, 1))
    placement("p5", "A2", "250000", "CNY", date(2026, 1, 20), fell_through_on=date(2026, 2, 1))
    placement("p6", "B1", "1000000", "CNY", date(2026, 2, 15))
    return world


@pytest.fixture
def world(admin_user, recruiter, hiring_manager) -> World:
    cache.clear()
    return build(admin=admin_user, recruiter=recruiter, hiring_manager=hiring_manager)


def url(key: str, **params) -> str:
    params = {**PERIOD, **params}
    return reverse("analytics:report", args=[key]) + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def export_url(**params) -> str:
    params = {**PERIOD, **params}
    return reverse("analytics:placements-export") + "?" + "&".join(f"{k}={v}" for k, v in params.items())


def rows_of(report, table: str) -> list[dict]:
    return report.table(table).rows


def headline(report) -> dict[str, object]:
    return {str(label): value for label, value, _kind in report.headline}


def spreadsheet(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment")
    if response["Content-Disposition"].rstrip('"').endswith(".csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


# --- The offers report: figures ----------------------------------------------------------------


def test_the_offers_report_gives_the_hand_computed_figures_of_the_recruiters_jobs(client, world, recruiter):
    client.force_login(recruiter)
    report = client.get(url("offers")).context["report"]
    assert headline(report) == {
        "Offers sent": 8,
        "Acceptance rate": pytest.approx(0.4),
        "Median days to offer": 10.0,
        "Median days to answer": 3.0,
    }
    assert [(row["status"], row["offers"]) for row in rows_of(report, "status")] == [
        ("Waiting for an answer", 2),
        ("Accepted", 2),
        ("Declined", 2),
        ("Expired", 1),
        ("Withdrawn", 1),
    ]
    assert rows_of(report, "status")[0]["share"] == pytest.approx(0.25)
    assert rows_of(report, "timing") == [
        {"measure": "Application to first offer", "offers": 6, "median": 10.0, "average": 14.17},
        {"measure": "Offer sent to answer", "offers": 4, "median": 3.0, "average": 3.0},
    ]
    assert rows_of(report, "decline_reasons") == [
        {"reason": "Compensation", "declined": 1, "share": 0.5},
        {"reason": "Accepted another offer", "declined": 1, "share": 0.5},
    ]
    assert rows_of(report, "by_job") == [
        {
            "job": "Alpha Engineer",
            "client": "Alpha Labs",
            "offers": 6,
            "accepted": 1,
            "declined": 2,
            "expired": 1,
            "waiting": 1,
            "withdrawn": 1,
            "acceptance_rate": 0.25,
        },
        {
            "job": "Alpha Analyst",
            "client": "Alpha Labs",
            "offers": 2,
            "accepted": 1,
            "declined": 0,
            "expired": 0,
            "waiting": 1,
            "withdrawn": 0,
            "acceptance_rate": 1.0,
        },
    ]


def test_the_administrator_sees_beta_too(client, world, admin_user):
    client.force_login(admin_user)
    report = client.get(url("offers")).context["report"]
    # Beta adds c1 (declined, 4 days to offer, 1 to answer) and c2 (accepted, 6 and 2).
    assert headline(report)["Offers sent"] == 10
    assert headline(report)["Acceptance rate"] == pytest.approx(3 / 7)
    assert rows_of(report, "timing")[0] == {
        "measure": "Application to first offer",
        "offers": 8,
        "median": 8.0,  # 2 4 4 6 10 10 28 31
        "average": 11.88,  # 95 / 8
    }
    assert [row["reason"] for row in rows_of(report, "decline_reasons")] == [
        "Compensation",
        "Accepted another offer",
        "Location or remote work",
    ]
    assert "Beta Engineer" in [row["job"] for row in rows_of(report, "by_job")]


def test_the_page_says_how_the_acceptance_rate_is_computed_and_shows_the_figures(client, world, recruiter):
    client.force_login(recruiter)
    html = client.get(url("offers")).content.decode()
    assert "Acceptance rate: accepted ÷ (accepted + declined + expired)." in html
    assert "40.0%" in html and "14.2" in html
    assert 'data-testid="table-decline_reasons"' in html
    assert 'data-chart-kind="horizontal_bar"' in html


def test_the_job_filter_narrows_the_offers_to_that_job(client, world, recruiter):
    client.force_login(recruiter)
    report = client.get(url("offers", job=world.jobs["A2"].public_id)).context["report"]
    assert headline(report)["Offers sent"] == 2
    assert [row["job"] for row in rows_of(report, "by_job")] == ["Alpha Analyst"]


def test_an_empty_period_has_no_figures_and_no_errors(client, world, recruiter):
    client.force_login(recruiter)
    response = client.get(url("offers", start="2024-01-01", end="2024-03-31"))
    report = response.context["report"]
    assert headline(report) == {
        "Offers sent": 0,
        "Acceptance rate": None,
        "Median days to offer": None,
        "Median days to answer": None,
    }
    assert 'data-testid="empty-table"' in response.content.decode()


# --- The offers report: scope and roles --------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter", "hiring_manager"])
def test_no_one_sees_an_offer_of_a_job_they_do_not_see_in_the_page_or_its_exports(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    html = client.get(url("offers")).content.decode()
    assert "Beta" not in html
    for table in ("status", "timing", "decline_reasons", "by_job"):
        for fmt in ("csv", "xlsx"):
            rows = spreadsheet(client.get(url("offers", export=fmt, table=table)))
            assert not any("Beta" in str(cell) or "Location" in str(cell) for row in rows for cell in row)


def test_a_hiring_manager_sees_the_offers_of_their_job_only_and_no_money(client, world, hiring_manager):
    client.force_login(hiring_manager)
    response = client.get(url("offers"))
    assert response.status_code == 200
    assert [row["job"] for row in rows_of(response.context["report"], "by_job")] == ["Alpha Engineer"]
    assert SALARY not in response.content.decode() and "987" not in response.content.decode()


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager", "recruiter", "admin_user"])
def test_every_role_that_reads_reports_opens_the_offers_report(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("offers")).status_code == 200


def test_an_interviewer_gets_a_404_on_the_offers_report_and_its_export(client, world, interviewer):
    client.force_login(interviewer)
    assert client.get(url("offers")).status_code == 404
    assert client.get(url("offers", export="csv", table="status")).status_code == 404


def test_the_report_pages_answer_get_only(client, world, admin_user):
    client.force_login(admin_user)
    assert client.post(url("offers")).status_code == 405
    assert client.post(url("placements")).status_code == 405
    assert client.post(export_url(export="csv", table="by_client")).status_code == 405


# --- The placements report: figures --------------------------------------------------------------


def test_a_recruiter_sees_only_the_fees_of_their_own_placements(client, world, recruiter):
    client.force_login(recruiter)
    report = client.get(url("placements")).context["report"]
    assert rows_of(report, "by_recruiter") == [
        {
            "recruiter": "Rita Recruiter",
            "placements": 3,
            "fees_cny": Decimal("160000.00"),
            "fees_usd": Decimal("20000.00"),
            "fell_through": 1,
            "replacement_owed": 1,
        }
    ]
    assert [row["client"] for row in rows_of(report, "by_client")] == ["Alpha Labs"]
    assert headline(report) == {
        "Placements": 3,
        "Fees (CNY)": Money(Decimal("160000.00"), "CNY"),
        "Fees (USD)": Money(Decimal("20000.00"), "USD"),
        "Fell through": 1,
        "Replacement owed": 1,
    }


def test_the_administrator_sees_every_placement_by_recruiter_and_by_client(client, world, admin_user):
    client.force_login(admin_user)
    report = client.get(url("placements")).context["report"]
    assert rows_of(report, "by_recruiter") == [
        {
            "recruiter": "Rita Recruiter",
            "placements": 3,
            "fees_cny": Decimal("160000.00"),
            "fees_usd": Decimal("20000.00"),
            "fell_through": 1,
            "replacement_owed": 1,
        },
        {
            "recruiter": "Ada Admin",
            "placements": 2,
            "fees_cny": Decimal("250000.00"),
            "fees_usd": Decimal("0.00"),
            "fell_through": 1,
            "replacement_owed": 0,
        },
    ]
    assert rows_of(report, "by_client") == [
        {
            "client": "Alpha Labs",
            "placements": 4,
            "fees_cny": Decimal("210000.00"),
            "fees_usd": Decimal("20000.00"),
            "fell_through": 2,
            "replacement_owed": 1,
        },
        {
            "client": "Beta Corp",
            "placements": 1,
            "fees_cny": Decimal("200000.00"),
            "fees_usd": Decimal("0.00"),
            "fell_through": 0,
            "replacement_owed": 0,
        },
    ]
    html = client.get(url("placements")).content.decode()
    assert "¥410,000" in html and "$20,000" in html  # the headline's CNY and USD totals
    assert "¥160,000" in html and "¥250,000" in html  # in the tables


def test_the_client_and_recruiter_filters_narrow_the_placements(client, world, admin_user, recruiter):
    client.force_login(admin_user)
    beta = client.get(url("placements", client=world.beta.public_id)).context["report"]
    assert headline(beta)["Placements"] == 1 and headline(beta)["Fees (CNY)"] == Money(Decimal("200000.00"), "CNY")
    rita = client.get(url("placements", recruiter=recruiter.public_id)).context["report"]
    assert headline(rita)["Placements"] == 3


def test_a_single_currency_charts_the_fees_and_several_chart_the_counts(client, world, admin_user):
    client.force_login(admin_user)
    several = client.get(url("placements")).context["tables"][0]["chart"]
    assert [dataset["label"] for dataset in several["datasets"]] == ["Placements", "Fell through"]
    one = client.get(url("placements", client=world.beta.public_id)).context["tables"][1]["chart"]
    assert one["datasets"] == [{"label": "Fees (CNY)", "data": [200000.0]}]


# --- The placements report: who sees fees ------------------------------------------------------------


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager", "interviewer"])
def test_every_other_role_gets_a_404_on_the_placements_report_and_no_link_to_it(client, world, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url("placements")).status_code == 404
    assert client.get(export_url(export="csv", table="by_recruiter")).status_code == 404
    assert client.get(url("placements", export="csv", table="by_recruiter")).status_code == 404
    assert client.post(reverse("analytics:report-refresh", args=["placements"])).status_code == 404
    page = "interviewers" if persona == "interviewer" else "funnel"
    html = client.get(reverse("analytics:report", args=[page])).content.decode()
    assert reverse("analytics:report", args=["placements"]) not in html


@pytest.mark.parametrize("persona", ["hiring_manager", "interviewer", "coordinator", "reviewer"])
def test_no_fee_is_in_any_page_or_export_another_role_opens(client, world, persona, request):
    """Every report tab the role has, every table, both formats: no fee amount, no fee column."""
    client.force_login(request.getfixturevalue(persona))
    page = "interviewers" if persona == "interviewer" else "funnel"
    tabs = [key for key, _label in client.get(reverse("analytics:report", args=[page])).context["tabs"]]
    assert "placements" not in tabs
    fees = ("100000", "60000", "200000", "250000", "Fees", "fee")
    for key in tabs:
        response = client.get(url(key))
        html = response.content.decode()
        assert not any(fee in html for fee in fees[:4])
        for table in response.context["report"].tables:
            for fmt in ("csv", "xlsx"):
                rows = spreadsheet(client.get(url(key, export=fmt, table=table.key)))
                assert not any(fee in str(cell) for row in rows for cell in row for fee in fees), (key, table.key)


def test_two_recruiters_who_see_the_same_jobs_never_share_cached_placements(client, world, admin_user, recruiter):
    other = make_user("other.recruiter@example.test", Role.RECRUITER, full_name="Oscar Other")
    client_grant(client=world.alpha, user=other, actor=admin_user)
    client.force_login(recruiter)
    assert headline(client.get(url("placements")).context["report"])["Placements"] == 3
    client.force_login(other)
    report = client.get(url("placements")).context["report"]
    assert headline(report)["Placements"] == 0
    assert rows_of(report, "by_recruiter") == []


# --- Exports ---------------------------------------------------------------------------------------------


def test_a_placements_export_asked_on_the_page_goes_to_its_own_url(client, world, recruiter):
    client.force_login(recruiter)
    response = client.get(url("placements", export="csv", table="by_recruiter"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("analytics:placements-export") + "?")
    html = client.get(url("placements")).content.decode()
    assert f'href="{reverse("analytics:placements-export")}?start=2026-01-01&amp;end=2026-03-31&amp;export=csv' in html


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_placements_export_has_the_raw_fees_and_is_audited(client, world, recruiter, fmt):
    client.force_login(recruiter)
    rows = spreadsheet(client.get(export_url(export=fmt, table="by_recruiter")))
    assert rows[0] == ["Recruiter", "Placements", "Fees (CNY)", "Fees (USD)", "Fell through", "Replacement owed"]
    if fmt == "csv":
        assert rows[1:] == [["Rita Recruiter", "3", "160000.00", "20000.00", "1", "1"]]
    else:
        assert rows[1:] == [["Rita Recruiter", 3, 160000, 20000, 1, 1]]
    event = AuditEvent.objects.get(action="analytics.report.export")
    assert event.actor == recruiter
    assert event.data == {**PERIOD, "report": "placements", "table": "by_recruiter", "format": fmt}


def test_a_placements_export_with_bad_filters_goes_back_to_the_report_with_its_errors(client, world, recruiter):
    client.force_login(recruiter)
    response = client.get(export_url(export="csv", table="by_client", client=world.beta.public_id))
    assert response.status_code == 302
    assert "export=" not in response["Location"]
    page = client.get(response["Location"])
    assert page.context["report"] is None and "client" in page.context["form"].errors
    assert not AuditEvent.objects.filter(action="analytics.report.export").exists()


def test_an_unknown_placements_table_is_a_404_and_no_export_at_all_is_the_report(client, world, recruiter):
    client.force_login(recruiter)
    assert client.get(export_url(export="csv", table="nope")).status_code == 404
    assert client.get(export_url(export="pdf", table="by_client")).status_code == 404
    bare = client.get(reverse("analytics:placements-export"))
    assert bare.status_code == 302 and bare["Location"] == reverse("analytics:report", args=["placements"])


# --- Caching and query counts -------------------------------------------------------------------------------

# Session and user (2), the filter choices (4), the cache key (the roll-up's version and the jobs
# in scope: 2), then the report's own: offers 4 (counts, days to offer, reasons, per job),
# placements 2 (by recruiter, by client).
QUERIES = {"offers": 12, "placements": 10}
CACHE_HIT = 8


@pytest.mark.parametrize("key", ["offers", "placements"])
def test_each_report_runs_a_fixed_number_of_queries_and_a_repeat_comes_from_the_cache(
    client, world, admin_user, key, django_assert_num_queries
):
    client.force_login(admin_user)
    path = url(key)
    client.get(path)  # warm: ContentTypes and the like
    cache.clear()
    with django_assert_num_queries(QUERIES[key]):
        client.get(path)
    with django_assert_num_queries(CACHE_HIT):
        client.get(path)
    # Twice the data in another client's jobs: the same count.
    _more(admin_user)
    cache.clear()
    with django_assert_num_queries(QUERIES[key]):
        response = client.get(path)
    assert headline(response.context["report"])[("Offers sent" if key == "offers" else "Placements")] > 0


def _more(admin) -> None:
    gamma = client_create(actor=admin, name="Gamma Works")
    plan = factories.plan(stages=3)
    for n in range(3):
        job = factories.job(client=gamma, recruiter=admin, plan_template=plan, title=f"Gamma {n}")
        for i in range(4):
            application = make.applied_at(factories.application(job_=job, actor=admin), utc(1, 1 + i))
            make.offer(
                application,
                status=Status.DECLINED,
                sent_at=utc(2, 1),
                answered_at=utc(2, 2),
                decline_reason=Reason.PERSONAL,
            )
            other = make.applied_at(factories.application(job_=job, actor=admin), utc(1, 1))
            make.placement(other, actor=admin, first_year_base="100000", currency="EUR", placed_on=date(2026, 2, 1))


def test_refresh_now_recomputes_the_cached_offers_report(client, world, admin_user):
    client.force_login(admin_user)
    before = headline(client.get(url("offers")).context["report"])["Offers sent"]
    application = make.applied_at(factories.application(job_=world.jobs["A1"], actor=admin_user), utc(1, 1))
    make.offer(application, status=Status.SENT, sent_at=utc(1, 20))
    assert headline(client.get(url("offers")).context["report"])["Offers sent"] == before  # cached
    client.post(reverse("analytics:report-refresh", args=["offers"]) + f"?start={PERIOD['start']}")
    assert headline(client.get(url("offers")).context["report"])["Offers sent"] == before + 1


# --- Languages -----------------------------------------------------------------------------------------------


def test_the_reports_are_in_chinese_for_a_chinese_speaking_recruiter(client, world, recruiter):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    response = client.get(url("offers"))
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    with translation.override("zh-hans"):
        compensation = str(Reason.COMPENSATION.label)
        other_offer = str(Reason.OTHER_OFFER.label)
    assert compensation != "compensation"  # translated
    assert [row["reason"] for row in rows_of(response.context["report"], "decline_reasons")] == [
        compensation,
        other_offer,
    ]
    assert "接受率" in html
    header, *_rows = spreadsheet(client.get(url("offers", export="csv", table="decline_reasons")))
    assert header == ["原因", "已拒绝", "占拒绝总数比例"]
    placements = client.get(url("placements")).content.decode()
    assert "佣金（CNY）" in placements and "¥16万" in placements and "$2万" in placements


def test_the_english_and_chinese_reports_are_cached_apart(client, world, recruiter):
    client.force_login(recruiter)
    english = rows_of(client.get(url("offers")).context["report"], "status")[0]["status"]
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    chinese = rows_of(client.get(url("offers")).context["report"], "status")[0]["status"]
    assert english == "Waiting for an answer" and chinese != english and re.search(r"[\u4e00-\u9fff]", chinese)


def test_the_report_function_counts_by_the_period_given(world, recruiter):
    """Called directly: the first quarter's cohort, then December alone (a7, b2's first offer)."""
    quarter = offers_report(recruiter, Filters(start=date(2026, 1, 1), end=date(2026, 3, 31)))
    assert headline(quarter)["Offers sent"] == 8
    december = offers_report(recruiter, Filters(start=date(2025, 12, 1), end=date(2025, 12, 31)))
    assert headline(december)["Offers sent"] == 2
    assert headline(december)["Acceptance rate"] == pytest.approx(0.5)
    assert rows_of(december, "decline_reasons") == [{"reason": "The role or the team", "declined": 1, "share": 1.0}]
    assert headline(december)["Median days to offer"] == 31.5  # a7: 49 days, b2: 14


def test_an_outsider_sees_no_offer_and_no_placement_and_cannot_pick_alpha(client, world, outsider):
    client.force_login(outsider)
    assert headline(client.get(url("offers")).context["report"])["Offers sent"] == 0
    assert headline(client.get(url("placements")).context["report"])["Placements"] == 0
    refused = client.get(url("offers", client=world.alpha.public_id))
    assert refused.context["report"] is None and "client" in refused.context["form"].errors
    assert "Alpha Engineer" not in refused.content.decode()


@pytest.mark.parametrize("key", ["offers", "placements"])
@pytest.mark.parametrize("persona, status", [("admin_user", 302), ("recruiter", 302), ("coordinator", 403)])
def test_refresh_now_is_for_those_who_run_the_pipeline(client, world, key, persona, status, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    expected = 404 if key == "placements" and persona == "coordinator" else status
    assert client.post(reverse("analytics:report-refresh", args=[key])).status_code == expected


def test_a_reviewer_reads_the_offers_report_but_may_not_refresh_it(client, world, reviewer):
    client.force_login(reviewer)
    assert client.get(url("offers")).status_code == 200
    assert client.post(reverse("analytics:report-refresh", args=["offers"])).status_code == 403
