"""The public application form of a posting, its thank-you page and the
privacy notice it links to. No login; every byte posted is hostile: the body
is bounded (the upload handler, Django's field and memory limits, answered
here with a page, never a 500), the traps and the rate limits (per client
address, then per email address) come before the work, and each bad field is
named in the visitor's language."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe

from accounts.lockout import lift_context
from candidates.models import PrivacyNotice
from candidates.selectors import privacy_notice_in_force
from candidates.uploads import DocumentSizeLimitHandler, refuse_if_cut_off
from careers import selectors
from careers.forms.apply import ApplyForm
from careers.models import Posting
from careers.services.applications import Evidence, application_submit
from careers.views.site import page_language
from core.http import GET_OR_POST, client_address, error_text
from core.ratelimit import limit_hit

IP_WINDOW = timedelta(minutes=10)
EMAIL_WINDOW = timedelta(hours=1)
SOURCE_PARAMS = ("source", "utm_source", "ref")


def in_visitor_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve a public page in the careers site's page language
    (careers.views.site.page_language: ``?lang=``, else the visitor's)."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        language = page_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            response.headers.setdefault("Content-Language", language)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
            return response

    return wrapper


def _render(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    """``template`` in the careers site's frame (careers/site_base.html): its
    language switch keeps the rest of the query (the source a visitor came
    from); the brand's stylesheet is versioned by the brand's last change."""
    brand = context.get("brand")
    version = str(int(brand.updated_at.timestamp())) if brand is not None else ""
    site = {"languages": [code for code, _name in settings.LANGUAGES], "version": version}
    return render(request, template, {**site, **context}, status=status)


def _posting_context(posting: Posting) -> dict:
    zh = translation.get_language() == "zh-hans"
    brand = posting.brand
    return {
        "posting": posting,
        "brand": brand,
        "brand_name": (brand.display_name_zh_hans if zh else "") or brand.display_name,
        "posting_title": (posting.title_zh_hans if zh else "") or posting.title,
    }


def _closed(request: HttpRequest, brand: str, posting_id: UUID) -> HttpResponse:
    """A clear page for a posting that does not take applications: 410 when
    it existed (closed meanwhile), 404 when it never did."""
    posting = selectors.posting_for_thanks(brand, posting_id)
    context = _posting_context(posting) if posting is not None else {}
    return _render(request, "careers/apply_closed.html", context, status=410 if posting else 404)


def _limited(request: HttpRequest, posting: Posting | None, lifts_at: datetime) -> HttpResponse:
    context = {**(_posting_context(posting) if posting else {}), **lift_context(lifts_at)}
    response = _render(request, "careers/apply_limited.html", context, status=429)
    response["Retry-After"] = str(max(1, math.ceil((lifts_at - timezone.now()).total_seconds())))
    return response


def _refused_body(request: HttpRequest, status: int) -> HttpResponse:
    return _render(request, "careers/apply_refused.html", {"too_big": status == 413}, status=status)


def _form(posting: Posting, data=None, files=None, initial=None) -> ApplyForm:
    agency = selectors.is_agency_job(posting)
    client_name = ""
    if agency:
        brand = posting.brand
        zh = translation.get_language() == "zh-hans"
        client_name = (brand.display_name_zh_hans if zh else "") or brand.display_name
    return ApplyForm(
        data,
        files,
        initial=initial,
        posting=posting,
        questions=selectors.posting_questions(posting),
        agency_client_name=client_name,
    )


def _page(request: HttpRequest, posting: Posting, form: ApplyForm, status: int = 200) -> HttpResponse:
    notice = privacy_notice_in_force()
    context = {**_posting_context(posting), "form": form, "notice": notice, "action": request.get_full_path()}
    return _render(request, "careers/apply.html", context, status=status)


@csrf_exempt
@in_visitor_language
@cache_control(private=True, no_store=True)
@GET_OR_POST
def apply(request: HttpRequest, brand: str, posting: UUID) -> HttpResponse:
    """The form (GET) and taking it (POST). The size limit is enforced while
    the body is read, so the handler goes in before anything reads POST, and
    the CSRF check (which reads it) runs after, in the inner view."""
    if request.method == "POST":
        request.upload_handlers.insert(0, DocumentSizeLimitHandler(request))
        try:
            request.POST  # noqa: B018  (read the body here, where its limits are answered with a page)
        except RequestDataTooBig:
            return _refused_body(request, 413)
        except (SuspiciousOperation, MultiPartParserError):
            return _refused_body(request, 400)
    return _apply(request, brand, posting)


@csrf_protect
def _apply(request: HttpRequest, brand: str, posting_id: UUID) -> HttpResponse:
    posting = selectors.posting_open_for_applications(brand, posting_id)
    if posting is None:
        return _closed(request, brand, posting_id)
    if request.method != "POST":
        initial = {name: request.GET.get(name, "")[:200] for name in SOURCE_PARAMS}
        return _page(request, posting, _form(posting, initial=initial))
    address = client_address(request) or "unknown"
    lifts_at = limit_hit(scope="apply-ip", key=address, limit=settings.CAREERS_APPLY_LIMIT_PER_IP, window=IP_WINDOW)
    if lifts_at is not None:
        return _limited(request, posting, lifts_at)
    form = _form(posting, request.POST, request.FILES)
    if refuse_if_cut_off(request, form, "resume") or not form.is_valid():
        return _page(request, posting, form, status=400)
    lifts_at = limit_hit(
        scope="apply-email",
        key=form.cleaned_data["email"],
        limit=settings.CAREERS_APPLY_LIMIT_PER_EMAIL,
        window=EMAIL_WINDOW,
    )
    if lifts_at is not None:
        return _limited(request, posting, lifts_at)
    notice = privacy_notice_in_force()
    if notice is None:
        return _closed(request, brand, posting_id)
    try:
        application_submit(
            posting=posting,
            data={
                **{name: form.cleaned_data[name] for name in ("full_name", "email", "phone")},
                "language": translation.get_language(),
            },
            resume=form.upload(form.cleaned_data["resume"]),
            answers=form.answers(),
            consents=form.consents(),
            evidence=Evidence(
                notice=notice, ip_address=client_address(request), user_agent=request.headers.get("User-Agent", "")
            ),
            source=form.source_params(),
        )
    except ValidationError as exc:
        if selectors.posting_open_for_applications(brand, posting_id) is None:
            return _closed(request, brand, posting_id)
        if hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error_text(exc))
        return _page(request, posting, form, status=400)
    url = reverse("careers:applied", args=[brand, posting_id])
    return redirect(f"{url}?lang={translation.get_language()}")


@in_visitor_language
@require_safe
def applied(request: HttpRequest, brand: str, posting: UUID) -> HttpResponse:
    """Thank you: the same page whatever happened to the application (new, a
    repeat, knocked out), and nothing personal on it."""
    found = selectors.posting_for_thanks(brand, posting)
    if found is None:
        return _closed(request, brand, posting)
    return _render(request, "careers/applied.html", _posting_context(found))


@in_visitor_language
@require_safe
def privacy_notice(request: HttpRequest, version: str) -> HttpResponse:
    """A privacy notice applicants consent under, in the page's language."""
    notice = get_object_or_404(PrivacyNotice, version=version, in_force_from__lte=timezone.now())
    zh = translation.get_language() == "zh-hans"
    body = (notice.body_zh_hans if zh else "") or notice.body
    return _render(request, "careers/privacy_notice.html", {"notice": notice, "body": body})
