"""Writes to clients, contacts, job teams and grants.

Creating a job copies its interview plan's stages, which live in interviews:
that service is ``interviews.services.job_create``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from accounts.models import User
from accounts.roles import Role
from core import crypto
from core.services import audit_record
from core.templatetags.money import SYMBOLS
from core.validators import clean_phone
from jobs.models import Client, Contact, Job, JobMember

# Which account roles may hold which role on a job's team.
TEAM_ROLES = {
    JobMember.JobRole.RECRUITER: {Role.RECRUITER, Role.ADMINISTRATOR},
    JobMember.JobRole.COORDINATOR: {Role.COORDINATOR, Role.RECRUITER, Role.ADMINISTRATOR},
    JobMember.JobRole.HIRING_MANAGER: {Role.HIRING_MANAGER, Role.ADMINISTRATOR},
}


@transaction.atomic
def client_create(
    *,
    actor: User | None,
    name: str,
    is_internal: bool = False,
    website: str = "",
    notes: str = "",
    owner=None,
    sender_name: str = "",
    sender_email: str = "",
    reply_to: str = "",
) -> Client:
    """Create a client, with its sender identity for candidate mail if given;
    audited as ``jobs.client.create``. Raises ValidationError."""
    client = Client(
        name=name.strip(),
        is_internal=is_internal,
        website=website,
        notes=notes,
        owner=owner,
        sender_name=sender_name.strip(),
        sender_email=sender_email,
        reply_to=reply_to,
    )
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
    phone = clean_phone(phone, field="phone")
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
    if created:  # an assignment notification, in the new member's language
        from jobs.notifications import job_member_notify

        job_member_notify(member=member, actor=actor)
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


# Who candidate mail comes from, on a client and on a job (messaging.senders.sender_for).
SENDER_FIELDS = ("sender_name", "sender_email", "reply_to")


def _set_changed(instance, fields: dict, *, allowed: set[str], stripped: set[str]) -> list[str]:
    """Set the ``fields`` that differ on ``instance``, validate and save it;
    returns the changed field names."""
    if unknown := set(fields) - allowed:
        raise TypeError(f"cannot set {sorted(unknown)} on {instance._meta.label}")
    fields = {name: value.strip() if name in stripped else value for name, value in fields.items()}
    changed = [name for name, value in fields.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, fields[name])
    instance.full_clean()
    instance.save()
    return changed


@transaction.atomic
def client_update(*, client: Client, actor: User | None, **fields) -> Client:
    """Change a client's name, website, notes, in-house flag, owner or sender
    identity (sender name, sender email, reply-to); audited as
    ``jobs.client.update`` with the changed field names. Raises ValidationError."""
    changed = _set_changed(
        client,
        fields,
        allowed={"name", "is_internal", "website", "notes", "owner", *SENDER_FIELDS},
        stripped={"name", "sender_name"},
    )
    audit_record(action="jobs.client.update", actor=actor, target=client, data={"fields": changed})
    return client


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    actor: User | None,
    full_name: str,
    title: str = "",
    email: str | None = None,
    phone: str | None = None,
) -> Contact:
    """Change a contact's name, title, email or phone (re-encrypted); audited as
    ``jobs.contact.update`` with field names only. Raises ValidationError."""
    if email:
        email = crypto.normalize_email(email)
    phone = clean_phone(phone, field="phone")
    values = {"full_name": full_name.strip(), "title": title, "email": email or None, "phone": phone or None}
    changed = [name for name, value in values.items() if (getattr(contact, name) or None) != (value or None)]
    for name in changed:
        setattr(contact, name, values[name])
    contact.full_clean()
    contact.save()
    audit_record(action="jobs.contact.update", actor=actor, target=contact, data={"fields": changed})
    return contact


@transaction.atomic
def job_update(*, job: Job, actor: User | None, **fields) -> Job:
    """Change a job's settings (title, location, description, headcount,
    recruiter, reschedule cut-off, what closing an application does to
    its interviews still ahead, sender identity); audited as
    ``jobs.job.update`` with the changed field names. A new recruiter is put on
    the team. Status changes go through ``job_set_status``. Raises ValidationError."""
    changed = _set_changed(
        job,
        fields,
        allowed={
            "title",
            "location",
            "description",
            "headcount",
            "recruiter",
            "reschedule_cutoff_hours",
            "future_interviews_on_close",
            *SENDER_FIELDS,
        },
        stripped={"title", "sender_name"},
    )
    if "recruiter" in changed:
        job_member_add(job=job, user=job.recruiter, job_role=JobMember.JobRole.RECRUITER, actor=actor)
    audit_record(action="jobs.job.update", actor=actor, target=job, data={"fields": changed})
    return job


# The job workflow: from each status, where it may go.
JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    Job.Status.DRAFT: frozenset({Job.Status.OPEN, Job.Status.CLOSED}),
    Job.Status.OPEN: frozenset({Job.Status.ON_HOLD, Job.Status.FILLED, Job.Status.CLOSED}),
    Job.Status.ON_HOLD: frozenset({Job.Status.OPEN, Job.Status.FILLED, Job.Status.CLOSED}),
    Job.Status.FILLED: frozenset({Job.Status.OPEN}),
    Job.Status.CLOSED: frozenset({Job.Status.OPEN}),
}


def job_next_statuses(job: Job) -> list[str]:
    """The statuses ``job`` may move to, in the order of ``Job.Status``."""
    allowed = JOB_TRANSITIONS[job.status]
    return [status for status in Job.Status.values if status in allowed]


@transaction.atomic
def job_set_status(*, job: Job, status: str, actor: User | None) -> Job:
    """Move ``job`` along its workflow (``JOB_TRANSITIONS``).

    Locks the job row. Sets ``opened_at`` the first time it opens and
    ``closed_at`` when it is filled or closed; reopening clears ``closed_at``.
    Writes an AuditEvent ``jobs.job.status``. Raises ValidationError for an
    unknown status or a move the workflow does not allow.
    """
    if status not in Job.Status.values:
        raise ValidationError(_("Unknown job status."))
    locked = Job.objects.select_for_update().get(pk=job.pk)
    previous = locked.status
    if status not in JOB_TRANSITIONS[previous]:
        raise ValidationError(
            _("A job that is %(from)s cannot become %(to)s.")
            % {"from": Job.Status(previous).label, "to": Job.Status(status).label}
        )
    now = timezone.now()
    locked.status = status
    if status == Job.Status.OPEN:
        locked.opened_at = locked.opened_at or now
        locked.closed_at = None
    elif status in (Job.Status.FILLED, Job.Status.CLOSED):
        # A draft closed without ever opening: opened and closed at once, as the
        # database requires a closed job to have been opened.
        locked.opened_at = locked.opened_at or now
        locked.closed_at = now
    locked.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    audit_record(action="jobs.job.status", actor=actor, target=locked, data={"from": previous, "to": status})
    job.status, job.opened_at, job.closed_at = locked.status, locked.opened_at, locked.closed_at
    return job


def currency_check(currency: str, *, field: str = "currency") -> str:
    """``currency`` as an ISO 4217 code the product writes money in; a
    ValidationError on ``field`` otherwise."""
    code = (currency or "").strip().upper()
    if code not in SYMBOLS:
        raise ValidationError({field: _("Choose a currency.")})
    return code


@transaction.atomic
def client_fee_terms_update(
    *, client: Client, actor: User | None, fee_type: str, fee_rate: Decimal, fee_currency: str, guarantee_days: int
) -> Client:
    """Set the fee agreement with ``client``: how each placement's fee is
    reckoned (a percentage of the first-year base or a flat amount), its
    currency and the guarantee period. New placements start from these terms;
    placements already made keep theirs. Audited as ``jobs.client.fee_terms``
    with the changed field names (never the amounts). Raises ValidationError."""
    if fee_type not in Client.FeeType.values:
        raise ValidationError({"fee_type": _("Choose a fee type.")})
    if fee_type == Client.FeeType.PERCENTAGE and fee_rate > 100:
        raise ValidationError({"fee_rate": _("A percentage fee cannot be more than 100%.")})
    values = {
        "fee_type": fee_type,
        "fee_rate": fee_rate,
        "fee_currency": currency_check(fee_currency, field="fee_currency"),
        "guarantee_days": guarantee_days,
    }
    locked = Client.objects.select_for_update().get(pk=client.pk)
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    for name, value in values.items():
        setattr(locked, name, value)
        setattr(client, name, value)
    locked.full_clean()
    locked.save(update_fields=[*values, "updated_at"])
    audit_record(action="jobs.client.fee_terms", actor=actor, target=client, data={"fields": changed})
    return client
