"""Filling a job: when its hires reach its headcount, the board and the job
page ask the recruiter to mark it filled; this confirm panel lists the
applications still open and closes them with a reason (and an email, in each
candidate's language)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.http import GET_OR_POST, done, error_text, form_errors, is_htmx, respond
from interviews import services
from interviews.forms.fill import JobFillForm
from interviews.selectors.headcount import job_fill_remaining, job_headcount
from jobs.selectors import get_job_for_user
from messaging.models import EmailTemplate
from messaging.selectors import email_template_names
from offers.services import offers_of_closed_applications_withdraw

FILL = "interviews/job_fill.html"


@GET_OR_POST
def job_fill(request: HttpRequest, job_public_id) -> HttpResponse:
    """GET: what filling the job closes, with the form (the side panel for
    htmx, a page otherwise). POST: fill it, then back to the job page with
    the outcome, naming any application that could not be closed."""
    job = get_job_for_user(request.user, job_public_id, for_change=True)
    templates = email_template_names(purpose=EmailTemplate.Purpose.REJECTION)
    form = JobFillForm(request.POST or None, email_templates=templates)
    job_url = reverse("jobs:job-detail", args=[job.public_id])
    if request.method == "POST" and form.is_valid():
        try:
            result = services.job_fill(job=job, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            # Their offers still open go with them: filling the job is not undone.
            for application in result.rejected:
                offers_of_closed_applications_withdraw(application=application)
            count = len(result.rejected)
            notice = ngettext(
                "The job is filled; %(count)d remaining application closed.",
                "The job is filled; %(count)d remaining applications closed.",
                count,
            ) % {"count": count}
            refused = "; ".join(f"{app.candidate.full_name}: {reason}" for app, reason in result.refused)
            error = _("Still open: %(reasons)s") % {"reasons": refused} if refused else ""
            return done(request, job_url, notice, error=error)
    context = {
        "job": job,
        "form": form,
        "headcount": job_headcount(job),
        "remaining": list(job_fill_remaining(job)),
        "job_url": job_url,
        "in_panel": is_htmx(request),
        "form_error": error_text(ValidationError(form.non_field_errors())) if form.non_field_errors() else "",
    }
    return respond(request, FILL, "fill", context)


urlpatterns = [
    path("<uuid:job_public_id>/fill/", job_fill, name="job-fill"),
]
