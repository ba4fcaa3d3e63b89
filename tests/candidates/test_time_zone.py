"""A candidate's time zone is chosen from a list grouped by region, or
guessed from their phone number's country or city, never taken silently
from the user creating them."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from candidates.models import Candidate
from candidates.services.spreadsheets import candidate_create_many
from candidates.timezones import guess_time_zone, time_zone_choices
from tests import factories
from tests.candidates.test_edit import CREATE, form_data


@pytest.mark.parametrize(
    ("phone", "location", "zone"),
    [
        ("+44 20 7946 0958", "", "Europe/London"),
        ("13800138000", "", "Asia/Shanghai"),  # a local number: the deployment's phone region
        ("+49 30 901820", "", "Europe/Berlin"),
        ("", "New York, NY", "America/New_York"),
        ("", "上海", "Asia/Shanghai"),
        ("", "Sydney", "Australia/Sydney"),
        ("+1 415 555 0100", "", "America/Los_Angeles"),  # a country of many zones: the area code tells
        ("+7 912 345 6789", "Moscow", "Europe/Moscow"),  # a number of many zones: the city tells
        ("", "Remote", None),
    ],
)
def test_the_time_zone_is_guessed_from_the_phones_country_or_the_city(phone, location, zone):
    assert guess_time_zone(phone=phone, location=location) == zone


def test_the_list_is_grouped_by_region_and_starts_with_guessing():
    choices = time_zone_choices()
    assert choices[0][0] == ""
    groups = dict(choices[2:])
    assert ("Asia/Shanghai", "Shanghai") in groups["Asia"]
    assert ("America/Argentina/Buenos_Aires", "Argentina/Buenos Aires") in groups["America"]


def test_the_create_form_offers_a_searchable_list(client, recruiter):
    client.force_login(recruiter)
    html = client.get(CREATE).content.decode()
    assert '<optgroup label="Europe">' in html and 'value="Europe/London"' in html
    assert "data-tz-filter=" in html and "js/time_zone_filter.js" in html


def test_a_candidate_created_without_a_time_zone_gets_their_phones_not_the_recruiters(client, db):
    recruiter = factories.user(Role.RECRUITER, time_zone="America/Chicago")
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(time_zone="", phone="+44 20 7946 0958", location=""))
    assert response.status_code == 302
    assert Candidate.objects.get().time_zone == "Europe/London"


def test_when_nothing_tells_the_form_asks_for_the_time_zone(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(time_zone="", phone="", location="Remote"))
    assert response.status_code == 200
    assert "Choose the candidate" in str(response.context["form"].errors["time_zone"])
    assert not Candidate.objects.exists()


def test_an_unknown_time_zone_is_refused(client, recruiter):
    client.force_login(recruiter)
    response = client.post(CREATE, form_data(time_zone="Mars/Olympus"))
    assert response.context["form"].errors["time_zone"]
    assert not Candidate.objects.exists()


def test_services_and_imports_guess_too_and_a_given_zone_wins(db):
    assert factories.candidate(phone="+81 3 1234 5678").time_zone == "Asia/Tokyo"
    assert factories.candidate(phone="+81 3 1234 5678", time_zone="Europe/Paris").time_zone == "Europe/Paris"
    [imported] = candidate_create_many(actor=None, entries=[{"full_name": "Imported", "location": "Berlin, Germany"}])
    assert imported.time_zone == "Europe/Berlin"
