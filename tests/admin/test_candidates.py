"""Candidates in Django admin: written through candidates.services, contact
details decrypted for administrators only, found by email through the blind index."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

from candidates.models import Activity, Candidate, Document
from candidates.services import document_read
from core import crypto
from core.fields import encrypted_fields
from core.models import AuditEvent
from jobs.admin import ContactInline
from jobs.models import Client, Contact
from tests.admin.world import CANDIDATE_EMAIL
from tests.factories import files


def candidate_form(**values) -> dict:
    data = {"full_name": "Grace Hopper", "language": "en", "time_zone": "Asia/Shanghai"}
    data.update(values)
    return data


def test_creating_a_candidate_in_admin_goes_through_candidate_create(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:candidates_candidate_add"),
        candidate_form(email="Grace.Hopper@Example.test", phone="+86 139 1234 5678", current_compensation="1M"),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    candidate = Candidate.objects.get(email_index=crypto.email_index("grace.hopper@example.test"))
    assert candidate.owner == admin_user
    assert candidate.phone == "+8613912345678"
    event = AuditEvent.objects.get(action="candidates.candidate.create", target_id=str(candidate.public_id))
    assert event.actor == admin_user
    assert "grace" not in str(event.data).lower()
    assert Activity.objects.filter(candidate=candidate, kind=Activity.Kind.CREATED).exists()
    raw_email, raw_pay = Candidate.objects.filter(pk=candidate.pk).values_list("email", "current_compensation").get()
    assert b"grace" not in bytes(raw_email).lower()
    assert b"1M" not in bytes(raw_pay)


def test_changing_a_candidate_in_admin_goes_through_candidate_update(admin_client, admin_user, world):
    candidate = world.candidate
    candidate.refresh_from_db()  # the world's resume filled its title and company
    response = admin_client.post(
        reverse("admin:candidates_candidate_change", args=[candidate.pk]),
        candidate_form(
            full_name=candidate.full_name,
            headline=candidate.headline,
            company=candidate.company,
            location=candidate.location,
            skills=candidate.skills,
            email=CANDIDATE_EMAIL,
            phone="+86 138 0000 1111",
            expected_compensation="500k CNY",
            tags=[world.tag.pk],
            source=world.source.pk,
            owner=candidate.owner_id,
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    candidate.refresh_from_db()
    assert candidate.phone == "+8613800001111"
    assert bytes(candidate.phone_index) == crypto.phone_index("+8613800001111")
    # The newest update: the world's resume filled the profile before.
    event = AuditEvent.objects.filter(action="candidates.candidate.update", target_id=str(candidate.public_id)).latest(
        "pk"
    )
    assert (event.actor, event.data) == (admin_user, {"fields": ["phone"]})


def test_a_malformed_email_is_shown_on_the_form_and_nothing_is_saved(admin_client):
    response = admin_client.post(reverse("admin:candidates_candidate_add"), candidate_form(email="not-an-address"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["email"] == ["Enter a valid email address."]
    assert response.context["adminform"].form["full_name"].value() == "Grace Hopper"
    assert not Candidate.objects.exists()
    assert not AuditEvent.objects.filter(action="candidates.candidate.create").exists()


def test_the_candidate_change_page_shows_the_decrypted_email_to_an_administrator(admin_client, world):
    response = admin_client.get(reverse("admin:candidates_candidate_change", args=[world.candidate.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="ada.lovelace@example.test"' in page
    assert 'value="500k CNY"' in page


def test_a_changelist_search_by_email_finds_the_candidate_whatever_the_case(admin_client, world):
    for term in ("ADA.LOVELACE@EXAMPLE.TEST", "  ada.lovelace@example.test", "Ada.Lovelace@Example.test"):
        response = admin_client.get(reverse("admin:candidates_candidate_changelist"), {"q": term})
        assert list(response.context["cl"].result_list) == [world.candidate], term
    response = admin_client.get(reverse("admin:candidates_candidate_changelist"), {"q": "someone@example.test"})
    assert list(response.context["cl"].result_list) == []


def test_encrypted_fields_are_left_out_for_anyone_who_is_not_an_administrator(world, admin_user, recruiter):
    for model, obj in ((Candidate, world.candidate), (Contact, world.contact), (Document, world.document)):
        model_admin = admin.site._registry[model]
        encrypted = {field.name for field in encrypted_fields(model)}
        for user, expected in ((admin_user, encrypted), (recruiter, set())):
            request = RequestFactory().get("/")
            request.user = user
            fieldsets = model_admin.get_fieldsets(request, obj)
            shown = {name for _title, options in fieldsets for name in options["fields"]}
            form = model_admin.get_form(request, obj, change=True, fields=flatten_fieldsets(fieldsets))
            assert shown & encrypted == expected, (model, user.role)
            assert set(form.base_fields) & encrypted <= expected, (model, user.role)


def test_the_contact_inline_of_a_client_hides_contact_details_from_non_administrators(world, admin_user, recruiter):
    contact_inline = ContactInline(Client, admin.site)
    for user, expected in ((admin_user, {"email", "phone"}), (recruiter, set())):
        request = RequestFactory().get("/")
        request.user = user
        formset = contact_inline.get_formset(request, world.client)
        assert set(formset.form.base_fields) & {"email", "phone"} == expected, user.role


def test_candidates_cannot_be_deleted_in_admin(admin_client, world):
    response = admin_client.get(reverse("admin:candidates_candidate_delete", args=[world.candidate.pk]))
    assert response.status_code == 403


def test_uploading_a_document_in_admin_stores_it_encrypted(admin_client, admin_user, world, settings):
    documents_before = Activity.objects.filter(candidate=world.candidate, kind=Activity.Kind.DOCUMENT).count()
    content = files.pdf("Grace Hopper", "compilers")
    upload = SimpleUploadedFile("cv.pdf", content, content_type="text/plain")
    response = admin_client.post(
        reverse("admin:candidates_document_add"),
        {"candidate": world.candidate.pk, "kind": Document.Kind.RESUME, "upload": upload, "text": "compilers"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    document = Document.objects.get(filename="cv.pdf")
    assert (document.uploaded_by, document.size, document.text) == (admin_user, len(content), "compilers")
    assert document.content_type == "application/pdf"  # judged from the bytes, not the browser's word
    stored = (settings.MEDIA_ROOT / document.storage_name).read_bytes()
    assert b"Grace" not in stored
    assert document_read(document=document) == content
    assert (
        Activity.objects.filter(candidate=world.candidate, kind=Activity.Kind.DOCUMENT).count() == documents_before + 1
    )
