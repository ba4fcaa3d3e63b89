"""The careers site at scale: one published brand holding a posting for every
open job, and enough further open jobs (on a client of their own, with no
pipeline) that the site lists 5,000 × scale of them, as DESIGN's scale asks.

The brand goes through the service; the extra jobs and the postings are bulk
rows (the loader's exception to the service rule): a posting is a job's
public text, nothing more.
"""

from __future__ import annotations

import random
import uuid
from datetime import timedelta

from django.utils import timezone

from careers.models import Posting
from careers.services.site import brand_create, brand_make_primary, brand_publish
from jobs.models import Job
from jobs.services import client_create

OPEN_JOBS = 5000
SLUG = "bench"
LOCATIONS = ["上海 Shanghai", "北京 Beijing", "深圳 Shenzhen", "杭州 Hangzhou", "Hong Kong", "Singapore", "Remote"]
DEPARTMENTS = ["Engineering", "Data", "Sales", "Finance", "Operations", "Design", "People"]
WORDS = ["platform", "payments", "cloud", "mobile", "risk", "growth", "infrastructure", "analytics", "security"]
TITLES = ["Engineer", "Senior Engineer", "Analyst", "Manager", "Designer", "Specialist", "Lead"]


def seed_careers(*, admin, recruiter, scale: float, rng: random.Random) -> int:
    """The bench careers site; returns how many postings it lists."""
    client = client_create(actor=admin, name="Bench Careers Co (bench)", owner=admin)
    brand = brand_create(actor=admin, client=client, slug=SLUG, display_name="Bench Careers Co", tagline="We hire.")
    brand_publish(brand=brand, actor=admin)
    brand_make_primary(brand=brand, actor=admin)
    wanted = max(1, int(OPEN_JOBS * scale))
    open_jobs = list(
        Job.objects.filter(status=Job.Status.OPEN, posting__isnull=True).values_list("pk", "title", "location")[:wanted]
    )
    now = timezone.now()
    extra = [
        Job(
            client=client,
            title=f"{rng.choice(WORDS).title()} {rng.choice(TITLES)}",
            location=rng.choice(LOCATIONS),
            status=Job.Status.OPEN,
            recruiter=recruiter,
            opened_at=now - timedelta(days=rng.randint(1, 90)),
        )
        for _ in range(wanted - len(open_jobs))
    ]
    for job in Job.objects.bulk_create(extra, batch_size=2000):
        open_jobs.append((job.pk, job.title, job.location))
    postings = []
    for n, (job_id, title, location) in enumerate(open_jobs):
        postings.append(
            Posting(
                public_id=uuid.uuid4(),
                job_id=job_id,
                brand=brand,
                title=title,
                description=f"## About the role\n\nJoin our {rng.choice(WORDS)} team.\n\n- {rng.choice(WORDS)}\n",
                location=location or rng.choice(LOCATIONS),
                department=rng.choice(DEPARTMENTS),
                workplace=rng.choice(Posting.Workplace.values),
                published_at=now - timedelta(minutes=n),
            )
        )
    Posting.objects.bulk_create(postings, batch_size=2000)
    return len(postings)
