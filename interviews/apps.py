from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews and pipelines")

    def ready(self) -> None:
        from interviews import messages  # noqa: F401  (registers the app's message ids)
