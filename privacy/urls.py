from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns: list = [
    # The candidate's pages behind the link in every email to them.
    path("u/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("p/<str:token>/", views.preferences, name="preferences"),
    path("p/<str:token>/withdraw/<slug:purpose>/", views.consent_withdraw, name="preferences-withdraw"),
    path(
        "p/<str:token>/withdraw/<slug:purpose>/<uuid:client>/",
        views.consent_withdraw,
        name="preferences-withdraw-client",
    ),
    path("p/<str:token>/talent-pool/", views.talent_pool_give, name="preferences-talent-pool"),
    path("p/<str:token>/renew/", views.consents_renew, name="preferences-renew"),
    path("p/<str:token>/stop/", views.contact_stop, name="preferences-stop"),
    path("p/<str:token>/details/", views.details_correct, name="preferences-details"),
    path("p/<str:token>/request/<slug:kind>/", views.request_make, name="preferences-request"),
]
