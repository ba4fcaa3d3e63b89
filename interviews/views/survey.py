"""The candidate feedback survey: the candidate's page (a tokenized link, no
login, in the candidate's language) and the anonymous results staff read.

The results page declares one swappable region, ``results``; its period filter
answers htmx with that region and a plain GET with the whole page.
"""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from core.htmx import is_htmx
from core.services import TokenInvalid
from interviews.selectors.surveys import (
    MIN_GROUP,
    SurveyLink,
    get_job_for_survey_results,
    survey_link_for,
    survey_results_for,
)
from interviews.services.surveys import TEXT_MAX, survey_answer_record

FORM = "interviews/survey_form.html"
THANKS = "interviews/survey_thanks.html"
RESULTS = "interviews/survey_results.html"


class SurveyForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the process so far?"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    recommend_score = forms.TypedChoiceField(
        label=_("How likely are you to recommend applying here to a friend?"),
        choices=[(n, str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a number from 0 to 10.")},
    )
    went_well = forms.CharField(
        label=_("What went well?"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    to_improve = forms.CharField(
        label=_("What could we do better?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _unavailable(request: HttpRequest, link: SurveyLink) -> HttpResponse:
    if link.state == "used":
        return render(request, THANKS, {"link": link})
    return render(request, FORM, {"link": link}, status=404 if link.state == "unknown" else 410)


@login_not_required
@require_http_methods(["GET", "HEAD", "POST"])
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
                form.add_error(None, error)
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
    return render(request, f"{RESULTS}#results" if is_htmx(request) else RESULTS, context)


urlpatterns = [
    path("survey/<str:token>/", survey, name="survey"),
    path("<uuid:job_public_id>/survey-results/", survey_results, name="survey-results"),
]
