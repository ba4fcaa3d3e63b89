from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "interviews"
    verbose_name = _("Interviews and pipelines")

    def ready(self) -> None:
        from interviews import messages  # noqa: F401  (registers the app's message ids)
        from interviews.services.closing_reasons import closing_reasons_seed_defaults

        # A database emptied by ``flush`` (as test runs do) gets the default
        # lists back, as it gets its permissions back: closing needs a list.
        post_migrate.connect(closing_reasons_seed_defaults, sender=self, dispatch_uid="closing_reasons_seed_defaults")
