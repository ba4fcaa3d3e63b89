"""Settings: the skills vocabulary the resume parser recognises, for the
roles that keep the team's lists (administrators, recruiters). The list is
the ``terms`` region: adding and deleting swap it for htmx and redirect back
for a plain POST; editing a term is a page of its own."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from candidates.forms_skills import SkillTermForm
from candidates.selectors import get_skill_term_for_user, require_manage_skills, skill_term_list
from candidates.services import skills as services
from core.http import GET_OR_POST, done, done_in_place, is_htmx, respond, save_form

PAGE = "candidates/skill_terms.html"
FORM_PAGE = "candidates/skill_term_form.html"


def _page_url() -> str:
    return reverse("skills:list")


def _context(form: SkillTermForm | None = None) -> dict[str, Any]:
    return {"terms": list(skill_term_list()), "form": form or SkillTermForm()}


def _changed(request: HttpRequest, *, notice: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        return render(request, f"{PAGE}#terms", {**_context(), "terms_notice": notice, "terms_error": error})

    return done_in_place(request, _page_url(), redraw, notice=notice)


@require_safe
def skill_term_list_view(request: HttpRequest) -> HttpResponse:
    require_manage_skills(request.user)
    return respond(request, PAGE, "terms", _context())


@require_POST
def skill_term_create(request: HttpRequest) -> HttpResponse:
    require_manage_skills(request.user)
    form = SkillTermForm(request.POST)
    if form.is_valid():
        values = form.cleaned_data
        term = save_form(form, lambda: services.skill_term_create(actor=request.user, **values))
        if term is not None:
            return _changed(request, notice=_("“%(name)s” added to the vocabulary.") % {"name": term.name})
    if not is_htmx(request):
        return render(request, PAGE, _context(form), status=400)
    return render(request, f"{PAGE}#terms", _context(form))


@GET_OR_POST
def skill_term_edit(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_skill_term_for_user(request.user, pk)
    initial = {"name": term.name, "aliases": ", ".join(term.aliases)}
    form = SkillTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.skill_term_update(term=term, actor=request.user, **values)):
            return done(request, _page_url(), _("“%(name)s” saved.") % {"name": values["name"]})
    return respond(request, FORM_PAGE, "form", {"form": form, "term": term})


@require_POST
def skill_term_delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_skill_term_for_user(request.user, pk)
    services.skill_term_delete(term=term, actor=request.user)
    return _changed(request, notice=_("“%(name)s” taken out of the vocabulary.") % {"name": term.name})


# Mounted at /settings/skills/ (candidates.settings_urls), beside the other settings pages.
urlpatterns = [
    path("", skill_term_list_view, name="list"),
    path("add/", skill_term_create, name="create"),
    path("<int:pk>/", skill_term_edit, name="edit"),
    path("<int:pk>/delete/", skill_term_delete, name="delete"),
]
