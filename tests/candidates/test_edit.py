"""Creating and editing candidates, and the live duplicate warning."""

from __future__ import annotations

import pytest
from django.urls import reverse

from candidates.models import Activity, Candidate
from tests import factories
from tests.core.test_pages import INLINE

HTMX = {"HTTP_HX_REQUEST": "true"}
CREATE = "/candidates/new/"
DUPLICATES = "/candidates/duplicates/"


def form_data(**overrides) -> dict[str, str]:
    data = {
        "full_name": "Lena Park",
        "headline": "Staff Engineer",
        "company": "Acme",
        "location": "Shanghai",
        "skills": "python, go",
        "source": "",
        "language": "en",
        "time_zone": "Asia/Shanghai",
        "owner": "",
        "email": "lena.park@example.com",
        "phone": "+8613912345678",
        "address": "",
        "im_handle": "",
        "id_number": "",
        "birth_date": "",
        "current_compensation": "CNY 800k",
        "expected_compensation": "",
        "tags": "python, remote",
    }
    return data | overrides


def edit_url(candidate) -> str:
    return reverse("candidates:candidate-edit", args=[candidate.public_id])


@pytest.fixture
def existing(recruiter):
    return factories.candidate(
        full_name="John Smith",
        headline="Backend Engineer",
        company="Acme Inc",
        email="John.Smith@Example.com",
        phone="13800138000",
        owner=recruiter,
    )


# --- Create ---------------------------------------------------------------------------


def test_the_urls_are_named():
    assert reverse("candidates:candidate-create") == CREATE
    assert reverse("candidates:candidate-duplicates") == DUPLICATES


@pytest.mark.parametrize("role", ["recruiter", "coordinator", "administrator"])
def test_writers_create_a_candidate_and_land_on_the_profile(client, personas, role):
    user = personas[role]
    client.force_login(user)
    assert client.get(CREATE).status_code == 200
    response = client.post(CREATE, form_data(owner=str(user.pk)))
    candidate = Candidate.objects.get(full_name="Lena Park")
    assert response.status_code == 302
    assert response.url == reverse("candidates:candidate-detail", args=[candidate.public_id])
    assert candidate.email == "lena.park@example.com"
    assert candidate.current_compensation == "CNY 800k"
    assert candidate.owner == user
    assert sorted(candidate.tags.values_list("name", flat=True)) == ["python", "remote"]
    assert candidate.activities.filter(kind=Activity.Kind.CREATED).exists()


@pytest.mark.parametrize("role", ["reviewer", "hiring_manager", "interviewer"])
def test_other_roles_may_not_create_candidates(client, personas, role):
    client.force_login(personas[role])
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Candidate.objects.exists()


def test_the_create_form_starts_with_the_user_as_owner_and_no_time_zone_assumed(client, recruiter):
    client.force_login(recruiter)
    form = client.get(CREATE).context["form"]
    assert form["owner"].initial == recruiter.pk
    assert not form["time_zone"].initial  # guessed from the phone or city, or chosen; never the user's


def test_create_refuses_other_methods(client, recruiter):
    client.force_login(recruiter)
    assert client.put(CREATE).status_code == 405
    assert client.delete(CREATE).status_code == 405


@pytest.mark.parametrize(("field", "value"), [("email", "not-an-email"), ("phone", "12")])
def test_invalid_input_shows_errors_keeps_the_input_and_saves_nothing(client, recruiter, field, value):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert value in response.text
    assert "Lena Park" in response.text
    assert not Candidate.objects.exists()


def test_a_blank_name_is_refused(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(full_name=""))
    assert response.context["form"].errors["full_name"]
    assert not Candidate.objects.exists()


def test_the_form_page_has_no_inline_script_or_style(client, recruiter, existing):
    client.force_login(recruiter)
    for html in (
        client.get(CREATE).text,
        client.get(edit_url(existing)).text,
        client.post(CREATE, form_data(email="john.smith@example.com")).text,
        client.get(DUPLICATES, {"email": "john.smith@example.com"}, **HTMX).text,
    ):
        for pattern in INLINE:
            assert not pattern.search(html), pattern.pattern


def test_the_form_asks_for_the_warning_with_htmx(client, recruiter):
    client.force_login(recruiter)
    html = client.get(CREATE).text
    assert f'hx-get="{DUPLICATES}"' in html
    assert 'hx-target="#duplicates"' in html
    assert 'id="duplicates"' in html
    assert "change from:#id_email" in html


# --- Edit -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["recruiter", "coordinator", "administrator"])
def test_writers_edit_a_candidate(client, personas, existing, role):
    client.force_login(personas[role])
    page = client.get(edit_url(existing))
    assert page.status_code == 200
    assert "john.smith@example.com" in page.text  # the stored value is filled in
    data = form_data(full_name="John Smith", company="Acme Inc", email="john.smith@example.com", phone="13800138000")
    response = client.post(edit_url(existing), data | {"headline": "Principal Engineer"})
    assert response.status_code == 302
    assert response.url == reverse("candidates:candidate-detail", args=[existing.public_id])
    existing.refresh_from_db()
    assert existing.headline == "Principal Engineer"
    assert existing.activities.filter(kind=Activity.Kind.UPDATED).exists()


def test_editing_a_candidate_does_not_flag_it_as_its_own_duplicate(client, recruiter, existing):
    client.force_login(recruiter)
    response = client.post(
        edit_url(existing),
        form_data(full_name="Jon Smith", company="Acme Inc", email="JOHN.SMITH@example.com", phone="+86 138 0013 8000"),
    )
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.full_name == "Jon Smith"
    fragment = client.get(
        DUPLICATES,
        {
            "email": "john.smith@example.com",
            "full_name": "John Smith",
            "company": "Acme Inc",
            "exclude": existing.public_id,
        },
        **HTMX,
    )
    assert fragment.context["duplicates"] == []


