"""An agency's record of a hire it made for a client: the fee it invoices and
the guarantee it gives. Only administrators and the placing recruiter see a
placement's fee (placements.selectors)."""

import uuid
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import EncryptedTextField
from core.models import TimeStampedModel
from jobs.models import FeeType


class Placement(TimeStampedModel):
    """One hire into an agency job (a job of a client that is not the in-house
    team). Made by placements.services when the application is hired; the fee
    is computed from the terms (a percentage of the first-year base, or flat)."""

    # The same choices as a client's fee terms, which a placement starts from.
    FeeType = FeeType

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.OneToOneField(
        "interviews.Application", verbose_name=_("application"), on_delete=models.CASCADE, related_name="placement"
    )
    # Copied from the job at the hire, so the placements page filters and
    # groups without joining through the pipeline, and a later change of the
    # job's recruiter does not move a fee already earned.
    client = models.ForeignKey("jobs.Client", verbose_name=_("client"), on_delete=models.PROTECT, related_name="+")
    recruiter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placing recruiter"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="placements",
    )
    placed_on = models.DateField(_("placed on"))
    # Compensation: encrypted like every other (DESIGN decision 2).
    first_year_base = EncryptedTextField(_("first-year base salary"))
    fee_type = models.CharField(_("fee type"), max_length=20, choices=FeeType.choices, default=FeeType.PERCENTAGE)
    # The percentage for a percentage fee, the amount for a flat fee.
    rate = models.DecimalField(
        _("rate"), max_digits=12, decimal_places=2, default=Decimal("20.00"), validators=[MinValueValidator(0)]
    )
    fee = models.DecimalField(_("fee"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    invoice_date = models.DateField(_("invoice date"), null=True, blank=True)
    guarantee_days = models.PositiveSmallIntegerField(_("guarantee period (days)"), default=90)
    guarantee_ends_on = models.DateField(_("guarantee ends"))
    note = models.TextField(_("note"), blank=True)
    fell_through_on = models.DateField(_("fell through on"), null=True, blank=True)
    replacement_owed = models.BooleanField(_("replacement owed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-placed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(guarantee_ends_on__gte=models.F("placed_on")),
                name="placement_guarantee_after_placed",
            ),
            models.CheckConstraint(
                condition=models.Q(fell_through_on__isnull=True) | models.Q(fell_through_on__gte=models.F("placed_on")),
                name="placement_fell_through_after_placed",
            ),
        ]
        indexes = [
            # The placements page and report: a period, newest first, per client or recruiter.
            models.Index(fields=["placed_on"], name="placement_placed_idx"),
            models.Index(fields=["client", "placed_on"], name="placement_client_idx"),
            models.Index(fields=["recruiter", "placed_on"], name="placement_recruiter_idx"),
        ]

    class State(models.TextChoices):
        IN_GUARANTEE = "in_guarantee", _("in guarantee")
        ENDED = "ended", _("guarantee ended")
        FELL_THROUGH = "fell_through", _("fell through")
        REPLACEMENT_OWED = "replacement_owed", _("fell through, replacement owed")

    def __str__(self) -> str:
        return f"{self.application} · {self.placed_on}"

    def state_on(self, today: date) -> State:
        """Where the placement stands on ``today``: its guarantee running or
        over, or fallen through (with a replacement owed or not)."""
        if self.fell_through_on is not None:
            return self.State.REPLACEMENT_OWED if self.replacement_owed else self.State.FELL_THROUGH
        return self.State.IN_GUARANTEE if today <= self.guarantee_ends_on else self.State.ENDED
