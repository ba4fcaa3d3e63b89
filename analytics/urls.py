from django.urls import path

from analytics import report_views

app_name = "analytics"

urlpatterns = [
    # Before "<slug:key>/": the placements report's exports (fees) are a sensitive action of their own.
    path("placements/export/", report_views.placements_export, name="placements-export"),
    path("<slug:key>/", report_views.report_page, name="report"),
    path("<slug:key>/refresh/", report_views.report_refresh, name="report-refresh"),
]
