"""Reads for the careers site.

What the public sees: published postings of open jobs on published brands,
until their ``valid_through``. Everything else is a 404. The client behind an
anonymous brand is never read here (the pages only use the brand's own
fields), so it cannot leak into a page, a feed or the sitemap.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language, pgettext

from accounts.models import User
from accounts.roles import Role
from candidates.models import Document
from careers.models import Answer, Brand, BrandImage, EmployeeStory, Posting, Question
from core.access import get_or_404
from jobs.models import Client, Job
from jobs.selectors import can_manage_jobs, client_list_for, get_job_for_user, job_list_for, require_manage_jobs

PAGE_SIZE = 20
# The newest jobs shown on a brand's own page.
BRAND_PAGE_JOBS = 5


def brands_published() -> QuerySet[Brand]:
    return Brand.objects.filter(is_published=True).select_related("logo").order_by("display_name")


def brand_primary() -> Brand | None:
    return brands_published().filter(is_primary=True).first()


def brand_published(slug: str) -> Brand | None:
    return brands_published().filter(slug=slug).first()


def _visible(now=None) -> Q:
    now = now or timezone.now()
    return Q(published_at__isnull=False, job__status=Job.Status.OPEN, brand__is_published=True) & (
        Q(valid_through__isnull=True) | Q(valid_through__gt=now)
    )


def postings_visible() -> QuerySet[Posting]:
    """Every posting anyone may read, newest first."""
    return Posting.objects.filter(_visible()).order_by("-published_at", "-id")


def brand_postings(brand: Brand) -> QuerySet[Posting]:
    return postings_visible().filter(brand=brand)


def posting_visible(brand: Brand, public_id: UUID | str) -> Posting | None:
    try:
        public_id = UUID(str(public_id))
    except ValueError:
        return None
    return brand_postings(brand).filter(public_id=public_id).first()


@dataclass(frozen=True)
class JobFilters:
    q: str = ""
    location: str = ""
    department: str = ""
    workplace: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, query) -> JobFilters:
        """From a query string: every value trimmed and bounded; nonsense ignored."""

        def text(name: str, limit: int = 100) -> str:
            return " ".join(str(query.get(name, ""))[:limit].split())

        workplace = text("workplace", 10)
        if workplace not in Posting.Workplace.values:
            workplace = ""
        try:
            page = max(1, min(int(query.get("page", 1)), 1000))
        except (TypeError, ValueError):
            page = 1
        return cls(
            q=text("q"), location=text("location"), department=text("department"), workplace=workplace, page=page
        )

    @property
    def active(self) -> bool:
        return bool(self.q or self.location or self.department or self.workplace)


def brand_postings_filtered(brand: Brand, filters: JobFilters) -> QuerySet[Posting]:
    postings = brand_postings(brand)
    if filters.q:
        postings = postings.filter(
            Q(title__icontains=filters.q)
            | Q(title_zh_hans__icontains=filters.q)
            | Q(description__icontains=filters.q)
            | Q(description_zh_hans__icontains=filters.q)
            | Q(department__icontains=filters.q)
        )
    if filters.location:
        postings = postings.filter(location=filters.location)
    if filters.department:
        postings = postings.filter(department=filters.department)
    if filters.workplace:
        postings = postings.filter(workplace=filters.workplace)
    return postings


def brand_job_page(brand: Brand, filters: JobFilters) -> tuple[list[Posting], bool]:
    """One page of the brand's jobs under ``filters`` and whether another follows."""
    start = (filters.page - 1) * PAGE_SIZE
    rows = list(
        brand_postings_filtered(brand, filters).only(
            "public_id",
            "title",
            "title_zh_hans",
            "location",
            "department",
            "workplace",
            "employment_type",
            "published_at",
        )[start : start + PAGE_SIZE + 1]
    )
    return rows[:PAGE_SIZE], len(rows) > PAGE_SIZE


def brand_facets(brand: Brand) -> dict[str, list[str]]:
    """The locations, departments and workplaces of the brand's visible postings (one query)."""
    rows = brand_postings(brand).order_by().values_list("location", "department", "workplace").distinct()
    locations, departments, workplaces = set(), set(), set()
    for location, department, workplace in rows:
        if location:
            locations.add(location)
        if department:
            departments.add(department)
        workplaces.add(workplace)
    return {
        "locations": sorted(locations),
        "departments": sorted(departments),
        "workplaces": [w for w in Posting.Workplace.values if w in workplaces],
    }


