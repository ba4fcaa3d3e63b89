"""What bench/run measures on: picked from the seeded data in-process (the
Django ORM, production settings), before the server starts."""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class Targets:
    recruiter_email: str
    interviewer_email: str | None
    password: str
    hot_job: str  # public_id
    hot_job_cards: int
    hot_job_source: int | None
    move_application: str | None
    move_stages: tuple[int, int] | None
    profile_median: str
    profile_heaviest: str
    deep_cursor: str | None
    deep_offset: int
    searches: dict[str, str]
    scorecards: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    candidates: int = 0
    admin_email: str | None = None  # an administrator who signs in: the Users page
    resume_pdf: str | None = None  # a PDF resume's public_id: the profile's preview
    pool: str | None = None  # a talent pool's public_id: its member search (as the administrator)
    admin_totp_secret: str | None = None  # the administrator's authenticator app: their role signs in with a code
    offer_token: str | None = None  # a sent offer's link: the candidate's offer page
    preferences_token: str | None = None  # the link in an email's footer: a candidate's preference centre
    offer: str | None = None  # an offer the recruiter sees, with versions and approvals: the offer page
    careers_slug: str | None = None  # the careers site with the most postings: its public job list
    careers_posting: str | None = None  # its newest posting: the public job page
    bulk_upload: str | None = None  # the recruiter's bulk upload of 500 resumes, half done: its progress page
    apply_path: str | None = None  # a published posting's public application form
    privacy_request: str | None = None  # a waiting data request (of PRIVACY_REQUESTS): its page


def _admin_totp_secret(email: str | None) -> str | None:
    """The secret of ``email``'s authenticator app, set up here when they have
    none: administrators must sign in with a second factor, as in production."""
    if email is None:
        return None
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt, encrypt

    from accounts.models import User

    user = User.objects.get(email=email)
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is None:
        totp = Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": encrypt("BENCHBENCHBENCHBENCHBENCHBENCH22")}
        )
    return decrypt(totp.data["secret"])


def _password() -> str:
    from accounts.demo import DEMO_PASSWORD_DEFAULT

    return os.environ.get("BENCH_PASSWORD") or os.environ.get("DEMO_PASSWORD") or DEMO_PASSWORD_DEFAULT


def _words(sample_every: int) -> list[tuple[str, int]]:
    from candidates.models import Candidate

    table = Candidate._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word, ndoc FROM ts_stat($$SELECT search_vector FROM {table} "
            f"WHERE search_vector IS NOT NULL AND id % {int(sample_every)} = 0$$) ORDER BY ndoc DESC, word"
        )
        return cursor.fetchall()


