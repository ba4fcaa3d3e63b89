import zoneinfo

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone, translation

from accounts import selectors


class UserPreferencesMiddleware:
    """Serve a signed-in user in their own language and time zone.

    Runs after LocaleMiddleware (which chose a language from the cookie or the
    browser for anonymous visitors) and AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SecondFactorRequiredMiddleware:
    """Send a signed-in user whose role must use two-factor sign-in (Settings →
    Security) and who has no authenticator yet to the enrolment page, whatever
    they ask for, until they set one up.

    Left alone: the second-factor pages themselves (allauth.mfa's, named
    ``mfa_*``), confirming the password for them, signing out and the
    language switch. An htmx request gets ``HX-Redirect`` so the whole page
    moves. Static files never reach here (WhiteNoise answers them first).
    """

    ALLOWED_URL_NAMES = frozenset({"account_logout", "account_reauthenticate", "language-set", "healthz", "favicon"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SECOND_FACTOR_ENFORCED or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match is not None else ""
        if name.startswith("mfa_") or name in self.ALLOWED_URL_NAMES:
            return None
        if not selectors.second_factor_missing(request.user):
            return None
        url = reverse("mfa_index")
        if request.htmx:
            response = HttpResponse()
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
