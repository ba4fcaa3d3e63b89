"""A small world for the dashboard, built with the services, at a fixed moment.

NOW is Wednesday 11 June 2025, 10:00 in Shanghai, the time zone of every
persona here: the week runs from Monday 9 June 00:00 to Monday 16 June 00:00.

Clients A and B. The recruiter is granted client A; the hiring manager is on
A1's team; every job is recruited by the administrator, so the recruiter
reaches A's jobs only through the grant. A1, A2 and B1 are open; A3 is a draft.
The plan's stages are screening, phone, technical, final and offer (no
behavioural stage, so that kind shows a zero).

Active applications: A1 — c1 screening, c2 technical, c3 technical (c4 hired,
not active); A2 — c5 phone; A3 — c6 screening; B1 — c7 final, c8 screening.

Interviews (all scheduled):
  iv_mon   A1/c1 Mon 09 Jun 09:00, panel: second panelist          (this week, past)
  iv_tue   A1/c2 Tue 10 Jun 14:00, panel: interviewer, recruiter   (this week, past: due for both)
  iv_thu   A1/c3 Thu 12 Jun 09:00, panel: interviewer              (upcoming)
  iv_thu_b B1/c7 Thu 12 Jun 11:00, panel: interviewer              (upcoming)
  iv_fri   A2/c5 Fri 13 Jun 15:00, panel: second panelist          (upcoming)
  iv_next  A1/c1 Mon 16 Jun 09:00, panel: interviewer              (next week)
  iv_last  B1/c8 Fri 06 Jun 10:00, panel: interviewer, admin       (last week; the interviewer's
                                                                     scorecard is in, the admin's is due)
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from django.db import models

from accounts.models import User
from accounts.roles import Role
from interviews.models import Criterion, Interview
from interviews.services import (
    application_create,
    application_hire,
    application_move,
    interview_schedule,
    job_create,
    scorecard_submit,
)
from jobs.models import Job, JobMember
from jobs.services import client_create, client_grant, job_member_add
from tests import factories
from tests.conftest import make_user

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
NOW = datetime(2025, 6, 11, 10, 0, tzinfo=SHANGHAI)


def at(day: int, hour: int) -> datetime:
    """A moment in June 2025, Shanghai time."""
    return datetime(2025, 6, day, hour, 0, tzinfo=SHANGHAI)


@dataclass
class World:
    users: dict[str, User]
    objects: dict[str, models.Model] = field(default_factory=dict)
    criteria: list[Criterion] = field(default_factory=list)

    def __getitem__(self, name: str) -> models.Model:
        return self.objects[name]

    def submit_scorecard(self, interview: Interview, interviewer: User):
        return scorecard_submit(
            interview=interview,
            interviewer=interviewer,
            ratings={criterion.pk: (3, "") for criterion in self.criteria if criterion.required},
            recommendation="yes",
        )


def schedule(application, *, starts_at: datetime, panel, actor) -> Interview:
    return interview_schedule(
        application=application,
        actor=actor,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        panel=panel,
    )


@pytest.fixture
def world(personas) -> World:
    for user in personas.values():
        user.time_zone = "Asia/Shanghai"
        user.save(update_fields=["time_zone"])
    admin = personas["administrator"]
    recruiter = personas["recruiter"]
    interviewer = personas["interviewer"]
    second_panelist = make_user("panelist2@example.test", Role.INTERVIEWER, full_name="Pia Panelist")
    w = World(users={**personas, "second_panelist": second_panelist})

    plan = factories.plan(stages=5)
    w.criteria = list(Criterion.objects.filter(template=plan.stages.first().scorecard_template))
    client_a = client_create(actor=admin, name="Client A")
    client_b = client_create(actor=admin, name="Client B")
    client_grant(client=client_a, user=recruiter, actor=admin)

    def job(name: str, client, status=Job.Status.OPEN) -> Job:
        created = job_create(actor=admin, client=client, title=name, recruiter=admin, plan=plan, status=status)
        w.objects[name] = created
        return created

    a1, a2, b1 = job("A1", client_a), job("A2", client_a), job("B1", client_b)
    a3 = job("A3", client_a, status=Job.Status.DRAFT)
    job_member_add(job=a1, user=personas["hiring_manager"], job_role=JobMember.JobRole.HIRING_MANAGER, actor=admin)

    def apply(name: str, job_: Job, kind: str | None = None):
        application = application_create(
            candidate=factories.candidate(full_name=f"Candidate {name}"), job=job_, actor=admin
        )
        if kind is not None:
            application = application_move(application=application, to_stage=job_.stages.get(kind=kind), actor=admin)
        w.objects[name] = application
        return application

    c1, c2, c3 = apply("c1", a1), apply("c2", a1, "technical"), apply("c3", a1, "technical")
    application_hire(application=apply("c4", a1, "offer"), actor=admin)
    c5, _c6 = apply("c5", a2, "phone"), apply("c6", a3)
    c7, c8 = apply("c7", b1, "final"), apply("c8", b1)

    for name, application, starts_at, panel in [
        ("iv_mon", c1, at(9, 9), [second_panelist]),
        ("iv_tue", c2, at(10, 14), [interviewer, recruiter]),
        ("iv_thu", c3, at(12, 9), [interviewer]),
        ("iv_thu_b", c7, at(12, 11), [interviewer]),
        ("iv_fri", c5, at(13, 15), [second_panelist]),
        ("iv_next", c1, at(16, 9), [interviewer]),
        ("iv_last", c8, at(6, 10), [interviewer, admin]),
    ]:
        w.objects[name] = schedule(application, starts_at=starts_at, panel=panel, actor=admin)
    w.submit_scorecard(w["iv_last"], interviewer)
    return w


@pytest.fixture(autouse=True)
def _no_cached_reports():
    """Every test starts without cached reports (analytics.report_cache): test
    databases reuse ids and the fixtures' fixed moments, so keys could repeat."""
    from django.core.cache import cache

    def clear() -> None:
        try:
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(match="*analytics:report:*"))
            if keys:
                client.delete(*keys)
        except Exception:  # a missing Redis has no cached reports either
            pass

    clear()
    yield
    clear()
