"""The letter's staff pages: the letter templates (Settings), and on an offer
the preview, the PDF and sending; each with its role matrix."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEvent
from messaging.models import OutboundEmail
from offers.models import Offer, OfferLetterTemplate
from tests import factories
from tests.offers.factories import approved_offer, default_letters

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("offers:letter-template-list")
CREATE = reverse("offers:letter-template-create")
BODY = "Dear {{ candidate_name }}, your salary is {{ base_salary }} from {{ start_date }}."


def preview_url(offer: Offer) -> str:
    return reverse("offers:letter-preview", args=[offer.public_id])


def send_url(offer: Offer) -> str:
    return reverse("offers:offer-send", args=[offer.public_id])


# --- letter templates ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("recruiter", 200),
        ("coordinator", 403),
        ("reviewer", 403),
        ("hiring_manager", 403),
        ("interviewer", 403),
    ],
)
def test_the_letter_templates_page_is_for_the_roles_that_manage_templates(client, personas, persona, status):
    default_letters()
    client.force_login(personas[persona])
    response = client.get(LIST)
    assert response.status_code == status
    if status == 200:
        assert "标准录用通知书" in response.content.decode() and "Standard offer" in response.content.decode()
        assert client.get(CREATE).status_code == 200


def test_the_letter_templates_list_runs_a_fixed_number_of_queries(client, recruiter, django_assert_num_queries):
    default_letters()
    client.force_login(recruiter)
    with django_assert_num_queries(3):
        assert client.get(LIST).status_code == 200
    with django_assert_num_queries(3):
        assert client.get(LIST, **HTMX).status_code == 200


def test_a_letter_template_is_created_and_audited(client, recruiter):
    client.force_login(recruiter)
    data = {"name": "Engineering", "language": "en", "subject": "Your offer: {{ job_title }}", "body": BODY}
    response = client.post(CREATE, data)
    assert response.status_code == 302 and response.url == LIST
    template = OfferLetterTemplate.objects.get(name="Engineering")
    assert AuditEvent.objects.filter(action="offers.offerlettertemplate.create", target_id=str(template.pk)).exists()


def test_unknown_merge_fields_are_refused_with_their_names(client, recruiter):
    client.force_login(recruiter)
    data = {"name": "Bad", "language": "en", "subject": "Hi", "body": "Hello {{ first_name }} {{ salary }}"}
    response = client.post(CREATE, data, **HTMX)
    assert response.status_code == 422
    assert "Unknown merge fields: first_name, salary" in response.content.decode()
    assert 'id="letter-template-form"' in response.content.decode() and "<html" not in response.content.decode()
    assert not OfferLetterTemplate.objects.filter(name="Bad").exists()


def test_the_subject_may_not_hold_the_salary(client, recruiter):
    client.force_login(recruiter)
    data = {"name": "Leaky", "language": "en", "subject": "{{ base_salary }} for you", "body": BODY}
    response = client.post(CREATE, data)
    assert response.status_code == 422 and "The subject cannot hold the terms" in response.content.decode()


def test_a_letter_template_is_edited_and_archived(client, recruiter):
    default_letters()
    template = OfferLetterTemplate.objects.get(language="en")
    client.force_login(recruiter)
    edit = reverse("offers:letter-template-edit", args=[template.pk])
    data = {"name": template.name, "language": "en", "subject": "New subject", "body": BODY}
    assert client.post(edit, data).status_code == 302
    assert OfferLetterTemplate.objects.get(pk=template.pk).subject == "New subject"
    archive = reverse("offers:letter-template-archive", args=[template.pk])
    assert client.get(archive).status_code == 405
    response = client.post(archive, **HTMX)
    assert response.status_code == 200 and response.headers["HX-Redirect"] == LIST
    assert OfferLetterTemplate.objects.get(pk=template.pk).archived_at is not None
    assert AuditEvent.objects.filter(action="offers.offerlettertemplate.archive").count() == 1


def test_archiving_is_refused_to_a_coordinator_and_an_unknown_template_is_not_found(client, coordinator, recruiter):
    default_letters()
    template = OfferLetterTemplate.objects.get(language="en")
    client.force_login(coordinator)
    assert client.post(reverse("offers:letter-template-archive", args=[template.pk])).status_code == 403
    client.force_login(recruiter)
    assert client.get(reverse("offers:letter-template-edit", args=[999999])).status_code == 404


# --- preview and PDF ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("recruiter", 200),
        ("coordinator", 200),
        ("reviewer", 200),
        ("hiring_manager", 403),
        ("interviewer", 404),
        ("outsider", 404),
    ],
)
def test_the_preview_shows_the_terms_only_to_roles_that_see_compensation(client, personas, offer, persona, status):
    factories.interview(application_=offer.application, panel=[personas["interviewer"]])
    client.force_login(personas[persona])
    response = client.get(preview_url(offer))
    assert response.status_code == status
    if status == 200:
        assert "¥40,000" in response.content.decode() and "Grace Hopper" in response.content.decode()
        assert AuditEvent.objects.filter(action="offers.offer.preview", actor=personas[persona]).count() == 1
    else:
        assert "40,000" not in response.content.decode()


def test_the_preview_picks_another_template_as_an_htmx_region(client, recruiter, offer):
    client.force_login(recruiter)
    chinese = OfferLetterTemplate.objects.get(language="zh-hans")
    response = client.get(preview_url(offer), {"template": chinese.pk}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="offer-letter"' in html and "<html" not in html
    assert "¥4万" in html
    assert client.post(preview_url(offer)).status_code == 405


def test_the_pdf_downloads_for_the_recruiter_and_not_for_the_hiring_manager(client, recruiter, hiring_manager, offer):
    client.force_login(recruiter)
    response = client.get(reverse("offers:letter-pdf", args=[offer.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="offers.offer.download", actor=recruiter).count() == 1
    client.force_login(hiring_manager)
    assert client.get(reverse("offers:letter-pdf", args=[offer.public_id])).status_code == 403


# --- sending ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("recruiter", 302),
        ("coordinator", 302),
        ("administrator", 302),
        ("reviewer", 403),
        ("hiring_manager", 403),
        ("interviewer", 404),
        ("outsider", 404),
    ],
)
def test_sending_is_for_the_roles_that_write_offers(client, personas, offer, persona, status):
    factories.interview(application_=offer.application, panel=[personas["interviewer"]])
    client.force_login(personas[persona])
    response = client.post(send_url(offer))
    assert response.status_code == status
    sent = Offer.objects.get(pk=offer.pk).status == Offer.Status.SENT
    assert sent == (status == 302)
    assert OutboundEmail.objects.count() == (1 if sent else 0)


def test_sending_goes_back_to_the_page_it_came_from_and_says_so(client, recruiter, offer):
    client.force_login(recruiter)
    back = reverse("candidates:candidate-detail", args=[offer.application.candidate.public_id])
    response = client.post(send_url(offer), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    assert "The offer was sent to Grace Hopper." in response.content.decode()


def test_sending_never_redirects_off_the_site(client, recruiter, offer):
    client.force_login(recruiter)
    response = client.post(send_url(offer), {"next": "https://evil.example/"}, **HTMX)
    assert response.headers["HX-Redirect"] == preview_url(offer)


def test_an_unapproved_offer_is_refused_with_the_reason(client, recruiter, job):
    default_letters()
    offer = approved_offer(application=factories.application(job_=job), status=Offer.Status.AWAITING_APPROVAL)
    client.force_login(recruiter)
    response = client.post(send_url(offer), follow=True)
    assert "every approver has approved" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.AWAITING_APPROVAL
    assert client.get(send_url(offer)).status_code == 405


def test_the_offer_pages_letter_actions_say_why_sending_waits(recruiter, hiring_manager, job):
    default_letters()
    offer = approved_offer(application=factories.application(job_=job), status=Offer.Status.AWAITING_APPROVAL)
    request = RequestFactory().get("/")
    request.user = recruiter
    html = render_to_string("offers/_fragments/letter_actions.html", {"offer": offer, "request": request})
    assert "Send to candidate" in html and " disabled" in html
    assert "every approver has approved" in html
    request.user = hiring_manager
    assert "letter-actions" not in render_to_string(
        "offers/_fragments/letter_actions.html", {"offer": offer, "request": request}
    )


def test_the_letter_actions_offer_sending_an_approved_offer(recruiter, offer):
    request = RequestFactory().get("/")
    request.user = recruiter
    html = render_to_string("offers/_fragments/letter_actions.html", {"offer": offer, "request": request})
    assert 'data-testid="letter-send"' in html and " disabled" not in html


def test_the_template_preview_renders_sample_values_in_the_letters_language(client, recruiter):
    client.force_login(recruiter)
    url = reverse("offers:letter-template-preview")
    data = {
        "name": "X",
        "language": "zh-hans",
        "subject": "{{ job_title }}",
        "body": "{{ candidate_name }}：{{ base_salary }} {{ salry }}",
    }
    response = client.post(url, data, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="letter-template-preview"' in html and "<html" not in html
    assert "王小明：¥4万" in html and "高级后端工程师" in html
    assert "Unknown merge fields" in html and "salry" in html
    assert not OfferLetterTemplate.objects.filter(name="X").exists()
    # Without JavaScript: the whole form page, as typed, with the preview under it.
    page = client.post(url, data).content.decode()
    assert 'id="letter-template-form"' in page and "王小明：¥4万" in page
    assert client.get(url).status_code == 405


def test_the_template_preview_is_refused_to_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("offers:letter-template-preview"), {"body": "x"}).status_code == 403
