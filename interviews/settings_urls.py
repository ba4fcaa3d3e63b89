"""Settings → Closing reasons, for administrators: mounted at
/settings/closing-reasons/ beside the other settings pages (accounts.settings_urls)."""

from interviews.views import closing_reasons

app_name = "closing_reasons"
urlpatterns = closing_reasons.urlpatterns
