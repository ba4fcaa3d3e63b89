from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CandidatesConfig(AppConfig):
    name = "candidates"
    verbose_name = _("Candidates")

    def ready(self) -> None:
        from candidates import messages  # noqa: F401  (registers the app's message ids)
        from candidates.notices import first_notice_ensure
        from candidates.skills import skill_vocabulary_ensure

        # The application form needs a notice in force; a flushed database
        # gets the first one back.
        post_migrate.connect(first_notice_ensure, sender=self, dispatch_uid="candidates_first_notice_ensure")
        # The resume parser needs a vocabulary to recognise skills by.
        post_migrate.connect(skill_vocabulary_ensure, sender=self, dispatch_uid="candidates_skill_vocabulary_ensure")
