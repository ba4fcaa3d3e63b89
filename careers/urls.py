from django.urls import path

from careers.views import apply

app_name = "careers"

urlpatterns: list = [
    # The application form (careers.views.apply): public, no login.
    path("<slug:brand>/jobs/<uuid:posting>/apply/", apply.apply, name="apply"),
    path("<slug:brand>/jobs/<uuid:posting>/applied/", apply.applied, name="applied"),
    path("privacy/<str:version>/", apply.privacy_notice, name="privacy-notice"),
]
