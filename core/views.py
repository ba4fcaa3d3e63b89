from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """The signed-in landing page; the dashboard fills it in a later issue."""
    return render(request, "core/home.html")
