"""The candidate's pages behind the link in every email to them (no account):
the one-click unsubscribe of RFC 8058 and the preference centre.

Hostile territory (DESIGN decision 8): a GET never changes anything (mail
scanners prefetch links), every change is its own POST, destructive ones
behind a confirm page; changes are rate-limited per client address and per
link; a dead link gets a clear page (404) in the visitor's language, a bad
value a clear error, never a 500. Pages are in the candidate's language
unless they chose the other one (``?lang=``).

Pages of the privacy app. The candidate's "keep my profile" page, opened
from a retention renewal email (a tokenized link: GET shows, POST confirms).
"""

from __future__ import annotations

import contextlib
import functools
import math
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode
from uuid import UUID

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.lockout import lift_context
from candidates.models import Consent
from core.http import GET_OR_POST, client_address, error_text, form_errors
from core.markdown import markdown_to_safe_html
from core.ratelimit import limit_hit
from core.services import TokenInvalid
from privacy import selectors
from privacy.forms import DetailsForm, RequestForm
from privacy.models import PrivacyRequest
from privacy.services import preferences as services
from privacy.services.retention import retention_keep

LANGUAGES = {code for code, _name in settings.LANGUAGES}
# Changes per client address and per link; generous for a person, tight for a script.
LIMIT_PER_ADDRESS = 60
LIMIT_PER_LINK = 30
WINDOW = timedelta(minutes=10)
# What the page says after a change (?done=...).
DONE = {
    "withdrawn": gettext_lazy("Your consent is withdrawn."),
    "given": gettext_lazy("Thank you: we may keep your profile and tell you about future roles."),
    "renewed": gettext_lazy("Thank you: your choices are confirmed under the current privacy notice."),
    "stopped": gettext_lazy("We will not contact you again."),
    "details": gettext_lazy("Thank you: the team will check your corrections and update your profile."),
    "access": gettext_lazy("Your request for a copy of your data is received. We will email you when it is ready."),
    "deletion": gettext_lazy("Your request for deletion is received. We will email you when it is done."),
}
TEMPLATE = "privacy/preferences.html"


def _language(request: HttpRequest, candidate=None) -> str:
    asked = request.GET.get("lang", "")
    if asked in LANGUAGES:
        return asked
    if candidate is not None and candidate.language in LANGUAGES:
        return candidate.language
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return current if current in LANGUAGES else settings.LANGUAGE_CODE


def preference_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A page behind a preference-centre link: the link is opened (a dead one
    answers its page, 404) and the view runs in the page's language with the
    candidate as ``link.candidate``; never cached, never indexed."""

    @login_not_required
    @cache_control(private=True, no_store=True)
    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        link = selectors.preference_link_for(token)
        language = _language(request, link.candidate)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = _invalid(request, link) if link.state != "open" else view(request, token, link, *args, **kwargs)
            response.headers["Content-Language"] = language
            response.headers["X-Robots-Tag"] = "noindex"
            return response

    return wrapper


def _invalid(request: HttpRequest, link: selectors.PreferenceLink) -> HttpResponse:
    return render(request, "privacy/link_invalid.html", {"link": link}, status=404)


def _url(name: str, token: str, *args, **query: str) -> str:
    query = {"lang": translation.get_language(), **query}
    return reverse(f"privacy:{name}", args=[token, *args]) + "?" + urlencode(query)


def _limited(request: HttpRequest, token: str, *, per_address: bool = True) -> HttpResponse | None:
    """The rate-limit page when this address or this link changed too much lately, else None."""
    limits = [("preferences-link", token, LIMIT_PER_LINK)]
    if per_address:
        limits.insert(0, ("preferences-ip", client_address(request) or "unknown", LIMIT_PER_ADDRESS))
    for scope, key, limit in limits:
        lifts_at = limit_hit(scope=scope, key=key, limit=limit, window=WINDOW)
        if lifts_at is not None:
            response = render(request, "privacy/limited.html", lift_context(lifts_at), status=429)
            response["Retry-After"] = str(max(1, math.ceil((lifts_at - timezone.now()).total_seconds())))
            return response
    return None


def _centre(request: HttpRequest, token: str, link, *, status: int = 200, **extra) -> HttpResponse:
    centre = selectors.preference_centre_for(link.candidate)
    notice = centre.notice
    body = ""
    if notice is not None:
        body = (notice.body_zh_hans if translation.get_language() == "zh-hans" else "") or notice.body
    context = {
        "token": token,
        "centre": centre,
        "candidate": link.candidate,
        "notice_html": markdown_to_safe_html(body) if body else "",
        "done": DONE.get(request.GET.get("done", "")),
        "withdrawable": services.WITHDRAWABLE,
        "details_form": extra.pop("details_form", None) or DetailsForm(),
        "languages": [code for code, _name in settings.LANGUAGES],
        **extra,
    }
    return render(request, TEMPLATE, context, status=status)


# --- One-click unsubscribe (RFC 8058) ---------------------------------------------------


@csrf_exempt
@login_not_required
@cache_control(private=True, no_store=True)
@GET_OR_POST
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button (changes nothing). POST with
    ``List-Unsubscribe=One-Click`` (a mail client's one-click, or the button):
    all contact stops; 200 with a short page. No session or CSRF token: the
    link itself is the credential."""
    link = selectors.preference_link_for(token)
    language = _language(request, link.candidate)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = _unsubscribe(request, token, link)
        response.headers["Content-Language"] = language
        response.headers["X-Robots-Tag"] = "noindex"
        return response


