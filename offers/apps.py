from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from offers import letter_messages  # noqa: F401  (registers the letter's message ids)
