"""An agency client, Acme, whose job is recruited by the ``recruiter``
persona (so its placements are theirs), with the coordinator granted, the
hiring manager on the team and the interviewer on a panel of the hire. The
fee terms are flat and the fee distinctive, so a page or a file that shows it
is caught by its digits."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jobs.models import Client, JobMember
from jobs.services import client_create, client_fee_terms_update, client_grant, job_member_add
from placements.models import Placement
from placements.services import application_hire_record
from tests import factories

FEE = Decimal("87654.32")
# The fee as any page, file or language could write it.
FEE_SPELLINGS = ("87654", "87,654", "8.77万", "8.7654")


def shows_fee(text: str) -> bool:
    return any(spelling in text for spelling in FEE_SPELLINGS)


@pytest.fixture
def acme(db, recruiter, coordinator, admin_user):
    client = client_create(actor=admin_user, name="Acme Robotics")
    client_grant(client=client, user=recruiter, actor=admin_user)
    client_grant(client=client, user=coordinator, actor=admin_user)
    client_fee_terms_update(
        client=client,
        actor=admin_user,
        fee_type=Client.FeeType.FLAT,
        fee_rate=FEE,
        fee_currency="CNY",
        guarantee_days=90,
    )
    return client


@pytest.fixture
def acme_job(acme, recruiter, hiring_manager):
    job = factories.job(recruiter=recruiter, client=acme, title="Robot Whisperer")
    job_member_add(job=job, user=hiring_manager, job_role=JobMember.JobRole.HIRING_MANAGER, actor=None)
    return job


@pytest.fixture
def placement(acme_job, interviewer):
    """Grace Hopper hired into the Acme job; the interviewer sat on her panel."""
    candidate = factories.candidate(full_name="Grace Hopper")
    application = factories.application(job_=acme_job, candidate_=candidate)
    factories.interview(application_=application, panel=[interviewer])
    application_hire_record(application=application, actor=acme_job.recruiter)
    return Placement.objects.select_related("application__candidate", "application__job", "client").get(
        application=application
    )


def htmx(**extra):
    return {"HTTP_HX_REQUEST": "true", **extra}