def brand_photos(brand: Brand) -> list[BrandImage]:
    return list(brand.images.filter(kind=BrandImage.Kind.PHOTO).defer("content"))


def brand_stories(brand: Brand) -> list[EmployeeStory]:
    return list(brand.stories.select_related("photo").defer("photo__content"))


def image_public(public_id: UUID | str, *, staff: bool = False) -> BrandImage | None:
    """An image to serve: any image of a published brand; staff also see the others (previews)."""
    try:
        public_id = UUID(str(public_id))
    except ValueError:
        return None
    images = BrandImage.objects.filter(public_id=public_id)
    if not staff:
        images = images.filter(brand__is_published=True)
    return images.first()


# Every published site: feeds and the sitemap.
_VERSION_SQL_ALL = """
    SELECT GREATEST(MAX(p.updated_at), MAX(j.updated_at), MAX(b.updated_at)), COUNT(j.id)
    FROM careers_brand b
    LEFT JOIN careers_posting p ON p.brand_id = b.id AND p.published_at IS NOT NULL
    LEFT JOIN jobs_job j ON j.id = p.job_id AND j.status = 'open'
    WHERE b.is_published
"""
# One site: three index lookups, no join. A posting's jobs are its brand's
# client's (careers.services.posting_create); a job closing leaves the open
# set (the count), an edit or reopening moves its ``updated_at`` (the max).
_VERSION_SQL_BRAND = """
    SELECT GREATEST(
        (SELECT updated_at FROM careers_brand WHERE id = %(brand)s),
        (SELECT MAX(updated_at) FROM careers_posting WHERE brand_id = %(brand)s),
        (SELECT MAX(updated_at) FROM jobs_job WHERE client_id = %(client)s AND status = 'open')
    ),
    (SELECT COUNT(*) FROM jobs_job WHERE client_id = %(client)s AND status = 'open')
"""


@dataclass(frozen=True)
class SiteVersion:
    """When what a site shows last changed, and a short token of it."""

    newest: datetime | None
    open_jobs: int = 0

    @property
    def token(self) -> str:
        stamp = f"{self.newest.isoformat() if self.newest else 'none'}:{self.open_jobs}"
        return hashlib.sha1(stamp.encode(), usedforsecurity=False).hexdigest()[:12]


def site_version(brand: Brand | None = None) -> SiteVersion:
    """What changes whenever what the site shows may have changed: the newest
    change among the brand (or every published brand), its published
    postings and their jobs. Jobs are opened and closed by the jobs and
    interviews apps, which know nothing of the careers site; the job's
    ``updated_at`` moving, or the number of open jobs, changes it. One query."""
    with connection.cursor() as cursor:
        if brand is None:
            cursor.execute(_VERSION_SQL_ALL)
        else:
            cursor.execute(_VERSION_SQL_BRAND, {"brand": brand.pk, "client": brand.client_id})
        newest, open_jobs = cursor.fetchone()
    return SiteVersion(newest, open_jobs)


# --- Staff: who manages careers sites ---------------------------------------------
#
# Administrators and recruiters change them; coordinators and reviewers read
# them; hiring managers and interviewers have no such page (404). A brand
# follows its client: seen by whoever sees the client (jobs.selectors), and a
# posting follows its job.

CAREERS_READERS = {Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR, Role.REVIEWER}


def may_see_careers_sites(user: User) -> bool:
    return user.is_active and user.role in CAREERS_READERS


def may_change_careers_sites(user: User) -> bool:
    return may_see_careers_sites(user) and can_manage_jobs(user)


def require_careers_reader(user: User) -> None:
    """404 for a role with no careers pages."""
    if not may_see_careers_sites(user):
        raise Http404


def require_careers_writer(user: User) -> None:
    """404 for a role with no careers pages, 403 for one that only reads them."""
    require_careers_reader(user)
    if not may_change_careers_sites(user):
        raise PermissionDenied


_require_reader = require_careers_reader


def brand_list_for(user: User) -> QuerySet[Brand]:
    """The careers sites of the clients ``user`` sees, with a count of published postings."""
    if not may_see_careers_sites(user):
        return Brand.objects.none()
    return (
        Brand.objects.filter(client__in=client_list_for(user))
        .select_related("client")
        .annotate(published_postings=Count("postings", filter=Q(postings__published_at__isnull=False)))
        .order_by("display_name")
    )


