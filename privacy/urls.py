from django.urls import path  # noqa: F401  (the parts add their routes)

app_name = "privacy"

urlpatterns: list = []
