"""The candidate feedback survey: the candidate's page (a tokenized link, no
login, in the candidate's language) and the anonymous results staff read.

The results page declares one swappable region, ``results``; its period filter
answers htmx with that region and a plain GET with the whole page.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from core.http import GET_OR_POST, form_errors, respond
from core.services import TokenInvalid
from interviews.forms.surveys import SurveyForm
from interviews.selectors.surveys import (
    MIN_GROUP,
    SurveyLink,
    get_job_for_survey_results,
    survey_link_for,
    survey_results_for,
)
from interviews.services.surveys import survey_answer_record

FORM = "interviews/survey_form.html"
THANKS = "interviews/survey_thanks.html"
RESULTS = "interviews/survey_results.html"


def _unavailable(request: HttpRequest, link: SurveyLink) -> HttpResponse:
    if link.state == "used":
        return render(request, THANKS, {"link": link})
    return render(request, FORM, {"link": link}, status=404 if link.state == "unknown" else 410)


@login_not_required
@GET_OR_POST
def survey(request: HttpRequest, token: str) -> HttpResponse:
    link = survey_link_for(token)
    with translation.override(link.language or translation.get_language()):
        if link.state != "open":
            return _unavailable(request, link)
        form = SurveyForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            try:
                survey_answer_record(token=token, **form.cleaned_data)
            except TokenInvalid:
                return _unavailable(request, survey_link_for(token))
            except ValidationError as error:
                form_errors(form, error)
            else:
                return redirect("interviews:survey", token=token)
        return render(request, FORM, {"link": link, "form": form, "job": link.transition.application.job})


PERIODS = {"": None, "90": 90, "365": 365}


@require_safe
def survey_results(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_survey_results(request.user, job_public_id)
    period = request.GET.get("period", "")
    days = PERIODS.get(period)
    since = timezone.now() - timedelta(days=days) if days else None
    results = survey_results_for(request.user, job=job, since=since)
    context = {"job": job, "results": results, "period": period if period in PERIODS else "", "min_group": MIN_GROUP}
    return respond(request, RESULTS, "results", context)


urlpatterns = [
    path("survey/<str:token>/", survey, name="survey"),
    path("<uuid:job_public_id>/survey-results/", survey_results, name="survey-results"),
]
