"""The offer letter's staff pages: the letter templates (Settings, for the
roles with ``templates_and_pools``), and on an offer the letter's preview, its
PDF and sending it to the candidate (the roles that see the terms; sending by
those that write offers)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, error_text, private_file, respond, save_form
from core.services import audit_record
from offers import letter_selectors as selectors
from offers import letters
from offers.letter_forms import LetterChoiceForm, LetterTemplateForm
from offers.models import Offer, OfferLetterTemplate
from offers.services import letters as services

FORM_PAGE = "offers/letter_template_form.html"
PREVIEW_PAGE = "offers/letter_preview.html"


@require_safe
def letter_template_list(request: HttpRequest) -> HttpResponse:
    """Every letter template with its language; archived ones last."""
    selectors.require_manage_letter_templates(request.user)
    context = {"templates": selectors.letter_template_list(), "languages": dict(settings.LANGUAGES)}
    return respond(request, "offers/letter_template_list.html", "rows", context)


def _form_page(request: HttpRequest, form: LetterTemplateForm, template: OfferLetterTemplate | None) -> HttpResponse:
    url = (
        reverse("offers:letter-template-edit", args=[template.pk])
        if template
        else reverse("offers:letter-template-create")
    )
    context = {
        "form": form,
        "template": template,
        "action_url": url,
        "title": str(template) if template else _("New offer letter"),
        "merge_fields": letters.FIELDS,
    }
    return respond(request, FORM_PAGE, "form", context, status=422 if form.is_bound and form.errors else 200)


def _save(request: HttpRequest, form: LetterTemplateForm, template: OfferLetterTemplate | None) -> HttpResponse | None:
    call = lambda: services.letter_template_save(  # noqa: E731
        actor=request.user, template=template, request=request, **form.cleaned_data
    )
    if form.is_valid() and (saved := save_form(form, call)):
        message = _("Offer letter %(name)s saved.") % {"name": str(saved)}
        return done(request, reverse("offers:letter-template-list"), message)
    return None


@GET_OR_POST
def letter_template_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_letter_templates(request.user)
    form = LetterTemplateForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and (response := _save(request, form, None)):
        return response
    return _form_page(request, form, None)


@GET_OR_POST
def letter_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_letter_templates(request.user)
    template = selectors.get_letter_template(pk)
    form = LetterTemplateForm.for_template(template, request.POST or None)
    if request.method == "POST" and (response := _save(request, form, template)):
        return response
    return _form_page(request, form, template)


@require_POST
def letter_template_preview(request: HttpRequest) -> HttpResponse:
    """The letter as typed, with sample values in its language; saves nothing.
    htmx gets the preview region; a plain POST the form page as typed with the preview under it."""
    selectors.require_manage_letter_templates(request.user)
    form = LetterTemplateForm(request.POST)
    form.is_valid()
    data = {name: form.data.get(name, "") for name in LetterTemplateForm.FIELDS}
    language = data["language"] if data["language"] in dict(settings.LANGUAGES) else request.LANGUAGE_CODE
    values = letters.sample_values(language)
    preview = {
        "language": language,
        "subject": letters.render(data["subject"], values),
        "html": letters.render(data["body"], values, html=True),
        "unknown": letters.unknown_fields(f"{data['subject']} {data['body']}"),
    }
    unbound = LetterTemplateForm(initial=data)  # as typed, unjudged: this is no save
    url = reverse("offers:letter-template-create")
    context = {"form": unbound, "action_url": url, "title": _("New offer letter"), "merge_fields": letters.FIELDS}
    return respond(request, FORM_PAGE, "preview", {**context, "preview": preview})


@require_POST
def letter_template_archive(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_letter_templates(request.user)
    template = selectors.get_letter_template(pk)
    services.letter_template_archive(actor=request.user, template=template, request=request)
    message = _("Offer letter %(name)s archived.") % {"name": str(template)}
    return done(request, reverse("offers:letter-template-list"), message)


def _chosen(request: HttpRequest, offer: Offer) -> OfferLetterTemplate | None:
    form = LetterChoiceForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid() and form.cleaned_data["template"]:
        return form.cleaned_data["template"]
    return selectors.default_letter_template(offer)


def _preview_context(request: HttpRequest, offer: Offer, template: OfferLetterTemplate | None, **extra: Any) -> dict:
    return {
        "offer": offer,
        "template": template,
        "choice_form": LetterChoiceForm(initial={"template": template}),
        "letter": letters.letter_text(template, offer) if template else None,
        "terms": letters.terms_rows(offer, template.language if template else offer.application.candidate.language),
        "refusal": services.offer_send_refusal(offer),
        **extra,
    }


@require_safe
def offer_letter_preview(request: HttpRequest, public_id) -> HttpResponse:
    """The letter as the candidate will read it, with the chosen template (default: the candidate's language)."""
    offer = selectors.get_offer_for_letter(request.user, public_id)
    template = _chosen(request, offer)
    # The letter shows compensation: each read is on the record, as a document's preview is.
    audit_record(action="offers.offer.preview", actor=request.user, target=offer, request=request)
    return respond(request, PREVIEW_PAGE, "letter", _preview_context(request, offer, template))


@require_safe
def offer_letter_pdf(request: HttpRequest, public_id) -> HttpResponse:
    offer = selectors.get_offer_for_letter(request.user, public_id)
    template = _chosen(request, offer)
    if template is None:
        return respond(request, PREVIEW_PAGE, "letter", _preview_context(request, offer, None), status=404)
    audit_record(action="offers.offer.download", actor=request.user, target=offer, request=request)
    return private_file(letters.letter_pdf(template, offer), "application/pdf", filename=letters.pdf_filename(offer))


@require_POST
def offer_letter_send(request: HttpRequest, public_id) -> HttpResponse:
    """Send the approved offer with the chosen letter; back to where the recruiter was."""
    offer = selectors.get_offer_for_letter(request.user, public_id, action="change")
    template = _chosen(request, offer)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("offers:letter-preview", args=[offer.public_id])
    try:
        services.offer_send(offer=offer, actor=request.user, template=template, request=request)
    except ValidationError as error:
        return done(request, back, error=error_text(error))
    name = offer.application.candidate.full_name
    return done(request, back, _("The offer was sent to %(name)s.") % {"name": name})
