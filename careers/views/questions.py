"""Staff: a job's application form questions on the careers site. Recruiters
on the job and administrators change them; coordinators and reviewers read;
a job one may not see is a 404. The list is the ``questions`` region: add,
move and retire swap it for htmx and redirect back for a plain POST; editing
a question is a page of its own."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from careers import selectors
from careers.forms.questions import QuestionForm
from careers.models import Posting
from careers.services import questions as services
from core.http import GET_OR_POST, done, done_in_place, error_text, is_htmx, respond, save_form
from interviews.forms.plans import MoveForm
from jobs.models import Job
from jobs.selectors import can_manage_jobs

PAGE = "careers/question_list.html"
FORM_PAGE = "careers/question_form.html"


def _page_url(job: Job) -> str:
    return reverse("careers:question-list", args=[job.public_id])


def _context(
    request: HttpRequest, job: Job, posting: Posting | None, form: QuestionForm | None = None
) -> dict[str, Any]:
    return {
        "job": job,
        "posting": posting,
        "questions": selectors.question_rows(posting) if posting else [],
        "form": form or QuestionForm(),
        "can_change": can_manage_jobs(request.user),
    }


def _changed(request: HttpRequest, job: Job, posting: Posting, *, notice: str = "", error: str = "") -> HttpResponse:
    def redraw(notice: str, error: str) -> HttpResponse:
        context = {**_context(request, job, posting), "questions_notice": notice, "questions_error": error}
        return render(request, f"{PAGE}#questions", context)

    return done_in_place(request, _page_url(job), redraw, notice=notice, error=error)


@require_safe
def question_list(request: HttpRequest, job: str) -> HttpResponse:
    found = selectors.get_job_for_questions(request.user, job)
    return respond(request, PAGE, "questions", _context(request, found, selectors.job_posting(found)))


@require_POST
def question_create(request: HttpRequest, job: str) -> HttpResponse:
    found = selectors.get_job_for_questions(request.user, job, for_change=True)
    posting = selectors.job_posting(found)
    form = QuestionForm(request.POST)
    if posting is None:
        return done(request, _page_url(found), error=_("This job has no careers-site posting yet."))
    if form.is_valid():
        values = form.cleaned_data
        question = save_form(form, lambda: services.question_create(posting=posting, actor=request.user, **values))
        if question is not None:
            return _changed(request, found, posting, notice=_("Question added."))
    status = 200 if is_htmx(request) else 400
    return render(
        request,
        f"{PAGE}#questions" if is_htmx(request) else PAGE,
        _context(request, found, posting, form),
        status=status,
    )


@GET_OR_POST
def question_edit(request: HttpRequest, question: str) -> HttpResponse:
    found = selectors.get_question_for_user(request.user, question)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        if save_form(form, lambda: services.question_update(question=found, actor=request.user, **values)):
            return done(request, _page_url(found.posting.job), _("Question saved."))
    return respond(request, FORM_PAGE, "form", {"form": form, "question": found, "job": found.posting.job})


@require_POST
def question_move(request: HttpRequest, question: str) -> HttpResponse:
    found = selectors.get_question_for_user(request.user, question)
    posting, job = found.posting, found.posting.job
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _changed(request, job, posting, error=_("Move it up or down."))
    ids = [row.pk for row in selectors.question_rows(posting)]
    try:
        services.questions_reorder(posting=posting, order=form.moved(ids, found.pk), actor=request.user)
    except ValidationError as error:
        return _changed(request, job, posting, error=error_text(error))
    return _changed(request, job, posting)


@require_POST
def question_retire(request: HttpRequest, question: str) -> HttpResponse:
    found = selectors.get_question_for_user(request.user, question)
    retired = services.question_retire(question=found, actor=request.user)
    notice = _("Question retired: its answers are kept.") if retired else _("Question removed.")
    return _changed(request, found.posting.job, found.posting, notice=notice)
