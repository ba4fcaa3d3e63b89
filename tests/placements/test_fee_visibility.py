"""Nobody but administrators and the placing recruiter sees a fee anywhere:
not on the profile, the board, the job or the client page, and not in any
export (candidates, analytics). The client's fee terms are fee information
too: administrators and recruiters only."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from jobs.models import Client
from tests.placements.conftest import FEE, htmx, shows_fee

pytestmark = pytest.mark.django_db

NO_FEE_ROLES = ["coordinator", "reviewer", "hiring_manager", "interviewer"]


def pages(placement) -> list[str]:
    application = placement.application
    return [
        reverse("candidates:candidate-detail", args=[application.candidate.public_id]),
        reverse("interviews:board", args=[application.job.public_id]) + "?show=closed",
        reverse("jobs:job-detail", args=[application.job.public_id]),
        reverse("jobs:client-detail", args=[placement.client.public_id]),
    ]


def test_the_placing_recruiter_sees_the_fee_on_the_profile_and_the_job_page(client, recruiter, placement):
    client.force_login(recruiter)
    profile, _board, job, client_page = (client.get(url).content.decode() for url in pages(placement))
    assert 'data-testid="profile-placement-fee"' in profile and "¥87,654.32" in profile
    assert 'data-testid="job-placement-fee"' in job and "¥87,654.32" in job
    # The client's terms: the flat amount in the form.
    assert 'data-testid="fee-terms"' in client_page and "87654.32" in client_page


def test_another_recruiter_on_the_client_sees_the_terms_but_not_the_placements_fee(client, placement):
    from jobs.services import client_grant
    from tests import factories

    colleague = factories.user("recruiter")
    client_grant(client=placement.client, user=colleague, actor=None)
    client.force_login(colleague)
    profile, _board, job, client_page = (client.get(url).content.decode() for url in pages(placement))
    assert 'data-testid="profile-placement-fee"' not in profile
    assert 'data-testid="job-placement-fee"' not in job
    assert 'data-testid="fee-terms"' in client_page


@pytest.mark.parametrize("persona", NO_FEE_ROLES)
def test_no_fee_on_any_page_for_roles_without_fees(client, personas, placement, persona):
    client.force_login(personas[persona])
    seen = 0
    for url in pages(placement):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        if response.status_code == 200:
            seen += 1
            html = response.content.decode()
            assert not shows_fee(html), url
            assert 'data-testid="fee-terms"' not in html
            assert "placements/" not in html, url
    # Each role opens at least the candidate's profile: the check is not vacuous.
    assert seen >= 1


@pytest.mark.parametrize("persona", NO_FEE_ROLES)
def test_no_fee_in_any_export_they_may_download(client, personas, placement, persona):
    client.force_login(personas[persona])
    downloads = []
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("candidates:candidate-export", args=[fmt]))
        if response.status_code == 200:
            downloads.append(response)
    for key in ("funnel", "time", "sources", "experience", "interviewers"):
        page = client.get(reverse("analytics:report", args=[key]))
        if page.status_code != 200:
            continue
        for table in set(re.findall(r"export=csv&amp;table=([\w-]+)", page.content.decode())):
            for fmt in ("csv", "xlsx"):
                response = client.get(reverse("analytics:report", args=[key]), {"export": fmt, "table": table})
                assert response.status_code == 200
                downloads.append(response)
    # Every role downloads at least a report's table: the check is not vacuous.
    assert len(downloads) >= 2
    for response in downloads:
        assert not shows_fee(_text(response)), response["Content-Disposition"]


def _text(response) -> str:
    if response["Content-Type"].startswith("text/csv"):
        return response.content.decode("utf-8-sig")
    import io

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(cell.value) for sheet in book for row in sheet.iter_rows() for cell in row)


def test_the_fee_check_catches_the_fee_where_it_is_shown(client, admin_user, placement):
    """The negative tests above would pass on a page that never shows fees: this one proves the spellings match."""
    client.force_login(admin_user)
    assert shows_fee(client.get(reverse("placements:placement-list")).content.decode())
    assert shows_fee(_text(client.get(reverse("placements:placement-export", args=["csv"]))))
    assert shows_fee(_text(client.get(reverse("placements:placement-export", args=["xlsx"]))))


# --- The client's fee terms -----------------------------------------------------------


def terms_url(client_: Client) -> str:
    return reverse("jobs:client-fee-terms", args=[client_.public_id])


TERMS = {"fee_type": "percentage", "fee_rate": "18.5", "fee_currency": "USD", "guarantee_days": "60"}


def test_a_recruiter_on_the_client_sets_its_fee_terms_in_place(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(terms_url(acme), TERMS, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section class="card mb-4" id="fee-terms"')
    assert "Fee terms saved." in html
    acme.refresh_from_db()
    assert (acme.fee_type, acme.fee_rate, acme.fee_currency, acme.guarantee_days) == (
        "percentage",
        Decimal("18.50"),
        "USD",
        60,
    )


def test_a_plain_post_goes_back_to_the_client_page(client, admin_user, acme):
    client.force_login(admin_user)
    response = client.post(terms_url(acme), TERMS)
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:client-detail", args=[acme.public_id])


def test_bad_terms_are_shown_on_the_form(client, recruiter, acme):
    client.force_login(recruiter)
    html = client.post(terms_url(acme), TERMS | {"fee_rate": "140"}, **htmx()).content.decode()
    assert "A percentage fee cannot be more than 100%." in html
    acme.refresh_from_db()
    assert acme.fee_rate == FEE


def test_a_coordinator_sees_the_client_but_may_not_set_its_terms(client, coordinator, acme):
    client.force_login(coordinator)
    assert client.post(terms_url(acme), TERMS).status_code == 403


def test_an_outsider_gets_a_404_and_a_get_is_refused(client, outsider, recruiter, acme):
    client.force_login(outsider)
    assert client.post(terms_url(acme), TERMS).status_code == 404
    client.force_login(recruiter)
    assert client.get(terms_url(acme)).status_code == 405


def test_the_profile_shows_the_fee_without_a_query_more(client, recruiter, acme_job, placement):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests import factories

    active = factories.application(job_=acme_job, candidate_=factories.candidate(full_name="Alan Turing"))
    client.force_login(recruiter)
    counts = {}
    for name, candidate in (("active", active.candidate), ("placed", placement.application.candidate)):
        url = reverse("candidates:candidate-detail", args=[candidate.public_id])
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        counts[name] = len(queries)
        assert shows_fee(html) == (name == "placed")
    assert counts["placed"] == counts["active"]