def _typo(word: str) -> str:
    """The word with two inner letters swapped: a typing slip."""
    if len(word) < 5:
        return word + word[-1]
    i = len(word) // 2
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def targets_pick(*, scale: float, samples: int, user_email: str | None = None) -> Targets:
    from accounts.models import User
    from candidates.models import Activity, Candidate
    from candidates.search import pinyin_forms
    from candidates.selectors import _encode
    from interviews.models import Application, Interview, Panelist, Scorecard
    from interviews.services.scoring import scorecard_criteria
    from jobs.models import Job

    hot = Job.objects.annotate(n=Count("applications")).order_by("-n", "pk").select_related("recruiter").first()
    if hot is None:
        raise SystemExit("bench/run: the database has no jobs; seed it first (manage.py bench_seed)")
    recruiter = User.objects.get(email=user_email) if user_email else hot.recruiter
    stages = list(hot.stages.filter(archived_at__isnull=True).order_by("order").values_list("pk", flat=True))
    app = (
        Application.objects.filter(job=hot, status=Application.Status.ACTIVE, stage_id=stages[0]).order_by("pk").first()
        if stages
        else None
    )
    source = (
        Application.objects.filter(job=hot, candidate__source__isnull=False)
        .values("candidate__source")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("candidate__source", flat=True)
        .first()
    )

    total = Candidate.objects.filter(merged_into__isnull=True).count()
    ids = Candidate.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True)
    median = Candidate.objects.get(pk=ids[total // 2])
    heaviest_id = (
        Activity.objects.values("candidate_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("candidate_id", flat=True)
    ).first() or median.pk
    heaviest = Candidate.objects.get(pk=heaviest_id)

    # The deep page: a cursor ~100,000 rows (at S=1) into the list's default order, newest first.
    offset = max(1, min(int(100_000 * scale), total - 30))
    row = Candidate.objects.order_by("-created_at", "-id").values_list("created_at", "pk")[offset : offset + 1]
    deep = _encode([row[0][0].isoformat(), row[0][1]]) if row else None

    every = max(1, total // 4000)
    words = [(w, n) for w, n in _words(every) if w.isascii() and w.isalpha() and len(w) >= 4]
    common = words[0][0] if words else "engineer"
    rare = next((w for w, n in reversed(words) if len(w) >= 6), common)
    chinese = (
        Candidate.objects.filter(full_name__regex=r"^[一-鿿]{2,3}$").order_by("pk").values_list("full_name", flat=True)
    )[:1]
    chinese_name = chinese[0] if chinese else "张伟"
    latin = (
        Candidate.objects.filter(full_name__regex=r"^[A-Za-z]+ [A-Za-z]{5,}$")
        .order_by("pk")
        .values_list("full_name", flat=True)
    )[:1]
    latin_name = latin[0] if latin else "Jennifer Smith"
    headline = (
        Candidate.objects.filter(headline__regex=r"^[A-Za-z]+ [A-Za-z]+")
        .order_by("pk")
        .values_list("headline", flat=True)
    )[:1]
    multi = " ".join(headline[0].split()[:2]) if headline else f"{common} {words[1][0] if len(words) > 1 else ''}"
    searches = {
        "rare": rare,
        "common": common,
        "multi-word": multi.lower(),
        "chinese": chinese_name,
        # pinyin_forms gives "liu yan yi liuyanyi": the spaced syllables, as people type them.
        "pinyin": pinyin_forms(chinese_name).rsplit(" ", 1)[0] if pinyin_forms(chinese_name) else "zhang wei",
        "typo": _typo(latin_name.split()[-1].lower()),
    }

    # Scorecards: the panelist with the most past, uncancelled interviews not yet submitted by them.
    submitted = Scorecard.objects.filter(
        interview=OuterRef("interview"), interviewer=OuterRef("user"), status=Scorecard.Status.SUBMITTED
    )
    open_seats = Panelist.objects.filter(
        ~Exists(submitted),
        interview__starts_at__lt=timezone.now() - timedelta(hours=1),
        interview__status__in=[Interview.Status.SCHEDULED, Interview.Status.COMPLETED],
    )
    best = open_seats.values("user").annotate(n=Count("pk")).order_by("-n").first()
    interviewer, scorecards = None, []
    if best:
        interviewer = User.objects.get(pk=best["user"])
        for seat in open_seats.filter(user=interviewer).select_related("interview").order_by("pk")[:samples]:
            criteria = scorecard_criteria(interview=seat.interview, scorecard=None)
            form = {f"score_{c.pk}": "3" for c in criteria} | {"recommendation": "yes", "summary": "bench"}
            scorecards.append((str(seat.interview.public_id), form))

    # The Users page is for administrators: the first one with a password.
    admin_email = (
        User.objects.filter(role="administrator", is_active=True)
        .exclude(password__startswith="!")
        .order_by("pk")
        .values_list("email", flat=True)
        .first()
    )

    # A PDF resume, for the preview the profile loads after the page.
    from candidates.models import Document

    resume = Document.objects.filter(kind="resume", content_type="application/pdf").order_by("pk").first()
    resume_pdf = resume.public_id if resume is not None else None
    if resume is not None:
        _store_sample_pdf(resume)

    from talentpool.models import TalentPool

    pool = TalentPool.objects.order_by("pk").values_list("public_id", flat=True).first()

    from offers.models import Offer

    # An offer on the hot job (the recruiter's client), waiting for the administrator's approval.
    offer = (
        Offer.objects.filter(application__job__public_id=hot.public_id)
        .order_by("pk")
        .values_list("public_id", flat=True)
        .first()
    )

    careers_slug, careers_posting = _careers()
    _intake_inbox(recruiter)

    return Targets(
        privacy_request=_privacy_requests(recruiter),
        careers_slug=careers_slug,
        careers_posting=careers_posting,
        bulk_upload=_bulk_upload(recruiter),
        apply_path=_apply_path(),
        offer_token=_offer_token(),
        preferences_token=_preferences_token(),
        offer=str(offer) if offer else None,
        admin_email=admin_email,
        admin_totp_secret=_admin_totp_secret(admin_email),
        pool=str(pool) if pool else None,
        resume_pdf=str(resume_pdf) if resume_pdf else None,
        recruiter_email=recruiter.email,
        interviewer_email=interviewer.email if interviewer else None,
        password=_password(),
        hot_job=str(hot.public_id),
        hot_job_cards=hot.n,
        hot_job_source=source,
        move_application=str(app.public_id) if app else None,
        move_stages=(stages[1], stages[0]) if app and len(stages) > 1 else None,
        profile_median=str(median.public_id),
        profile_heaviest=str(heaviest.public_id),
        deep_cursor=deep,
        deep_offset=offset,
        searches=searches,
        scorecards=scorecards,
        candidates=total,
    )


def _store_sample_pdf(document) -> None:
    """The bulk loader keeps resumes as extracted text only: give the measured
    resume a real two-page PDF in storage, so the preview renders pages."""
    from reportlab.pdfgen import canvas

    from core.files import file_store

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    for page in (1, 2):
        pdf.drawString(72, 760, f"Resume, page {page}")
        for line in range(40):
            pdf.drawString(72, 730 - line * 16, "Backend engineer: Python, PostgreSQL, Redis, Kubernetes.")
        pdf.showPage()
    pdf.save()
    file_store(document, buffer.getvalue(), folder="documents")
    type(document).objects.filter(pk=document.pk).update(
        storage_name=document.storage_name, file_key_version=document.file_key_version
    )


def _careers() -> tuple[str | None, str | None]:
    """The published careers site with the most visible postings, and its newest one."""
    from careers.selectors import brand_postings, brands_published

    best = max(brands_published(), key=lambda brand: brand_postings(brand).count(), default=None)
    if best is None:
        return None, None
    newest = brand_postings(best).values_list("public_id", flat=True).first()
    return best.slug, str(newest) if newest else None


# Messages waiting in the intake inbox while it is measured: more than the page shows.
INTAKE_WAITING = 250


def _intake_inbox(owner) -> None:
    """A connected mailbox (and a few more) with INTAKE_WAITING messages that
    wait in the intake inbox, taken through intake's own service, once."""
    from intake.models import IntakeMessage, Mailbox
    from intake.services import intake_message_take, mailbox_create

    mailbox = Mailbox.objects.order_by("pk").first()
    if mailbox is None:
        for n in range(5):
            mailbox = mailbox_create(
                actor=owner,
                name=f"Bench inbox {n}",
                host="localhost",
                port=143,
                security=Mailbox.Security.NONE,
                username=f"bench{n}",
                password="bench-imap",
                owner=owner,
            )
    first = IntakeMessage.objects.filter(mailbox=mailbox).count() + 1
    for uid in range(first, INTAKE_WAITING + 1):
        raw = (
            f"From: Applicant {uid} <applicant{uid}@bench.test>\r\nSubject: Job inquiry {uid}\r\n"
            f"Date: Sun, 06 Dec 2026 10:00:00 +0800\r\n\r\nAny openings for a backend engineer?\r\n"
        ).encode()
        intake_message_take(mailbox=mailbox, uidvalidity=1, uid=uid, raw=raw, size=len(raw))


# Candidates' data requests waiting while the queue is measured: more than its page shows.
PRIVACY_REQUESTS = 120


def _privacy_requests(recruiter) -> str:
    """PRIVACY_REQUESTS waiting requests of every kind, entered through the
    privacy service by the recruiter, once; the public_id of the first."""
    from candidates.models import Candidate
    from privacy.models import PrivacyRequest
    from privacy.services.requests import privacy_request_record

    kinds = PrivacyRequest.Kind.values
    have = PrivacyRequest.objects.count()
    if have < PRIVACY_REQUESTS:
        people = Candidate.objects.filter(anonymised_at__isnull=True).order_by("pk")[: PRIVACY_REQUESTS - have]
        for n, candidate in enumerate(people):
            privacy_request_record(candidate=candidate, kind=kinds[n % len(kinds)], details="By phone", actor=recruiter)
    return str(PrivacyRequest.objects.order_by("due_at", "pk").values_list("public_id", flat=True).first())


def _bulk_upload(recruiter) -> str:
    """The recruiter's bulk upload of 500 files (the most one takes), half of
    them made candidates and the rest waiting: the progress page polls it.
    Made once, through the service (500 refused files), then half linked to
    candidates and put back to waiting as the item tasks would leave them."""
    from candidates.models import BulkUpload, BulkUploadItem, Candidate
    from candidates.services.bulk import bulk_upload_create

    existing = BulkUpload.objects.filter(created_by=recruiter, total=500).order_by("pk").first()
    if existing is not None:
        return str(existing.public_id)

    class _File:
        def __init__(self, n: int) -> None:
            self.name, self.size = f"resume-{n:03d}.txt", 4

        def read(self) -> bytes:
            return b"text"

    upload = bulk_upload_create(actor=recruiter, files=[_File(n) for n in range(500)])
    items = list(upload.items.order_by("pk").values_list("pk", flat=True))
    people = list(Candidate.objects.order_by("pk").values_list("pk", flat=True)[:250])
    for item, person in zip(items, people, strict=False):
        BulkUploadItem.objects.filter(pk=item).update(status="created", candidate_id=person, reason="", reason_code="")
    BulkUploadItem.objects.filter(pk__in=items[len(people) :]).update(status="waiting", reason="", reason_code="")
    BulkUpload.objects.filter(pk=upload.pk).update(
        status="processing", created=len(people), refused=0, finished_at=None
    )
    return str(upload.public_id)


def _apply_path() -> str | None:
    """The application form of a published posting of an open job: the
    newest published one, else one made for an open job (and a published
    site for its client) so the form can be measured on any seeded database."""
    from careers.models import Brand, Posting
    from jobs.models import Job

    now = timezone.now()
    posting = (
        Posting.objects.filter(published_at__lte=now, brand__is_published=True, job__status=Job.Status.OPEN)
        .select_related("brand")
        .order_by("-published_at")
        .first()
    )
    if posting is None:
        job = Job.objects.filter(status=Job.Status.OPEN).select_related("client").order_by("pk").first()
        if job is None:
            return None
        brand, _created = Brand.objects.get_or_create(
            client=job.client,
            defaults={"slug": f"bench-{job.client.public_id.hex[:8]}", "display_name": job.client.name},
        )
        Brand.objects.filter(pk=brand.pk).update(is_published=True)
        posting, _created = Posting.objects.get_or_create(
            job=job, defaults={"brand": brand, "title": job.title, "description": job.title}
        )
        Posting.objects.filter(pk=posting.pk).update(published_at=now, valid_through=None)
    return f"/careers/{posting.brand.slug}/jobs/{posting.public_id}/apply/"


def _preferences_token() -> str | None:
    """The preference-centre link an email to a candidate with consents
    carries (made as the outbox makes it when it sends)."""
    from candidates.models import Candidate
    from messaging.services.outbox import preference_links

    candidate = Candidate.objects.filter(consents__isnull=False).order_by("pk").first()
    if candidate is None:
        return None
    centre, _unsubscribe = preference_links([candidate.public_id])[str(candidate.public_id)]
    return centre.rstrip("/").rsplit("/", 1)[1]


def _offer_token() -> str | None:
    """A link to an offer sent to a candidate, for the candidate's offer page:
    an approved offer made as rows on an active application (drafting and
    approvals are not measured here), then sent through offers' own service."""
    from interviews.models import Application
    from offers.models import Offer, OfferVersion
    from offers.services.letters import offer_send

    busy = Offer.objects.filter(application=OuterRef("pk"), status__in=Offer.OPEN_STATUSES)
    application = (
        Application.objects.filter(~Exists(busy), status=Application.Status.ACTIVE, candidate__contact_opt_out_at=None)
        .select_related("candidate")
        .order_by("pk")
        .first()
    )
    if application is None or not application.candidate.email:
        return None
    offer = Offer.objects.create(application=application, status=Offer.Status.APPROVED)
    today = timezone.localdate()
    offer.current_version = OfferVersion.objects.create(
        offer=offer,
        number=1,
        base_salary="40000.00",
        pay_period=OfferVersion.PayPeriod.MONTH,
        periods_per_year=13,
        bonus="80000",
        equity="",
        other_terms="",
        start_date=today + timedelta(days=30),
        work_location="Shanghai",
        expires_on=today + timedelta(days=30),
    )
    offer.save(update_fields=["current_version"])
    _offer, token = offer_send(offer=offer, actor=None)
    return token
