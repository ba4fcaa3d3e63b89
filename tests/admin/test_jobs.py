"""Clients, contacts and jobs in Django admin: created through jobs.services and
interviews.services.job_create; grants and team changes go through their services."""

from __future__ import annotations

from django.urls import reverse

from accounts.roles import Role
from core.models import AuditEvent
from interviews.models import Stage
from jobs.models import Client, ClientUserObjectPermission, Contact, Job, JobMember
from jobs.selectors import job_list_for
from tests.conftest import make_user


def management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, int]:
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial}


def client_form(**values) -> dict:
    return {"name": "Globex", **management("contacts"), **values}


def test_creating_a_client_in_admin_goes_through_client_create_with_its_contacts(admin_client, admin_user):
    response = admin_client.post(
        reverse("admin:jobs_client_add"),
        client_form(
            **{
                **management("contacts", total=1),
                "contacts-0-full_name": "Hank Scorpio",
                "contacts-0-email": " Hank@Globex.test ",
                "contacts-0-phone": "+86 138 1234 5678",
            }
        ),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    client = Client.objects.get(name="Globex")
    assert AuditEvent.objects.filter(action="jobs.client.create", actor=admin_user).exists()
    contact = Contact.objects.get(client=client)
    assert (contact.email, contact.phone) == ("hank@globex.test", "+8613812345678")
    assert AuditEvent.objects.filter(action="jobs.contact.create", target_id=str(contact.public_id)).exists()
    raw = Contact.objects.filter(pk=contact.pk).values_list("email", flat=True).get()
    assert b"hank" not in bytes(raw)


def test_a_malformed_contact_phone_is_a_form_error(admin_client):
    response = admin_client.post(
        reverse("admin:jobs_client_add"),
        client_form(**{**management("contacts", total=1), "contacts-0-full_name": "X", "contacts-0-phone": "12"}),
    )

    assert response.status_code == 200
    assert not Client.objects.exists()


def test_putting_people_on_a_client_in_admin_grants_and_revokes_through_the_services(
    admin_client, admin_user, recruiter, world
):
    client = world.client  # the world puts the recruiter on it
    colleague = make_user("colleague@example.test", Role.COORDINATOR)
    change_url = reverse("admin:jobs_client_change", args=[client.pk])
    contact = world.contact
    contacts = {
        **management("contacts", total=1, initial=1),
        "contacts-0-id": contact.pk,
        "contacts-0-client": client.pk,
        "contacts-0-full_name": contact.full_name,
        "contacts-0-email": contact.email,
        "contacts-0-phone": contact.phone,
    }

    response = admin_client.post(change_url, {"name": client.name, **contacts, "granted_users": [colleague.pk]})

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert world.job in job_list_for(colleague)
    granted = ClientUserObjectPermission.objects.filter(content_object=client, permission__codename="view_client")
    assert set(granted.values_list("user", flat=True)) == {colleague.pk}
    assert AuditEvent.objects.filter(action="jobs.client.grant", actor=admin_user).exists()
    assert AuditEvent.objects.filter(action="jobs.client.revoke", actor=admin_user).exists()
    form = admin_client.get(change_url).context["adminform"].form
    assert form.fields["granted_users"].initial == [colleague.pk]


def test_creating_a_job_in_admin_copies_the_plan_and_puts_the_recruiter_on_the_team(
    admin_client, admin_user, recruiter, coordinator, world
):
    response = admin_client.post(
        reverse("admin:jobs_job_add"),
        {
            "client": world.client.pk,
            "title": "Data engineer",
            "headcount": 2,
            "recruiter": recruiter.pk,
            "status": Job.Status.OPEN,
            "plan": world.plan.pk,
            **management("members", total=1),
            "members-0-user": coordinator.pk,
            "members-0-job_role": JobMember.JobRole.COORDINATOR,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    job = Job.objects.get(title="Data engineer")
    assert list(job.stages.values_list("name", flat=True)) == ["Screen", "Technical", "Offer"]
    assert job.opened_at is not None
    assert set(job.members.values_list("user", "job_role")) == {
        (recruiter.pk, JobMember.JobRole.RECRUITER),
        (coordinator.pk, JobMember.JobRole.COORDINATOR),
    }
    assert AuditEvent.objects.filter(action="jobs.job.create", actor=admin_user).exists()


def test_a_team_member_whose_account_cannot_hold_the_job_role_is_refused_on_the_form(
    admin_client, recruiter, interviewer, world
):
    job = world.job
    members = list(job.members.all())
    stages = list(Stage.objects.filter(job=job).order_by("order"))
    data = {
        "client": job.client_id,
        "title": job.title,
        "headcount": job.headcount,
        "recruiter": job.recruiter_id,
        "status": job.status,
        "opened_at_0": job.opened_at.strftime("%Y-%m-%d"),
        "opened_at_1": job.opened_at.strftime("%H:%M:%S"),
        "reschedule_cutoff_hours": job.reschedule_cutoff_hours,
        "survey_timing": job.survey_timing,
        **management("members", total=len(members) + 1, initial=len(members)),
        **management("stages", total=len(stages), initial=len(stages)),
    }
    for i, member in enumerate(members):
        data |= {f"members-{i}-id": member.pk, f"members-{i}-job": job.pk, f"members-{i}-user": member.user_id}
        data[f"members-{i}-job_role"] = member.job_role
    data |= {f"members-{len(members)}-user": interviewer.pk, f"members-{len(members)}-job_role": "hiring_manager"}
    for i, stage in enumerate(stages):
        data |= {f"stages-{i}-{name}": getattr(stage, name) or "" for name in ("order", "name", "kind")}
        data |= {f"stages-{i}-id": stage.pk, f"stages-{i}-job": job.pk}
        data |= {f"stages-{i}-duration_minutes": stage.duration_minutes, f"stages-{i}-interviewers_needed": 1}
        data |= {
            f"stages-{i}-kit": stage.kit_id or "",
            f"stages-{i}-scorecard_template": stage.scorecard_template_id or "",
        }

    response = admin_client.post(reverse("admin:jobs_job_change", args=[job.pk]), {**data, "title": "Renamed"})

    assert response.status_code == 200
    assert "cannot be the job" in str(response.context["adminform"].form.non_field_errors())
    job.refresh_from_db()
    assert job.title == "Backend engineer"
    assert not job.members.filter(user=interviewer).exists()

    data[f"members-{len(members)}-user"] = ""
    data[f"members-{len(members)}-job_role"] = ""
    response = admin_client.post(reverse("admin:jobs_job_change", args=[job.pk]), {**data, "title": "Renamed"})

    assert response.status_code == 302, response.context["adminform"].form.errors
    job.refresh_from_db()
    assert job.title == "Renamed"
    assert AuditEvent.objects.filter(action="jobs.job.update", target_id=str(job.public_id)).exists()


def test_jobs_and_clients_cannot_be_deleted_in_admin(admin_client, world):
    assert admin_client.get(reverse("admin:jobs_job_delete", args=[world.job.pk])).status_code == 403
    assert admin_client.get(reverse("admin:jobs_client_delete", args=[world.client.pk])).status_code == 403


def test_a_contact_changed_in_admin_keeps_its_email_normalised_and_encrypted(admin_client, world):
    contact = world.contact
    response = admin_client.post(
        reverse("admin:jobs_contact_change", args=[contact.pk]),
        {"client": contact.client_id, "full_name": contact.full_name, "email": "Carl.New@ACME.test", "phone": ""},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("carl.new@acme.test", None)
    raw = Contact.objects.filter(pk=contact.pk).values_list("email", flat=True).get()
    assert b"carl" not in bytes(raw)
    assert AuditEvent.objects.filter(action="jobs.contact.update", target_id=str(contact.public_id)).exists()
