"""The candidate list and search page: search, paging, its htmx regions, and who sees which candidates."""

from __future__ import annotations

import re
import zoneinfo

import pytest
from django.urls import reverse

from accounts.roles import Role
from candidates import search
from candidates.models import Candidate
from candidates.services import candidate_create, source_get_or_create
from jobs.services import client_create, client_grant
from tests import factories
from tests.core.test_pages import INLINE

LIST = reverse("candidates:candidate-list")
PERSONAS = ["administrator", "recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager", "outsider"]


def rows(html: str) -> int:
    return html.count('data-testid="candidate-row"')


@pytest.fixture
def people(recruiter):
    return {
        "zhang": candidate_create(
            actor=recruiter, full_name="张伟", headline="资深后端工程师", company="星云科技", location="上海"
        ),
        "john": candidate_create(
            actor=recruiter, full_name="John Smith", headline="Data Engineer", company="Acme Analytics", tags=["python"]
        ),
        "li": candidate_create(
            actor=recruiter, full_name="李娜", headline="产品经理", company="华星科技", tags=["双语"]
        ),
    }


# --- Access ---------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_role_may_open_the_candidate_list(client, personas, persona):
    client.force_login(personas[persona])
    response = client.get(LIST)
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_list_refuses_a_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(LIST).status_code == 405


def test_a_hiring_manager_sees_only_the_candidates_of_their_jobs(client, hiring_manager, recruiter):
    from jobs.services import job_member_add

    mine = factories.job()
    job_member_add(job=mine, user=hiring_manager, job_role="hiring_manager", actor=None)
    inside = factories.application(job_=mine, candidate_=factories.candidate(full_name="Inside Person")).candidate
    outside = factories.application(candidate_=factories.candidate(full_name="Outside Person")).candidate
    factories.candidate(full_name="Nowhere Person")
    client.force_login(hiring_manager)

    html = client.get(LIST, {"q": "person"}).content.decode()

    assert inside.full_name in html
    assert outside.full_name not in html and "Nowhere Person" not in html
    assert rows(html) == 1
    assert "1 candidate on this page" in html
    # Filtering by the job they cannot see finds nothing and says nothing about it.
    html = client.get(LIST, {"q": "person", "job": str(outside.applications.get().job.public_id)}).content.decode()
    assert "Outside Person" not in html
    assert 'data-testid="search-errors"' in html


def test_an_interviewer_sees_only_the_candidates_of_their_panels(client, interviewer):
    on_panel = factories.application(candidate_=factories.candidate(full_name="Panel Person"))
    factories.interview(application_=on_panel, panel=[interviewer])
    factories.application(candidate_=factories.candidate(full_name="Other Person"))
    client.force_login(interviewer)

    html = client.get(LIST).content.decode()

    assert "Panel Person" in html
    assert "Other Person" not in html


def test_contact_details_are_not_shown_in_the_list(client, recruiter):
    candidate_create(
        actor=recruiter, full_name="Mail Person", email="secret.mail@example.test", phone="+86 138 0013 8000"
    )
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert "Mail Person" in html
    # The whole number, not "138" alone: a CSRF token or a UUID may hold those digits.
    assert "secret.mail" not in html and "13800138000" not in html and "138 0013 8000" not in html


# --- Search and highlighting ----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "marked"),
    [
        ("张伟", "张伟", "<mark>张伟</mark>"),
        ("zhang wei", "张伟", "<mark>张伟</mark>"),
        ("zhangwei", "张伟", "<mark>张伟</mark>"),
        ("后端工程师", "张伟", "<mark>后端工程师</mark>"),
        ("Jonh Smiht", "John Smith", None),
        ("acme", "John Smith", "<mark>Acme</mark>"),
    ],
)
def test_chinese_pinyin_and_typo_queries_find_and_mark_the_candidate(
    client, recruiter, people, query, expected, marked
):
    client.force_login(recruiter)
    html = client.get(LIST, {"q": query}).content.decode()
    assert expected in html
    assert rows(html) == 1
    if marked:
        assert marked in html


