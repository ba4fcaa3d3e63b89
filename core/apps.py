from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Django 6.1's label for an empty choice, which its own zh_Hans catalogue does not
# translate yet: named here so that makemessages puts it in ours.
BLANK_CHOICE_LABEL = _("- Select an option -")


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from core import checks  # noqa: F401 - registers the system checks
