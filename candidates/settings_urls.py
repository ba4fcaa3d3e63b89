"""Settings → Skills vocabulary, for administrators and recruiters: mounted
at /settings/skills/ beside the other settings pages (accounts.settings_urls)."""

from candidates.views import skills

app_name = "skills"
urlpatterns = skills.urlpatterns
