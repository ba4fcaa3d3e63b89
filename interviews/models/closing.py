"""The reasons an application is closed for: lists administrators edit.

A reason is kept by its ``code`` on the application (``rejection_reason``,
``withdrawal_reason``) and on rejection triggers; it is never deleted, only
retired, so past applications, the reports and the analytics roll-up keep
reading its label. Labels are two columns, one per language of the product
(settings.LANGUAGES): plain form fields and an English label the database
requires, where a JSON per language would need its own validation for the same
two languages.
"""

import uuid

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

# The seeded reason of either kind that the admin's one-click actions use.
OTHER = "other"


class ClosingReason(TimeStampedModel):
    class Kind(models.TextChoices):
        REJECTION = "rejection", _("rejection")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Stored on applications and triggers: never changes once the reason exists.
    code = models.SlugField(_("code"), max_length=30)
    label_en = models.CharField(_("label (English)"), max_length=100)
    label_zh_hans = models.CharField(_("label (Simplified Chinese)"), max_length=100, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("closing reason")
        verbose_name_plural = _("closing reasons")
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"],
                name="closingreason_kind_code_uniq",
                violation_error_message=_("A reason of this kind already has this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The label in the active language; English, then the code, where it has none."""
        return reason_label(self.code, {"en": self.label_en, "zh-hans": self.label_zh_hans})

    @property
    def is_active(self) -> bool:
        return self.retired_at is None


def reason_label(code: str, labels: dict[str, str]) -> str:
    """``labels`` (language → text) read in the active language, falling back
    to English, then to ``code``."""
    return labels.get(get_language() or "") or labels.get("en") or code
