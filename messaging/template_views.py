"""Email template pages: the list (each name with its languages side by side),
create and edit one language's version, and a preview with sample data.

Templates are shared reference data managed by the roles with
``templates_and_pools``; everyone else gets a 403. The form page declares a
``form`` region (htmx swaps it with its errors and follows a save with
HX-Redirect) and a ``preview`` region (the preview button posts the form to
the preview endpoint); both also work as plain POSTs. Staff-written HTML is
never rendered as HTML in the app: the preview shows it as escaped source.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, respond, save_form
from messaging import merge_fields, selectors, services
from messaging.models import EmailTemplate
from messaging.template_forms import EmailTemplateForm, PreviewForm

FORM_PAGE = "messaging/template_form.html"


def _saved(request: HttpRequest, template: EmailTemplate) -> HttpResponse:
    message = _("Email template %(name)s saved.") % {"name": str(template)}
    return done(request, reverse("messaging:template-list"), message)


def _save(request: HttpRequest, form: EmailTemplateForm, **fixed: str) -> EmailTemplate | None:
    """Save a valid form through the service; its refusal becomes the form's errors."""
    return save_form(form, lambda: services.email_template_save(actor=request.user, **(form.cleaned_data | fixed)))


def _page(request: HttpRequest, form: EmailTemplateForm, **context: Any) -> dict[str, Any]:
    context.setdefault("action_url", reverse("messaging:template-create"))
    return {"form": form, "merge_fields": merge_fields.FIELDS, "title": _("New email template"), **context}


@require_safe
def template_list(request: HttpRequest) -> HttpResponse:
    """Every template name with its language versions side by side."""
    selectors.require_manage_email_templates(request.user)
    context = {"rows": selectors.email_template_table(), "languages": settings.LANGUAGES}
    return render(request, "messaging/template_list.html", context)


@GET_OR_POST
def template_create(request: HttpRequest) -> HttpResponse:
    """A new template, or (``?from=<public_id>``) another language's version of one."""
    selectors.require_manage_email_templates(request.user)
    source = selectors.get_email_template(request.GET["from"]) if request.GET.get("from") else None
    if request.method == "POST":
        form = EmailTemplateForm(request.POST)
        if form.is_valid() and (template := _save(request, form)):
            return _saved(request, template)
    elif source is not None:
        missing = [code for code, _label in settings.LANGUAGES if code != source.language]
        taken = selectors.email_template_languages(name=source.name)
        form = EmailTemplateForm.copy_of(source, language=next((c for c in missing if c not in taken), missing[0]))
    else:
        form = EmailTemplateForm(initial={"language": get_language(), "is_active": True})
    return respond(request, FORM_PAGE, "form", _page(request, form, source=source))


@GET_OR_POST
def template_edit(request: HttpRequest, public_id) -> HttpResponse:
    selectors.require_manage_email_templates(request.user)
    template = selectors.get_email_template(public_id)
    form = EmailTemplateForm.for_template(template, request.POST or None)
    fixed = {"name": template.name, "language": template.language}
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form, **fixed)):
        return _saved(request, saved)
    url = reverse("messaging:template-edit", args=[template.public_id])
    context = _page(request, form, template=template, action_url=url, title=str(template))
    return respond(request, FORM_PAGE, "form", context)


@require_POST
def template_preview(request: HttpRequest) -> HttpResponse:
    """The typed parts rendered with sample data in the chosen language.

    htmx gets the preview region; a plain POST (no JavaScript) gets the whole
    form page again, as typed, with the preview under it.
    """
    selectors.require_manage_email_templates(request.user)
    parts = PreviewForm(request.POST)
    parts.is_valid()
    data = parts.cleaned_data
    language = data.get("language") or get_language()
    values = merge_fields.sample_values(language)
    typed = " ".join(data.get(name, "") for name in ("subject", "body_text", "body_html"))
    preview = {
        "language": language,
        "subject": merge_fields.render(data.get("subject", ""), values),
        "body_text": merge_fields.render(data.get("body_text", ""), values),
        "body_html": merge_fields.render(data.get("body_html", ""), values, html=True),
        "unknown": merge_fields.unknown_fields(typed),
    }
    form = EmailTemplateForm(initial=request.POST.dict())  # as typed, unjudged: this is no save
    return respond(request, FORM_PAGE, "preview", _page(request, form, preview=preview))
