"""A hand-built pipeline with known transitions, for exact analytics figures.

``build_pipeline(now)`` builds it with the services, backdates every
transition to whole days, refreshes the roll-up and returns the objects.
Day n is ``now − (32 − n) days``: with now = 1 April 2025 00:00 UTC, day 1
is 1 March and the period (``ns.filters``) is day 1 to day 31, i.e. March.

Plan: Screening, Phone Interview, Technical Interview, Final Interview,
Offer (nobody reaches the offer stage: hires happen at the final interview).

Clients A and B. ``recruiter_a`` is granted client A and recruits JA; JB and
JE are recruited by ``recruiter_b``. Jobs (for time to fill):
    JA  A  opened day −15 (before the period)   open, holds a1–a12
    JB  B  opened day 1                          open, holds b1–b8
    JC  A  opened day 5, closed unfilled day 15
    JD  A  opened day 10, filled day 30
    JE  B  opened day 2, filled day 26

Applications (``PATHS``): created on the first day, then each step on its
day. a12 was created before the period (day −9): work in progress, not cohort.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace

from accounts.roles import Role
from analytics.reports.base import Filters
from analytics.services import rollup_refresh
from candidates.models import Source
from candidates.services import source_get_or_create
from interviews.models import Application, StageTransition
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    application_reject,
    application_withdraw,
    job_create,
)
from jobs.models import Job
from jobs.services import client_create, client_grant
from tests import factories

REFERRAL, JOB_BOARD, CAREER_SITE = "Referral", "Job board", "Career site"

# name: (job, source, day created, steps). A step is (stage kind, day) for a
# move, ("hire", day), ("withdraw", day) or ("reject", day, reason).
PATHS: dict[str, tuple[str, str, int, list[tuple]]] = {
    "a1": ("JA", REFERRAL, 1, [("phone", 3), ("technical", 6), ("final", 10), ("hire", 12)]),
    "a2": ("JA", JOB_BOARD, 2, [("phone", 4), ("technical", 8), ("final", 14), ("hire", 20)]),
    "a3": ("JA", JOB_BOARD, 3, [("phone", 4), ("technical", 7), ("reject", 12, "skills")]),
    "a4": ("JA", JOB_BOARD, 4, [("phone", 6), ("reject", 9, "skills")]),
    "a5": ("JA", JOB_BOARD, 5, [("reject", 6, "skills")]),
    "a6": ("JA", CAREER_SITE, 6, [("withdraw", 8)]),
    "a7": ("JA", REFERRAL, 7, [("phone", 8), ("technical", 10), ("reject", 20, "culture")]),
    "a8": ("JA", JOB_BOARD, 20, [("phone", 22)]),
    "a9": ("JA", JOB_BOARD, 24, []),
    "a10": ("JA", CAREER_SITE, 26, []),
    "a11": ("JA", REFERRAL, 15, [("phone", 16), ("screening", 18), ("phone", 19), ("technical", 21)]),
    "a12": ("JA", JOB_BOARD, -9, [("phone", 2)]),
    "b1": ("JB", REFERRAL, 1, [("phone", 2), ("technical", 5), ("final", 9), ("hire", 11)]),
    "b2": ("JB", JOB_BOARD, 2, [("phone", 3), ("reject", 7, "compensation")]),
    "b3": ("JB", JOB_BOARD, 3, [("reject", 5, "skills")]),
    "b4": ("JB", CAREER_SITE, 4, [("phone", 5), ("technical", 7), ("withdraw", 9)]),
    "b5": ("JB", JOB_BOARD, 6, []),
    "b6": ("JB", REFERRAL, 9, [("phone", 11)]),
    "b7": ("JB", JOB_BOARD, 28, []),
    "b8": ("JB", CAREER_SITE, 20, [("reject", 21, "location")]),
}

# job: (client, opened day, closed day or None, status at the end).
JOBS: dict[str, tuple[str, int, int | None, str]] = {
    "JA": ("A", -15, None, Job.Status.OPEN),
    "JB": ("B", 1, None, Job.Status.OPEN),
    "JC": ("A", 5, 15, Job.Status.CLOSED),
    "JD": ("A", 10, 30, Job.Status.FILLED),
    "JE": ("B", 2, 26, Job.Status.FILLED),
}


def _backdate_last_transition(application: Application, moment: datetime) -> None:
    last = StageTransition.objects.filter(application=application).order_by("-created_at", "-id").first()
    StageTransition.objects.filter(pk=last.pk).update(created_at=moment)


def _step(application: Application, step: tuple, job: Job, actor) -> Application:
    kind = step[0]
    if kind == "hire":
        return application_hire(application=application, actor=actor)
    if kind == "withdraw":
        return application_withdraw(reason="other", application=application, actor=actor)
    if kind == "reject":
        return application_reject(application=application, actor=actor, reason=step[2])
    return application_move(application=application, to_stage=job.stages.get(kind=kind), actor=actor)


def add_application(
    *, job: Job, source: Source | None, created: datetime, steps: list[tuple[str, datetime, str]], actor
) -> Application:
    """One application through ``steps`` ((kind, moment, reason)), every
    transition and the application's created/closed times backdated."""
    application = application_create(candidate=factories.candidate(), job=job, actor=actor, source=source)
    _backdate_last_transition(application, created)
    for kind, moment, reason in steps:
        application = _step(application, (kind, moment, reason), job, actor)
        _backdate_last_transition(application, moment)
    last = steps[-1][1] if steps else created
    Application.objects.filter(pk=application.pk).update(
        created_at=created,
        stage_entered_at=last,
        closed_at=None if application.status == Application.Status.ACTIVE else last,
    )
    application.refresh_from_db()
    return application


