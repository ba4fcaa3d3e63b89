"""The candidate's offer page, reached through the tokenized link in the offer
email without an account (core.AccessToken, purpose ``offer``).

The letter, its PDF, and Accept and Decline, each behind a confirm step: the
confirm pages are GETs that change nothing; the answer is a POST. One answer
only. Every page is in the candidate's language and under the employer's
name. A dead link (unknown, expired, already answered, withdrawn) gets a page
saying which, and whom to contact, and changes nothing.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.http import GET_OR_POST, error_text, private_file
from messaging.senders import sender_for
from offers import letter_selectors as selectors
from offers import letters
from offers.letter_forms import DeclineForm
from offers.models import Offer
from offers.services import letters as services

GONE_CODES = {"expired", "answered", "withdrawn", "revoked", "used"}


def as_candidate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve an offer link's page without login, in the language and time zone
    of the candidate it was sent to (the visitor's when the link is unknown)."""

    @login_not_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, token: str) -> HttpResponse:
        offer = selectors.offer_for_token_row(selectors.offer_token_row(token))
        if offer is None:
            return view(request, token, None)
        candidate = offer.application.candidate
        language = offer.language or candidate.language
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(candidate.time_zone)):
            request.LANGUAGE_CODE = language
            return view(request, token, offer)

    return wrapper


def _contact(offer: Offer | None) -> dict[str, str]:
    """Whom the candidate asks: the job's recruiter, else the employer's sender identity."""
    if offer is None:
        return {}
    job = offer.application.job
    if job.recruiter is not None:
        return {"contact_name": job.recruiter.full_name, "contact_email": job.recruiter.email}
    from_address, _reply_to = sender_for(job=job)
    return {"contact_name": job.client.sender_name or job.client.name, "contact_email": from_address}


def _page(request: HttpRequest, template: str, offer: Offer | None, status: int = 200, **context: Any) -> HttpResponse:
    if offer is not None:
        job = offer.application.job
        context = {"offer": offer, "job": job, "employer": job.client.sender_name or job.client.name, **context}
    return render(request, template, {**_contact(offer), **context}, status=status)


def _day(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATE_FORMAT")


def _gone_reason(offer: Offer | None, token: str) -> tuple[str, str]:
    """``(code, reason)`` for a link that cannot be answered; ``("", "")`` when it can."""
    row = selectors.offer_token_row(token)
    if offer is None or row is None:
        return "unknown", _("This link is not valid.")
    if offer.status == Offer.Status.ACCEPTED:
        return "answered", _("You accepted this offer on %(day)s.") % {"day": _day(offer.answered_at)}
    if offer.status == Offer.Status.DECLINED:
        return "answered", _("You declined this offer on %(day)s.") % {"day": _day(offer.answered_at)}
    if offer.status == Offer.Status.EXPIRED or (
        offer.status == Offer.Status.SENT and offer.expires_at and offer.expires_at <= timezone.now()
    ):
        return "expired", _("This offer expired on %(day)s.") % {
            "day": letters.letter_values(offer, offer.language)["expiry_date"]
        }
    if offer.status == Offer.Status.WITHDRAWN:
        return "withdrawn", _("This offer has been withdrawn.")
    if offer.status != Offer.Status.SENT or row.revoked_at is not None:
        return "revoked", _("This link has been replaced or withdrawn.")
    if row.used_at is not None:
        return "used", _("This link has already been used.")
    if row.expires_at <= timezone.now():
        return "expired", _("This link has expired.")
    return "", ""


def _dead_link(request: HttpRequest, token: str, offer: Offer | None, reason: str = "") -> HttpResponse:
    """410 for a link that opened an offer once, 404 for one that never did."""
    code, found = _gone_reason(offer, token)
    status = 410 if code in GONE_CODES else 404
    return _page(request, "offers/public_gone.html", offer, status=status, reason=reason or found, code=code)


def _letter(offer: Offer) -> dict[str, Any]:
    template = offer.letter_template or selectors.default_letter_template(offer)
    return {
        "letter": letters.letter_text(template, offer) if template else None,
        "terms": letters.terms_rows(offer, offer.language or offer.application.candidate.language),
    }


@as_candidate
@require_safe
def candidate_offer(request: HttpRequest, token: str, offer: Offer | None) -> HttpResponse:
    """The letter, the terms, the PDF, and the way to accept or decline."""
    if _gone_reason(offer, token)[0]:
        return _dead_link(request, token, offer)
    return _page(request, "offers/public_offer.html", offer, token=token, **_letter(offer))


@as_candidate
@require_safe
def candidate_offer_pdf(request: HttpRequest, token: str, offer: Offer | None) -> HttpResponse:
    if _gone_reason(offer, token)[0]:
        return _dead_link(request, token, offer)
    template = offer.letter_template or selectors.default_letter_template(offer)
    if template is None:
        # Every letter template deleted since sending: the page still shows the terms.
        return redirect("offers:candidate-offer", token)
    pdf = letters.letter_pdf(template, offer)
    return private_file(pdf, "application/pdf", filename=letters.pdf_filename(offer))


def _answer(
    request: HttpRequest, token: str, offer: Offer | None, template: str, call: Callable[[], Offer], **context: Any
) -> HttpResponse:
    if request.method == "POST":
        try:
            call()
        except ValidationError as error:
            if getattr(error, "error_dict", None) and not _gone_reason(offer, token)[0]:
                return _page(request, template, offer, status=422, token=token, **context)
            return _dead_link(
                request, token, selectors.offer_for_token_row(selectors.offer_token_row(token)), error_text(error)
            )
        return redirect("offers:candidate-offer-done", token)
    if _gone_reason(offer, token)[0]:
        return _dead_link(request, token, offer)
    return _page(request, template, offer, token=token, **context)


@as_candidate
@GET_OR_POST
def candidate_offer_accept(request: HttpRequest, token: str, offer: Offer | None) -> HttpResponse:
    """GET: the confirm step (changes nothing). POST: accept."""
    return _answer(
        request, token, offer, "offers/public_accept.html", lambda: services.offer_accept(token=token, request=request)
    )


@as_candidate
@GET_OR_POST
def candidate_offer_decline(request: HttpRequest, token: str, offer: Offer | None) -> HttpResponse:
    """GET: the confirm step with the reason (changes nothing). POST: decline."""
    form = DeclineForm(request.POST or None)

    def decline() -> Offer:
        if not form.is_valid():
            raise ValidationError(form.errors)
        return services.offer_decline(token=token, request=request, **form.cleaned_data)

    return _answer(request, token, offer, "offers/public_decline.html", decline, form=form)


@as_candidate
@require_safe
def candidate_offer_done(request: HttpRequest, token: str, offer: Offer | None) -> HttpResponse:
    """After the answer: what happens next. Only for the link that gave the answer."""
    row = selectors.offer_token_row(token)
    if offer is None or row is None or row.used_at is None or offer.status not in services.ANSWERED:
        return _dead_link(request, token, offer)
    return _page(request, "offers/public_done.html", offer)
