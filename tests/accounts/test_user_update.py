"""accounts.services.user_update: validated, audited by field name, and only
for the fields it owns (the role has user_set_role)."""

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from accounts.services import user_update
from core.models import AuditEvent


def updates(user) -> list[dict]:
    return list(
        AuditEvent.objects.filter(action="accounts.user.update", target_id=str(user.public_id)).values_list(
            "data", flat=True
        )
    )


def test_a_changed_email_is_stored_normalised_and_audited_without_its_value(admin_user, recruiter):
    user_update(user=recruiter, actor=admin_user, email="  Rita.New@Example.TEST ", full_name="Rita Recruiter")
    recruiter.refresh_from_db()
    assert recruiter.email == "rita.new@example.test"
    assert updates(recruiter) == [{"fields": ["email"]}]
    assert "rita.new" not in str(AuditEvent.objects.filter(action="accounts.user.update").values().get())


def test_a_taken_email_or_an_unknown_time_zone_is_refused_and_nothing_is_written(admin_user, recruiter, coordinator):
    for changes in ({"email": coordinator.email.upper()}, {"time_zone": "Nowhere", "full_name": "Changed"}):
        with pytest.raises(ValidationError):
            user_update(user=recruiter, actor=admin_user, **changes)
    recruiter.refresh_from_db()
    assert (recruiter.email, recruiter.full_name) == ("recruiter@example.test", "Rita Recruiter")
    assert updates(recruiter) == []


def test_the_role_and_the_staff_flags_are_not_user_updates_business(admin_user, recruiter):
    for changes in ({"role": Role.ADMINISTRATOR}, {"is_superuser": True}, {"password": "x"}):
        with pytest.raises(TypeError):
            user_update(user=recruiter, actor=admin_user, **changes)
    recruiter.refresh_from_db()
    assert (recruiter.role, recruiter.is_superuser) == (Role.RECRUITER, False)