def build_pipeline(now: datetime) -> SimpleNamespace:
    """Build the pipeline above, refresh the roll-up (with a RollupRun
    refreshed at ``now``) and return its objects: users, clients, jobs,
    sources, applications by name, ``day(n)``, the period's ``filters``, and
    the inputs ``PATHS`` and ``JOBS``."""

    def day(n: int) -> datetime:
        return now - timedelta(days=32 - n)

    admin = factories.user(Role.ADMINISTRATOR)
    recruiter_a = factories.user(Role.RECRUITER)
    recruiter_b = factories.user(Role.RECRUITER)
    clients = {
        "A": client_create(actor=admin, name="Pipeline Client A"),
        "B": client_create(actor=admin, name="Pipeline Client B"),
    }
    client_grant(client=clients["A"], user=recruiter_a, actor=admin)
    plan = factories.plan(stages=5)
    sources = {
        name: source_get_or_create(name=name, kind=kind)
        for name, kind in [
            (REFERRAL, Source.Kind.REFERRAL),
            (JOB_BOARD, Source.Kind.JOB_BOARD),
            (CAREER_SITE, Source.Kind.CAREER_SITE),
        ]
    }
    jobs = {
        name: job_create(
            actor=admin,
            client=clients[client],
            title=f"Job {name}",
            recruiter=recruiter_a if client == "A" else recruiter_b,
            plan=plan,
            status=Job.Status.OPEN,
        )
        for name, (client, _opened, _closed, _status) in JOBS.items()
    }

    applications = {}
    for name, (job_name, source_name, created, steps) in PATHS.items():
        applications[name] = add_application(
            job=jobs[job_name],
            source=sources[source_name],
            created=day(created),
            steps=[(step[0], day(step[1]), step[2] if len(step) > 2 else "") for step in steps],
            actor=admin,
        )

    for name, (_client, opened, closed, status) in JOBS.items():
        Job.objects.filter(pk=jobs[name].pk).update(
            status=status, opened_at=day(opened), closed_at=None if closed is None else day(closed)
        )
        jobs[name].refresh_from_db()

    rollup_refresh(day=None, now=now)
    run = rollup_refresh(day=now.date(), now=now)  # nothing changed today: it marks the freshness
    return SimpleNamespace(
        now=now,
        day=day,
        admin=admin,
        recruiter_a=recruiter_a,
        recruiter_b=recruiter_b,
        clients=clients,
        plan=plan,
        sources=sources,
        jobs=jobs,
        applications=applications,
        run=run,
        filters=Filters(start=day(1).date(), end=day(31).date()),
        paths=PATHS,
        job_specs=JOBS,
    )
