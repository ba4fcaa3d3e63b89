"""Writes to clients, contacts, job teams and grants.

Creating a job copies its interview plan's stages, which live in interviews:
that service is ``interviews.services.job_create``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.roles import Role
from core import crypto
from core.services import audit_record
from jobs.models import Client, Contact, Job, JobMember

# Which account roles may hold which role on a job's team.
TEAM_ROLES = {
    JobMember.JobRole.RECRUITER: {Role.RECRUITER, Role.ADMINISTRATOR},
    JobMember.JobRole.COORDINATOR: {Role.COORDINATOR, Role.RECRUITER, Role.ADMINISTRATOR},
    JobMember.JobRole.HIRING_MANAGER: {Role.HIRING_MANAGER, Role.ADMINISTRATOR},
}


@transaction.atomic
def client_create(
    *, actor: User | None, name: str, is_internal: bool = False, website: str = "", notes: str = "", owner=None
) -> Client:
    """Create a client; audited as ``jobs.client.create``. Raises ValidationError."""
    client = Client(name=name.strip(), is_internal=is_internal, website=website, notes=notes, owner=owner)
    client.full_clean()
    client.save()
    audit_record(action="jobs.client.create", actor=actor, target=client)
    return client


@transaction.atomic
def client_grant(*, client: Client, user: User, actor: User | None) -> None:
    """Put ``user`` on ``client``: they see all its jobs (recruiters, coordinators)."""
    if user.role not in (Role.RECRUITER, Role.COORDINATOR):
        raise ValidationError(_("Only recruiters and coordinators are put on a client."))
    assign_perm("jobs.view_client", user, client)
    audit_record(action="jobs.client.grant", actor=actor, target=client, data={"user": str(user.public_id)})


@transaction.atomic
def client_revoke(*, client: Client, user: User, actor: User | None) -> None:
    remove_perm("jobs.view_client", user, client)
    audit_record(action="jobs.client.revoke", actor=actor, target=client, data={"user": str(user.public_id)})


@transaction.atomic
def contact_create(
    *,
    client: Client,
    actor: User | None,
    full_name: str,
    title: str = "",
    email: str | None = None,
    phone: str | None = None,
    user: User | None = None,
) -> Contact:
    """Add a person at a client; email and phone are encrypted. A contact with a
    login (``user``) is a hiring manager for that client's jobs they are put on."""
    if email:
        email = crypto.normalize_email(email)
    if phone:
        normalized = crypto.normalize_phone(phone)
        if normalized is None:
            raise ValidationError({"phone": _("Enter a valid phone number, with the country code if it is not local.")})
        phone = normalized
    contact = Contact(client=client, full_name=full_name.strip(), title=title, email=email, phone=phone, user=user)
    contact.full_clean()
    contact.save()
    audit_record(action="jobs.contact.create", actor=actor, target=contact)
    return contact


@transaction.atomic
def job_member_add(*, job: Job, user: User, job_role: str, actor: User | None) -> JobMember:
    """Put ``user`` on ``job``'s team, which grants them the job. Raises
    ValidationError when their account role cannot hold that job role."""
    if user.role not in TEAM_ROLES[JobMember.JobRole(job_role)]:
        raise ValidationError(
            _("A %(role)s cannot be the job's %(job_role)s.")
            % {"role": user.get_role_display(), "job_role": JobMember.JobRole(job_role).label}
        )
    member, created = JobMember.objects.get_or_create(job=job, user=user, defaults={"job_role": job_role})
    if not created and member.job_role != job_role:
        member.job_role = job_role
        member.save(update_fields=["job_role"])
    audit_record(
        action="jobs.job.member_add", actor=actor, target=job, data={"user": str(user.public_id), "role": job_role}
    )
    return member


@transaction.atomic
def job_member_remove(*, job: Job, user: User, actor: User | None) -> None:
    JobMember.objects.filter(job=job, user=user).delete()
    audit_record(action="jobs.job.member_remove", actor=actor, target=job, data={"user": str(user.public_id)})


@transaction.atomic
def job_grant(*, job: Job, user: User, actor: User | None) -> None:
    """Grant one job to ``user`` without putting them on its team."""
    assign_perm("jobs.view_job", user, job)
    audit_record(action="jobs.job.grant", actor=actor, target=job, data={"user": str(user.public_id)})
