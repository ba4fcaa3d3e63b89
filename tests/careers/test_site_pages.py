"""The public careers site: what anyone may read, and nothing more."""

from __future__ import annotations

import json
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.services import site as services
from jobs.models import Job
from jobs.services import job_set_status, job_update
from tests.careers import site_factories as make

pytestmark = pytest.mark.django_db


def job_url(posting) -> str:
    return reverse("careers:job-detail", args=[posting.brand.slug, posting.public_id])


def jobs_url(brand) -> str:
    return reverse("careers:job-list", args=[brand.slug])


def json_ld(response) -> dict:
    text = response.content.decode()
    start = text.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return json.loads(text[start : text.index("</script>", start)])


def test_a_published_posting_of_an_open_job_is_on_its_brand_site(client):
    brand = make.brand()
    posting = make.posting(brand_=brand)
    listing = client.get(jobs_url(brand))
    assert listing.status_code == 200
    assert job_url(posting) in listing.content.decode()
    page = client.get(job_url(posting))
    assert page.status_code == 200
    assert "<strong>robots</strong>" in page.content.decode()


def test_a_draft_posting_is_not_found(client):
    brand = make.brand()
    posting = make.posting(brand_=brand, published=False)
    assert client.get(job_url(posting)).status_code == 404
    assert job_url(posting) not in client.get(jobs_url(brand)).content.decode()


@pytest.mark.parametrize("status", [Job.Status.CLOSED, Job.Status.ON_HOLD, Job.Status.FILLED])
def test_a_posting_whose_job_is_not_open_is_not_found(client, status):
    brand = make.brand()
    posting = make.posting(brand_=brand)
    Job.objects.filter(pk=posting.job_id).update(status=status)
    assert client.get(job_url(posting)).status_code == 404


def test_an_unpublished_brand_shows_nothing(client):
    brand = make.brand(published=False)
    job = make.posting(brand_=make.brand()).job  # another brand's, unaffected
    posting = make.posting(brand_=brand)
    assert client.get(reverse("careers:brand", args=[brand.slug])).status_code == 404
    assert client.get(jobs_url(brand)).status_code == 404
    assert client.get(job_url(posting)).status_code == 404
    assert job.posting.public_id  # the other brand's posting still exists


def test_a_posting_past_its_valid_through_is_not_found(client):
    brand = make.brand()
    posting = make.posting(brand_=brand, valid_through=timezone.now() + timedelta(days=1))
    assert client.get(job_url(posting)).status_code == 200
    services.posting_update(posting=posting, actor=None, valid_through=timezone.now() - timedelta(minutes=1))
    assert client.get(job_url(posting)).status_code == 404


def test_a_malformed_job_address_is_not_found_never_an_error(client):
    brand = make.brand()
    assert client.get(f"/careers/{brand.slug}/jobs/not-a-uuid/").status_code == 404
    assert client.get("/careers/no-such-site/jobs/").status_code == 404
    assert client.get(f"{jobs_url(brand)}?page=abc&workplace=<script>&q=" + "x" * 5000).status_code == 200


def test_the_job_page_never_shows_the_jobs_internal_description(client):
    brand = make.brand()
    posting = make.posting(brand_=brand)
    job_update(job=posting.job, actor=None, description="INTERNAL: fee 25%, client is difficult")
    body = client.get(job_url(posting)).content.decode()
    assert "INTERNAL" not in body
    assert "fee 25%" not in body


