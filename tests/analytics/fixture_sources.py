"""Hand-built worlds for the sources and candidate-experience reports, with
known figures. Built with the services, then backdated with queryset updates
(test code may: the application never rewrites these times).

The period is May–June 2025 (UTC). Client A's job JA and client B's job JB
share a five-stage plan (Screening, Phone Interview, Technical Interview,
Final Interview, Offer). The recruiter is granted client A only; every job is
recruited by the administrator.

Sources (applications created in the period, 09:00 UTC; days to hire exact):

  JA  Referral   r1 → offer, hired after 20 days     interview technical
                 r2 → offer, hired after 30 days     interview technical
                 r3 → offer, rejected                interview final
                 r4 → technical, rejected            interview technical
                 r5 screening, active
                 r0 created in April (outside the period), hired
      Job board  j1 → offer, hired after 15 days     interview phone
                 j2 → phone, active                  interview phone, cancelled
                 j3 → offer, withdrew                interview phone + a cancelled one
                 j4, j5, j6 screening, active
      no source  n1 → offer, hired after 10 days     interview final
                 n2 screening, active
  JB  Agency     a1 → offer, hired after 12 days; a2, a3 active
      Referral   b1 → offer, hired after 7 days      interview phone

Experience (answers and survey emails; p* are JA's applications, q* JB's):

  JA  Phone Interview      p1..p6 answer in May: satisfaction 5 4 4 3 5 2,
                           recommend 10 9 9 6 – 3; p7 answered in March (outside)
                           surveys sent in May: p1..p6, p8, p9 (8, 6 answered);
                           p7's went out in February (outside)
      Technical Interview  p1..p4 answer in June: satisfaction 4 4 5 3, recommend 8 8 10 2
                           surveys sent in June: p1..p5 (5, 4 answered); p6's still queued
  JB  Phone Interview      q1..q3 answer in May: satisfaction 1 1 2, recommend 0 0 1
                           surveys sent in May: q1..q5 (5, 3 answered)
  plus two sent emails that are not surveys (an interview reminder, Django's own mail).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db import models

from accounts.models import User
from analytics.reports.base import Filters
from candidates.models import Source
from candidates.services import source_get_or_create
from interviews.models import Application, CandidateFeedback, StageKind
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_withdraw,
    interview_schedule,
    job_create,
)
from interviews.services.scheduling import interview_cancel
from interviews.services.surveys import survey_key
from jobs.models import Job
from jobs.services import client_create, client_grant
from messaging.models import OutboundEmail
from messaging.services import email_queue
from tests import factories

PERIOD = Filters(start=date(2025, 5, 1), end=date(2025, 6, 30))


def moment(month: int, day: int, hour: int = 9) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=UTC)


@dataclass
class World:
    admin: User
    recruiter: User
    jobs: dict[str, Job] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    objects: dict[str, models.Model] = field(default_factory=dict)

    def __getitem__(self, name: str) -> models.Model:
        return self.objects[name]


def base_world(personas) -> World:
    admin, recruiter = personas["administrator"], personas["recruiter"]
    w = World(admin=admin, recruiter=recruiter)
    plan = factories.plan(stages=5)
    client_a = client_create(actor=admin, name="Client A")
    client_b = client_create(actor=admin, name="Client B")
    client_grant(client=client_a, user=recruiter, actor=admin)
    for name, client in [("JA", client_a), ("JB", client_b)]:
        w.jobs[name] = job_create(actor=admin, client=client, title=name, recruiter=admin, plan=plan)
    return w


def stage(job: Job, kind: str):
    return job.stages.get(kind=kind)


def apply(
    w: World,
    name: str,
    job: Job,
    *,
    source: Source | None = None,
    created: datetime | None = None,
    to: str | None = None,
    end: str | None = None,
    closed: datetime | None = None,
    interviews: tuple[tuple[str, bool], ...] = (),
) -> Application:
    """An application moved to stage kind ``to``, closed as ``end``
    (hired/rejected/withdrawn) at ``closed``, with interviews (stage kind,
    cancelled) scheduled afterwards so that no scorecard gate applies."""
    admin = w.admin
    application = application_create(
        candidate=factories.candidate(full_name=f"Candidate {name}"), job=job, actor=admin, source=source
    )
    if to is not None:
        application = application_move(application=application, to_stage=stage(job, to), actor=admin)
    if end == "hired":
        application = application_hire(application=application, actor=admin)
    elif end == "rejected":
        application = application_reject(application=application, actor=admin, reason="skills")
    elif end == "withdrawn":
        application = application_withdraw(reason="other", application=application, actor=admin)
    for kind, cancelled in interviews:
        starts = (created or moment(5, 1)) + timedelta(days=1)
        interview = interview_schedule(
            application=application,
            actor=admin,
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            panel=[admin],
            stage=stage(job, kind),
            notify=False,
        )
        if cancelled:
            interview_cancel(interview=interview, actor=admin, notify=False)
    changes = {}
    if created is not None:
        changes["created_at"] = created
    if closed is not None:
        changes["closed_at"] = closed
    if changes:
        Application.objects.filter(pk=application.pk).update(**changes)
    w.objects[name] = application
    return application


def sources_world(personas) -> World:
    w = base_world(personas)
    ja, jb = w.jobs["JA"], w.jobs["JB"]
    referral = w.sources["referral"] = source_get_or_create(name="Referral", kind=Source.Kind.REFERRAL)
    board = w.sources["board"] = source_get_or_create(name="Job board", kind=Source.Kind.JOB_BOARD)
    agency = w.sources["agency"] = source_get_or_create(name="Agency", kind=Source.Kind.AGENCY)
    offer, technical, final, phone = StageKind.OFFER, StageKind.TECHNICAL, StageKind.FINAL, StageKind.PHONE

    def hired(name, job, source, day, days, interviews=()):
        created = moment(5, day)
        apply(
            w,
            name,
            job,
            source=source,
            created=created,
            to=offer,
            end="hired",
            closed=created + timedelta(days=days),
            interviews=interviews,
        )

    hired("r1", ja, referral, 2, 20, ((technical, False),))
    hired("r2", ja, referral, 3, 30, ((technical, False),))
    apply(
        w,
        "r3",
        ja,
        source=referral,
        created=moment(5, 4),
        to=offer,
        end="rejected",
        closed=moment(5, 20),
        interviews=((final, False),),
    )
    apply(
        w,
        "r4",
        ja,
        source=referral,
        created=moment(5, 5),
        to=technical,
        end="rejected",
        closed=moment(5, 21),
        interviews=((technical, False),),
    )
    apply(w, "r5", ja, source=referral, created=moment(5, 6))
    apply(
        w,
        "r0",
        ja,
        source=referral,
        created=moment(4, 1),
        to=offer,
        end="hired",
        closed=moment(4, 10),
        interviews=((technical, False),),
    )

    hired("j1", ja, board, 1, 15, ((phone, False),))
    apply(w, "j2", ja, source=board, created=moment(5, 2), to=phone, interviews=((phone, True),))
    apply(
        w,
        "j3",
        ja,
        source=board,
        created=moment(5, 3),
        to=offer,
        end="withdrawn",
        closed=moment(5, 25),
        interviews=((phone, False), (phone, True)),
    )
    for name in ("j4", "j5", "j6"):
        apply(w, name, ja, source=board, created=moment(5, 7))

    hired("n1", ja, None, 10, 10, ((final, False),))
    apply(w, "n2", ja, created=moment(5, 11))

    hired("a1", jb, agency, 2, 12)
    apply(w, "a2", jb, source=agency, created=moment(5, 3))
    apply(w, "a3", jb, source=agency, created=moment(5, 4))
    hired("b1", jb, referral, 5, 7, ((phone, False),))
    return w


def answer(
    application: Application,
    kind: str,
    *,
    at: datetime,
    satisfaction: int,
    recommend: int | None,
) -> CandidateFeedback:
    feedback = CandidateFeedback.objects.create(
        application=application,
        stage=stage(application.job, kind),
        satisfaction=satisfaction,
        recommend_score=recommend,
        comment="A private comment",
        went_well="Something private",
    )
    CandidateFeedback.objects.filter(pk=feedback.pk).update(submitted_at=at)
    return feedback


def survey_sent(application: Application, kind: str, *, at: datetime | None, key: str | None = None) -> OutboundEmail:
    """A survey email as the sweep queues it, then marked sent at ``at``
    (None: still queued)."""
    email = email_queue(
        to=application.candidate.email,
        idempotency_key=key or survey_key(application.pk, stage(application.job, kind).pk),
        language="en",
        template="feedback_survey",
        related=application,
    )
    if at is not None:
        OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.SENT, sent_at=at)
    return email


def experience_world(personas) -> World:
    w = base_world(personas)
    ja, jb = w.jobs["JA"], w.jobs["JB"]
    phone, technical = StageKind.PHONE, StageKind.TECHNICAL
    p = {n: apply(w, f"p{n}", ja) for n in range(1, 10)}
    q = {n: apply(w, f"q{n}", jb) for n in range(1, 6)}

    for n, (satisfaction, recommend) in enumerate([(5, 10), (4, 9), (4, 9), (3, 6), (5, None), (2, 3)], start=1):
        answer(p[n], phone, at=moment(5, 9 + n), satisfaction=satisfaction, recommend=recommend)
    answer(p[7], phone, at=moment(3, 1), satisfaction=1, recommend=0)
    for n, (satisfaction, recommend) in enumerate([(4, 8), (4, 8), (5, 10), (3, 2)], start=1):
        answer(p[n], technical, at=moment(6, 5), satisfaction=satisfaction, recommend=recommend)
    for n, (satisfaction, recommend) in enumerate([(1, 0), (1, 0), (2, 1)], start=1):
        answer(q[n], phone, at=moment(5, 20), satisfaction=satisfaction, recommend=recommend)

    for n in (1, 2, 3, 4, 5, 6, 8, 9):
        survey_sent(p[n], phone, at=moment(5, 5))
    survey_sent(p[7], phone, at=moment(2, 20))
    for n in (1, 2, 3, 4, 5):
        survey_sent(p[n], technical, at=moment(6, 1))
    survey_sent(p[6], technical, at=None)
    for n in (1, 2, 3, 4, 5):
        survey_sent(q[n], phone, at=moment(5, 18))
    survey_sent(p[1], phone, at=moment(5, 5), key=f"interview:{p[1].pk}:reminder:24h")
    survey_sent(p[2], phone, at=moment(5, 5), key="django:9b2f6a52-4c1e-4c52-9d0e-0d6f2a1b7c11")
    return w
