"""Headers every response carries, whatever view answered."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class ResponseHeadersMiddleware:
    """``Permissions-Policy`` on every response, and ``Cache-Control: private,
    no-store`` on every response to a signed-in user that did not choose its own
    caching: their pages hold personal data that neither a shared cache nor the
    browser's history should keep. Anonymous pages keep whatever caching their
    view chose. Listed first, so it also sees the answers other middleware gives
    (a redirect to sign in, a static file)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response
