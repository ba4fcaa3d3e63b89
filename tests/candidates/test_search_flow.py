"""The search box as a recruiter uses it: results as they type, a word when
the results are near matches, and a way to add the person nobody matched."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.selectors import candidate_search
from candidates.services import candidate_create

LIST = reverse("candidates:candidate-list")
CREATE = reverse("candidates:candidate-create")


@pytest.fixture
def people(recruiter):
    return [
        candidate_create(actor=recruiter, full_name="John Smith", company="Acme Analytics"),
        candidate_create(actor=recruiter, full_name="张伟", company="星云科技"),
    ]


def test_the_search_box_searches_as_you_type_after_a_pause_and_keeps_the_url(client, recruiter):
    client.force_login(recruiter)
    html = client.get(LIST).content.decode()
    assert 'hx-trigger="submit, input changed delay:300ms from:#id_search_q' in html
    assert 'hx-push-url="true"' in html


def test_exact_matches_are_not_called_near_matches(client, recruiter, people):
    client.force_login(recruiter)
    assert candidate_search(recruiter, query="Smith").near_matches is False
    html = client.get(LIST, {"q": "Smith"}, headers={"HX-Request": "true"}).content.decode()
    assert "John Smith" in html
    assert 'data-testid="near-matches"' not in html


def test_a_typo_shows_near_matches_and_says_so(client, recruiter, people):
    client.force_login(recruiter)
    assert candidate_search(recruiter, query="Jonh Smiht").near_matches is True
    html = client.get(LIST, {"q": "Jonh Smiht"}, headers={"HX-Request": "true"}).content.decode()
    assert "John Smith" in html
    assert 'data-testid="near-matches"' in html
    assert "near matches" in html


def test_the_near_matches_notice_reads_in_chinese(client, recruiter, people):
    recruiter.language = "zh-hans"
    recruiter.save(update_fields=["language"])
    client.force_login(recruiter)
    html = client.get(LIST, {"q": "Jonh Smiht"}, headers={"HX-Request": "true", "Accept-Language": "zh-hans"})
    text = html.content.decode()
    assert 'data-testid="near-matches"' in text
    assert "near matches" not in text


def test_no_results_offers_to_add_the_name_searched_for(client, recruiter, people):
    client.force_login(recruiter)
    html = client.get(LIST, {"q": "Ada Lovelace"}, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="no-results"' in html
    assert f'href="{CREATE}?full_name=Ada+Lovelace"' in html


def test_no_results_for_an_email_prefills_the_email(client, recruiter, people):
    client.force_login(recruiter)
    html = client.get(LIST, {"q": "ada@example.com"}).content.decode()
    assert f'href="{CREATE}?email=ada%40example.com"' in html


def test_the_new_candidate_form_takes_the_prefilled_name_and_email(client, recruiter):
    client.force_login(recruiter)
    html = client.get(CREATE, {"full_name": "Ada Lovelace", "email": "ada@example.com"}).content.decode()
    assert 'value="Ada Lovelace"' in html
    assert 'value="ada@example.com"' in html


def test_a_role_that_cannot_add_candidates_is_not_offered_to(client, interviewer, people):
    client.force_login(interviewer)
    html = client.get(LIST, {"q": "Ada Lovelace"}).content.decode()
    assert 'data-testid="no-results"' in html
    assert 'data-testid="add-candidate"' not in html
