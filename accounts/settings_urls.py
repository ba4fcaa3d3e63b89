"""Settings pages for administrators, under /settings/: the Users page and Security."""

from django.urls import path

from accounts import user_views

app_name = "settings"
urlpatterns = [
    path("users/", user_views.user_list, name="user-list"),
    path("users/invite/", user_views.user_invite, name="user-invite"),
    path("users/<uuid:public_id>/", user_views.user_detail, name="user-detail"),
    path("users/<uuid:public_id>/role/", user_views.user_role_set, name="user-role-set"),
    path("users/<uuid:public_id>/deactivate/", user_views.user_deactivate, name="user-deactivate"),
    path("users/<uuid:public_id>/reactivate/", user_views.user_reactivate, name="user-reactivate"),
    path("users/<uuid:public_id>/sessions/end/", user_views.user_sessions_end, name="user-sessions-end"),
    path("users/<uuid:public_id>/resend/", user_views.user_invitation_resend, name="user-invitation-resend"),
    path("users/<uuid:public_id>/unlock/", user_views.user_unlock, name="user-unlock"),
]
urlpatterns += [
    path("security/", user_views.security_settings, name="security"),
    path("users/<uuid:public_id>/two-factor/reset/", user_views.user_mfa_reset, name="user-mfa-reset"),
]
