from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
        from candidates import messages  # noqa: F401  (registers the app's message ids)
