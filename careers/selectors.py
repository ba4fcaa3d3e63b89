"""Reads of the careers site: which postings take applications, their
questions, and who may edit a job's application form."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from careers.models import Posting, Question
from core.access import get_or_404
from jobs.models import Job
from jobs.selectors import get_job_for_user, job_list_for, require_manage_jobs


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


# --- The questions editor (staff) ------------------------------------------------------

# Roles that work a job's pipeline without its settings: the form is not theirs to read.
_NOT_FOR = {Role.INTERVIEWER, Role.HIRING_MANAGER}


def get_job_for_questions(user: User, public_id: uuid.UUID | str, *, for_change: bool = False) -> Job:
    """The job whose application form ``user`` reads (or, ``for_change``,
    edits): 404 when the job is not theirs to see, 403 when their role may
    not read the form or (``for_change``) not change the job's settings."""
    job = get_job_for_user(user, public_id, for_change=for_change)
    if user.role in _NOT_FOR:
        raise PermissionDenied
    return job


def job_posting(job: Job) -> Posting | None:
    return Posting.objects.filter(job=job).first()


def get_question_for_user(user: User, public_id: uuid.UUID | str) -> Question:
    """A question to change: 404 unless its job is visible to ``user``, 403
    unless they may change the job's settings."""
    question = get_or_404(
        Question.objects.filter(posting__job__in=job_list_for(user)).select_related("posting", "posting__job"),
        public_id=public_id,
    )
    require_manage_jobs(user)
    return question


def question_rows(posting: Posting) -> list[Question]:
    """The form's questions, retired ones last, each with its answer count
    (``is_last`` marks the last one asked, which cannot move down)."""
    rows = list(
        posting.questions.annotate(answer_count=Count("answers")).order_by(
            F("retired_at").asc(nulls_first=True), "order", "id"
        )
    )
    asked = [row for row in rows if row.retired_at is None]
    for row in rows:
        row.is_last = bool(asked) and row is asked[-1]
    return rows
