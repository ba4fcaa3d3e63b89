"""Adding pool members by searching: picks by name or email as you type,
never typing an email address or an ID; checked like the pool itself."""

from __future__ import annotations

import pytest
from django.urls import reverse

from talentpool.models import PoolMembership
from talentpool.services import pool_create, pool_member_add
from tests import factories

HTMX = {"HX-Request": "true"}


@pytest.fixture
def pool(recruiter):
    return pool_create(name="Backend alumni", owner=recruiter, actor=recruiter)


@pytest.fixture
def people():
    return {
        "lin": factories.pool_candidate(full_name="Lin Hua", company="Acme", email="lin.hua@example.test"),
        "zhang": factories.pool_candidate(full_name="张伟", company="星云科技"),
    }


def search(client, pool, q, **headers):
    return client.get(reverse("talentpool:member-search", args=[pool.public_id]), {"q": q}, headers=headers)


def test_the_pool_page_offers_a_search_not_an_email_box(client, recruiter, pool):
    client.force_login(recruiter)
    html = client.get(reverse("talentpool:pool-detail", args=[pool.public_id])).text
    assert 'id="member-q"' in html
    assert 'hx-trigger="submit, input changed delay:300ms from:#member-q' in html
    assert 'name="candidate" type="text"' not in html and "Their email address, or the ID" not in html


def test_typing_a_name_offers_picks_that_add_the_person(client, recruiter, pool, people):
    client.force_login(recruiter)
    response = search(client, pool, "Lin", **HTMX)
    assert response.status_code == 200 and "<html" not in response.text
    assert 'data-testid="member-pick"' in response.text and "Lin Hua" in response.text
    assert f'name="candidate" value="{people["lin"].public_id}"' in response.text
    added = client.post(
        reverse("talentpool:member-add", args=[pool.public_id]),
        {"candidate": str(people["lin"].public_id), "reason": "Strong final"},
        headers=HTMX,
    )
    assert added.status_code == 200
    assert PoolMembership.objects.get(pool=pool, candidate=people["lin"]).reason == "Strong final"


def test_an_email_address_finds_its_person(client, recruiter, pool, people):
    client.force_login(recruiter)
    assert "Lin Hua" in search(client, pool, "LIN.HUA@example.test", **HTMX).text


def test_a_chinese_name_finds_its_person(client, recruiter, pool, people):
    client.force_login(recruiter)
    assert "张伟" in search(client, pool, "张伟", **HTMX).text


def test_a_member_already_in_the_pool_is_marked_not_offered(client, recruiter, pool, people):
    pool_member_add(pool=pool, candidate=people["lin"], actor=recruiter)
    client.force_login(recruiter)
    html = search(client, pool, "Lin", **HTMX).text
    assert "already in this pool" in html
    assert f'value="{people["lin"].public_id}"' not in html


def test_without_javascript_the_search_shows_the_pool_page_with_picks(client, recruiter, pool, people):
    client.force_login(recruiter)
    html = search(client, pool, "Lin").text
    assert "<html" in html and "Lin Hua" in html and 'data-testid="member-pick"' in html


def test_nothing_found_says_so(client, recruiter, pool, people):
    client.force_login(recruiter)
    assert "No candidate you can see matches" in search(client, pool, "Nobody", **HTMX).text


def test_adding_with_no_pick_says_what_to_do(client, recruiter, pool):
    client.force_login(recruiter)
    response = client.post(reverse("talentpool:member-add", args=[pool.public_id]), {"candidate": ""})
    assert response.status_code == 422 and "pick them from the list" in response.text


def test_the_search_is_for_those_who_manage_pools(client, reviewer, interviewer, outsider, pool, people):
    client.force_login(reviewer)
    assert search(client, pool, "Lin", **HTMX).status_code == 403
    client.force_login(interviewer)  # sees no pools at all
    assert search(client, pool, "Lin", **HTMX).status_code == 404
    client.force_login(outsider)
    assert search(client, pool, "Lin", **HTMX).status_code == 404


def test_the_search_refuses_post(client, recruiter, pool):
    client.force_login(recruiter)
    url = reverse("talentpool:member-search", args=[pool.public_id])
    assert client.post(url, {"q": "Lin"}).status_code == 405


def test_the_search_takes_a_fixed_number_of_queries(client, recruiter, pool, people, django_assert_max_num_queries):
    client.force_login(recruiter)
    search(client, pool, "Lin", **HTMX)
    with django_assert_max_num_queries(8):
        search(client, pool, "Lin", **HTMX)
