"""Interview-plan pages: plan templates and their stages, the question bank,
interview kits and scorecard templates — shared reference data managed by the
roles with ``templates_and_pools`` (others get a 403).

Forms declare a ``form`` region (htmx swaps it with its errors, and follows a
success with HX-Redirect); ordered lists declare a region their up/down/remove
buttons swap. Every action also works as a plain POST and redirect. A job's own
stages are in interviews.views.job_stages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.http import GET_OR_POST, done, done_in_place, error_text, respond, save_form
from interviews.forms import plans as forms
from interviews.selectors import plans as selectors
from interviews.services import criterion_update, question_update
from interviews.services import plans as services

QUESTIONS_PER_PAGE = 50


def _form_page(request: HttpRequest, page: str, form, /, **context: Any) -> HttpResponse:
    return respond(request, page, "form", {"form": form, **context})


# --- Plan templates ----------------------------------------------------------------

PLAN_FORM = "interviews/plan_form.html"
STAGE_FORM = "interviews/stage_form.html"


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans hub: plan templates, kits and scorecard templates."""
    selectors.require_manage_plans(request.user)
    context = {
        "plans": selectors.plan_template_list(),
        "kits": selectors.kit_list(),
        "scorecard_templates": selectors.scorecard_template_list(),
    }
    return render(request, "interviews/plan_list.html", context)


@GET_OR_POST
def plan_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    form = forms.PlanForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = save_form(
            form,
            lambda: services.plan_template_create(
                actor=request.user, name=data["name"], description=data["description"]
            ),
        )
        if plan is not None:
            url = reverse("interviews:plan-edit", args=[plan.pk])
            return done(request, url, _("Plan %(name)s created: now add its stages.") % {"name": plan.name})
    return _form_page(request, PLAN_FORM, form, title=_("New interview plan"), plan=None)


def _plan_context(plan, **extra: Any) -> dict[str, Any]:
    return {"plan": plan, "stages": selectors.plan_stage_templates(plan), "title": plan.name, **extra}