def test_a_reviewer_may_not_edit(client, reviewer, existing):
    client.force_login(reviewer)
    assert client.get(edit_url(existing)).status_code == 403
    assert client.post(edit_url(existing), form_data()).status_code == 403


def test_an_interviewer_not_on_a_panel_gets_404(client, interviewer, existing):
    client.force_login(interviewer)
    assert client.get(edit_url(existing)).status_code == 404


def test_an_unknown_candidate_is_404(client, recruiter):
    client.force_login(recruiter)
    assert client.get("/candidates/00000000-0000-0000-0000-000000000000/edit/").status_code == 404


def test_edit_refuses_other_methods(client, recruiter, existing):
    client.force_login(recruiter)
    assert client.delete(edit_url(existing)).status_code == 405


def test_an_invalid_edit_saves_nothing(client, recruiter, existing):
    client.force_login(recruiter)
    response = client.post(edit_url(existing), form_data(full_name="John Smith", email="nope@", headline="Changed"))
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert "nope@" in response.text
    existing.refresh_from_db()
    assert existing.headline == "Backend Engineer"
    assert existing.email == "john.smith@example.com"


# --- The duplicate warning --------------------------------------------------------------


def duplicates(client, **params):
    return client.get(DUPLICATES, params, **HTMX)


def test_a_duplicate_by_email_is_found_whatever_its_case(client, recruiter, existing):
    client.force_login(recruiter)
    response = duplicates(client, email="  JOHN.smith@EXAMPLE.com ")
    assert response.status_code == 200
    assert [d.candidate for d in response.context["duplicates"]] == [existing]
    assert "same email" in response.text
    assert reverse("candidates:candidate-detail", args=[existing.public_id]) in response.text


def test_a_duplicate_by_phone_is_found_in_another_spelling(client, recruiter, existing):
    client.force_login(recruiter)
    response = duplicates(client, phone="+86 138 0013 8000")
    assert [d.candidate for d in response.context["duplicates"]] == [existing]
    assert "same phone" in response.text


def test_a_duplicate_by_similar_name_and_company_is_found(client, recruiter, existing):
    client.force_login(recruiter)
    response = duplicates(client, full_name="Jon Smith", company="Acme")
    assert [d.candidate for d in response.context["duplicates"]] == [existing]
    assert "similar name and company" in response.text


def test_every_reason_is_given_once_per_candidate(client, recruiter, existing):
    client.force_login(recruiter)
    response = duplicates(client, email="john.smith@example.com", phone="13800138000", full_name="John Smith")
    [duplicate] = response.context["duplicates"]
    assert duplicate.reasons == ("email", "phone", "name")


def test_an_unrelated_person_is_not_flagged(client, recruiter, existing):
    client.force_login(recruiter)
    response = duplicates(
        client, email="maria@example.org", phone="+8613912345678", full_name="Maria Garcia", company="Globex"
    )
    assert response.context["duplicates"] == []
    assert "same email" not in response.text


def test_the_warning_never_shows_the_duplicates_contact_details(client, recruiter, existing):
    client.force_login(recruiter)
    for response in (
        duplicates(client, full_name="Jon Smith", company="Acme"),
        client.post(CREATE, form_data(full_name="Jon Smith", company="Acme", email="", phone="")),
    ):
        assert "John Smith" in response.text
        assert "john.smith@example.com" not in response.text.lower()
        assert "13800138000" not in response.text


def test_the_fragment_for_htmx_and_a_page_without_it(client, recruiter, existing):
    client.force_login(recruiter)
    fragment = duplicates(client, email="john.smith@example.com")
    assert "<html" not in fragment.text
    assert 'name="confirm_duplicate"' in fragment.text
    page = client.get(DUPLICATES, {"email": "john.smith@example.com"})
    assert page.status_code == 200
    assert "<html" in page.text
    assert "same email" in page.text
    assert 'name="confirm_duplicate"' not in page.text


def test_the_warning_is_for_writers_only(client, reviewer):
    client.force_login(reviewer)
    assert duplicates(client, email="john.smith@example.com").status_code == 403


def test_the_warning_refuses_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(DUPLICATES, {"email": "a@example.com"}).status_code == 405


def test_without_javascript_a_duplicate_is_not_saved_until_confirmed(client, recruiter, existing):
    client.force_login(recruiter)
    data = form_data(full_name="Johnny Walker", company="Globex", email="john.smith@example.com")
    response = client.post(CREATE, data)
    assert response.status_code == 200
    assert "same email" in response.text
    assert 'name="confirm_duplicate"' in response.text
    assert "Johnny Walker" in response.text  # typed input kept
    assert Candidate.objects.count() == 1

    response = client.post(CREATE, data | {"confirm_duplicate": "on"})
    assert response.status_code == 302
    assert Candidate.objects.count() == 2


def test_an_edit_that_makes_a_candidate_look_like_another_asks_first(client, recruiter, existing):
    other = factories.candidate(full_name="Maria Garcia", company="Globex", email="maria@example.org")
    client.force_login(recruiter)
    data = form_data(full_name="Maria Garcia", company="Globex", email="john.smith@example.com", phone="")
    response = client.post(edit_url(other), data)
    assert response.status_code == 200
    assert "same email" in response.text
    other.refresh_from_db()
    assert other.email == "maria@example.org"
    assert client.post(edit_url(other), data | {"confirm_duplicate": "on"}).status_code == 302
