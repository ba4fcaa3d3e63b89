from django.urls import path

from privacy import request_views, views

app_name = "privacy"

urlpatterns: list = [
    # Candidates' requests (access, correction, deletion).
    path("requests/", request_views.request_list, name="request-list"),
    path("requests/count/", request_views.request_count, name="request-count"),
    path("requests/record/", request_views.request_record, name="request-record"),
    path(
        "candidates/<uuid:candidate_public_id>/requests/record/",
        request_views.request_record_for_candidate,
        name="request-record-for-candidate",
    ),
    path("requests/<uuid:public_id>/", request_views.request_detail, name="request-detail"),
    path("requests/<uuid:public_id>/archive/", request_views.archive_build, name="request-archive-build"),
    path(
        "requests/<uuid:public_id>/archive/download/",
        request_views.archive_download,
        name="request-archive-download",
    ),
    path("requests/<uuid:public_id>/complete/", request_views.request_complete, name="request-complete"),
    path("requests/<uuid:public_id>/deletion/ask/", request_views.deletion_ask, name="request-deletion-ask"),
    path(
        "requests/<uuid:public_id>/deletion/confirm/",
        request_views.deletion_confirm,
        name="request-deletion-confirm",
    ),
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
    path("keep/<str:token>/", views.keep, name="keep"),
]
