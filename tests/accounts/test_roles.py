"""accounts/roles.py: one Group per role, one role per user."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.roles import ROLE_RULES, Reach, Role, rules_for, sync_role_groups
from accounts.services import user_create, user_set_role
from core.models import AuditEvent


def test_every_role_has_rules_and_a_group_made_by_migration(db):
    assert set(ROLE_RULES) == set(Role)
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)


def test_the_reviewer_group_holds_the_audit_log_permission_of_its_rules(db):
    perms = Group.objects.get(name=Role.REVIEWER).permissions.values_list("content_type__app_label", "codename")
    assert ("core", "view_auditevent") in set(perms)
    assert not Group.objects.get(name=Role.INTERVIEWER).permissions.filter(codename="view_auditevent").exists()


def test_sync_is_idempotent_and_repairs_drift(db):
    group = Group.objects.get(name=Role.REVIEWER)
    group.permissions.clear()
    sync_role_groups()
    sync_role_groups()
    assert group.permissions.filter(codename="view_auditevent").count() == 1


def test_the_matrix_follows_who_sees_what():
    assert rules_for(Role.INTERVIEWER).contact_details is False
    assert rules_for(Role.HIRING_MANAGER).compensation is False
    assert rules_for(Role.HIRING_MANAGER).contact_details is True
    assert rules_for(Role.COORDINATOR).job_settings_write is False
    assert rules_for(Role.RECRUITER).jobs == Reach.GRANTED
    assert rules_for(Role.REVIEWER).reads_audited is True
    assert rules_for(Role.REVIEWER).candidates_write is False
    assert [r for r in Role if rules_for(r).admin_site] == [Role.ADMINISTRATOR]
    assert [r for r in Role if rules_for(r).interviewer_reports] == [Role.ADMINISTRATOR, Role.REVIEWER]


def test_a_new_user_is_in_exactly_their_roles_group(db):
    user = user_create(email="C@Example.test", full_name="Cleo", role=Role.COORDINATOR, password="x" * 12)
    assert user.email == "c@example.test"
    assert list(user.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    assert not user.is_staff
    assert user.has_perm("interviews.view_application")
    assert not user.has_perm("jobs.change_job")
    assert AuditEvent.objects.filter(action="accounts.user.create", target_id=str(user.public_id)).exists()


def test_administrators_are_staff_and_superusers(db):
    user = user_create(email="a@example.test", full_name="Ada", role=Role.ADMINISTRATOR)
    assert user.is_staff and user.is_superuser
    assert not user.has_usable_password()


def test_changing_role_moves_the_group_and_is_audited(db, recruiter, admin_user):
    user_set_role(user=recruiter, role=Role.REVIEWER, actor=admin_user)
    recruiter.refresh_from_db()
    assert recruiter.role == Role.REVIEWER
    assert list(recruiter.groups.values_list("name", flat=True)) == [Role.REVIEWER]
    event = AuditEvent.objects.get(action="accounts.user.role_change")
    assert event.actor == admin_user
    assert event.data == {"from": "recruiter", "to": "reviewer"}


def test_an_unknown_role_is_refused(db, recruiter):
    with pytest.raises(ValidationError):
        user_set_role(user=recruiter, role="wizard")


def test_a_taken_email_is_refused_whatever_its_case(db, recruiter):
    with pytest.raises(ValidationError):
        user_create(email="RECRUITER@example.test", full_name="Copy", role=Role.RECRUITER)
    assert User.objects.count() == 1


def test_an_unknown_time_zone_is_refused(db):
    with pytest.raises(ValidationError, match="time zone"):
        user_create(email="t@example.test", full_name="T", time_zone="Mars/Olympus")
    assert not User.objects.exists()
