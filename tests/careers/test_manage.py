"""Staff pages of the careers site: Settings → Careers sites and a job's posting."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from careers.models import Brand, BrandImage, EmployeeStory, Posting
from core.models import AuditEvent
from jobs.models import Job
from jobs.services import client_create, client_grant
from tests import factories
from tests.careers import site_factories as make

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def acme(recruiter, coordinator):
    client_ = client_create(actor=None, name="Acme Robotics", website="https://acme.example")
    client_grant(client=client_, user=recruiter, actor=None)
    client_grant(client=client_, user=coordinator, actor=None)
    return client_


@pytest.fixture
def brand(acme):
    return make.brand(client=acme, slug="acme", display_name="Acme Robotics")


@pytest.fixture
def job(acme, recruiter):
    return factories.job(client=acme, recruiter=recruiter, title="Robot Whisperer")


# --- The list and creating a site ------------------------------------------------


def test_a_recruiter_sees_the_sites_of_their_clients_only(client, recruiter, brand):
    other = make.brand(display_name="Hidden Co")
    client.force_login(recruiter)
    body = client.get(reverse("careers:site-list")).content.decode()
    assert "Acme Robotics" in body and other.display_name not in body


def test_the_site_list_answers_htmx_with_its_region(client, recruiter, brand):
    client.force_login(recruiter)
    body = client.get(reverse("careers:site-list"), **HTMX).content.decode()
    assert 'id="careers-sites"' in body and "<html" not in body


def test_roles_without_careers_pages_get_404(client, hiring_manager, interviewer):
    for user in (hiring_manager, interviewer):
        client.force_login(user)
        assert client.get(reverse("careers:site-list")).status_code == 404


def test_the_site_list_refuses_a_post(client, recruiter):
    client.force_login(recruiter)
    assert client.post(reverse("careers:site-list")).status_code == 405


def test_a_recruiter_creates_a_site_for_a_client_they_are_on(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "acme-jobs", "display_name": ""})
    brand = Brand.objects.get(client=acme)
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:site-edit", args=[brand.public_id])
    assert brand.display_name == "Acme Robotics" and not brand.is_published
    assert AuditEvent.objects.filter(action="careers.brand.create").exists()


def test_creating_a_site_over_htmx_redirects_with_a_header(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "acme-jobs"}, **HTMX)
    assert response["HX-Redirect"].startswith("/careers/manage/sites/")


def test_a_reserved_or_taken_address_is_refused_on_the_form(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "manage"})
    assert response.status_code == 400
    assert "reserved" in response.content.decode()
    assert not Brand.objects.exists()


def test_an_anonymous_site_needs_a_description(client, recruiter, acme):
    client.force_login(recruiter)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "x", "is_anonymous": "on"})
    assert response.status_code == 400
    assert not Brand.objects.exists()


def test_a_coordinator_may_not_create_a_site(client, coordinator, acme):
    client.force_login(coordinator)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "acme-jobs"})
    assert response.status_code == 403


def test_a_client_the_recruiter_is_not_on_cannot_be_chosen(client, outsider, acme):
    client.force_login(outsider)
    response = client.post(reverse("careers:site-create"), {"client": acme.pk, "slug": "acme-jobs"})
    assert response.status_code == 400
    assert not Brand.objects.exists()


# --- Editing a site ---------------------------------------------------------------


def test_a_recruiter_edits_the_sites_texts(client, recruiter, brand):
    client.force_login(recruiter)
    data = {
        "display_name": "Acme",
        "display_name_zh_hans": "艾克米",
        "tagline": "Robots for everyone",
        "culture": "We **care**",
        "accent_colour": "#112233",
    }
    response = client.post(reverse("careers:site-edit", args=[brand.public_id]), data)
    assert response.status_code == 302
    brand.refresh_from_db()
    assert (brand.display_name_zh_hans, brand.accent_colour) == ("艾克米", "#112233")


def test_a_bad_colour_is_shown_on_the_form(client, recruiter, brand):
    client.force_login(recruiter)
    data = {"display_name": "Acme", "accent_colour": "red"}
    response = client.post(reverse("careers:site-edit", args=[brand.public_id]), data, **HTMX)
    assert response.status_code == 400
    assert 'id="brand-form"' in response.content.decode() and "<html" not in response.content.decode()


def test_a_coordinator_reads_a_site_but_may_not_change_it(client, coordinator, brand):
    client.force_login(coordinator)
    assert client.get(reverse("careers:site-edit", args=[brand.public_id])).status_code == 200
    assert client.post(reverse("careers:site-edit", args=[brand.public_id]), {}).status_code == 403
    assert client.post(reverse("careers:site-publish", args=[brand.public_id])).status_code == 403


def test_an_outsider_does_not_find_the_site(client, outsider, brand):
    client.force_login(outsider)
    assert client.get(reverse("careers:site-edit", args=[brand.public_id])).status_code == 404
    assert client.post(reverse("careers:site-publish", args=[brand.public_id])).status_code == 404


def test_publishing_and_taking_a_site_offline(client, recruiter, brand):
    client.force_login(recruiter)
    client.post(reverse("careers:site-unpublish", args=[brand.public_id]))
    brand.refresh_from_db()
    assert not brand.is_published
    response = client.post(reverse("careers:site-publish", args=[brand.public_id]), **HTMX)
    assert response["HX-Redirect"] == reverse("careers:site-edit", args=[brand.public_id])
    brand.refresh_from_db()
    assert brand.is_published
    assert client.get(reverse("careers:site-publish", args=[brand.public_id])).status_code == 405


def test_making_a_site_the_main_one(client, recruiter, brand):
    old = make.brand()
    from careers.services.site import brand_make_primary

    brand_make_primary(brand=old, actor=None)
    client.force_login(recruiter)
    client.post(reverse("careers:site-primary", args=[brand.public_id]))
    assert Brand.objects.get(is_primary=True) == brand


def test_uploading_a_logo_and_a_photo(client, recruiter, brand):
    client.force_login(recruiter)
    url = reverse("careers:site-image-add", args=[brand.public_id])
    logo = SimpleUploadedFile("logo.png", make.png_bytes(), content_type="image/png")
    assert client.post(url, {"image": logo, "kind": "logo"}).status_code == 302
    photo = SimpleUploadedFile("office.jpg", make.jpeg_bytes(), content_type="image/jpeg")
    assert client.post(url, {"image": photo, "kind": "photo", "caption": "Office"}).status_code == 302
    brand.refresh_from_db()
    assert brand.logo.kind == BrandImage.Kind.LOGO
    assert brand.images.count() == 2


def test_an_html_file_named_png_is_refused_with_the_reason(client, recruiter, brand):
    client.force_login(recruiter)
    fake = SimpleUploadedFile("logo.png", b"<html><script>alert(1)</script>", content_type="image/png")
    response = client.post(reverse("careers:site-image-add", args=[brand.public_id]), {"image": fake, "kind": "logo"})
    assert response.status_code == 400
    assert "not a PNG, JPEG or WebP image" in response.content.decode()
    assert not BrandImage.objects.exists()


def test_removing_an_image(client, recruiter, brand):
    from careers.services.site import brand_image_add

    image = brand_image_add(brand=brand, actor=None, content=make.png_bytes(), kind="logo")
    client.force_login(recruiter)
    assert client.post(reverse("careers:site-image-remove", args=[image.public_id])).status_code == 302
    brand.refresh_from_db()
    assert brand.logo is None and not BrandImage.objects.exists()


def test_adding_and_removing_a_story(client, recruiter, brand):
    client.force_login(recruiter)
    data = {"name": "Li Lei", "role": "Engineer", "body": "Great team."}
    assert client.post(reverse("careers:site-story-add", args=[brand.public_id]), data).status_code == 302
    story = EmployeeStory.objects.get()
    assert client.post(reverse("careers:site-story-remove", args=[story.public_id])).status_code == 302
    assert not EmployeeStory.objects.exists()


def test_a_story_without_text_is_refused(client, recruiter, brand):
    client.force_login(recruiter)
    response = client.post(reverse("careers:site-story-add", args=[brand.public_id]), {"name": "Li Lei"})
    assert response.status_code == 400


# --- A job's posting --------------------------------------------------------------


def test_the_posting_form_starts_from_the_jobs_title_not_its_description(client, recruiter, brand, job):
    from jobs.services import job_update

    job_update(job=job, actor=None, description="Internal notes")
    client.force_login(recruiter)
    body = client.get(reverse("careers:posting-edit", args=[job.public_id])).content.decode()
    assert 'value="Robot Whisperer"' in body
    assert "Internal notes" not in body


def test_a_recruiter_writes_and_publishes_a_posting(client, recruiter, brand, job):
    client.force_login(recruiter)
    data = {
        "title": "Robot Whisperer",
        "description": "Talk to robots.",
        "workplace": "hybrid",
        "employment_type": "FULL_TIME",
        "salary_currency": "CNY",
        "salary_period": "MONTH",
    }
    assert client.post(reverse("careers:posting-edit", args=[job.public_id]), data).status_code == 302
    posting = Posting.objects.get(job=job)
    assert posting.brand == brand and posting.published_at is None
    client.post(reverse("careers:posting-publish", args=[job.public_id]))
    posting.refresh_from_db()
    assert posting.published_at is not None
    assert client.get(reverse("careers:job-detail", args=[brand.slug, posting.public_id])).status_code == 200
    client.post(reverse("careers:posting-unpublish", args=[job.public_id]), **HTMX)
    assert client.get(reverse("careers:job-detail", args=[brand.slug, posting.public_id])).status_code == 404


def test_a_posting_of_a_job_that_is_not_open_cannot_be_published(client, recruiter, brand, acme):
    draft_job = factories.job(client=acme, recruiter=recruiter, status=Job.Status.DRAFT)
    make.posting(brand_=brand, job_=draft_job, published=False)
    client.force_login(recruiter)
    response = client.post(reverse("careers:posting-publish", args=[draft_job.public_id]), follow=True)
    assert "Only an open job can be published." in response.content.decode()
    assert Posting.objects.get(job=draft_job).published_at is None


def test_the_posting_form_shows_its_errors(client, recruiter, brand, job):
    client.force_login(recruiter)
    response = client.post(reverse("careers:posting-edit", args=[job.public_id]), {"title": ""}, **HTMX)
    assert response.status_code == 400
    assert 'id="posting-form"' in response.content.decode()


def test_a_job_without_a_careers_site_says_so(client, recruiter):
    job = factories.job(recruiter=recruiter)
    client.force_login(recruiter)
    body = client.get(reverse("careers:posting-edit", args=[job.public_id])).content.decode()
    assert "no careers site yet" in body


def test_a_coordinator_reads_a_posting_but_may_not_change_it(client, coordinator, brand, job):
    make.posting(brand_=brand, job_=job)
    client.force_login(coordinator)
    assert client.get(reverse("careers:posting-edit", args=[job.public_id])).status_code == 200
    assert client.post(reverse("careers:posting-unpublish", args=[job.public_id])).status_code == 403


def test_an_outsider_does_not_find_the_posting(client, outsider, brand, job):
    client.force_login(outsider)
    assert client.get(reverse("careers:posting-edit", args=[job.public_id])).status_code == 404


def test_the_preview_shows_an_unpublished_posting_to_staff_only(client, recruiter, brand, job):
    posting = make.posting(brand_=brand, job_=job, published=False)
    client.force_login(recruiter)
    response = client.get(reverse("careers:posting-preview", args=[job.public_id]))
    assert response.status_code == 200
    assert 'data-testid="preview-banner"' in response.content.decode()
    client.logout()
    assert client.get(reverse("careers:job-detail", args=[brand.slug, posting.public_id])).status_code == 404


def test_the_job_page_links_to_its_careers_posting(client, recruiter, job):
    client.force_login(recruiter)
    body = client.get(reverse("jobs:job-detail", args=[job.public_id])).content.decode()
    assert reverse("careers:posting-edit", args=[job.public_id]) in body


def test_a_reviewer_reads_sites_and_postings_and_may_change_nothing(client, reviewer, brand, job):
    make.posting(brand_=brand, job_=job)
    client.force_login(reviewer)
    assert client.get(reverse("careers:site-edit", args=[brand.public_id])).status_code == 200
    assert client.get(reverse("careers:posting-edit", args=[job.public_id])).status_code == 200
    for name in ("careers:site-publish", "careers:site-unpublish", "careers:site-primary"):
        assert client.post(reverse(name, args=[brand.public_id])).status_code == 403
    for name in ("careers:posting-publish", "careers:posting-unpublish", "careers:posting-edit"):
        assert client.post(reverse(name, args=[job.public_id])).status_code == 403
