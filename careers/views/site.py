"""The public careers site: no login, anyone's input, cached per language.

The page language: ``?lang=en`` or ``?lang=zh-hans`` when the address has it
(so a shared link opens in the language it was shared in), else the
visitor's cookie or browser (LocaleMiddleware). Every page links to itself in
the other language. Pages are cached in the django cache under the site's
version (careers.selectors.site_version), so a change shows at once; they
hold no personal data, no form token and no session.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from careers import selectors
from careers.models import Brand, Posting
from careers.templatetags.careers import localized
from core.markdown import markdown_to_safe_html, markdown_to_text

LANGUAGES = ("en", "zh-hans")
# How long a cached page lives at most: the version key makes changes show at
# once; the timeout bounds how long a passing ``valid_through`` still shows.
CACHE_SECONDS = 300
# What browsers and proxies may keep: short, since a closed job must go.
BROWSER_SECONDS = 60
FEED_SECONDS = 300
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def page_language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return current if current in LANGUAGES else settings.LANGUAGE_CODE


def public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A public GET page in the page language."""

    @login_not_required
    @require_safe
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        language = page_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers["Content-Language"] = language
        return response

    return wrapper


def _cached(request: HttpRequest, scope: str, version: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """``build()``'s answer, kept per page, language and site version. Only a
    200 is kept; a cache outage is a miss (core.cache)."""
    path = hashlib.sha1(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    key = f"careers:page:{scope}:{request.LANGUAGE_CODE}:{version}:{path}"
    kept = cache.get(key)
    if kept is not None:
        response = HttpResponse(kept["body"], content_type=kept["type"])
    else:
        response = build()
        if response.status_code == 200:
            cache.set(key, {"body": response.content, "type": response["Content-Type"]}, CACHE_SECONDS)
    if response.status_code == 200 and not request.user.is_authenticated:
        response.headers["Cache-Control"] = f"public, max-age={BROWSER_SECONDS}"
    return response


def _brand_or_404(slug: str) -> Brand:
    brand = selectors.brand_published(slug[:60])
    if brand is None:
        raise Http404
    return brand


def _site_context(request: HttpRequest, brand: Brand | None, version: str) -> dict[str, Any]:
    return {"brand": brand, "version": version, "languages": LANGUAGES}


@public
def careers_home(request: HttpRequest) -> HttpResponse:
    """The main brand's page, or the list of published sites when none is main."""
    brand = selectors.brand_primary()
    if brand is not None:
        return _brand_page(request, brand)
    version = selectors.site_version().token

    def build() -> HttpResponse:
        context = {**_site_context(request, None, version), "brands": list(selectors.brands_published())}
        return render(request, "careers/site_index.html", context)

    return _cached(request, "index", version, build)


@public
def brand_page(request: HttpRequest, slug: str) -> HttpResponse:
    return _brand_page(request, _brand_or_404(slug))


def _brand_page(request: HttpRequest, brand: Brand) -> HttpResponse:
    version = selectors.site_version(brand).token

    def build() -> HttpResponse:
        context = {
            **_site_context(request, brand, version),
            "photos": selectors.brand_photos(brand),
            "stories": selectors.brand_stories(brand),
            "postings": list(selectors.brand_postings(brand)[: selectors.BRAND_PAGE_JOBS]),
            "job_count": selectors.brand_postings(brand).count(),
        }
        return render(request, "careers/brand_page.html", context)

    return _cached(request, f"brand:{brand.pk}", version, build)


@public
def job_list(request: HttpRequest, slug: str) -> HttpResponse:
    brand = _brand_or_404(slug)
    version = selectors.site_version(brand).token

    def build() -> HttpResponse:
        filters = selectors.JobFilters.from_query(request.GET)
        postings, has_next = selectors.brand_job_page(brand, filters)
        context = {
            **_site_context(request, brand, version),
            "filters": filters,
            "postings": postings,
            "has_next": has_next,
            "facets": selectors.brand_facets(brand),
            "workplaces": Posting.Workplace,
        }
        return render(request, "careers/job_list.html", context)

    return _cached(request, f"jobs:{brand.pk}", version, build)


@public
def job_detail(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    brand = _brand_or_404(slug)
    version = selectors.site_version(brand).token

    def build() -> HttpResponse:
        posting = selectors.posting_visible(brand, public_id)
        if posting is None:
            raise Http404
        context = {
            **_site_context(request, brand, version),
            "posting": posting,
            "description": markdown_to_safe_html(localized(posting, "description")),
            "json_ld": _json_ld(request, brand, posting),
        }
        return render(request, "careers/job_detail.html", context)

    return _cached(request, f"job:{brand.pk}", version, build)


def _json_ld(request: HttpRequest, brand: Brand, posting: Posting) -> str:
    """schema.org JobPosting, as text safe inside a <script> data block."""
    organization: dict[str, Any] = {"@type": "Organization", "name": localized(brand, "display_name")}
    if not brand.is_anonymous and brand.client.website:
        organization["sameAs"] = brand.client.website
    if brand.logo_id:
        organization["logo"] = request.build_absolute_uri(reverse("careers:image", args=[brand.logo.public_id]))
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": localized(posting, "title"),
        "description": str(markdown_to_safe_html(localized(posting, "description"))),
        "datePosted": posting.published_at.date().isoformat(),
        "employmentType": posting.employment_type,
        "hiringOrganization": organization,
        "directApply": True,
        "identifier": {"@type": "PropertyValue", "name": organization["name"], "value": str(posting.public_id)},
        "url": request.build_absolute_uri(reverse("careers:job-detail", args=[brand.slug, posting.public_id])),
    }
    if posting.valid_through:
        data["validThrough"] = posting.valid_through.isoformat()
    if posting.workplace == Posting.Workplace.REMOTE:
        data["jobLocationType"] = "TELECOMMUTE"
        if posting.location:
            data["applicantLocationRequirements"] = {"@type": "Country", "name": posting.location}
    if posting.location and posting.workplace != Posting.Workplace.REMOTE:
        data["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": posting.location},
        }
    if posting.salary_min is not None or posting.salary_max is not None:
        value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": posting.salary_period}
        if posting.salary_min is not None and posting.salary_max is not None:
            value["minValue"] = float(posting.salary_min)
            value["maxValue"] = float(posting.salary_max)
        else:
            value["value"] = float(posting.salary_min if posting.salary_min is not None else posting.salary_max)
        data["baseSalary"] = {"@type": "MonetaryAmount", "currency": posting.salary_currency, "value": value}
    text = json.dumps(data, ensure_ascii=False)
    # Inside <script>, "</script>" or "<!--" in a value would end the block.
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # JSON with <, > and & escaped above


@login_not_required
@require_safe
def brand_stylesheet(request: HttpRequest, slug: str) -> HttpResponse:
    """The brand's accent colour as CSS custom properties (no inline style
    under the CSP); linked with the site version, so kept long."""
    brand = selectors.brand_published(slug[:60])
    colour = brand.accent_colour if brand is not None and COLOUR.match(brand.accent_colour) else "#0b5fff"
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    ink = "#000000" if (0.299 * red + 0.587 * green + 0.114 * blue) > 150 else "#ffffff"
    css = f":root {{ --careers-accent: {colour}; --careers-accent-ink: {ink}; }}\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response.headers["Cache-Control"] = (
        "public, max-age=31536000, immutable" if "v" in request.GET else "public, max-age=300"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@login_not_required
@require_safe
def image(request: HttpRequest, public_id: str) -> HttpResponse:
    """A brand's logo or photo: the checked, re-encoded bytes, kept long by
    browsers (an image is never changed in place, only replaced)."""
    found = selectors.image_public(public_id, staff=request.user.is_authenticated)
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


# --- Machine-readable: sitemap and job feeds ------------------------------------


def _feed_rows(request: HttpRequest) -> list[dict[str, Any]]:
    rows = []
    postings = selectors.postings_visible().select_related("brand").order_by("brand__slug", "-published_at", "-id")
    for posting in postings:
        brand = posting.brand
        url = request.build_absolute_uri(reverse("careers:job-detail", args=[brand.slug, posting.public_id]))
        rows.append(
            {
                "id": str(posting.public_id),
                "url": url,
                "title": posting.title,
                "title_zh_hans": posting.title_zh_hans,
                "company": brand.display_name,
                "company_zh_hans": brand.display_name_zh_hans,
                "location": posting.location,
                "workplace": posting.workplace,
                "employment_type": posting.employment_type,
                "department": posting.department,
                "description_html": str(markdown_to_safe_html(posting.description)),
                "description_text": markdown_to_text(posting.description),
                "description_zh_hans_html": str(markdown_to_safe_html(posting.description_zh_hans)),
                "date_posted": posting.published_at.isoformat(),
                "valid_through": posting.valid_through.isoformat() if posting.valid_through else None,
                "updated": posting.updated_at.isoformat(),
                "salary": _salary(posting),
            }
        )
    return rows


def _salary(posting: Posting) -> dict[str, Any] | None:
    if posting.salary_min is None and posting.salary_max is None:
        return None
    return {
        "min": str(posting.salary_min) if posting.salary_min is not None else None,
        "max": str(posting.salary_max) if posting.salary_max is not None else None,
        "currency": posting.salary_currency,
        "period": posting.salary_period,
    }


def _conditional(request: HttpRequest, scope: str, build: Callable[[], HttpResponse]) -> HttpResponse:
    """A machine-readable document with ETag and Last-Modified; 304 when the poller has it."""
    version = selectors.site_version()
    etag = quote_etag(f"{scope}-{version.token}")
    last_modified = http_date(version.newest.timestamp()) if version.newest else None
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = _cached(request, scope, version.token, build)
    response.headers["ETag"] = etag
    if last_modified:
        response.headers["Last-Modified"] = last_modified
    response.headers["Cache-Control"] = f"public, max-age={FEED_SECONDS}"
    return response


@login_not_required
@require_safe
def feed_json(request: HttpRequest) -> HttpResponse:
    """Every published job of every published site, for job boards (docs/careers-feed.md)."""
    request.LANGUAGE_CODE = "en"

    def build() -> HttpResponse:
        document = {
            "version": 1,
            "generated_from": request.build_absolute_uri(request.path),
            "jobs": _feed_rows(request),
        }
        return JsonResponse(document, json_dumps_params={"ensure_ascii": False})

    return _conditional(request, "feed-json", build)


@login_not_required
@require_safe
def feed_xml(request: HttpRequest) -> HttpResponse:
    """The same feed as XML: <jobs><job>…</job></jobs> (docs/careers-feed.md)."""
    request.LANGUAGE_CODE = "en"

    def build() -> HttpResponse:
        root = ElementTree.Element("jobs", {"version": "1"})
        for row in _feed_rows(request):
            job = ElementTree.SubElement(root, "job", {"id": row["id"]})
            for name, value in row.items():
                if name == "id" or value in (None, ""):
                    continue
                if name == "salary":
                    salary = ElementTree.SubElement(job, "salary")
                    for part, text in value.items():
                        if text is not None:
                            ElementTree.SubElement(salary, part).text = text
                    continue
                ElementTree.SubElement(job, name).text = _xml_text(value)
        body = ElementTree.tostring(root, encoding="unicode", xml_declaration=False)
        return HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml; charset=utf-8"
        )

    return _conditional(request, "feed-xml", build)


