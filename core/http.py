"""What every view shares.

A page declares its swappable regions with ``{% partialdef %}``; a view
answers an htmx request with a region and any other request with the page, so
every action also works as a plain form POST. These helpers are the one copy
of that protocol:

- ``respond``: the page, or its region for htmx;
- ``done``: after an action that leaves the page, a redirect (a client
  redirect for htmx), the outcome as a message on the next page;
- ``done_in_place``: after an action that redraws a region, the region with
  the outcome inside for htmx, a message and a redirect otherwise;
- ``toast``: an htmx answer's outcome as a toast (``static/js/app.js``); the
  page's messages are toasts too (``templates/_layout/base.html``);
- ``form_errors``/``save_form``: a service's refusal shown on the form;
- ``GET_OR_POST``: the methods of a page that shows a form and takes it.

``HtmxMiddleware`` gives every request django-htmx's ``request.htmx`` and
adds ``Vary: HX-Request`` to the response of any view that asked whether the
request came from htmx: the same URL answers with a page or a fragment, and
a browser must not show a cached fragment when the user navigates back.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect, trigger_client_event
from django_htmx.middleware import HtmxDetails
from django_htmx.middleware import HtmxMiddleware as BaseHtmxMiddleware

GET_OR_POST = require_http_methods(["GET", "HEAD", "POST"])

# The request headers that choose between a page and a fragment.
VARY_HEADERS = ("HX-Request", "HX-History-Restore-Request")


class _AskedHtmxDetails(HtmxDetails):
    """django-htmx's request details, remembering whether a view asked."""

    asked = False

    def __bool__(self) -> bool:
        self.asked = True
        return super().__bool__()


class HtmxMiddleware(BaseHtmxMiddleware):
    """``request.htmx``, and ``Vary`` on the answers that depended on it."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.htmx = details = _AskedHtmxDetails(request)
        response = self.get_response(request)
        if details.asked:
            patch_vary_headers(response, VARY_HEADERS)
        return response


def is_htmx(request: HttpRequest) -> bool:
    """Whether to answer with a page's region rather than the page: an htmx
    request, except htmx restoring history after a cache miss, which needs the
    whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.history_restore_request


def respond(
    request: HttpRequest, template: str, region: str, context: dict[str, Any], *, status: int = 200
) -> HttpResponse:
    """``template`` for a page request, its ``region`` partial for htmx."""
    return render(request, f"{template}#{region}" if is_htmx(request) else template, context, status=status)


def done(request: HttpRequest, url: str, message: str = "", *, error: str = "") -> HttpResponse:
    """After an action that leaves the page: htmx follows with a full
    navigation, a plain POST is redirected; both see the outcome as a message
    on the next page."""
    if message:
        messages.success(request, message)
    if error:
        messages.error(request, error)
    if is_htmx(request):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def done_after[T](
    request: HttpRequest, url: str, call: Callable[[], T], message: str | Callable[[T], str] = ""
) -> HttpResponse:
    """A one-click action: run its service ``call`` and leave the page (done).
    A refusal (ValidationError) is shown as the error; success shows
    ``message``, or ``message(result)`` when it depends on what the service returned."""
    try:
        result = call()
    except ValidationError as error:
        return done(request, url, error=error_text(error))
    return done(request, url, message(result) if callable(message) else message)


def done_in_place(
    request: HttpRequest,
    url: str,
    region: Callable[[str, str], HttpResponse],
    *,
    notice: str = "",
    error: str = "",
) -> HttpResponse:
    """After an action on a region: for htmx, ``region(notice, error)`` redraws
    it with the outcome inside (status 200, so htmx swaps it in); a plain POST
    gets the outcome as a message and a redirect to ``url``, the page holding
    the region. The htmx answer also carries the outcome as a toast, so it
    is announced wherever the user is looking."""
    if is_htmx(request):
        response = region(notice, error)
        toast(response, notice)
        toast(response, error, level="error")
        return response
    if notice:
        messages.success(request, notice)
    if error:
        messages.error(request, error)
    return redirect(url)


def toast(response: HttpResponse, text: str, *, level: str = "success") -> HttpResponse:
    """Ask the page to show ``text`` as a toast when htmx receives
    ``response``: an ``HX-Trigger`` event ``toast`` that app.js renders in the
    page's status region. Several calls on one answer add up. Nothing for an
    empty text."""
    if text:
        messages = _triggered_toasts(response)
        messages.append({"text": str(text), "level": level})
        trigger_client_event(response, "toast", {"messages": messages})
    return response


def _triggered_toasts(response: HttpResponse) -> list[dict[str, str]]:
    header = response.headers.get("HX-Trigger")
    if not header:
        return []
    return list(json.loads(header).get("toast", {}).get("messages", []))


def error_text(error: ValidationError) -> str:
    """A refusal's messages as one line."""
    return " ".join(error.messages)


def form_errors(form: BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: on the named field when the
    form has it, otherwise as a non-field error."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_form[T](form: BaseForm, call: Callable[[], T]) -> T | None:
    """Run a service with a valid form's data; its ValidationError becomes the
    form's errors (``form_errors``). None when the service refused."""
    try:
        return call()
    except ValidationError as error:
        form_errors(form, error)
        return None


def private_file(content: bytes, content_type: str, *, filename: str | None = None) -> HttpResponse:
    """Personal data as a file: an attachment named ``filename`` (inline, as a
    preview image, without one) that no shared cache keeps and no browser
    sniffs into another type."""
    response = HttpResponse(content, content_type=content_type)
    if filename is not None:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``.

    Behind ``TRUSTED_PROXY_COUNT`` proxies, each of which appends the address it
    received from to ``X-Forwarded-For``, the client is the entry the outermost
    trusted proxy added: counted from the right, so whatever a client wrote into
    the header itself is ignored. With no trusted proxy the header is ignored and
    ``REMOTE_ADDR`` is the client. Sign-in lockout, sessions and the audit log
    all read the address here.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        # REMOTE_ADDR is the proxy nearest to us; the other proxies-1 are in the header.
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None
