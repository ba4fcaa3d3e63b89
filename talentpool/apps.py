from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentpoolConfig(AppConfig):
    name = "talentpool"
    verbose_name = _("Talent pools")

    def ready(self) -> None:
        from talentpool import messages  # noqa: F401  (registers the app's message ids)
