"""Small builders over the services, for tests that need a job with a pipeline."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.utils import timezone

from accounts.roles import Role
from accounts.services import user_create
from candidates.services import candidate_create
from core.services import reference_save
from interviews.models import Criterion, ScorecardTemplate, StageKind
from interviews.services import application_create, interview_schedule, job_create, plan_template_create
from jobs.models import Job
from jobs.services import client_create

_seq = itertools.count(1)


def user(role: str = Role.RECRUITER, **kwargs):
    n = next(_seq)
    kwargs.setdefault("full_name", f"{role.title()} {n}")
    return user_create(email=kwargs.pop("email", f"{role}{n}@example.test"), role=role, **kwargs)


def scorecard_template(name: str = "Engineering scorecard") -> ScorecardTemplate:
    template = reference_save(instance=ScorecardTemplate(name=name), actor=None)
    for order, (group, criterion_name, required) in enumerate(
        [("skills", "Problem solving", True), ("behaviour", "Communication", True), ("culture_fit", "Ownership", False)]
    ):
        reference_save(
            instance=Criterion(
                template=template,
                group=group,
                name=criterion_name,
                anchors={"1": "weak", "2": "mixed", "3": "good", "4": "excellent"},
                required=required,
                order=order,
            ),
            actor=None,
        )
    return template


def plan(name: str | None = None, stages: int = 4):
    template = scorecard_template(f"Scorecard {next(_seq)}")
    kinds = [StageKind.SCREENING, StageKind.PHONE, StageKind.TECHNICAL, StageKind.FINAL, StageKind.OFFER]
    return plan_template_create(
        actor=None,
        name=name or f"Plan {next(_seq)}",
        stages=[
            {"name": kind.label.title(), "kind": kind, "scorecard_template": template, "sla_days": 3}
            for kind in kinds[:stages]
        ],
    )


def job(*, recruiter=None, client=None, plan_template=None, status=Job.Status.OPEN, title="Backend Engineer"):
    recruiter = recruiter or user(Role.RECRUITER)
    client = client or client_create(actor=None, name=f"Client {next(_seq)}")
    return job_create(
        actor=recruiter,
        client=client,
        title=title,
        recruiter=recruiter,
        plan=plan_template or plan(),
        status=status,
    )


def candidate(**kwargs):
    n = next(_seq)
    kwargs.setdefault("full_name", f"Candidate {n}")
    kwargs.setdefault("email", f"candidate{n}@example.test")
    return candidate_create(actor=None, **kwargs)


def pool_consent(candidate_, *, actor=None):
    """``candidate_`` with a talent-pool consent in force (recorded by the team
    by phone), as pool_member_add and check-ins require; returns the candidate."""
    from candidates.models import Consent
    from candidates.services.consents import consent_record

    consent_record(
        candidate=candidate_,
        purpose=Consent.Purpose.TALENT_POOL,
        channel=Consent.Channel.STAFF,
        method=Consent.Method.PHONE,
        evidence="Agreed on the phone to hear about future roles.",
        actor=actor,
    )
    return candidate_


def pool_candidate(**kwargs):
    """A candidate who agreed to be kept in talent pools."""
    return pool_consent(candidate(**kwargs))


def application(*, job_=None, candidate_=None, actor=None):
    job_ = job_ or job()
    return application_create(candidate=candidate_ or candidate(), job=job_, actor=actor or job_.recruiter)


def interview(*, application_, panel, days_from_now: float = -1):
    starts = timezone.now() + timedelta(days=days_from_now)
    return interview_schedule(
        application=application_,
        actor=application_.job.recruiter,
        starts_at=starts,
        ends_at=starts + timedelta(hours=1),
        panel=panel,
    )


def pool_members(pool, count: int, *, due, prefix: str = "member"):
    """``count`` members of ``pool`` due at ``due``, written in bulk (for tests
    of scale: the candidates have a name, an email and its blind index, and a
    talent-pool consent)."""
    import uuid

    from candidates.models import Candidate, Consent
    from core import crypto
    from talentpool.models import PoolMembership

    candidates = []
    for n in range(count):
        address = f"{prefix}{n}@scale.test"
        candidates.append(
            Candidate(
                public_id=uuid.uuid4(),
                full_name=f"Member {n}",
                email=address,
                email_index=crypto.email_index(address),
                owner=pool.owner,
            )
        )
    Candidate.objects.bulk_create(candidates, batch_size=1000)
    now = timezone.now()
    Consent.objects.bulk_create(
        [
            Consent(
                candidate=c,
                purpose=Consent.Purpose.TALENT_POOL,
                notice_version="test",
                evidence="Agreed to be kept in the talent pool.",
                given_at=now,
                channel=Consent.Channel.STAFF,
                method=Consent.Method.EMAIL,
            )
            for c in candidates
        ],
        batch_size=1000,
    )
    return PoolMembership.objects.bulk_create(
        [PoolMembership(pool=pool, candidate=c, next_check_in_at=due) for c in candidates], batch_size=1000
    )


def placement(*, job_=None, candidate_=None, first_year_base=None, placed_on=None):
    """A hire into an agency job (``job_``, a new one by default) and the placement it makes."""
    from placements.models import Placement
    from placements.services import application_hire_record

    application_ = application(job_=job_, candidate_=candidate_)
    application_hire_record(
        application=application_, actor=application_.job.recruiter, first_year_base=first_year_base, placed_on=placed_on
    )
    return Placement.objects.select_related("application__candidate", "application__job", "client").get(
        application=application_
    )