def test_an_anonymous_brand_never_names_its_client_on_pages_json_ld_feeds_or_sitemap(client):
    brand = make.brand(is_anonymous=True, display_name="A listed fintech company in Shanghai", slug="fintech")
    posting = make.posting(brand_=brand)
    secret = brand.client.name
    pages = [
        client.get(reverse("careers:brand", args=[brand.slug])),
        client.get(jobs_url(brand)),
        client.get(job_url(posting)),
        client.get(reverse("careers:feed-json")),
        client.get(reverse("careers:feed-xml")),
        client.get(reverse("careers:sitemap")),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        assert secret not in body
        assert "acme.example" not in body
    organisation = json_ld(pages[2])["hiringOrganization"]
    assert organisation["name"] == "A listed fintech company in Shanghai"
    assert "sameAs" not in organisation


def test_the_job_page_carries_a_valid_job_posting_json_ld(client):
    brand = make.brand()
    posting = make.posting(
        brand_=brand,
        salary_min=20000,
        salary_max=30000,
        valid_through=timezone.now() + timedelta(days=30),
        description="Hi </script><script>alert(1)</script>",
    )
    data = json_ld(client.get(job_url(posting)))
    assert data["@type"] == "JobPosting"
    for field in ("title", "description", "datePosted", "validThrough", "employmentType", "hiringOrganization"):
        assert data[field]
    assert data["directApply"] is True
    assert data["hiringOrganization"]["sameAs"] == "https://acme.example"
    assert data["jobLocation"]["address"]["addressLocality"] == "Shanghai"
    assert data["baseSalary"]["value"]["minValue"] == 20000
    assert "<script>" not in data["description"]


def test_a_remote_posting_is_telecommute_in_json_ld(client):
    posting = make.posting(brand_=make.brand(), workplace="remote", location="China")
    data = json_ld(client.get(job_url(posting)))
    assert data["jobLocationType"] == "TELECOMMUTE"
    assert "jobLocation" not in data


def test_pages_carry_open_graph_canonical_and_hreflang(client):
    posting = make.posting(brand_=make.brand())
    body = client.get(job_url(posting) + "?lang=zh-hans").content.decode()
    assert '<html lang="zh-hans">' in body
    assert 'property="og:title" content="Robot Whisperer"' in body
    assert 'rel="canonical" href="http://testserver' in body
    assert 'hreflang="en"' in body and 'hreflang="zh-Hans"' in body


def test_the_sitemap_lists_exactly_the_visible_postings(client):
    brand = make.brand()
    visible = make.posting(brand_=brand, title="Visible")
    draft = make.posting(brand_=brand, title="Draft", published=False)
    closed = make.posting(brand_=brand, title="Closed")
    Job.objects.filter(pk=closed.job_id).update(status=Job.Status.CLOSED)
    root = ElementTree.fromstring(client.get(reverse("careers:sitemap")).content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = {loc.text for loc in root.findall("s:url/s:loc", namespace)}
    job_locations = {
        loc.split("?")[0] for loc in locations if "/jobs/" in loc and not loc.split("?")[0].endswith("/jobs/")
    }
    assert job_locations == {f"http://testserver{job_url(visible)}"}
    assert not any(str(draft.public_id) in loc or str(closed.public_id) in loc for loc in locations)


def test_the_json_and_xml_feeds_parse_and_hold_every_visible_posting(client):
    brand = make.brand()
    first = make.posting(brand_=brand, title="First", workplace="hybrid", department="R&D")
    second = make.posting(brand_=make.brand(), title="Second")
    make.posting(brand_=brand, title="Draft", published=False)
    document = client.get(reverse("careers:feed-json")).json()
    rows = {row["id"]: row for row in document["jobs"]}
    assert set(rows) == {str(first.public_id), str(second.public_id)}
    assert rows[str(first.public_id)]["workplace"] == "hybrid"
    assert rows[str(first.public_id)]["description_text"] == "We build robots. Python Rust"
    root = ElementTree.fromstring(client.get(reverse("careers:feed-xml")).content)
    assert {job.get("id") for job in root.findall("job")} == set(rows)
    titles = {job.findtext("title") for job in root.findall("job")}
    assert titles == {"First", "Second"}


def test_the_feed_answers_304_to_a_poller_that_has_it_and_200_after_a_change(client):
    posting = make.posting(brand_=make.brand())
    first = client.get(reverse("careers:feed-json"))
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(reverse("careers:feed-json"), headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    services.posting_update(posting=posting, actor=None, title="Changed")
    changed = client.get(reverse("careers:feed-json"), headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed.json()["jobs"][0]["title"] == "Changed"


def test_search_and_filters_narrow_the_list_and_facets_come_from_the_postings(client):
    brand = make.brand()
    make.posting(brand_=brand, title="Python Developer", location="Beijing", department="Engineering")
    make.posting(brand_=brand, title="Sales Lead", location="Shanghai", department="Sales", workplace="remote")
    body = client.get(jobs_url(brand) + "?q=developer").content.decode()
    assert "Python Developer" in body and "Sales Lead" not in body
    body = client.get(jobs_url(brand) + "?location=Shanghai").content.decode()
    assert "Sales Lead" in body and "Python Developer" not in body
    body = client.get(jobs_url(brand) + "?workplace=remote").content.decode()
    assert "Sales Lead" in body and "Python Developer" not in body
    body = client.get(jobs_url(brand)).content.decode()
    assert '<option value="Beijing"' in body and '<option value="Engineering"' in body


def test_the_list_pages_by_twenty(client):
    brand = make.brand()
    for n in range(21):
        make.posting(brand_=brand, title=f"Job {n:02d}")
    first = client.get(jobs_url(brand)).content.decode()
    assert first.count('data-testid="job-link"') == 20
    assert 'data-testid="next-page"' in first
    second = client.get(jobs_url(brand) + "?page=2").content.decode()
    assert second.count('data-testid="job-link"') == 1


def test_a_cached_list_costs_two_queries(client, django_assert_num_queries):
    brand = make.brand()
    for n in range(5):
        make.posting(brand_=brand, title=f"Job {n}")
    client.get(jobs_url(brand))  # fills the cache
    with django_assert_num_queries(2):  # the brand, the site's version
        assert client.get(jobs_url(brand)).status_code == 200


def test_an_uncached_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    brand = make.brand()
    for n in range(25):
        make.posting(brand_=brand, title=f"Job {n}")
    with django_assert_num_queries(4):  # brand, version, page, facets
        assert client.get(jobs_url(brand) + "?q=job").status_code == 200


def test_publishing_shows_the_job_at_once_closing_hides_it_and_an_edit_shows_new_text(client, recruiter):
    brand = make.brand()
    posting = make.posting(brand_=brand, published=False)
    assert str(posting.public_id) not in client.get(jobs_url(brand)).content.decode()
    services.posting_publish(posting=posting, actor=None)
    assert str(posting.public_id) in client.get(jobs_url(brand)).content.decode()
    assert client.get(job_url(posting)).status_code == 200
    services.posting_update(posting=posting, actor=None, title="Chief Robot Whisperer")
    assert "Chief Robot Whisperer" in client.get(jobs_url(brand)).content.decode()
    assert "Chief Robot Whisperer" in client.get(job_url(posting)).content.decode()
    job_set_status(job=posting.job, status=Job.Status.CLOSED, actor=None)
    assert str(posting.public_id) not in client.get(jobs_url(brand)).content.decode()
    assert client.get(job_url(posting)).status_code == 404


def test_unpublishing_hides_the_job_at_once(client):
    brand = make.brand()
    posting = make.posting(brand_=brand)
    assert str(posting.public_id) in client.get(jobs_url(brand)).content.decode()
    services.posting_unpublish(posting=posting, actor=None)
    assert str(posting.public_id) not in client.get(jobs_url(brand)).content.decode()


def test_the_language_comes_from_the_address_then_the_browser(client):
    brand = make.brand(tagline="We build robots", tagline_zh_hans="我们造机器人")
    make.posting(brand_=brand, title="Engineer", title_zh_hans="工程师")
    page = reverse("careers:brand", args=[brand.slug])
    assert "我们造机器人" in client.get(page + "?lang=zh-hans").content.decode()
    assert "We build robots" in client.get(page + "?lang=en").content.decode()
    chinese = client.get(page, headers={"Accept-Language": "zh-CN,zh;q=0.9"}).content.decode()
    assert "我们造机器人" in chinese and "工程师" in chinese
    english = client.get(page, headers={"Accept-Language": "en-US"}).content.decode()
    assert "We build robots" in english and "Engineer" in english


def test_a_chinese_field_left_empty_falls_back_to_the_default_text(client):
    brand = make.brand(tagline="We build robots")
    body = client.get(reverse("careers:brand", args=[brand.slug]) + "?lang=zh-hans").content.decode()
    assert "We build robots" in body


def test_the_switch_links_to_the_same_page_in_the_other_language(client):
    brand = make.brand()
    body = client.get(jobs_url(brand) + "?q=robot&lang=en").content.decode()
    assert f'href="{jobs_url(brand)}?q=robot&amp;lang=zh-hans"' in body


def test_careers_home_is_the_primary_brand_or_the_list_of_sites(client):
    first = make.brand(display_name="First Co")
    second = make.brand(display_name="Second Co")
    body = client.get(reverse("careers:home")).content.decode()
    assert "First Co" in body and "Second Co" in body
    services.brand_make_primary(brand=second, actor=None)
    body = client.get(reverse("careers:home")).content.decode()
    assert 'data-testid="brand-name"' in body and "Second Co" in body
    assert first.display_name not in body


def test_the_brand_page_shows_culture_stories_photos_and_newest_jobs(client):
    brand = make.brand(culture="## Why us\n\nWe **care**. <img src=x onerror=alert(1)>")
    services.story_create(brand=brand, actor=None, name="Li Lei", role="Engineer", body="I *love* it here.")
    photo = services.brand_image_add(brand=brand, actor=None, content=make.png_bytes(), caption="Our office")
    make.posting(brand_=brand, title="Newest")
    body = client.get(reverse("careers:brand", args=[brand.slug])).content.decode()
    assert "<h2>Why us</h2>" in body and "<strong>care</strong>" in body
    assert "onerror=alert" not in body.replace("onerror=alert(1)&gt;", "")  # shown as text only
    assert "<em>love</em>" in body and "Li Lei" in body
    assert reverse("careers:image", args=[photo.public_id]) in body
    assert "Newest" in body


def test_an_image_is_served_with_its_type_nosniff_and_a_long_cache(client):
    brand = make.brand()
    photo = services.brand_image_add(brand=brand, actor=None, content=make.png_bytes())
    response = client.get(reverse("careers:image", args=[photo.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in response["Cache-Control"]


def test_an_image_of_an_unpublished_brand_is_not_found_for_visitors(client):
    photo = services.brand_image_add(brand=make.brand(published=False), actor=None, content=make.png_bytes())
    assert client.get(reverse("careers:image", args=[photo.public_id])).status_code == 404


def test_the_brand_stylesheet_carries_its_accent_colour(client):
    brand = make.brand(accent_colour="#ffcc00")
    css = client.get(reverse("careers:brand-css", args=[brand.slug]) + "?v=1").content.decode()
    assert "--careers-accent: #ffcc00" in css
    assert "--careers-accent-ink: #000000" in css  # dark ink on a light accent


def test_public_pages_refuse_a_post(client):
    brand = make.brand()
    assert client.post(jobs_url(brand)).status_code == 405
    assert client.post(reverse("careers:feed-json")).status_code == 405


def test_a_cache_outage_still_serves_the_page(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    brand = make.brand()
    make.posting(brand_=brand)
    assert client.get(jobs_url(brand)).status_code == 200
