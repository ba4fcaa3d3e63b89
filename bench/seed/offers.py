"""Offers for the benchmark: made with the services (a few hundred at most,
so the bulk loader's speed does not matter here), on the active applications
furthest along their jobs' pipelines, the hot job's first. Each job with
offers gets the administrator as its approval chain, so the administrator's
"Approvals" list is long, and every offer waits there."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from bench.seed.structure import Structure
from interviews.models import Application
from offers.models import Offer
from offers.services import offer_approvers_set, offer_create, offer_submit

CURRENCIES = ("CNY", "CNY", "CNY", "USD", "HKD", "SGD")


def seed_offers(*, structure: Structure, rng: random.Random, per_job: int = 8, jobs: int = 25) -> int:
    """Draft and submit up to ``per_job`` offers on each of the first ``jobs``
    jobs (the hot job first); returns how many offers were made."""
    today = timezone.localdate()
    made = 0
    for job_row in structure.jobs[:jobs]:
        applications = list(
            Application.objects.filter(job_id=job_row.id, status=Application.Status.ACTIVE)
            .exclude(offers__status__in=Offer.OPEN_STATUSES)
            .select_related("job", "stage", "candidate")
            .order_by("-stage__order", "pk")[:per_job]
        )
        if not applications:
            continue
        offer_approvers_set(job=applications[0].job, users=[structure.admin], actor=structure.admin)
        for application in applications:
            offer = offer_create(
                application=application,
                actor=structure.recruiter,
                base_salary=str(rng.randrange(200, 900) * 1000),
                currency=rng.choice(CURRENCIES),
                pay_period="month" if rng.random() < 0.5 else "year",
                periods_per_year=rng.choice((1, 12, 13, 14)),
                bonus=rng.choice(("", "15% target bonus", "2 months")),
                start_date=today + timedelta(days=rng.randrange(20, 60)),
                work_location=rng.choice(("上海", "北京", "Shenzhen", "Remote")),
                expires_on=today + timedelta(days=rng.randrange(3, 14)),
            )
            offer_submit(offer=offer, actor=structure.recruiter)
            made += 1
    return made
