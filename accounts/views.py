import zoneinfo
from datetime import datetime

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.providers.openid_connect import views as openid_connect_views
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from requests import RequestException

from accounts import selectors, sso
from accounts.adapters import CHOSEN_LANGUAGE_KEY
from accounts.forms import InvitationPasswordForm, LanguageForm
from accounts.lockout import LOCKED_UNTIL_KEY, render_locked_out
from accounts.services import user_invitation_accept, user_session_end, user_set_language
from core.http import GET_OR_POST, done, save_form


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: remembered on the user, and in a cookie
    for the login page. A plain form POST; answers with a redirect back."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(translation.gettext("Unknown language."))
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        user_set_language(user=request.user, language=language)
    else:
        request.session[CHOSEN_LANGUAGE_KEY] = language
    next_url = form.cleaned_data["next"] or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


# A link that worked once (410) or never opened this page (404).
GONE_CODES = {"expired", "used", "revoked", "deactivated"}


@login_not_required
@never_cache
@GET_OR_POST
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation email links to: choose a password, then be signed in.

    No login needed: the token is the key. A GET shows the form and changes
    nothing (mail scanners open links); the POST sets the password and uses
    the link up (accounts.services.user_invitation_accept). The page speaks
    the invitee's language, or the one they pick on it (then kept on the
    account); a link that cannot be used says why and whom to ask for a new one.
    """
    link = selectors.invitation_link(token)
    invitee = link.user
    # The language the invitee picks on this page, else the one the
    # administrator chose for them; after sign-in a pick becomes the account's.
    chosen = request.session.get(CHOSEN_LANGUAGE_KEY)
    if invitee is not None:
        # For the rest of the request, so the response says Content-Language
        # too; UserPreferencesMiddleware resets the time zone afterwards.
        translation.activate(chosen or invitee.language)
        request.LANGUAGE_CODE = translation.get_language()
        timezone.activate(zoneinfo.ZoneInfo(invitee.time_zone))
    if link.problem is not None:
        return _invitation_gone(request, link)
    form = InvitationPasswordForm(invitee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        password = form.cleaned_data["new_password1"]
        user = save_form(form, lambda: user_invitation_accept(token=token, password=password, request=request))
        if user is not None:
            request.session.pop(CHOSEN_LANGUAGE_KEY, None)
            if chosen and chosen != user.language:
                user_set_language(user=user, language=chosen)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            message = translation.gettext("Welcome to RecruitCRM, %(name)s: your password is set.") % {
                "name": user.get_short_name()
            }
            return done(request, reverse("home"), message)
    # A refused password is answered 422, as the other public forms are.
    status = 422 if form.is_bound else 200
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitee": invitee}, status=status)


def _invitation_gone(request: HttpRequest, link: selectors.InvitationLink) -> HttpResponse:
    code = link.problem.code
    context = {"code": code, "invitee": link.user, "inviter": link.inviter}
    return render(request, "accounts/invitation_gone.html", context, status=410 if code in GONE_CODES else 404)


@login_not_required
def sso_start(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Start signing in with a single sign-on provider: allauth's openid_connect
    login (a POST redirects to the provider), except that a provider that does
    not answer brings back the sign-in page with a message instead of a 500."""
    try:
        return openid_connect_views.login(request, provider_id)
    except RequestException:
        provider = get_social_adapter().get_provider(request, provider_id)
        return sso.refuse(
            request,
            provider_id=provider_id,
            provider_name=provider.name,
            decision=sso.Decision(refusal=sso.Refusal.PROVIDER_ERROR),
        )


@login_not_required
@require_safe
def locked_out(request: HttpRequest) -> HttpResponse:
    """Where an htmx sign-in that hit the lockout is sent: the lockout page,
    with the time it lifts remembered in the session; once it has lifted (or
    without one), the sign-in page."""
    remembered = request.session.get(LOCKED_UNTIL_KEY)
    lifts_at = datetime.fromisoformat(remembered) if remembered else None
    if lifts_at is None or lifts_at <= timezone.now():
        return HttpResponseRedirect(reverse("account_login"))
    return render_locked_out(request, lifts_at)


@require_POST
def session_end(request: HttpRequest, ref: str) -> HttpResponse:
    """Sign out one of the person's own sessions from their sessions page; their
    current one signs them out here too."""
    session = selectors.get_own_session(request.user, ref)
    current = session.session_key == request.session.session_key
    user_session_end(sessions=[session], actor=request.user, request=request)
    if current:
        logout(request)
        return done(request, reverse("account_login"))
    return done(request, reverse("usersessions_list"), translation.gettext("That session is signed out."))