# XML 1.0 cannot carry most control characters, even escaped.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _XML_INVALID.sub("", str(value))


@login_not_required
@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    """The sites and jobs anyone may read, each in both languages."""
    request.LANGUAGE_CODE = "en"

    def build() -> HttpResponse:
        namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
        root = ElementTree.Element("urlset", {"xmlns": namespace})

        def add(path: str, lastmod) -> None:
            for language in LANGUAGES:
                entry = ElementTree.SubElement(root, "url")
                ElementTree.SubElement(entry, "loc").text = request.build_absolute_uri(f"{path}?lang={language}")
                if lastmod:
                    ElementTree.SubElement(entry, "lastmod").text = lastmod.date().isoformat()

        for brand in selectors.brands_published():
            add(reverse("careers:brand", args=[brand.slug]), brand.updated_at)
            add(reverse("careers:job-list", args=[brand.slug]), brand.updated_at)
        for posting in (
            selectors.postings_visible().select_related("brand").only("public_id", "updated_at", "brand__slug")
        ):
            add(reverse("careers:job-detail", args=[posting.brand.slug, posting.public_id]), posting.updated_at)
        body = ElementTree.tostring(root, encoding="unicode")
        return HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + body, content_type="application/xml; charset=utf-8"
        )

    return _conditional(request, "sitemap", build)
