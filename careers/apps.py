from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers site")

    def ready(self) -> None:
        from careers.services.knockout import knock_out_reason_ensure

        # After interviews' own seeding (INSTALLED_APPS order): a flushed
        # database gets the knock-out reason back beside the default list.
        post_migrate.connect(knock_out_reason_ensure, sender=self, dispatch_uid="careers_knock_out_reason_ensure")
