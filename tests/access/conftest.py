"""The small world the role matrix is checked against, built with the services.

Clients A and B; jobs A1 and A2 on A, B1 on B. Candidates c1 (applied to A1),
c2 (applied to B1), c3 (no application). The interviewer persona sits on one
panel: the first interview of c1's application to A1, next to a second
panelist who has already submitted a scorecard. The second panelist also sits
alone on a later interview of that same application and on B1's interview, and
has submitted scorecards on both, so "the others' on the same interview" can be
told apart from "the others' on the same application". Three talent pools: the
recruiter's own, one granted to the coordinator, one granted to nobody.

Every object has a short name; the matrix in test_role_matrix.py speaks in
those names, so a failure reads "coordinator/pools: unexpected {'pool_nobody'}"
rather than a list of UUIDs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.db import models
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from candidates.services import candidate_create
from core.services import reference_save
from interviews.models import Criterion, Interview, ScorecardTemplate
from interviews.services import (
    application_create,
    interview_schedule,
    job_create,
    plan_template_create,
    scorecard_submit,
)
from jobs.models import JobMember
from jobs.services import client_create, client_grant, job_member_add
from talentpool.services import pool_create, pool_grant, pool_member_add
from tests import factories
from tests.conftest import make_user

KINDS = ("candidates", "clients", "jobs", "applications", "interviews", "scorecards", "pools")


def object_key(kind: str, obj: models.Model):
    """What a kind's object helper is called with: scorecards by pk, the rest by public_id."""
    return obj.pk if kind == "scorecards" else obj.public_id


@dataclass
class World:
    users: dict[str, User]
    objects: dict[str, dict[str, models.Model]] = field(default_factory=lambda: {kind: {} for kind in KINDS})
    criteria: list[Criterion] = field(default_factory=list)

    def add(self, kind: str, name: str, obj: models.Model) -> models.Model:
        self.objects[kind][name] = obj
        return obj

    def __getitem__(self, name: str) -> models.Model:
        for by_name in self.objects.values():
            if name in by_name:
                return by_name[name]
        raise KeyError(name)

    def names(self, kind: str, found) -> set[str]:
        """Names of the objects in ``found`` (a queryset or list); an object the
        world did not name shows up as ``<kind pk=…>``."""
        by_key = {object_key(kind, obj): name for name, obj in self.objects[kind].items()}
        return {by_key.get(object_key(kind, obj), f"<{kind} pk={obj.pk}>") for obj in found}

    def submit_scorecard(self, interview: Interview, interviewer: User):
        return scorecard_submit(
            interview=interview,
            interviewer=interviewer,
            ratings={criterion.pk: (3, "") for criterion in self.criteria},
            recommendation="yes",
        )


@pytest.fixture
def world(personas) -> World:
    admin = personas["administrator"]
    recruiter = personas["recruiter"]
    coordinator = personas["coordinator"]
    hiring_manager = personas["hiring_manager"]
    interviewer = personas["interviewer"]
    second_panelist = make_user("panelist2@example.test", Role.INTERVIEWER, full_name="Pia Panelist")
    w = World(users={**personas, "second_panelist": second_panelist})

    template = reference_save(instance=ScorecardTemplate(name="Screening card"), actor=admin)
    w.criteria = [
        reference_save(
            instance=Criterion(
                template=template,
                group=Criterion.Group.SKILLS,
                name="Communication",
                anchors={"1": "poor", "2": "fair", "3": "good", "4": "excellent"},
            ),
            actor=admin,
        )
    ]
    plan = plan_template_create(
        actor=admin, name="Standard", stages=[{"name": "Screen", "kind": "screening", "scorecard_template": template}]
    )

    client_a = w.add("clients", "client_a", client_create(actor=admin, name="Client A"))
    client_b = w.add("clients", "client_b", client_create(actor=admin, name="Client B"))
    client_grant(client=client_a, user=recruiter, actor=admin)
    client_grant(client=client_a, user=coordinator, actor=admin)

    # A2 and B1 are recruited by the administrator, who sees everything anyway,
    # so the recruiter reaches A2 only through the grant on client A.
    job_a1 = w.add(
        "jobs", "job_a1", job_create(actor=admin, client=client_a, title="A1", recruiter=recruiter, plan=plan)
    )
    w.add("jobs", "job_a2", job_create(actor=admin, client=client_a, title="A2", recruiter=admin, plan=plan))
    job_b1 = w.add("jobs", "job_b1", job_create(actor=admin, client=client_b, title="B1", recruiter=admin, plan=plan))
    job_member_add(job=job_a1, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=admin)

    c1 = w.add("candidates", "c1", candidate_create(actor=recruiter, full_name="Chen Yi", email="c1@example.test"))
    c2 = w.add("candidates", "c2", candidate_create(actor=recruiter, full_name="Chen Er", email="c2@example.test"))
    c3 = w.add("candidates", "c3", candidate_create(actor=recruiter, full_name="Chen San", email="c3@example.test"))

    app_c1_a1 = w.add("applications", "app_c1_a1", application_create(candidate=c1, job=job_a1, actor=recruiter))
    app_c2_b1 = w.add("applications", "app_c2_b1", application_create(candidate=c2, job=job_b1, actor=admin))

    # Held earlier today: their scorecards can be submitted (not before an interview starts).
    soon = timezone.now() - timedelta(hours=5)
    hour = timedelta(hours=1)
    iv_c1_a1 = w.add(
        "interviews",
        "iv_c1_a1",
        interview_schedule(
            application=app_c1_a1,
            actor=recruiter,
            starts_at=soon,
            ends_at=soon + hour,
            panel=[interviewer, second_panelist],
        ),
    )
    iv_c1_a1_later = w.add(
        "interviews",
        "iv_c1_a1_later",
        interview_schedule(
            application=app_c1_a1,
            actor=recruiter,
            starts_at=soon + 2 * hour,
            ends_at=soon + 3 * hour,
            panel=[second_panelist],
        ),
    )
    iv_c2_b1 = w.add(
        "interviews",
        "iv_c2_b1",
        interview_schedule(
            application=app_c2_b1, actor=admin, starts_at=soon, ends_at=soon + hour, panel=[second_panelist]
        ),
    )
    w.add("scorecards", "sc_p2_c1_a1", w.submit_scorecard(iv_c1_a1, second_panelist))
    w.add("scorecards", "sc_p2_c1_a1_later", w.submit_scorecard(iv_c1_a1_later, second_panelist))
    w.add("scorecards", "sc_p2_c2_b1", w.submit_scorecard(iv_c2_b1, second_panelist))

    pool_recruiter = w.add("pools", "pool_recruiter", pool_create(actor=recruiter, name="Recruiter's pool"))
    pool_coordinator = w.add("pools", "pool_coordinator", pool_create(actor=admin, name="Coordinator's pool"))
    w.add("pools", "pool_nobody", pool_create(actor=admin, name="Nobody's pool"))
    pool_grant(pool=pool_coordinator, user=coordinator, actor=admin)
    pool_member_add(pool=pool_recruiter, candidate=factories.pool_consent(c3), actor=recruiter)
    pool_member_add(pool=pool_coordinator, candidate=factories.pool_consent(c2), actor=admin)
    return w
