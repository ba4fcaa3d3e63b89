"""Client pages: list, detail with contacts, create, edit, add a contact."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.models import AuditEvent
from jobs.models import Client
from jobs.selectors import client_list_for
from jobs.services import client_create
from tests.jobs.conftest import htmx


def test_a_recruiter_lists_the_clients_they_are_on(client, recruiter, acme):
    client_create(actor=None, name="Somebody Else Ltd")
    client.force_login(recruiter)
    response = client.get(reverse("jobs:client-list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Acme Robotics" in html
    assert "Somebody Else Ltd" not in html


def test_the_client_list_answers_htmx_with_its_rows_only(client, recruiter, acme):
    client.force_login(recruiter)
    html = client.get(reverse("jobs:client-list"), **htmx()).content.decode()
    assert 'id="client-rows"' in html
    assert "<html" not in html
    assert "Acme Robotics" in html


def test_the_client_list_refuses_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("jobs:client-list")).status_code == 405


def test_the_client_page_shows_contacts_and_visible_jobs(client, recruiter, acme, acme_contact, acme_job):
    client.force_login(recruiter)
    response = client.get(reverse("jobs:client-detail", args=[acme.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Carla Contact" in html
    assert "carla@acme.example" in html
    assert "Robot Whisperer" in html


def test_an_outsider_recruiter_gets_404_on_another_clients_page(client, outsider, acme):
    client.force_login(outsider)
    assert client.get(reverse("jobs:client-detail", args=[acme.public_id])).status_code == 404
    assert client.get(reverse("jobs:client-edit", args=[acme.public_id])).status_code == 404
    assert client.post(reverse("jobs:contact-add", args=[acme.public_id]), {"full_name": "X"}).status_code == 404


def test_the_client_page_refuses_post(client, recruiter, acme):
    client.force_login(recruiter)
    assert client.post(reverse("jobs:client-detail", args=[acme.public_id])).status_code == 405


def test_a_reviewer_sees_contact_details_of_every_client(client, reviewer, acme_contact):
    client.force_login(reviewer)
    html = client.get(reverse("jobs:client-detail", args=[acme_contact.client.public_id])).content.decode()
    assert 'data-testid="contact-email"' in html
    assert "carla@acme.example" in html


def test_an_interviewer_cannot_see_clients_so_never_their_contact_details(client, interviewer, acme_contact):
    client.force_login(interviewer)
    response = client.get(reverse("jobs:client-detail", args=[acme_contact.client.public_id]))
    assert response.status_code == 404
    assert "carla@acme.example" not in response.content.decode()


def test_a_hiring_manager_sees_no_client_page_even_on_one_of_its_jobs(client, hiring_manager, acme_contact, acme_job):
    # client_list_for gives hiring managers (reach OWN_JOBS) no clients: they see
    # their jobs, not the client record, so contact details never show here.
    assert not client_list_for(hiring_manager).exists()
    client.force_login(hiring_manager)
    assert client.get(reverse("jobs:client-detail", args=[acme_contact.client.public_id])).status_code == 404


def test_a_recruiter_creates_a_client_and_lands_on_its_page(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:client-create"), {"name": "Globex", "website": "https://globex.example"})
    created = Client.objects.get(name="Globex")
    assert response.status_code == 302
    assert response.url == reverse("jobs:client-detail", args=[created.public_id])
    assert AuditEvent.objects.filter(action="jobs.client.create").exists()
    assert "Client Globex created." in client.get(response.url).content.decode()


def test_the_new_client_form_renders_for_a_recruiter(client, recruiter):
    client.force_login(recruiter)
    response = client.get(reverse("jobs:client-create"))
    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()


def test_creating_a_client_over_htmx_redirects_with_a_header(client, recruiter):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:client-create"), {"name": "Initech"}, **htmx())
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("jobs:client-detail", args=[Client.objects.get(name="Initech").public_id])


def test_a_duplicate_client_name_is_shown_as_a_form_error_in_the_htmx_fragment(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:client-create"), {"name": "Acme Robotics"}, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="client-form"' in html
    assert "<html" not in html
    assert "already exists" in html


@pytest.mark.parametrize("persona", ["reviewer", "coordinator", "hiring_manager", "interviewer"])
def test_only_recruiters_and_administrators_may_create_a_client(client, personas, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("jobs:client-create")).status_code == 403
    assert client.post(reverse("jobs:client-create"), {"name": "Nope"}).status_code == 403
    assert not Client.objects.filter(name="Nope").exists()


def test_the_new_client_page_refuses_put(client, recruiter):
    client.force_login(recruiter)
    assert client.put(reverse("jobs:client-create")).status_code == 405


def test_a_recruiter_edits_a_client_through_client_update(client, recruiter, acme):
    client.force_login(recruiter)
    url = reverse("jobs:client-edit", args=[acme.public_id])
    assert 'value="Acme Robotics"' in client.get(url).content.decode()
    response = client.post(url, {"name": "Acme Robotics Group", "notes": "Key account"})
    assert response.status_code == 302
    acme.refresh_from_db()
    assert (acme.name, acme.notes, acme.website) == ("Acme Robotics Group", "Key account", "")
    event = AuditEvent.objects.get(action="jobs.client.update")
    assert set(event.data["fields"]) == {"name", "notes", "website"}


def test_a_coordinator_may_not_edit_a_client(client, coordinator, acme):
    client.force_login(coordinator)
    assert client.post(reverse("jobs:client-edit", args=[acme.public_id]), {"name": "X"}).status_code == 403


def test_a_recruiter_adds_a_contact_with_a_plain_post(client, recruiter, acme):
    client.force_login(recruiter)
    url = reverse("jobs:contact-add", args=[acme.public_id])
    response = client.post(url, {"full_name": "Dana Doe", "email": "Dana@Acme.example", "phone": "+86 138 0013 8001"})
    assert response.status_code == 302
    contact = acme.contacts.get()
    assert (contact.email, contact.phone) == ("dana@acme.example", "+8613800138001")
    assert "Contact Dana Doe added." in client.get(response.url).content.decode()


def test_adding_a_contact_over_htmx_returns_the_contacts_region(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:contact-add", args=[acme.public_id]), {"full_name": "Dana Doe"}, **htmx())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="contacts"' in html
    assert "<html" not in html
    assert "Contact Dana Doe added." in html


def test_an_invalid_contact_phone_is_shown_next_to_the_form(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("jobs:contact-add", args=[acme.public_id]), {"full_name": "Bad", "phone": "12"})
    assert response.status_code == 200
    assert "Enter a valid phone number" in response.content.decode()
    assert not acme.contacts.exists()


def test_adding_a_contact_refuses_get(client, recruiter, acme):
    client.force_login(recruiter)
    assert client.get(reverse("jobs:contact-add", args=[acme.public_id])).status_code == 405


def test_a_coordinator_may_not_add_a_contact(client, coordinator, acme):
    client.force_login(coordinator)
    assert client.post(reverse("jobs:contact-add", args=[acme.public_id]), {"full_name": "X"}).status_code == 403
