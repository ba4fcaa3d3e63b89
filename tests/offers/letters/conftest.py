"""Fixtures of the letter's tests: a job the recruiter, coordinator and hiring
manager personas see, and an approved offer on it."""

from __future__ import annotations

import pytest

from jobs.models import JobMember
from jobs.services import client_create, client_grant, job_member_add
from offers.services.letters import offer_send
from tests import factories
from tests.offers.factories import approved_offer, default_letters


@pytest.fixture
def job(db, recruiter, coordinator, hiring_manager, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    job = factories.job(recruiter=recruiter, client=client, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


@pytest.fixture
def offer(job):
    default_letters()
    candidate = factories.candidate(full_name="Grace Hopper", language="en", time_zone="Asia/Shanghai")
    return approved_offer(application=factories.application(job_=job, candidate_=candidate))


@pytest.fixture
def sent(offer):
    """``(offer, token)`` of an offer sent to the candidate."""
    return offer_send(offer=offer, actor=offer.application.job.recruiter)
