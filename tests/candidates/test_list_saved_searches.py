"""Saved searches on the candidate list: per user, applied by a link, deleted by their owner only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from candidates.models import SavedSearch
from candidates.services import candidate_create, saved_search_save

LIST = reverse("candidates:candidate-list")
CREATE = reverse("candidates:saved-search-create")


def delete_url(saved: SavedSearch) -> str:
    return reverse("candidates:saved-search-delete", args=[saved.pk])


def test_saving_a_search_keeps_its_query_filters_and_sort_and_goes_back_to_them(client, recruiter):
    client.force_login(recruiter)

    response = client.post(
        CREATE, {"name": "Shanghai Python", "q": "engineer", "sort": "name", "tags": "python", "location": "上海"}
    )

    assert response.status_code == 302
    params = parse_qs(urlsplit(response["Location"]).query)
    assert params == {"q": ["engineer"], "sort": ["name"], "tags": ["python"], "location": ["上海"]}
    saved = SavedSearch.objects.get(owner=recruiter)
    assert (saved.name, saved.query, saved.sort) == ("Shanghai Python", "engineer", "name")
    assert saved.filters == {"tags": "python", "location": "上海"}


def test_the_users_saved_searches_are_listed_as_links_that_apply_them(client, recruiter, coordinator):
    candidate_create(actor=recruiter, full_name="Python Person", tags=["python"])
    candidate_create(actor=recruiter, full_name="Other Person")
    saved_search_save(owner=recruiter, name="Pythonistas", query="", filters={"tags": "python"}, sort="name")
    saved_search_save(owner=coordinator, name="Not mine", query="", filters={}, sort="newest")
    client.force_login(recruiter)

    html = client.get(LIST).content.decode()

    assert "Pythonistas" in html and "Not mine" not in html
    link = "/candidates/?q=&amp;sort=name&amp;tags=python"
    assert f'href="{link}"' in html
    applied = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Python Person" in applied and "Other Person" not in applied


@pytest.mark.parametrize(("name", "error"), [("  ", "This field is required."), ("Dupe", "You already have")])
def test_an_empty_or_duplicate_name_is_refused_with_a_clear_message(client, recruiter, name, error):
    saved_search_save(owner=recruiter, name="dupe", query="", filters={}, sort="newest")
    client.force_login(recruiter)

    response = client.post(CREATE, {"name": name, "q": "x"}, follow=True)

    assert SavedSearch.objects.filter(owner=recruiter).count() == 1
    html = response.content.decode()
    assert "The search was not saved" in html and error in html
    assert response.redirect_chain[-1][0] == f"{LIST}?q=x"


def test_two_users_may_use_the_same_name(client, recruiter, coordinator):
    saved_search_save(owner=coordinator, name="Mine", query="", filters={}, sort="newest")
    client.force_login(recruiter)
    client.post(CREATE, {"name": "Mine"})
    assert SavedSearch.objects.filter(name="Mine").count() == 2


def test_invalid_filters_are_not_saved(client, recruiter):
    client.force_login(recruiter)
    client.post(CREATE, {"name": "Broken", "created_from": "yesterday"})
    assert not SavedSearch.objects.exists()


def test_a_user_deletes_their_own_saved_search(client, recruiter):
    saved = saved_search_save(owner=recruiter, name="Old", query="", filters={}, sort="newest")
    client.force_login(recruiter)
    response = client.post(delete_url(saved))
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()


def test_another_users_saved_search_is_a_404_and_stays(client, recruiter, outsider):
    saved = saved_search_save(owner=recruiter, name="Mine", query="", filters={}, sort="newest")
    client.force_login(outsider)
    assert client.post(delete_url(saved)).status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()


def test_saved_search_endpoints_refuse_a_get(client, recruiter):
    saved = saved_search_save(owner=recruiter, name="Mine", query="", filters={}, sort="newest")
    client.force_login(recruiter)
    assert client.get(CREATE).status_code == 405
    assert client.get(delete_url(saved)).status_code == 405


def test_an_anonymous_visitor_can_not_save_a_search(client, db):
    response = client.post(CREATE, {"name": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not SavedSearch.objects.exists()
