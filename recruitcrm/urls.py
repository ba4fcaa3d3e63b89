from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path

from analytics import views as analytics_views
from core import views as core_views

# Django admin's own sign-in form would skip the second factor: it sends people
# to allauth's sign-in instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", analytics_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("accounts.auth_urls")),
    path("settings/", include("accounts.settings_urls")),
    path("settings/closing-reasons/", include("interviews.settings_urls")),
    path("settings/skills/", include("candidates.settings_urls")),
    path("messages/", include("messaging.urls")),
    path("candidates/", include("candidates.urls")),
    path("jobs/", include("jobs.urls")),
    path("pipeline/", include("interviews.urls")),
    path("offers/", include("offers.urls")),
    path("placements/", include("placements.urls")),
    path("careers/", include("careers.urls")),
    path("intake/", include("intake.urls")),
    path("pools/", include("talentpool.urls")),
    path("privacy/", include("privacy.urls")),
    path("analytics/", include("analytics.urls")),
    path("admin/", admin.site.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon),
]
