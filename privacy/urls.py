from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns: list = [
    path("keep/<str:token>/", views.keep, name="keep"),
]