def _unsubscribe(request: HttpRequest, token: str, link: selectors.PreferenceLink) -> HttpResponse:
    if link.state != "open":
        return _invalid(request, link)
    if request.method != "POST":
        return render(request, "privacy/unsubscribe.html", {"token": token, "candidate": link.candidate})
    if request.POST.get("List-Unsubscribe") != "One-Click":
        context = {"token": token, "candidate": link.candidate, "error": _("This request cannot be understood.")}
        return render(request, "privacy/unsubscribe.html", context, status=400)
    # Per link only: a mail provider posts every one-click unsubscribe of its
    # users from the same few addresses, and none of them may be refused.
    limited = _limited(request, token, per_address=False)
    if limited is not None:
        return limited
    try:
        services.preferences_unsubscribe(token=token)
    except TokenInvalid:
        return _invalid(request, selectors.preference_link_for(token))
    context = {"token": token, "candidate": link.candidate, "unsubscribed": True}
    return render(request, "privacy/unsubscribe.html", context)


# --- The preference centre ---------------------------------------------------------------


@preference_page
@GET_OR_POST
def preferences(request: HttpRequest, token: str, link) -> HttpResponse:
    """The centre: consents in force, the notice in force, what they may do.
    A POST here changes nothing (each change has its own URL)."""
    if request.method == "POST":
        return redirect(_url("preferences", token))
    return _centre(request, token, link)


def _confirm(request: HttpRequest, token: str, link, **context) -> HttpResponse:
    status = context.pop("status", 200)
    context = {"token": token, "candidate": link.candidate, **context}
    return render(request, "privacy/confirm.html", context, status=status)


def _done(token: str, code: str) -> HttpResponse:
    return redirect(_url("preferences", token, done=code))


def _refused(request: HttpRequest, token: str, link, error: ValidationError | TokenInvalid) -> HttpResponse:
    if isinstance(error, TokenInvalid):
        return _invalid(request, selectors.preference_link_for(token))
    return _centre(request, token, link, status=400, error=error_text(error))


@preference_page
@GET_OR_POST
def consent_withdraw(request: HttpRequest, token: str, link, purpose: str, client: UUID | None = None) -> HttpResponse:
    """GET: confirm withdrawing the consent for ``purpose`` (sharing: with
    ``client``); POST: withdraw it."""
    if purpose not in services.WITHDRAWABLE:
        raise Http404
    consent = link.candidate.consents.filter(purpose=purpose, withdrawn_at__isnull=True)
    consent = consent.filter(client__public_id=client) if client else consent.filter(client__isnull=True)
    consent = consent.select_related("client").first()
    if consent is None:
        return _done(token, "withdrawn") if request.method == "POST" else redirect(_url("preferences", token))
    if request.method != "POST":
        return _confirm(
            request,
            token,
            link,
            title=_("Withdraw this consent?"),
            text=Consent.Purpose(purpose).label + (f" ({consent.client.name})" if consent.client_id else ""),
            button=_("Withdraw my consent"),
            action=request.get_full_path(),
        )
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_consent_withdraw(token=token, purpose=purpose, client_public_id=client)
    except (TokenInvalid, ValidationError) as error:
        return _refused(request, token, link, error)
    return _done(token, "withdrawn")


