"""Django admin for users and the audit log: writes go through the services."""

from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from core.models import AuditEvent
from tests.conftest import PASSWORD


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


def change_form(user: User, **changes) -> dict:
    """The admin change form as it arrives for ``user``, with ``changes``; an
    unchecked box (``is_active=False``) is left out, as a browser does."""
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "role": user.role,
        "language": user.language,
        "time_zone": user.time_zone,
        "is_active": user.is_active,
    } | changes
    if data["is_active"]:
        data["is_active"] = "on"
    else:
        del data["is_active"]
    return data


def test_changing_name_language_and_time_zone_in_admin_goes_through_the_service_and_is_audited(
    client, admin_user, recruiter
):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[recruiter.pk]),
        change_form(recruiter, full_name="Rita Q. Recruiter", language="zh-hans", time_zone="Europe/Berlin"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    recruiter.refresh_from_db()
    assert (recruiter.full_name, recruiter.language, recruiter.time_zone) == (
        "Rita Q. Recruiter",
        "zh-hans",
        "Europe/Berlin",
    )
    event = AuditEvent.objects.get(action="accounts.user.update", target_id=str(recruiter.public_id))
    assert event.actor == admin_user
    # The names of the fields changed, never their values.
    assert event.data == {"fields": ["full_name", "language", "time_zone"]}
    assert not AuditEvent.objects.filter(action="accounts.user.role_change").exists()


def test_deactivating_a_user_in_admin_is_recorded_and_they_can_no_longer_sign_in(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[recruiter.pk]), change_form(recruiter, is_active=False)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    recruiter.refresh_from_db()
    assert recruiter.is_active is False
    event = AuditEvent.objects.get(action="accounts.user.update", target_id=str(recruiter.public_id))
    assert (event.actor, event.data) == (admin_user, {"fields": ["is_active"]})
    client.logout()
    signed_in = client.post(reverse("account_login"), {"login": recruiter.email, "password": PASSWORD})
    assert signed_in["Location"] == reverse("account_inactive") and "_auth_user_id" not in client.session


def test_a_role_and_a_name_changed_together_in_admin_write_both_audit_rows(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[recruiter.pk]),
        change_form(recruiter, role=Role.COORDINATOR, full_name="Rita C."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    recruiter.refresh_from_db()
    assert (recruiter.role, recruiter.full_name) == (Role.COORDINATOR, "Rita C.")
    assert list(recruiter.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    actions = AuditEvent.objects.filter(target_id=str(recruiter.public_id), actor=admin_user)
    assert sorted(actions.values_list("action", flat=True)) == ["accounts.user.role_change", "accounts.user.update"]
    assert actions.get(action="accounts.user.update").data == {"fields": ["full_name"]}


def test_saving_a_user_unchanged_in_admin_writes_no_audit_row(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(reverse("admin:accounts_user_change", args=[recruiter.pk]), change_form(recruiter))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not AuditEvent.objects.filter(target_id=str(recruiter.public_id)).exclude(action="accounts.user.create")
