from django.urls import path

from analytics import report_views

app_name = "analytics"

urlpatterns = [
    path("<slug:key>/", report_views.report_page, name="report"),
    path("<slug:key>/refresh/", report_views.report_refresh, name="report-refresh"),
]
