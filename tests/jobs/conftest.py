"""A client, Acme, with one open job; the personas placed on it as their
roles' access rules (accounts.roles) describe. The outsider is a recruiter
with no grant on Acme."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from jobs.models import JobMember
from jobs.services import client_create, client_grant, contact_create, job_member_add
from tests import factories


@pytest.fixture
def acme(db, recruiter, coordinator, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics", website="https://acme.example")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    return client


@pytest.fixture
def acme_contact(acme, admin_user):
    return contact_create(
        client=acme, actor=admin_user, full_name="Carla Contact", email="carla@acme.example", phone="+8613800138000"
    )


@pytest.fixture
def acme_job(acme, hiring_manager):
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=acme, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}
