"""Settings → Skills vocabulary: the terms the resume parser recognises."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import SkillTerm
from candidates.selectors import skill_vocabulary
from core.models import AuditEvent
from tests.interviews.test_board import htmx

pytestmark = pytest.mark.django_db

LIST = reverse("skills:list")
ADD = reverse("skills:create")


def term(name: str = "Python") -> SkillTerm:
    return SkillTerm.objects.get(name=name)


def edit_url(row: SkillTerm) -> str:
    return reverse("skills:edit", args=[row.pk])


def delete_url(row: SkillTerm) -> str:
    return reverse("skills:delete", args=[row.pk])


@pytest.mark.parametrize("persona", ["administrator", "recruiter"])
def test_administrators_and_recruiters_see_the_vocabulary_with_its_aliases(client, personas, persona):
    client.force_login(personas[persona])
    html = client.get(LIST).text
    assert "Machine learning" in html and "机器学习" in html
    assert html.count('data-testid="skill-term"') == SkillTerm.objects.count()


def test_the_settings_page_links_to_the_vocabulary(client, admin_user):
    client.force_login(admin_user)
    assert LIST in client.get(reverse("settings:user-list")).text


def test_recruiters_reach_the_vocabulary_from_the_setup_navigation(client, recruiter, coordinator):
    client.force_login(recruiter)
    assert 'data-testid="nav-skills"' in client.get(reverse("candidates:candidate-list")).text
    client.force_login(coordinator)
    assert 'data-testid="nav-skills"' not in client.get(reverse("candidates:candidate-list")).text


def test_the_list_takes_a_fixed_number_of_queries(client, recruiter, django_assert_num_queries):
    client.force_login(recruiter)
    client.get(LIST)
    SkillTerm.objects.bulk_create(SkillTerm(name=f"Skill {n}", aliases=[f"s{n}"]) for n in range(50))
    with django_assert_num_queries(3):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "reviewer"])
def test_roles_that_see_every_candidate_but_keep_no_team_lists_are_refused(client, personas, persona):
    client.force_login(personas[persona])
    row = term()
    assert client.get(LIST).status_code == 403
    assert client.post(ADD, {"name": "Cobol"}).status_code == 403
    assert client.get(edit_url(row)).status_code == 403
    assert client.post(delete_url(row)).status_code == 403
    assert SkillTerm.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("persona", ["interviewer", "hiring_manager"])
def test_the_page_does_not_exist_for_the_other_roles(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(LIST).status_code == 404
    assert client.post(ADD, {"name": "Cobol"}).status_code == 404
    assert client.post(delete_url(term())).status_code == 404


def test_an_unknown_term_is_a_404(client, recruiter):
    client.force_login(recruiter)
    assert client.get(reverse("skills:edit", args=[999999])).status_code == 404
    assert client.post(reverse("skills:delete", args=[999999])).status_code == 404


def test_the_actions_take_only_a_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(LIST).status_code == 405
    assert client.get(ADD).status_code == 405
    assert client.get(delete_url(term())).status_code == 405
    assert client.put(edit_url(term())).status_code == 405


def test_a_recruiter_adds_a_skill_by_htmx_and_the_parser_knows_it(client, recruiter):
    client.force_login(recruiter)
    response = client.post(ADD, {"name": " Elixir ", "aliases": "Phoenix， 长生不老药、phoenix"}, **htmx())
    assert response.status_code == 200
    assert 'id="skill-terms"' in response.text and "<html" not in response.text
    assert "Elixir" in response.text
    assert term("Elixir").aliases == ["Phoenix", "长生不老药"]
    assert AuditEvent.objects.filter(action="candidates.skill_term.create", actor=recruiter).exists()
    assert any(entry.name == "Elixir" for entry in skill_vocabulary())


def test_adding_without_javascript_redirects_back_to_the_list(client, recruiter):
    client.force_login(recruiter)
    response = client.post(ADD, {"name": "Elixir"})
    assert response.status_code == 302 and response.url == LIST
    assert "Elixir" in client.get(LIST).text


def test_a_name_in_the_vocabulary_already_is_refused_on_the_form(client, recruiter):
    client.force_login(recruiter)
    html = client.post(ADD, {"name": "python"}, **htmx()).text
    assert "is in the vocabulary already" in html and "is-invalid" in html
    response = client.post(ADD, {"name": ""})
    assert response.status_code == 400 and "is-invalid" in response.text
    assert SkillTerm.objects.filter(name__iexact="python").count() == 1


def test_editing_changes_the_name_and_aliases_and_is_audited(client, recruiter):
    client.force_login(recruiter)
    row = term("Go")
    assert 'value="Go"' in client.get(edit_url(row)).text
    response = client.post(edit_url(row), {"name": "Go", "aliases": "Golang, Go语言"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.aliases == ["Golang", "Go语言"]
    event = AuditEvent.objects.get(action="candidates.skill_term.update")
    assert event.data == {"fields": ["aliases"]}


def test_editing_to_a_taken_name_is_refused_in_place_by_htmx(client, recruiter):
    client.force_login(recruiter)
    response = client.post(edit_url(term("Go")), {"name": "Python", "aliases": ""}, **htmx())
    assert response.status_code == 200 and 'id="skill-form"' in response.text
    assert "is in the vocabulary already" in response.text
    assert term("Go")


def test_deleting_takes_the_skill_out_by_htmx_and_without_javascript(client, recruiter):
    client.force_login(recruiter)
    response = client.post(delete_url(term("Go")), **htmx())
    assert response.status_code == 200 and 'id="skill-terms"' in response.text
    assert not SkillTerm.objects.filter(name="Go").exists()
    response = client.post(delete_url(term("Rust")))
    assert response.status_code == 302 and response.url == LIST
    assert AuditEvent.objects.filter(action="candidates.skill_term.delete").count() == 2
