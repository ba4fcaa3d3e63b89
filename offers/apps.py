from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "offers"
    verbose_name = _("Offers")

    def ready(self) -> None:
        from offers import messages  # noqa: F401  (registers the app's message ids)
        from offers.services.letters import default_letters_ensure

        # A database emptied by ``flush`` (as test runs do) gets the default
        # letters back, as it gets its closing reasons and permissions back.
        post_migrate.connect(default_letters_ensure, sender=self, dispatch_uid="offers_default_letters_ensure")