def test_highlighting_escapes_the_text_and_never_marks_inside_markup(client, recruiter):
    candidate_create(actor=recruiter, full_name="Mark <b>Bold</b>", headline="<script>mark</script>")
    client.force_login(recruiter)
    html = client.get(LIST, {"q": "mark"}).content.decode()
    assert "<mark>Mark</mark> &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "&lt;script&gt;<mark>mark</mark>&lt;/script&gt;" in html
    assert "<b>Bold" not in html


def test_filters_combine(client, recruiter, people):
    linkedin = source_get_or_create(name="LinkedIn")
    candidate_create(actor=recruiter, full_name="Python Shanghai", location="上海", tags=["python"], source=linkedin)
    candidate_create(actor=recruiter, full_name="Python Beijing", location="北京", tags=["python"], source=linkedin)
    client.force_login(recruiter)

    html = client.get(LIST, {"tags": "python", "location": "上海"}).content.decode()
    assert rows(html) == 1 and "Python Shanghai" in html

    html = client.get(LIST, {"tags": "python", "source": linkedin.pk}).content.decode()
    assert rows(html) == 2 and "John Smith" not in html


def test_job_and_status_filters_combine_on_the_same_application(client, recruiter):
    job = factories.job(recruiter=recruiter)
    active = factories.application(job_=job, candidate_=factories.candidate(full_name="Active One"))
    hired = factories.application(job_=job, candidate_=factories.candidate(full_name="Hired One"))
    from interviews.services import application_hire

    application_hire(application=hired, actor=recruiter)
    client.force_login(recruiter)

    html = client.get(LIST, {"job": str(job.public_id), "status": "active"}).content.decode()

    assert active.candidate.full_name in html
    assert "Hired One" not in html


