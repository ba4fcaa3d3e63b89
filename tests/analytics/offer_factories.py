"""Offers and placements for the reports, written directly: the report reads
rows, and the offer flows (approvals, the letter, the candidate's answer) are
built elsewhere. An offer gets its versions, a status and the times a report
reads; a placement is made by the one hire entry point
(placements.services.application_hire_record) and then dated as a test needs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from interviews.models import Application
from offers.models import Offer, OfferVersion
from placements.models import Placement
from placements.services import application_hire_record


def applied_at(application: Application, when: datetime) -> Application:
    """Backdate an application's creation (auto_now_add cannot be passed in)."""
    Application.objects.filter(pk=application.pk).update(created_at=when)
    application.created_at = when
    return application


def offer(
    application: Application,
    *,
    status: str = Offer.Status.SENT,
    sent_at: datetime | None = None,
    answered_at: datetime | None = None,
    decline_reason: str = "",
    versions: int = 1,
    base_salary: str = "450000.00",
) -> Offer:
    """An offer on ``application`` with ``versions`` versions of its terms (the last
    is current), in ``status``, sent and answered at the given times."""
    made = Offer.objects.create(
        application=application,
        status=status,
        sent_at=sent_at,
        answered_at=answered_at,
        decline_reason=decline_reason,
        expires_at=sent_at + timedelta(days=7) if sent_at else None,
        language="en",
    )
    for number in range(1, versions + 1):
        version = OfferVersion.objects.create(
            offer=made,
            number=number,
            base_salary=base_salary,
            bonus="",
            equity="",
            other_terms="",
            expires_on=(sent_at + timedelta(days=7)).date() if sent_at else None,
        )
    made.current_version = version
    made.save(update_fields=["current_version"])
    return made


def placement(
    application: Application,
    *,
    actor,
    first_year_base: str,
    currency: str = "CNY",
    placed_on: date,
    fell_through_on: date | None = None,
    replacement_owed: bool = False,
) -> Placement:
    """Hire ``application`` (an agency job's) through application_hire_record, then
    mark the placement fallen through when asked (the placements flow is elsewhere)."""
    application_hire_record(
        application=application,
        actor=actor,
        first_year_base=Decimal(first_year_base),
        currency=currency,
        placed_on=placed_on,
    )
    made = Placement.objects.get(application=application)
    if fell_through_on is not None:
        Placement.objects.filter(pk=made.pk).update(fell_through_on=fell_through_on, replacement_owed=replacement_owed)
        made.refresh_from_db()
    return made
