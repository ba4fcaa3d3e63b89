"""One row of every model the admin shows, made with the services.

Two models have no service yet and are written directly: Consent and CheckIn.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.utils import timezone
from PIL import Image

from accounts.models import User
from analytics.services import rollup_catch_up
from candidates.models import (
    BulkUpload,
    BulkUploadItem,
    Candidate,
    Consent,
    Document,
    ImportJob,
    Note,
    PrivacyNotice,
    SkillTerm,
    Source,
    Tag,
)
from candidates.services import candidate_create, document_create, note_create, source_get_or_create
from candidates.services.bulk import bulk_upload_create
from candidates.services.history import education_create, experience_create
from candidates.services.privacy import privacy_notice_save
from candidates.services.proposals import proposed_updates_record
from candidates.services.resume import resume_apply
from candidates.services.skills import skill_term_create
from candidates.services.spreadsheets import import_job_create
from careers.models import Brand, Posting
from careers.services import site as careers_services
from core.models import AccessToken
from core.services import access_token_issue, reference_save
from intake.models import IntakeMessage, Mailbox
from intake.services import intake_message_take, mailbox_create
from interviews.models import (
    Application,
    CandidateFeedback,
    Criterion,
    Interview,
    InterviewKit,
    InterviewPlanTemplate,
    InterviewSlot,
    KitQuestion,
    Question,
    SchedulingInvitation,
    Scorecard,
    ScorecardTemplate,
    Stage,
    StageKind,
    Trigger,
    Unavailability,
)
from interviews.services import (
    application_create,
    application_move,
    candidate_feedback_record,
    interview_schedule,
    job_create,
    plan_template_create,
    scorecard_submit,
)
from interviews.services.scheduling import unavailability_add
from interviews.services.selfschedule import scheduling_invitation_send, slots_offer
from interviews.services.triggers import trigger_save
from jobs.models import Client, Contact, Job
from jobs.services import client_create, client_grant, contact_create
from messaging.models import EmailTemplate, Notification, OutboundEmail
from messaging.services import email_queue
from offers.services import offer_approvers_set, offer_create, offer_submit
from placements.models import Placement
from placements.services import application_hire_record
from privacy.models import AccessArchive, PrivacyRequest, RetentionPolicy
from privacy.services.requests import access_archive_build, privacy_request_record
from privacy.services.retention import retention_sweep
from talentpool.models import CheckIn, PoolMembership, TalentPool
from talentpool.services import pool_create, pool_member_add
from tests import factories


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


ANCHORS = {"1": "weak", "2": "mixed", "3": "good", "4": "excellent"}
CANDIDATE_EMAIL = "Ada.Lovelace@Example.test"


@dataclass
class World:
    source: Source
    tag: Tag
    email_template: EmailTemplate
    notification: Notification
    question: Question
    kit: InterviewKit
    scorecard_template: ScorecardTemplate
    criterion: Criterion
    plan: InterviewPlanTemplate
    client: Client
    contact: Contact
    job: Job
    stages: list[Stage]
    candidate: Candidate
    note: Note
    document: Document
    consent: Consent
    application: Application
    interview: Interview
    scorecard: Scorecard
    feedback: CandidateFeedback
    pool: TalentPool
    membership: PoolMembership
    check_in: CheckIn
    access_token: AccessToken
    outbound_email: OutboundEmail
    import_job: ImportJob
    bulk_upload: BulkUpload
    bulk_upload_item: BulkUploadItem
    unavailability: Unavailability
    trigger: Trigger
    slot: InterviewSlot
    invitation: SchedulingInvitation
    placement: Placement
    brand: Brand
    posting: Posting
    skill_term: SkillTerm
    mailbox: Mailbox
    intake_message: IntakeMessage
    privacy_request: PrivacyRequest
    access_archive: AccessArchive


class _NamedBytes:
    """An uploaded file as the bulk upload service reads it."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self.size, self._content = name, len(content), content

    def read(self) -> bytes:
        return self._content