def test_invalid_filters_show_form_errors_not_a_500(client, recruiter, people):
    client.force_login(recruiter)
    response = client.get(
        LIST, {"created_from": "not a date", "owner": "abc", "job": "nope", "sort": "loudest", "stage": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="search-errors"' in html
    assert rows(html) == 0


def test_a_date_range_that_ends_before_it_starts_is_an_error(client, recruiter, people):
    client.force_login(recruiter)
    html = client.get(LIST, {"created_from": "2025-06-10", "created_to": "2025-06-01"}).content.decode()
    assert "The end date is before the start date." in html


def test_the_created_range_includes_its_last_day(client, recruiter, people):
    client.force_login(recruiter)
    # Dates are days in the user's own time zone.
    today = people["john"].created_at.astimezone(zoneinfo.ZoneInfo(recruiter.time_zone)).date().isoformat()
    html = client.get(LIST, {"created_from": today, "created_to": today}).content.decode()
    assert rows(html) == 3


def test_sorting_by_name_orders_the_rows_by_name(client, recruiter, people):
    client.force_login(recruiter)
    html = client.get(LIST, {"sort": "name"}).content.decode()
    assert html.index("John Smith") < html.index("张伟")


# --- Pagination -----------------------------------------------------------------------


def test_the_next_page_link_carries_the_cursor_and_the_search(client, recruiter):
    for n in range(30):
        candidate_create(actor=recruiter, full_name=f"Paged {n:02d}")
    client.force_login(recruiter)

    html = client.get(LIST, {"sort": "name", "q": "paged"}).content.decode()
    assert rows(html) == 25
    link = re.search(r'data-testid="next-page"', html) and re.search(r'href="([^"]*after=[^"]+)"', html).group(1)
    assert "q=paged" in link and "sort=name" in link

    second = client.get(link.replace("&amp;", "&")).content.decode()
    assert rows(second) == 5
    assert "Paged 25" in second and "Paged 00" not in second
    assert 'data-testid="next-page"' not in second


def test_a_tampered_cursor_shows_the_first_page_with_a_message(client, recruiter, people):
    client.force_login(recruiter)
    response = client.get(LIST, {"after": "!!not-a-cursor", "sort": "updated"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "That page link is no longer valid" in html
    assert rows(html) == 3


# --- HTMX and CSP ---------------------------------------------------------------------


def test_an_htmx_search_returns_only_the_results_region(client, recruiter, people):
    client.force_login(recruiter)
    response = client.get(LIST, {"q": "张伟"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="results"')
    assert "<mark>张伟</mark>" in html
    assert "John Smith" not in html


def test_the_plain_page_carries_the_htmx_wiring_and_the_results(client, recruiter, people):
    client.force_login(recruiter)
    html = client.get(LIST, {"q": "john"}).content.decode()
    assert 'hx-get="/candidates/"' in html
    assert 'hx-target="#results"' in html
    assert 'hx-push-url="true"' in html
    assert 'method="get"' in html
    assert '<section id="results"' in html
    assert f'href="/candidates/{people["john"].public_id}/"' in html


@pytest.mark.parametrize("persona", ["recruiter", "reviewer", "interviewer"])
def test_the_list_has_no_inline_script_or_style(client, personas, people, persona):
    client.force_login(personas[persona])
    html = client.get(LIST, {"q": "zhang"}).content.decode()
    for pattern in INLINE:
        assert not pattern.search(html), pattern.pattern


def test_the_list_speaks_chinese_to_a_chinese_user(client, recruiter, people):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert '<html lang="zh-hans">' in html


# --- Query count ----------------------------------------------------------------------


def _many(n: int, owner) -> None:
    """Rows made fast: bulk-created, then given their search documents."""
    created = Candidate.objects.bulk_create(
        [Candidate(full_name=f"Bulk {i}", headline="Engineer", company="Acme", owner=owner) for i in range(n)]
    )
    for candidate in created:
        search.refresh(candidate.pk)


# A session and the user; the page of candidates and its tags; the saved searches;
# the jobs the user sees with their clients (one query: the job and client
# filters and the bulk form's jobs); the bulk form's pools; sources and owners.
# A search adds one: the scores of the matches, before their rows.
# Nothing in it grows with the number of candidates, jobs or tags.
LIST_QUERIES = 9


@pytest.mark.parametrize("count", [10, 500])
def test_the_list_runs_the_same_number_of_queries_for_10_and_500_candidates(
    client, recruiter, django_assert_num_queries, count
):
    _many(count, recruiter)
    client_ = client_create(actor=None, name="Acme Corp")
    client_grant(client=client_, user=recruiter, actor=None)
    for _ in range(2):
        factories.job(recruiter=recruiter, client=client_)
    source_get_or_create(name="Referral")
    client.force_login(recruiter)
    for query, extra in (({}, 0), ({"q": "bulk engineer"}, 1)):
        with django_assert_num_queries(LIST_QUERIES + extra):
            response = client.get(LIST, query)
        assert rows(response.content.decode()) == (min(count, 25))


def test_the_owner_filter_offers_only_users_who_own_candidates(client, recruiter, db):
    # The owner filter lists the roles that own candidates, never interviewers.
    factories.user(Role.INTERVIEWER, full_name="Not An Owner")
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert "Not An Owner" not in html
    assert "Rita Recruiter" in html


def test_choosing_a_job_offers_its_stages_and_filters_by_one(client, recruiter):
    job = factories.job(recruiter=recruiter)
    first, second = job.stages.order_by("order")[:2]
    stays = factories.application(job_=job, candidate_=factories.candidate(full_name="Stays Here"))
    moved = factories.application(job_=job, candidate_=factories.candidate(full_name="Moved On"))
    from interviews.services import application_move

    application_move(application=moved, to_stage=second, actor=recruiter)
    client.force_login(recruiter)

    assert f'<option value="{first.pk}"' not in client.get(LIST).content.decode()
    html = client.get(LIST, {"job": str(job.public_id), "stage": first.pk}).content.decode()
    assert f'<option value="{second.pk}"' in html
    assert stays.candidate.full_name in html and "Moved On" not in html
    # An htmx search brings the job's stages into the filter form out of band.
    fragment = client.get(LIST, {"job": str(job.public_id)}, headers={"HX-Request": "true"}).content.decode()
    assert 'id="stage-filter" hx-swap-oob="true"' in fragment
    assert f'<option value="{second.pk}"' in fragment
