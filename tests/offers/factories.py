"""Offers made directly as rows, for the letter's tests: drafting and
approvals are offers.services' business and are tested there."""

from __future__ import annotations

import importlib
from datetime import timedelta

from django.utils import timezone

from offers.models import Offer, OfferLetterTemplate, OfferVersion
from tests import factories


def approved_offer(
    *,
    application=None,
    status: str = Offer.Status.APPROVED,
    base_salary: str = "40000.00",
    pay_period: str = OfferVersion.PayPeriod.MONTH,
    periods_per_year: int = 13,
    currency: str = "CNY",
    expires_in_days: int | None = 7,
    **candidate_fields,
) -> Offer:
    """An offer whose current version has every term filled in, APPROVED unless told otherwise."""
    if application is None:
        candidate = factories.candidate(**candidate_fields) if candidate_fields else None
        application = factories.application(candidate_=candidate)
    offer = Offer.objects.create(application=application, status=status, created_by=application.job.recruiter)
    today = timezone.localdate()
    version = OfferVersion.objects.create(
        offer=offer,
        number=1,
        base_salary=base_salary,
        currency=currency,
        pay_period=pay_period,
        periods_per_year=periods_per_year,
        bonus="80000",
        equity="10,000 RSU",
        other_terms="Private health insurance",
        start_date=today + timedelta(days=30),
        work_location="Shanghai",
        expires_on=None if expires_in_days is None else today + timedelta(days=expires_in_days),
        created_by=application.job.recruiter,
    )
    offer.current_version = version
    offer.save(update_fields=["current_version"])
    return offer


def default_letters() -> None:
    """The seeded default letters, again: a transactional test before this one flushed them."""
    seed = importlib.import_module("offers.migrations.0002_seed_default_offer_letters")
    for language in ("en", "zh-hans"):
        OfferLetterTemplate.objects.get_or_create(
            name=seed.NAME[language],
            language=language,
            archived_at=None,
            defaults={"subject": seed.SUBJECT[language], "body": seed.BODY[language]},
        )
