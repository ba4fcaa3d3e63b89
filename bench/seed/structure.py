"""The few structural rows, made through the services: users, sources, tags,
scorecard templates, plans, clients with their grants, jobs (stages copied
from the plans by job_create) and talent pools."""

from __future__ import annotations

import os
import random
from dataclasses import dataclass, field

from accounts.demo import DEMO_PASSWORD_DEFAULT
from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from bench.seed import vocab
from bench.seed.counts import Counts
from candidates.services import source_get_or_create, tag_get_or_create_many
from demo.builder import demo_users_ensure
from interviews.models import Criterion, Stage, StageKind
from interviews.services import job_create, plan_template_create
from interviews.services.plans import criterion_create, scorecard_template_create
from jobs.models import Job, JobMember
from jobs.services import client_create, client_grant
from talentpool.services import pool_create

ANCHORS = {"1": "No evidence.", "2": "Some, with gaps.", "3": "Meets the bar.", "4": "Raises the bar."}
# Shares of the jobs by status; the first job (the hot one) is always open.
JOB_STATUSES = ((Job.Status.OPEN, 0.85), (Job.Status.FILLED, 0.08), (Job.Status.CLOSED, 0.07))


@dataclass
class StageRow:
    id: int
    job_id: int
    order: int
    kind: str
    name: str
    duration_minutes: int
    interviewers_needed: int
    template_id: int | None


@dataclass
class JobRow:
    id: int
    public_id: str
    title: str
    status: str
    recruiter_id: int
    stages: list[StageRow] = field(default_factory=list)


@dataclass
class Structure:
    admin: User
    recruiter: User  # recruiter@demo.test: on the hot job's client
    recruiters: list[User]
    interviewers: list[User]
    source_ids: list[int]
    tag_ids: dict[str, int]
    criteria: dict[int, list[int]]  # scorecard template id → current criterion ids in order
    jobs: list[JobRow]  # the hot job first
    pool_ids: list[int]


def _user(email: str, full_name: str, role: str, language: str) -> User:
    """A bench user who can sign in with the demo password (bench/run signs in as them)."""
    return User.objects.filter(email=email).first() or user_create(
        email=email,
        full_name=full_name,
        role=role,
        language=language,
        password=os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT),
    )


def _users(counts: Counts, rng: random.Random) -> tuple[list[User], list[User]]:
    recruiters, interviewers = [], []
    for n in range(1, counts.recruiters + 1):
        name = f"{rng.choice(vocab.ENGLISH_FIRST)} {rng.choice(vocab.ENGLISH_LAST)}"
        recruiters.append(_user(f"bench.recruiter{n:03d}@bench.test", name, Role.RECRUITER, "en"))
    for n in range(1, counts.interviewers + 1):
        if n % 2:
            name, language = rng.choice(vocab.CHINESE_SURNAMES) + rng.choice(vocab.CHINESE_GIVEN), "zh-hans"
        else:
            name, language = f"{rng.choice(vocab.ENGLISH_FIRST)} {rng.choice(vocab.ENGLISH_LAST)}", "en"
        interviewers.append(_user(f"bench.interviewer{n:03d}@bench.test", name, Role.INTERVIEWER, language))
    return recruiters, interviewers


def _templates(admin: User) -> tuple[dict[str, int], dict[int, list[int]]]:
    by_kind, criteria = {}, {}
    for kind, rows in vocab.CRITERIA.items():
        template = scorecard_template_create(actor=admin, name=f"Bench {StageKind(kind).label} scorecard")
        for group, name, weight, required in rows:
            criterion_create(
                template=template,
                actor=admin,
                group=group,
                name=name,
                anchors=ANCHORS,
                weight=weight,
                required=required,
            )
        by_kind[kind] = template
        criteria[template.pk] = list(
            Criterion.objects.filter(template=template, is_current=True)
            .order_by("order", "pk")
            .values_list("pk", flat=True)
        )
    return by_kind, criteria


def _plans(admin: User, templates) -> list:
    plans = []
    for name, stages in vocab.PLANS.items():
        rows = [
            {
                "kind": kind,
                "name": stage_name,
                "goal": f"{stage_name}.",
                "duration_minutes": minutes,
                "interviewers_needed": needed,
                "sla_days": sla,
                "scorecard_template": templates[kind],
            }
            for kind, stage_name, minutes, needed, sla in stages
        ]
        plans.append(plan_template_create(actor=admin, name=name, stages=rows))
    return plans


