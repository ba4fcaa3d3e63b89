import time
import zoneinfo
from urllib.parse import urlencode, urlsplit

from allauth.usersessions import app_settings as usersessions_settings
from django.conf import settings
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from accounts import selectors, sessions
from core.http import is_htmx


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


# Set in the session once the user is known to have a second factor, so the
# pages after that run no query for it.
SECOND_FACTOR_SEEN_KEY = "accounts.second_factor_seen"


class SecondFactorRequiredMiddleware:
    """Send a signed-in user whose role must use two-factor sign-in (Settings →
    Security) and who has no authenticator yet to the enrolment page, whatever
    they ask for, until they set one up.

    Left alone: the second-factor pages themselves (allauth.mfa's, named
    ``mfa_*``), confirming the password for them, signing out and the
    language switch. An htmx request gets ``HX-Redirect`` so the whole page
    moves (or nothing, when the page it came from is one of those). Static
    files never reach here (WhiteNoise answers them first).
    """

    ALLOWED_URL_NAMES = frozenset({"account_logout", "account_reauthenticate", "language-set", "healthz", "favicon"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SECOND_FACTOR_ENFORCED or not request.user.is_authenticated:
            return None
        if self._allowed(request.resolver_match):
            return None
        if not selectors.second_factor_required(request.user) or request.session.get(SECOND_FACTOR_SEEN_KEY):
            return None
        if selectors.has_second_factor(request.user):
            # Asked once a session; removing one's own factor forgets it (accounts.signals).
            request.session[SECOND_FACTOR_SEEN_KEY] = True
            return None
        if request.htmx:
            # A region the page loads by itself (the notification count) while the
            # enrolment page is showing gets nothing; any other htmx request moves
            # the whole page there.
            current = request.htmx.current_url_abs_path
            if current and self._allowed(self._resolve(current)):
                return HttpResponse(status=204)
            response = HttpResponse()
            response["HX-Redirect"] = reverse("mfa_index")
            return response
        return HttpResponseRedirect(reverse("mfa_index"))

    def _allowed(self, match: ResolverMatch | None) -> bool:
        name = (match.url_name or "") if match is not None else ""
        return name.startswith("mfa_") or name in self.ALLOWED_URL_NAMES

    @staticmethod
    def _resolve(path: str) -> ResolverMatch | None:
        try:
            return resolve(urlsplit(path).path)
        except Resolver404:
            return None


class SessionActivityMiddleware:
    """Keep a signed-in session's "last seen", address and browser, written at
    most every ``accounts.sessions.ACTIVITY_INTERVAL`` seconds (in place of
    allauth's UserSessionsMiddleware, which writes on every request)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            usersessions_settings.TRACK_ACTIVITY
            and request.user.is_authenticated
            and request.session.session_key
            and time.time() - request.session.get(sessions.SEEN_AT, 0) >= sessions.ACTIVITY_INTERVAL
        ):
            sessions.session_touch(request)
        return self.get_response(request)


class FreshCheckMiddleware:
    """Send the actions in ``accounts.sessions.SENSITIVE_ACTIONS`` to confirm the
    password (or the second factor) first when the last check is too old.

    A POST is not replayed afterwards: the person comes back to the page the
    action was on and presses again. htmx gets ``HX-Redirect`` (a full
    navigation to the confirmation page)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or match.view_name not in sessions.SENSITIVE_ACTIONS:
            return None
        if not request.user.is_authenticated or sessions.checked_recently(request):
            return None
        url = f"{sessions.reauthentication_url(request.user)}?{urlencode({REDIRECT_FIELD_NAME: _back_to(request)})}"
        if is_htmx(request):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)


def _back_to(request) -> str:
    """The page the action was on: htmx names it, a browser's Referer does
    otherwise; a GET without either comes back to itself."""
    page = request.headers.get("HX-Current-URL") or request.headers.get("Referer") or ""
    if page and url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()}):
        parts = urlsplit(page)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return reverse(settings.LOGIN_REDIRECT_URL)
