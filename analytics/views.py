from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from analytics.forms import NoContactForm
from analytics.selectors import dashboard_for, no_contact_for
from core.http import is_htmx

PAGE = "analytics/home.html"


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in landing page: the figures of the user's own scope. An
    htmx request (the "no contact" period changing) gets that panel alone."""
    form = NoContactForm.from_query(request.GET)
    context = {"form": form, "no_contact": no_contact_for(request.user, days=form.days_or_default())}
    if is_htmx(request):
        return render(request, f"{PAGE}#no-contact", context)
    return render(request, PAGE, {**context, "dashboard": dashboard_for(request.user)})