def build_structure(*, counts: Counts, rng: random.Random) -> Structure:
    """Create (through the services) everything the bulk tables point at."""
    demo_users_ensure(password=os.environ.get("DEMO_PASSWORD", DEMO_PASSWORD_DEFAULT))
    admin = User.objects.get(email="admin@demo.test")
    demo = {email: User.objects.get(email=email) for email in ("recruiter@demo.test", "recruiter2@demo.test")}
    coordinator = User.objects.get(email="coordinator@demo.test")
    manager = User.objects.get(email="manager@demo.test")
    recruiters, interviewers = _users(counts, rng)
    interviewers.append(User.objects.get(email="interviewer@demo.test"))
    source_ids = [source_get_or_create(name=name, kind=kind).pk for name, kind in vocab.SOURCES]
    tag_ids = {tag.name: tag.pk for tag in tag_get_or_create_many(vocab.TAGS)}
    templates, criteria = _templates(admin)
    plans = _plans(admin, templates)

    clients = []
    for n in range(counts.clients):
        company = vocab.COMPANIES_EN[n % len(vocab.COMPANIES_EN)]
        clients.append(client_create(actor=admin, name=f"{company} (bench {n + 1:02d})", owner=admin))
    # recruiter@demo.test sees the hot job's client and every fourth one;
    # recruiter2@demo.test another client, so the two demo recruiters see different jobs.
    client_recruiter: dict[int, User] = {}
    for n, client in enumerate(clients):
        if n % 4 == 0:
            client_grant(client=client, user=demo["recruiter@demo.test"], actor=admin)
            client_recruiter[n] = demo["recruiter@demo.test"]
        else:
            client_recruiter[n] = recruiters[n % len(recruiters)]
            client_grant(client=client, user=client_recruiter[n], actor=admin)
    client_grant(client=clients[0], user=coordinator, actor=admin)
    if len(clients) > 1:
        client_grant(client=clients[1], user=demo["recruiter2@demo.test"], actor=admin)

    statuses, weights = zip(*JOB_STATUSES, strict=True)
    jobs = []
    for n in range(counts.jobs):
        client_index = 0 if n == 0 else rng.randrange(counts.clients)
        hot = n == 0
        title = rng.choice(vocab.TITLES_EN)
        job = job_create(
            actor=admin,
            client=clients[client_index],
            title=f"{title} (hot)" if hot else title,
            recruiter=client_recruiter[client_index],
            plan=plans[-1] if hot else plans[n % len(plans)],
            status=Job.Status.OPEN if hot else rng.choices(statuses, weights)[0],
            location=rng.choice(vocab.LOCATIONS_EN)[0],
            headcount=rng.randint(1, 3),
            team=[(coordinator, JobMember.JobRole.COORDINATOR), (manager, JobMember.JobRole.HIRING_MANAGER)]
            if hot
            else [],
        )
        jobs.append(JobRow(job.pk, str(job.public_id), job.title, job.status, job.recruiter_id))
    by_job = {job.id: job for job in jobs}
    for stage in Stage.objects.filter(job_id__in=by_job).order_by("job_id", "order"):
        by_job[stage.job_id].stages.append(
            StageRow(
                stage.pk,
                stage.job_id,
                stage.order,
                stage.kind,
                stage.name,
                stage.duration_minutes,
                stage.interviewers_needed,
                stage.scorecard_template_id,
            )
        )

    pool_ids = [
        pool_create(
            actor=demo["recruiter@demo.test"],
            name=f"Bench pool {n + 1}: {name}",
            cadence_days=90,
        ).pk
        for n, name in zip(
            range(counts.pools), ["engineers", "silver medallists", "finance", "leaders"] * counts.pools, strict=False
        )
    ]
    return Structure(
        admin=admin,
        recruiter=demo["recruiter@demo.test"],
        recruiters=recruiters,
        interviewers=interviewers,
        source_ids=source_ids,
        tag_ids=tag_ids,
        criteria=criteria,
        jobs=jobs,
        pool_ids=pool_ids,
    )
