from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.forms import EmailAuthenticationForm, LanguageForm
from accounts.services import user_set_language

CHOSEN_LANGUAGE_KEY = "accounts.chosen_language"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # A language picked on the login page is what this person wants to read:
        # it becomes their account's language.
        chosen = self.request.session.pop(CHOSEN_LANGUAGE_KEY, None)
        response = super().form_valid(form)
        user = form.get_user()
        if chosen and chosen != user.language:
            user_set_language(user=user, language=chosen)
        return response


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