def clients_without_brand_for(user: User) -> QuerySet[Client]:
    """The clients ``user`` sees that have no careers site yet (a new one's choices)."""
    return client_list_for(user).filter(brand__isnull=True).order_by("name")


def get_brand_for_user(user: User, public_id: UUID | str, *, for_change: bool = False) -> Brand:
    """The brand, or 404 if ``user`` may not see its client; with ``for_change``, 403 for readers."""
    _require_reader(user)
    brand = get_or_404(brand_list_for(user), public_id=public_id)
    if for_change and not may_change_careers_sites(user):
        raise PermissionDenied
    return brand


def get_brand_image_for_user(user: User, public_id: UUID | str) -> BrandImage:
    _require_reader(user)
    image = get_or_404(BrandImage.objects.defer("content").select_related("brand"), public_id=public_id)
    get_brand_for_user(user, image.brand.public_id, for_change=True)
    return image


def get_story_for_user(user: User, public_id: UUID | str) -> EmployeeStory:
    _require_reader(user)
    story = get_or_404(EmployeeStory.objects.select_related("brand"), public_id=public_id)
    get_brand_for_user(user, story.brand.public_id, for_change=True)
    return story


def get_job_for_posting(user: User, public_id: UUID | str, *, for_change: bool = False) -> Job:
    """The job whose posting ``user`` manages: 404 unless they see the job and
    may see careers sites; with ``for_change``, 403 for readers."""
    _require_reader(user)
    job = get_job_for_user(user, public_id)
    if for_change and not may_change_careers_sites(user):
        raise PermissionDenied
    return job


def posting_of(job: Job) -> Posting | None:
    return Posting.objects.filter(job=job).select_related("brand").first()


# --- Answers of the application form, for staff ------------------------------


@dataclass(frozen=True)
class AnswerShown:
    """One answer as a staff reader sees it: the question in their language,
    the answer as text (choice labels, yes/no), the file it names, and
    whether it is a knock-out answer."""

    question: str
    kind: str
    text: str
    document: Document | None
    is_knockout: bool


def _in_language(item: Any, field: str, chinese: bool) -> str:
    if isinstance(item, dict):
        return str((chinese and item.get(f"{field}_zh_hans")) or item.get(field) or item.get("value") or "")
    return str((chinese and getattr(item, f"{field}_zh_hans", "")) or getattr(item, field))


def _decoded(raw: str | None) -> Any:
    try:
        return json.loads(raw or "null")
    except (TypeError, ValueError):
        # Written by an older form as plain text: show it as it is.
        return raw


def _text(question: Question, value: Any, chinese: bool) -> str:
    if isinstance(value, bool):
        return pgettext("answer", "Yes") if value else pgettext("answer", "No")
    if question.kind == Question.Kind.YES_NO and value in ("yes", "no"):
        return pgettext("answer", "Yes") if value == "yes" else pgettext("answer", "No")
    if question.kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_CHOICE):
        labels = {str(choice.get("value")): _in_language(choice, "label", chinese) for choice in question.choices or []}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(item), str(item)) for item in values if item not in (None, ""))
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def answers_for_applications(application_ids: Iterable[int]) -> dict[int, list[AnswerShown]]:
    """The answers given on the application form, per application id, in the
    order of the form's questions, read in one query; labels in the active
    language. Callers pass only applications the reader may see."""
    ids = list(application_ids)
    if not ids:
        return {}
    chinese = (get_language() or "").lower().startswith("zh")
    answers = (
        Answer.objects.filter(application_id__in=ids)
        .select_related("question", "document")
        .defer("document__text")
        .order_by("application_id", "question__order", "question_id")
    )
    shown: dict[int, list[AnswerShown]] = defaultdict(list)
    for answer in answers:
        question = answer.question
        shown[answer.application_id].append(
            AnswerShown(
                question=_in_language(question, "label", chinese),
                kind=question.kind,
                text=_text(question, _decoded(answer.value), chinese),
                document=answer.document,
                is_knockout=answer.is_knockout,
            )
        )
    return dict(shown)


# --- The application form --------------------------------------------------------


def _open_postings() -> QuerySet[Posting]:
    # The site's own visibility rule: what the public may read may be applied to.
    return Posting.objects.filter(_visible())


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