@GET_OR_POST
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    plan = selectors.get_plan_template(pk)
    form = forms.PlanForm.for_plan(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        changes = form.cleaned_data
        if save_form(form, lambda: services.plan_template_update(plan=plan, actor=request.user, **changes)):
            url = reverse("interviews:plan-edit", args=[plan.pk])
            return done(request, url, _("Plan %(name)s saved.") % {"name": plan.name})
    return respond(request, PLAN_FORM, "form", _plan_context(plan, form=form))


@GET_OR_POST
def plan_stage_add(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    plan = selectors.get_plan_template(pk)
    form = forms.StageForm(request.POST or None)
    url = reverse("interviews:plan-edit", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.stage_template_add(plan=plan, actor=request.user, **values)):
            return done(request, url, _("Stage %(name)s added.") % {"name": values["name"]})
    return _form_page(request, STAGE_FORM, form, title=_("New stage"), parent=plan.name, cancel_url=url)


@GET_OR_POST
def plan_stage_edit(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    plan = selectors.get_plan_template(pk)
    stage = selectors.get_plan_stage_template(plan, stage_id)
    form = forms.StageForm.for_stage(stage, request.POST or None)
    url = reverse("interviews:plan-edit", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.stage_template_update(stage=stage, actor=request.user, **values)):
            return done(request, url, _("Stage %(name)s saved.") % {"name": stage.name})
    return _form_page(request, STAGE_FORM, form, title=_("Edit stage"), parent=plan.name, cancel_url=url)


def _plan_stages_changed(request: HttpRequest, plan, *, error: str = "") -> HttpResponse:
    def redraw(_notice: str, error: str) -> HttpResponse:
        return render(request, f"{PLAN_FORM}#stages", _plan_context(plan, stages_error=error))

    return done_in_place(request, reverse("interviews:plan-edit", args=[plan.pk]), redraw, error=error)


@require_POST
def plan_stage_move(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    plan = selectors.get_plan_template(pk)
    stage = selectors.get_plan_stage_template(plan, stage_id)
    form = forms.MoveForm(request.POST)
    if not form.is_valid():
        return _plan_stages_changed(request, plan, error=_("Choose up or down."))
    ids = list(selectors.plan_stage_templates(plan).values_list("pk", flat=True))
    order = form.moved(ids, stage.pk)
    services.stage_templates_reorder(plan=plan, order=order, actor=request.user)
    return _plan_stages_changed(request, plan)


@require_POST
def plan_stage_remove(request: HttpRequest, pk: int, stage_id: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    plan = selectors.get_plan_template(pk)
    stage = selectors.get_plan_stage_template(plan, stage_id)
    services.stage_template_remove(stage=stage, actor=request.user)
    return _plan_stages_changed(request, plan)


# --- Question bank -----------------------------------------------------------------

QUESTION_FORM = "interviews/question_form.html"


@require_safe
def question_list(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(selectors.question_list(query=query), QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return respond(request, "interviews/question_list.html", "rows", {"page": page, "query": query})


@GET_OR_POST
def question_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    form = forms.QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.question_create(actor=request.user, **values)):
            return done(request, reverse("interviews:question-list"), _("Question added to the bank."))
    return _form_page(request, QUESTION_FORM, form, title=_("New question"), question=None)


@GET_OR_POST
def question_edit(request: HttpRequest, public_id) -> HttpResponse:
    """Edit a question; one already used is saved as a new version (question_update)."""
    selectors.require_manage_plans(request.user)
    question = selectors.get_question(public_id)
    form = forms.QuestionForm.for_question(question, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {
            **form.cleaned_data,
            "rubric": services.clean_scale(form.cleaned_data["rubric"], required=False, field="rubric"),
        }
        saved = save_form(form, lambda: question_update(question=question, actor=request.user, **values))
        if saved is not None:
            message = _("Question saved as version %(version)s.") % {"version": saved.version}
            return done(request, reverse("interviews:question-list"), message)
    return _form_page(request, QUESTION_FORM, form, title=_("Edit question"), question=question)


# --- Interview kits ----------------------------------------------------------------

KIT_FORM = "interviews/kit_form.html"


def _kit_context(kit, **extra: Any) -> dict[str, Any]:
    return {
        "kit": kit,
        "kit_questions": selectors.kit_questions(kit),
        "add_form": forms.KitQuestionForm(),
        "title": kit.name,
        **extra,
    }


@GET_OR_POST
def kit_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    form = forms.NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kit = save_form(form, lambda: services.kit_create(actor=request.user, name=form.cleaned_data["name"]))
        if kit is not None:
            url = reverse("interviews:kit-edit", args=[kit.pk])
            return done(request, url, _("Kit %(name)s created: now add its questions.") % {"name": kit.name})
    return _form_page(request, KIT_FORM, form, title=_("New interview kit"), kit=None)


@GET_OR_POST
def kit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    kit = selectors.get_kit(pk)
    form = forms.NameForm(request.POST or None, initial={"name": kit.name})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        if save_form(form, lambda: services.kit_update(kit=kit, actor=request.user, name=name)):
            return done(request, reverse("interviews:kit-edit", args=[kit.pk]), _("Kit saved."))
    return respond(request, KIT_FORM, "form", _kit_context(kit, form=form))


def _kit_changed(request: HttpRequest, kit, questions: list | None, *, error: str = "") -> HttpResponse:
    """Save the kit's new question list (unless refused already), then answer
    htmx with the questions region, a plain POST with a redirect."""
    if questions is not None and not error:
        try:
            services.kit_update(kit=kit, actor=request.user, questions=questions)
        except ValidationError as refused:
            error = error_text(refused)

    def redraw(_notice: str, error: str) -> HttpResponse:
        return render(request, f"{KIT_FORM}#questions", _kit_context(kit, questions_error=error))

    return done_in_place(request, reverse("interviews:kit-edit", args=[kit.pk]), redraw, error=error)


def _kit_question_list(kit) -> list:
    return [row.question for row in selectors.kit_questions(kit)]


@require_POST
def kit_question_add(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    kit = selectors.get_kit(pk)
    form = forms.KitQuestionForm(request.POST)
    if not form.is_valid():
        return _kit_changed(request, kit, None, error=_("Choose a question of the bank."))
    return _kit_changed(request, kit, [*_kit_question_list(kit), form.cleaned_data["question"]])


@require_POST
def kit_question_move(request: HttpRequest, pk: int, question_id) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    kit = selectors.get_kit(pk)
    questions = _kit_question_list(kit)
    form = forms.MoveForm(request.POST)
    by_id = {str(question.public_id): question for question in questions}
    if not form.is_valid() or str(question_id) not in by_id:
        return _kit_changed(request, kit, None, error=_("That question is not in this kit."))
    order = form.moved([q.pk for q in questions], by_id[str(question_id)].pk)
    return _kit_changed(request, kit, sorted(questions, key=lambda question: order.index(question.pk)))


@require_POST
def kit_question_remove(request: HttpRequest, pk: int, question_id) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    kit = selectors.get_kit(pk)
    questions = _kit_question_list(kit)
    kept = [question for question in questions if str(question.public_id) != str(question_id)]
    if len(kept) == len(questions):
        return _kit_changed(request, kit, None, error=_("That question is not in this kit."))
    return _kit_changed(request, kit, kept)


# --- Scorecard templates and criteria ----------------------------------------------

SCORECARD_FORM = "interviews/scorecard_template_form.html"
CRITERION_FORM = "interviews/criterion_form.html"


def _scorecard_context(template, **extra: Any) -> dict[str, Any]:
    return {"template": template, "criteria": selectors.template_criteria(template), "title": template.name, **extra}


@GET_OR_POST
def scorecard_template_create(request: HttpRequest) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    form = forms.NameForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        template = save_form(form, lambda: services.scorecard_template_create(actor=request.user, name=name))
        if template is not None:
            url = reverse("interviews:scorecard-template-edit", args=[template.pk])
            return done(request, url, _("Scorecard template %(name)s created: now add its criteria.") % {"name": name})
    return _form_page(request, SCORECARD_FORM, form, title=_("New scorecard template"), template=None)


@GET_OR_POST
def scorecard_template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    template = selectors.get_scorecard_template(pk)
    form = forms.NameForm(request.POST or None, initial={"name": template.name})
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"]
        if save_form(
            form, lambda: services.scorecard_template_update(template=template, actor=request.user, name=name)
        ):
            url = reverse("interviews:scorecard-template-edit", args=[template.pk])
            return done(request, url, _("Scorecard template saved."))
    return respond(request, SCORECARD_FORM, "form", _scorecard_context(template, form=form))


@GET_OR_POST
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    template = selectors.get_scorecard_template(pk)
    form = forms.CriterionForm(request.POST or None, initial={"weight": 1, "required": True})
    url = reverse("interviews:scorecard-template-edit", args=[template.pk])
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.criterion_create(template=template, actor=request.user, **values)):
            return done(request, url, _("Criterion %(name)s added.") % {"name": values["name"]})
    context = {"title": _("New criterion"), "parent": template.name, "cancel_url": url, "criterion": None}
    return _form_page(request, CRITERION_FORM, form, **context)


@GET_OR_POST
def criterion_edit(request: HttpRequest, public_id) -> HttpResponse:
    """Edit a criterion; a scored one is saved as a new version (criterion_update)."""
    selectors.require_manage_plans(request.user)
    criterion = selectors.get_criterion(public_id)
    form = forms.CriterionForm.for_criterion(criterion, request.POST or None)
    url = reverse("interviews:scorecard-template-edit", args=[criterion.template_id])
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        saved = save_form(form, lambda: _criterion_save(criterion, request.user, values))
        if saved is not None:
            return done(request, url, _("Criterion saved as version %(version)s.") % {"version": saved.version})
    context = {"title": _("Edit criterion"), "parent": criterion.template.name, "cancel_url": url}
    return _form_page(request, CRITERION_FORM, form, criterion=criterion, **context)


def _criterion_save(criterion, actor, values: dict[str, Any]):
    anchors = services.clean_scale(values["anchors"], required=True, field="anchors")
    return criterion_update(criterion=criterion, actor=actor, **{**values, "anchors": anchors})


@require_POST
def criterion_move(request: HttpRequest, public_id) -> HttpResponse:
    selectors.require_manage_plans(request.user)
    criterion = selectors.get_criterion(public_id)
    template = criterion.template
    form = forms.MoveForm(request.POST)
    error = "" if form.is_valid() else _("Choose up or down.")
    if not error:
        ids = list(selectors.template_criteria(template).values_list("pk", flat=True))
        order = form.moved(ids, criterion.pk)
        services.criteria_reorder(template=template, order=order, actor=request.user)

    def redraw(_notice: str, error: str) -> HttpResponse:
        return render(request, f"{SCORECARD_FORM}#criteria", _scorecard_context(template, criteria_error=error))

    url = reverse("interviews:scorecard-template-edit", args=[template.pk])
    return done_in_place(request, url, redraw, error=error)


urlpatterns = [
    path("plans/", plan_list, name="plan-list"),
    path("plans/new/", plan_create, name="plan-create"),
    path("plans/<int:pk>/", plan_edit, name="plan-edit"),
    path("plans/<int:pk>/stages/new/", plan_stage_add, name="plan-stage-add"),
    path("plans/<int:pk>/stages/<int:stage_id>/", plan_stage_edit, name="plan-stage-edit"),
    path("plans/<int:pk>/stages/<int:stage_id>/move/", plan_stage_move, name="plan-stage-move"),
    path("plans/<int:pk>/stages/<int:stage_id>/remove/", plan_stage_remove, name="plan-stage-remove"),
    path("questions/", question_list, name="question-list"),
    path("questions/new/", question_create, name="question-create"),
    path("questions/<uuid:public_id>/", question_edit, name="question-edit"),
    path("kits/new/", kit_create, name="kit-create"),
    path("kits/<int:pk>/", kit_edit, name="kit-edit"),
    path("kits/<int:pk>/questions/", kit_question_add, name="kit-question-add"),
    path("kits/<int:pk>/questions/<uuid:question_id>/move/", kit_question_move, name="kit-question-move"),
    path("kits/<int:pk>/questions/<uuid:question_id>/remove/", kit_question_remove, name="kit-question-remove"),
    path("scorecards/new/", scorecard_template_create, name="scorecard-template-create"),
    path("scorecards/<int:pk>/", scorecard_template_edit, name="scorecard-template-edit"),
    path("scorecards/<int:pk>/criteria/new/", criterion_create, name="criterion-create"),
    path("criteria/<uuid:public_id>/", criterion_edit, name="criterion-edit"),
    path("criteria/<uuid:public_id>/move/", criterion_move, name="criterion-move"),
]
