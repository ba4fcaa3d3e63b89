from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from analytics.selectors import dashboard_for


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in landing page: the figures of the user's own scope."""
    return render(request, "analytics/home.html", {"dashboard": dashboard_for(request.user)})
