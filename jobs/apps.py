from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = _("Clients and jobs")

    def ready(self) -> None:
        from jobs import messages  # noqa: F401  (registers the app's message ids)
