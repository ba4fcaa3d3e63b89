"""Fixtures of the pipeline tests: a job on a client the recruiter and the
coordinator are granted, with a hiring manager on its team."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from jobs.models import JobMember
from jobs.services import client_create, client_grant, job_member_add
from tests import factories


@pytest.fixture
def job(db, recruiter, coordinator, hiring_manager, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=client, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


@pytest.fixture
def application(job):
    return factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))


@pytest.fixture
def offer_job(db, recruiter, coordinator, hiring_manager, admin_user):
    """An agency job (its client is not the in-house team) whose plan ends with an offer stage."""
    client = client_create(actor=admin_user, name="Orbital Agency Client")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    job = factories.job(recruiter=recruiter, client=client, plan_template=factories.plan(stages=5), title="Pilot")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job
