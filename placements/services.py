"""Writes of placements: a hire into an agency job makes one, with its fee
computed from the terms."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.services import audit_record
from interviews.models import Application
from interviews.services import application_hire
from placements.models import Placement
from placements.selectors import is_agency_job

DEFAULT_RATE = Decimal("20.00")
DEFAULT_GUARANTEE_DAYS = 90
CENTS = Decimal("0.01")


def placement_fee(*, fee_type: str, rate: Decimal, first_year_base: Decimal | None) -> Decimal:
    """The fee: ``rate`` percent of the first-year base, or ``rate`` itself for
    a flat fee. An unknown base gives 0 until the terms are filled in."""
    if fee_type == Placement.FeeType.FLAT:
        return rate.quantize(CENTS, ROUND_HALF_UP)
    if first_year_base is None:
        return Decimal("0.00")
    return (first_year_base * rate / 100).quantize(CENTS, ROUND_HALF_UP)


@transaction.atomic
def application_hire_record(
    *,
    application: Application,
    actor: User | None,
    first_year_base: Decimal | None = None,
    currency: str = "",
    placed_on: date | None = None,
) -> Application:
    """Close ``application`` as hired (interviews.services.application_hire:
    row lock, StageTransition, Activity, AuditEvent) and, for an agency job,
    make its Placement in the same transaction: the default fee terms, the fee
    computed from ``first_year_base`` (an accepted offer's), the guarantee's
    end. Writes a ``placements.placement.create`` AuditEvent. Raises
    ValidationError when the application is not active; nothing is written then."""
    application = application_hire(application=application, actor=actor)
    if is_agency_job(application.job):
        placed_on = placed_on or timezone.localdate()
        fee_type = Placement.FeeType.PERCENTAGE
        placement = Placement.objects.create(
            application=application,
            client=application.job.client,
            recruiter=application.job.recruiter,
            placed_on=placed_on,
            first_year_base="" if first_year_base is None else str(first_year_base),
            fee_type=fee_type,
            rate=DEFAULT_RATE,
            fee=placement_fee(fee_type=fee_type, rate=DEFAULT_RATE, first_year_base=first_year_base),
            currency=currency or "CNY",
            guarantee_days=DEFAULT_GUARANTEE_DAYS,
            guarantee_ends_on=placed_on + timedelta(days=DEFAULT_GUARANTEE_DAYS),
            created_by=actor,
        )
        audit_record(action="placements.placement.create", actor=actor, target=placement)
    return application
