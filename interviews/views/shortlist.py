"""A job's shortlist: where a hiring manager starts from their job.

The active applications, grouped by stage with the furthest stage first, each
with its scorecard tally and a link to the debrief of its current stage.
Read-only: the decisions are taken on the debrief.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from interviews.selectors.debrief import shortlist_for
from jobs.selectors import get_job_for_user


@require_safe
def shortlist(request: HttpRequest, job_public_id) -> HttpResponse:
    job = get_job_for_user(request.user, job_public_id)
    context = {"job": job, "columns": shortlist_for(request.user, job)}
    return render(request, "interviews/shortlist.html", context)


urlpatterns = [
    path("<uuid:job_public_id>/shortlist/", shortlist, name="shortlist"),
]