@preference_page
@require_POST
def talent_pool_give(request: HttpRequest, token: str, link) -> HttpResponse:
    """Give talent-pool consent (the box is not pre-ticked: sending it is the consent)."""
    if request.POST.get("agree") != "yes":
        return _centre(request, token, link, status=400, error=_("Tick the box to give your consent."))
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_talent_pool_give(
            token=token, ip_address=client_address(request), user_agent=request.headers.get("User-Agent", "")
        )
    except (TokenInvalid, ValidationError) as error:
        return _refused(request, token, link, error)
    return _done(token, "given")


@preference_page
@require_POST
def consents_renew(request: HttpRequest, token: str, link) -> HttpResponse:
    """Confirm the consents in force under the notice in force."""
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_consents_renew(
            token=token, ip_address=client_address(request), user_agent=request.headers.get("User-Agent", "")
        )
    except (TokenInvalid, ValidationError) as error:
        return _refused(request, token, link, error)
    return _done(token, "renewed")


@preference_page
@GET_OR_POST
def contact_stop(request: HttpRequest, token: str, link) -> HttpResponse:
    """GET: confirm stopping all contact; POST: stop it."""
    if request.method != "POST":
        return _confirm(
            request,
            token,
            link,
            title=_("Stop all contact?"),
            text=_(
                "We will not email you again about this or any other role, and you leave our talent pools. "
                "Applications in progress may end without further news."
            ),
            button=_("Stop all contact"),
            action=request.get_full_path(),
        )
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_unsubscribe(token=token)
    except (TokenInvalid, ValidationError) as error:
        return _refused(request, token, link, error)
    return _done(token, "stopped")


@preference_page
@require_POST
def details_correct(request: HttpRequest, token: str, link) -> HttpResponse:
    """Propose corrections of the contact details (a recruiter accepts them)."""
    form = DetailsForm(request.POST)
    if not form.is_valid():
        return _centre(request, token, link, status=400, details_form=form)
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_details_propose(token=token, values=form.cleaned_data)
    except TokenInvalid as error:
        return _refused(request, token, link, error)
    except ValidationError as error:
        form_errors(form, error)
        return _centre(request, token, link, status=400, details_form=form)
    return _done(token, "details")


@preference_page
@GET_OR_POST
def request_make(request: HttpRequest, token: str, link, kind: str) -> HttpResponse:
    """GET: confirm asking for a copy (``access``) or the deletion of their
    data, with an optional note; POST: make the request."""
    if kind not in services.REQUEST_KINDS:
        raise Http404
    form = RequestForm(request.POST if request.method == "POST" else None)
    deletion = kind == PrivacyRequest.Kind.DELETION
    confirm = {
        "title": _("Ask us to delete your data?") if deletion else _("Ask for a copy of your data?"),
        "text": _(
            "We will delete your profile, documents and messages, and keep only anonymous figures. "
            "This cannot be undone. The team confirms the request before it is carried out."
        )
        if deletion
        else _("We will prepare a copy of everything we hold about you and tell you by email how to receive it."),
        "button": _("Ask for deletion") if deletion else _("Ask for a copy"),
        "action": request.get_full_path(),
        "form": form,
        "danger": deletion,
    }
    if request.method != "POST":
        return _confirm(request, token, link, **confirm)
    if not form.is_valid():
        return _confirm(request, token, link, status=400, **confirm)
    limited = _limited(request, token)
    if limited is not None:
        return limited
    try:
        services.preferences_request(token=token, kind=kind, details=form.cleaned_data["details"])
    except (TokenInvalid, ValidationError) as error:
        return _refused(request, token, link, error)
    return _done(token, kind)


KEEP = "privacy/public_keep.html"


@login_not_required
@require_http_methods(["GET", "POST"])
def keep(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows the question, POST keeps the profile (talent-pool consent
    renewed); a dead link says why (404 unknown, 410 otherwise), a used one
    thanks them."""
    link = selectors.keep_link_for(token)
    language = link.candidate.language if link.candidate else translation.get_language()
    with translation.override(language):
        request.LANGUAGE_CODE = language
        if link.state != "open":
            status = {"used": 200, "unknown": 404}.get(link.state, 410)
            return render(request, KEEP, {"link": link}, status=status)
        if request.method == "POST":
            # Used or withdrawn meanwhile: the page it redirects to says so.
            with contextlib.suppress(TokenInvalid):
                retention_keep(
                    token=token,
                    ip_address=client_address(request),
                    user_agent=request.META.get("HTTP_USER_AGENT", ""),
                )
            return redirect("privacy:keep", token=token)
        return render(request, KEEP, {"link": link})
