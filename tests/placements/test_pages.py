"""The placements page: administrators see every placement, a recruiter their
own, every other role a 404; filters by period, client and recruiter; totals
per currency; an audited CSV/XLSX export; an edit side panel (htmx) that is
also a page (plain POST)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from placements.models import Placement
from placements.selectors import period_bounds
from placements.services import placement_update
from tests import factories
from tests.placements.conftest import FEE, htmx, shows_fee

pytestmark = pytest.mark.django_db

LIST = reverse("placements:placement-list")


def edit_url(placement: Placement) -> str:
    return reverse("placements:placement-edit", args=[placement.public_id])


def other_placement(**kwargs) -> Placement:
    """A placement of another recruiter at another client (flat 20.00 by default terms: 20% of nothing)."""
    return factories.placement(first_year_base=Decimal("300000"), **kwargs)


def test_an_administrator_sees_every_placement_with_its_fee_and_state(client, admin_user, placement):
    other = other_placement()
    client.force_login(admin_user)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="placement-row"') == 2
    assert "¥87,654.32" in html and "¥60,000" in html
    assert "Grace Hopper" in html and other.application.candidate.full_name in html
    assert "In guarantee" in html


def test_a_recruiter_sees_only_their_own_placements(client, recruiter, placement):
    other_placement()
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert html.count('data-testid="placement-row"') == 1
    assert "Grace Hopper" in html
    # Their list is theirs: no recruiter filter.
    assert 'name="recruiter"' not in html


@pytest.mark.parametrize("persona", ["coordinator", "reviewer", "hiring_manager", "interviewer"])
def test_every_other_role_gets_a_404_and_no_menu_entry(client, personas, placement, persona):
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 404
    assert client.get(edit_url(placement)).status_code == 404
    assert client.get(reverse("placements:placement-export", args=["csv"])).status_code == 404
    assert 'data-testid="nav-placements"' not in client.get(reverse("home")).content.decode()


def test_the_menu_entry_is_shown_to_administrators_and_recruiters(client, admin_user, recruiter):
    for user in (admin_user, recruiter):
        client.force_login(user)
        assert 'data-testid="nav-placements"' in client.get(reverse("home")).content.decode()


def test_another_recruiter_gets_a_404_for_a_placement_not_theirs(client, outsider, placement):
    client.force_login(outsider)
    assert client.get(edit_url(placement)).status_code == 404
    assert client.post(edit_url(placement), {"fee_type": "flat"}).status_code == 404


def test_the_list_filters_by_period_client_and_recruiter(client, admin_user, recruiter, placement):
    old = other_placement(placed_on=timezone.localdate() - timedelta(days=400))
    client.force_login(admin_user)

    def rows(**params) -> int:
        return client.get(LIST, params).content.decode().count('data-testid="placement-row"')

    assert rows() == 2
    assert rows(period="month") == 1
    assert rows(period="year") == 1
    start = (timezone.localdate() - timedelta(days=401)).isoformat()
    end = (timezone.localdate() - timedelta(days=399)).isoformat()
    assert rows(start=start, end=end) == 1
    assert rows(client=str(placement.client.public_id)) == 1
    assert rows(client=str(old.client.public_id)) == 1
    assert rows(recruiter=str(recruiter.public_id)) == 1


def test_a_period_that_ends_before_it_starts_is_a_field_error_and_the_list_is_unfiltered(client, admin_user, placement):
    client.force_login(admin_user)
    html = client.get(LIST, {"start": "2026-05-01", "end": "2026-04-01"}).content.decode()
    assert "The end of the period is before its start." in html
    assert html.count('data-testid="placement-row"') == 1


def test_the_periods_are_the_calendar_month_quarter_and_year():
    day = timezone.localdate().replace(year=2026, month=11, day=15)
    assert [d.isoformat() for d in period_bounds("month", day)] == ["2026-11-01", "2026-11-30"]
    assert [d.isoformat() for d in period_bounds("quarter", day)] == ["2026-10-01", "2026-12-31"]
    assert [d.isoformat() for d in period_bounds("quarter", day.replace(month=2))] == ["2026-01-01", "2026-03-31"]
    assert [d.isoformat() for d in period_bounds("year", day)] == ["2026-01-01", "2026-12-31"]


def test_totals_are_per_currency(client, admin_user, placement):
    other = other_placement()
    third = other_placement()
    placement_update(
        placement=third, actor=admin_user, fee_type="flat", rate=Decimal("5000"), currency="USD", guarantee_days=90
    )
    client.force_login(admin_user)
    html = client.get(LIST).content.decode()
    totals = html.split("<tfoot>")[1]
    assert totals.count('data-testid="placement-total"') == 2
    assert "Total in CNY (2 placements)" in totals and f"¥{FEE + other.fee:,.2f}" in totals
    assert "Total in USD (1 placement)" in totals and "$5,000" in totals


# Session, user, the page's placements counted and listed, the totals, the filters' clients and recruiters.
LIST_QUERIES = 7


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_runs_a_fixed_number_of_queries(client, admin_user, count, django_assert_num_queries):
    for _ in range(count):
        other_placement()
    client.force_login(admin_user)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert response.content.decode().count('data-testid="placement-row"') == count


def test_htmx_gets_the_rows_region_only(client, admin_user, placement):
    client.force_login(admin_user)
    html = client.get(LIST, {"period": "month"}, **htmx()).content.decode()
    assert html.lstrip().startswith('<section id="placement-rows"')
    assert "<html" not in html


def test_the_list_and_the_export_refuse_a_post(client, admin_user):
    client.force_login(admin_user)
    assert client.post(LIST).status_code == 405
    assert client.post(reverse("placements:placement-export", args=["csv"])).status_code == 405


def test_the_csv_export_has_the_filtered_rows_and_is_audited_without_amounts(client, admin_user, placement):
    other_placement(placed_on=timezone.localdate() - timedelta(days=400))
    client.force_login(admin_user)
    response = client.get(reverse("placements:placement-export", args=["csv"]), {"period": "year"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Cache-Control"] == "private, no-store"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Candidate", "Job", "Client"]
    assert len(rows) == 2
    assert rows[1][0] == "Grace Hopper" and rows[1][7] == "87654.32" and rows[1][8] == "CNY"
    event = AuditEvent.objects.get(action="placements.placement.export")
    assert event.data == {"format": "csv", "count": 1, "filters": {"period": "year"}}


def test_the_xlsx_export_in_chinese_has_chinese_headers(client, recruiter, placement):
    from accounts.services import user_update

    user_update(user=recruiter, actor=None, language="zh-hans")
    client.force_login(recruiter)
    response = client.get(reverse("placements:placement-export", args=["xlsx"]))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "候选人"
    assert values[1][0] == "Grace Hopper" and values[1][7] == "87654.32"


def test_the_edit_panel_opens_for_htmx_and_as_a_page_otherwise(client, recruiter, placement):
    client.force_login(recruiter)
    panel = client.get(edit_url(placement), **htmx()).content.decode()
    assert 'data-testid="placement-panel-content"' in panel and "<html" not in panel
    assert 'hx-post="' in panel
    page = client.get(edit_url(placement)).content.decode()
    assert "<html" in page and 'data-testid="placement-form"' in page and 'hx-post="' not in page


def terms(**changes) -> dict:
    return {
        "fee_type": "percentage",
        "rate": "20",
        "first_year_base": "500000",
        "currency": "CNY",
        "invoice_date": "",
        "guarantee_days": "120",
        "note": "Invoice after start",
    } | changes


def test_saving_the_panel_redraws_the_filtered_rows_for_htmx(client, recruiter, placement):
    client.force_login(recruiter)
    response = client.post(edit_url(placement) + "?period=month", terms(), **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="placement-rows"')
    assert "¥100,000" in html and "Placement of Grace Hopper saved." in html
    placement.refresh_from_db()
    assert (placement.fee, placement.guarantee_days) == (Decimal("100000.00"), 120)


def test_saving_with_a_plain_post_goes_back_to_the_list_with_its_filters(client, recruiter, placement):
    client.force_login(recruiter)
    response = client.post(edit_url(placement) + "?period=month", terms())
    assert response.status_code == 302 and response["Location"] == LIST + "?period=month"


def test_a_refused_change_shows_the_panel_again_with_the_error(client, recruiter, placement):
    client.force_login(recruiter)
    response = client.post(edit_url(placement), terms(rate="150"), **htmx())
    html = response.content.decode()
    assert response["HX-Retarget"] == "#placement-panel-body"
    assert "A percentage fee cannot be more than 100%." in html
    plain = client.post(edit_url(placement), terms(rate="150"))
    assert plain.status_code == 200 and "A percentage fee cannot be more than 100%." in plain.content.decode()
    assert Placement.objects.get(pk=placement.pk).fee == FEE


def test_marking_a_fall_through_and_undoing_it_from_the_panel(client, recruiter, placement):
    client.force_login(recruiter)
    url = reverse("placements:placement-fall-through", args=[placement.public_id])
    response = client.post(url, {"fell_through_on": timezone.localdate().isoformat()}, **htmx())
    assert "Fell through, replacement owed" in response.content.decode()
    undo = reverse("placements:placement-fall-through-undo", args=[placement.public_id])
    assert client.post(undo).status_code == 302
    placement.refresh_from_db()
    assert placement.fell_through_on is None
    assert client.get(url).status_code == 405
    assert client.get(undo).status_code == 405


def test_a_fall_through_before_the_placement_is_refused_on_the_form(client, recruiter, placement):
    client.force_login(recruiter)
    url = reverse("placements:placement-fall-through", args=[placement.public_id])
    day = (placement.placed_on - timedelta(days=3)).isoformat()
    html = client.post(url, {"fell_through_on": day}, **htmx()).content.decode()
    assert "cannot fall through before it was made" in html
    placement.refresh_from_db()
    assert placement.fell_through_on is None


def test_the_page_is_in_chinese_for_a_chinese_speaking_administrator(client, admin_user, placement):
    from accounts.services import user_update

    user_update(user=admin_user, actor=None, language="zh-hans")
    client.force_login(admin_user)
    html = client.get(LIST).content.decode()
    assert "¥8.77万" in html and shows_fee(html)
