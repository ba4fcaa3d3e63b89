"""Django admin for users and the audit log: writes go through the services."""

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.models import AuditEvent


def test_an_administrator_creates_a_user_through_the_service(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "New.Person@Example.test",
            "full_name": "New Person",
            "role": Role.COORDINATOR,
            "language": "zh-hans",
            "time_zone": "Asia/Shanghai",
            "usable_password": "true",
            "password1": "a-long-enough-password",
            "password2": "a-long-enough-password",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="new.person@example.test")
    assert user.check_password("a-long-enough-password")
    assert list(user.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    event = AuditEvent.objects.get(action="accounts.user.create", target_id=str(user.public_id))
    assert event.actor == admin_user


def test_changing_a_role_in_admin_moves_the_group(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[recruiter.pk]),
        {
            "email": recruiter.email,
            "full_name": "Rita R.",
            "role": Role.REVIEWER,
            "language": "en",
            "time_zone": "Europe/London",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    recruiter.refresh_from_db()
    assert (recruiter.role, recruiter.full_name, recruiter.time_zone) == (Role.REVIEWER, "Rita R.", "Europe/London")
    assert list(recruiter.groups.values_list("name", flat=True)) == [Role.REVIEWER]
    assert AuditEvent.objects.filter(action="accounts.user.role_change", actor=admin_user).count() == 1


def test_an_invalid_time_zone_is_an_error_on_the_form_and_changes_nothing(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[recruiter.pk]),
        {"email": recruiter.email, "full_name": "X", "role": Role.REVIEWER, "language": "en", "time_zone": "Nowhere"},
    )
    assert response.status_code == 200
    assert "Nowhere is not a known time zone." in response.content.decode()
    recruiter.refresh_from_db()
    assert recruiter.role == Role.RECRUITER


def test_users_cannot_be_deleted_only_deactivated(client, admin_user, recruiter):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_user_delete", args=[recruiter.pk])).status_code == 403


def test_the_audit_log_is_read_only(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("admin:core_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:core_auditevent_add")).status_code == 403


def test_only_administrators_reach_django_admin(client, personas):
    for persona, user in personas.items():
        client.force_login(user)
        status = client.get(reverse("admin:index")).status_code
        assert status == (200 if persona == "administrator" else 302), persona
