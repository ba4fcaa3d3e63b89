"""Reads of the careers site: which postings take applications, their
questions, and who may edit a job's application form."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.utils import timezone

from careers.models import Posting, Question
from jobs.models import Job


def _open_postings() -> QuerySet[Posting]:
    now = timezone.now()
    return Posting.objects.filter(
        published_at__isnull=False,
        published_at__lte=now,
        brand__is_published=True,
        job__status=Job.Status.OPEN,
    ).filter(Q(valid_through__isnull=True) | Q(valid_through__gt=now))


def posting_open_for_applications(brand_slug: str, posting_id: uuid.UUID | str) -> Posting | None:
    """The posting ``posting_id`` of the site ``brand_slug`` while it takes
    applications: published, on a published site, its job open and its
    ``valid_through`` not past; None otherwise (unknown, closed meanwhile…)."""
    return (
        _open_postings()
        .filter(brand__slug=brand_slug, public_id=posting_id)
        .select_related("brand", "brand__client", "job", "job__client", "job__recruiter")
        .first()
    )


def posting_for_thanks(brand_slug: str, posting_id: uuid.UUID | str) -> Posting | None:
    """The posting a thank-you page names, whether or not it is still open
    (it may close right after someone applied); its site must be published."""
    return (
        Posting.objects.filter(brand__slug=brand_slug, brand__is_published=True, public_id=posting_id)
        .select_related("brand", "job")
        .first()
    )


def posting_questions(posting: Posting) -> list[Question]:
    """The questions the form asks, in order; retired ones are not asked."""
    return list(posting.questions.filter(retired_at__isnull=True).order_by("order", "id"))


def is_agency_job(posting: Posting) -> bool:
    """A job for a client that is not the in-house team: sharing the profile
    with that client needs its own consent."""
    return not posting.job.client.is_internal
