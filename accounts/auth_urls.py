"""django-allauth's pages (sign-in, password reset, second factor, single
sign-on, sessions) under /accounts/, with allauth's URL names.

Its pages that do not apply here answer 404: nobody signs up, an account's email
address is changed by an administrator, and there is no sign-in by emailed code.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest
from django.urls import include, path

from accounts import views


@login_not_required
def closed(request: HttpRequest, **kwargs) -> None:
    raise Http404


# Route -> allauth's name for it, so a link to one of them is known by that name.
CLOSED = {
    "signup/": "account_signup",
    "signup/passkey/": "account_signup_by_passkey",
    "email/": "account_email",
    "confirm-email/": "account_email_verification_sent",
    "confirm-email/<str:key>/": "account_confirm_email",
    "login/code/confirm/": "account_confirm_login_code",
}

urlpatterns = [
    *(path(route, closed, name=name) for route, name in CLOSED.items()),
    # allauth's own, wrapped: a provider that cannot be reached is a message, not a 500.
    path("oidc/<str:provider_id>/login/", views.sso_start, name="openid_connect_login"),
    path("", include("allauth.urls")),
]
