"""Fixtures of the offer tests: a job on a client the recruiter and the
coordinator are granted, a hiring manager on its team, an interviewer on the
application's panel (so they see the application, never its offer), and
terms that pass."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from jobs.models import JobMember
from jobs.services import client_create, client_grant, job_member_add
from offers.services import offer_create
from tests import factories


def terms(**overrides):
    today = timezone.localdate()
    values = {
        "base_salary": "450000",
        "currency": "CNY",
        "pay_period": "year",
        "periods_per_year": 1,
        "bonus": "15% target",
        "equity": "",
        "other_terms": "",
        "start_date": today + timedelta(days=30),
        "work_location": "Shanghai",
        "expires_on": today + timedelta(days=7),
        "note": "",
    }
    values.update(overrides)
    return values


def form_data(**overrides):
    """The offer form's POST for terms(): dates as the browser sends them."""
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value) for key, value in terms(**overrides).items()
    }


@pytest.fixture
def job(db, recruiter, coordinator, hiring_manager, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    job = factories.job(recruiter=factories.user(Role.RECRUITER), client=client, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


@pytest.fixture
def application(job, interviewer):
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    factories.interview(application_=application, panel=[interviewer], days_from_now=2)
    return application


@pytest.fixture
def offer(application, recruiter):
    return offer_create(application=application, actor=recruiter, **terms())