def build_world(*, admin: User, recruiter: User, interviewer: User, suffix: str = "") -> World:
    """``suffix`` tells apart the names that must be unique, to build a second world."""
    source = source_get_or_create(name=f"LinkedIn{suffix}", kind=Source.Kind.JOB_BOARD)
    tag = reference_save(instance=Tag(name=f"python{suffix}"), actor=admin)
    email_template = reference_save(
        instance=EmailTemplate(
            name=f"check-in{suffix}",
            language="en",
            purpose=EmailTemplate.Purpose.CHECK_IN,
            subject="Still interested?",
            body_text="Hello {{ candidate_name }}",
        ),
        actor=admin,
    )
    notification = reference_save(
        instance=Notification(
            recipient=recruiter, kind="mention", message_id="text", params={"text": "You were mentioned"}
        ),
        actor=admin,
    )
    question = reference_save(instance=Question(competency="Python", text="How does a generator work?"), actor=admin)
    kit = reference_save(instance=InterviewKit(name="Backend kit"), actor=admin)
    reference_save(instance=KitQuestion(kit=kit, question=question, order=1), actor=admin)
    scorecard_template = reference_save(instance=ScorecardTemplate(name="Backend scorecard"), actor=admin)
    criterion = reference_save(
        instance=Criterion(template=scorecard_template, group=Criterion.Group.SKILLS, name="Python", anchors=ANCHORS),
        actor=admin,
    )
    plan = plan_template_create(
        actor=admin,
        name=f"Engineering{suffix}",
        stages=[
            {"name": "Screen", "kind": StageKind.SCREENING},
            {"name": "Technical", "kind": StageKind.TECHNICAL, "kit": kit, "scorecard_template": scorecard_template},
            {"name": "Offer", "kind": StageKind.OFFER},
        ],
    )
    client = client_create(actor=admin, name=f"Acme{suffix}")
    contact = contact_create(
        client=client, actor=admin, full_name="Carl Contact", email="carl@acme.test", phone="+8613812345678"
    )
    client_grant(client=client, user=recruiter, actor=admin)
    job = job_create(
        actor=admin, client=client, title="Backend engineer", recruiter=recruiter, plan=plan, status=Job.Status.OPEN
    )
    stages = list(job.stages.order_by("order"))
    candidate = candidate_create(
        actor=admin,
        full_name="Ada Lovelace",
        email=CANDIDATE_EMAIL.replace("@", f"{suffix}@"),
        phone="+8613900000000",
        expected_compensation="500k CNY",
        source=source,
        tags=[f"python{suffix}"],
    )
    note = note_create(candidate=candidate, author=admin, body="Strong on generators.")
    # What arrives from outside: a value waiting for a person, the history a
    # resume lists, a privacy notice version not yet in force, a skill term.
    proposed_updates_record(candidate=candidate, values={"phone": "+8613911111111"}, origin="application")
    experience_create(candidate=candidate, actor=admin, company="Analytical Engines", title="Engineer")
    education_create(candidate=candidate, actor=admin, school="University of London", degree="BSc")
    privacy_notice_save(
        notice=PrivacyNotice(
            version=f"next{suffix}",
            title="Privacy notice",
            body="We keep…",
            in_force_from=timezone.now() + timedelta(days=30),
        ),
        actor=admin,
    )
    document = document_create(
        candidate=candidate,
        actor=admin,
        filename="ada.txt",
        content=b"Ada Lovelace, analyst",
        content_type="text/plain",
        text="Ada Lovelace, analyst",
    )
    # A parsed resume: the work history and education rows (from_resume) the parser writes.
    resume = document_create(
        candidate=candidate,
        actor=admin,
        filename="ada-cv.pdf",
        content=b"%PDF-1.4 resume",
        content_type="application/pdf",
        text="Ada Lovelace\nExperience\nAnalyst, Babbage Engines Ltd\n2019 - 2021\n"
        "Education\nBachelor of Science in Mathematics, University of London\n2015 - 2019\n",
    )
    resume_apply(document=resume)
    skill_term = skill_term_create(name=f"Analytical engines{suffix}", aliases=["差分机"], actor=admin)
    now = timezone.now()
    consent = Consent.objects.create(  # no consent service yet
        candidate=candidate,
        purpose=Consent.Purpose.PROCESSING,
        notice_version="2024-01",
        evidence="Ticked the box on the career site.",
        given_at=now,
    )
    application = application_create(candidate=candidate, job=job, actor=admin)
    application = application_move(application=application, to_stage=stages[1], actor=admin)
    starts = now - timedelta(days=1)
    interview = interview_schedule(
        application=application, actor=admin, starts_at=starts, ends_at=starts + timedelta(hours=1), panel=[interviewer]
    )
    scorecard = scorecard_submit(
        interview=interview,
        interviewer=interviewer,
        ratings={criterion.pk: (3, "Knows generators.")},
        recommendation=Scorecard.Recommendation.YES,
    )
    feedback = candidate_feedback_record(
        application=application, satisfaction=5, recommend_score=9, interview=interview
    )
    offer_approvers_set(job=job, users=[admin], actor=admin)
    offer = offer_create(
        application=application,
        actor=admin,
        base_salary="450000",
        currency="CNY",
        pay_period="year",
        periods_per_year=1,
        start_date=now.date() + timedelta(days=30),
        expires_on=now.date() + timedelta(days=7),
    )
    offer_submit(offer=offer, actor=admin)
    pool = pool_create(actor=admin, name=f"Silver medallists{suffix}", cadence_days=90)
    membership = pool_member_add(pool=pool, candidate=factories.pool_consent(candidate), actor=admin)
    check_in = CheckIn.objects.create(membership=membership, sent_at=now)  # no check-in service yet
    _token, access_token = access_token_issue(
        purpose=AccessToken.Purpose.CHECK_IN, target=membership, valid_for=timedelta(days=7)
    )
    unavailability = unavailability_add(
        user=interviewer, starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=3, hours=2), reason="Leave"
    )
    [slot] = slots_offer(
        stage=stages[1],
        actor=admin,
        times=[(now + timedelta(days=5), now + timedelta(days=5, hours=1))],
        panel=[interviewer],
    )
    invitation, _link = scheduling_invitation_send(application=application, slots=[slot], actor=admin)
    import_job = import_job_create(
        actor=admin, filename="candidates.csv", content=b"Name,Email\nGrace Hopper,grace@example.com\n"
    )
    # One refused file: a bulk upload with an item, and nothing handed to Celery.
    bulk_upload = bulk_upload_create(actor=admin, files=[_NamedBytes("notes.txt", b"not a resume")])
    trigger = trigger_save(trigger=Trigger(event=Trigger.Event.THANK_YOU, stage=stages[1], delay_hours=2), actor=admin)
    outbound_email = email_queue(
        to="candidate@example.com",
        idempotency_key=f"admin-world{suffix}",
        language="en",
        subject="Interview invitation",
        body_text="See you soon",
        due_at=now + timedelta(days=1),
        related=interview,
    )
    # Sign-in records allauth writes during its own flows (enrolment, sign-in).
    Authenticator.objects.get_or_create(user=interviewer, type=Authenticator.Type.TOTP, defaults={"data": {}})
    UserSession.objects.create(
        user=recruiter, session_key=f"admin-world-session{suffix}", ip="192.0.2.1", user_agent="Mozilla/5.0"
    )
    SocialAccount.objects.create(user=recruiter, provider="keycloak", uid=f"admin-world{suffix}", extra_data={})
    # A hire into the agency job: its placement, with the fee.
    hired = candidate_create(actor=admin, full_name="Grace Hopper", email=f"grace{suffix}@example.test")
    hired_application = application_create(candidate=hired, job=job, actor=admin)
    application_hire_record(application=hired_application, actor=admin, first_year_base=Decimal("400000"))
    placement = Placement.objects.get(application=hired_application)
    brand = careers_services.brand_create(actor=admin, client=client, slug=f"acme{suffix}", display_name="Acme")
    careers_services.brand_image_add(brand=brand, actor=admin, content=_png(), kind="logo", caption="Logo")
    careers_services.story_create(brand=brand, actor=admin, name="Li Lei", body="Great team.")
    posting = careers_services.posting_create(job=job, actor=admin, description="Build things.")
    # A connected mailbox and one message it took that waits in the intake inbox.
    mailbox = mailbox_create(
        actor=admin,
        name=f"Jobs inbox{suffix}",
        host="localhost",
        port=143,
        security=Mailbox.Security.NONE,
        username="jobs",
        password="imap-secret",
        owner=recruiter,
        default_job=job,
    )
    waiting = MIMEMultipart()
    waiting["From"] = "Li Wei <li.wei@example.com>"
    waiting["Subject"] = "Resume"
    waiting.attach(MIMEText("My resume is attached.", "plain"))
    page = MIMEText("<html><p>Resume</p></html>", "html")
    page.add_header("Content-Disposition", "attachment", filename="resume.html")
    waiting.attach(page)
    raw = waiting.as_bytes()
    intake_message = intake_message_take(mailbox=mailbox, uidvalidity=1, uid=1, raw=raw, size=len(raw))
    # A candidate's access request with its archive waiting for the download.
    privacy_request = privacy_request_record(
        candidate=candidate, kind=PrivacyRequest.Kind.ACCESS, details="By phone", actor=recruiter
    )
    access_archive = access_archive_build(request=privacy_request, actor=recruiter)
    rollup_catch_up()  # the analytics roll-ups of everything above
    # Recorded by django-axes on a failed sign-in; no service of ours writes it.
    AccessAttempt.objects.create(
        username=f"guess{suffix}@example.test",
        ip_address="203.0.113.7",
        user_agent="curl/8",
        path_info="/accounts/login/",
        failures_since_start=3,
        attempt_time=now,
    )
    # Retention: a policy, and the renewal request its sweep sends a candidate
    # who never applied, two weeks before their date.
    policy = reference_save(
        instance=RetentionPolicy(
            name=f"Never applied{suffix}", rule=RetentionPolicy.Rule.NO_APPLICATION, months=12, renewal_days=30
        ),
        actor=admin,
    )
    candidate_create(actor=admin, full_name="Grace Hopper", email=f"grace{suffix}@example.test")
    retention_sweep(now=timezone.now() + timedelta(days=365 - 14))
    assert policy.renewals.exists()
    return World(
        source=source,
        tag=tag,
        email_template=email_template,
        notification=notification,
        question=question,
        kit=kit,
        scorecard_template=scorecard_template,
        criterion=criterion,
        plan=plan,
        client=client,
        contact=contact,
        job=job,
        stages=stages,
        candidate=candidate,
        note=note,
        document=document,
        consent=consent,
        application=application,
        interview=interview,
        scorecard=scorecard,
        feedback=feedback,
        pool=pool,
        membership=membership,
        check_in=check_in,
        access_token=access_token,
        outbound_email=outbound_email,
        trigger=trigger,
        import_job=import_job,
        bulk_upload=bulk_upload,
        bulk_upload_item=bulk_upload.items.get(),
        unavailability=unavailability,
        slot=slot,
        invitation=invitation,
        placement=placement,
        brand=brand,
        posting=posting,
        skill_term=skill_term,
        mailbox=mailbox,
        intake_message=intake_message,
        privacy_request=privacy_request,
        access_archive=access_archive,
    )
