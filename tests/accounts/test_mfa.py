"""Two-factor sign-in: an authenticator app (TOTP) with recovery codes, set up
by the person themselves, asked for at every sign-in, required for the roles an
administrator chooses, reset by an administrator, and every change audited."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.db import connection
from django.test import override_settings
from django.test.testcases import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityPolicy
from accounts.roles import Role
from accounts.selectors import second_factor_roles
from accounts.services import security_policy_update, user_mfa_reset
from core.models import AuditEvent
from messaging.models import OutboundEmail
from tests.conftest import PASSWORD, make_user

LOGIN = reverse("account_login")
MFA_INDEX = reverse("mfa_index")
ACTIVATE = reverse("mfa_activate_totp")
AUTHENTICATE = reverse("mfa_authenticate")
SECURITY = reverse("settings:security")


django_capture_on_commit_callbacks = TestCase.captureOnCommitCallbacks


def totp_code(secret: str, steps: int = 0) -> str:
    """The code an authenticator app shows for ``secret`` now (or ``steps`` periods on)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + steps))


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def confirm_password(client) -> None:
    """Changing a second factor asks for the password again first (allauth's
    reauthentication), even straight after signing in."""
    response = client.get(ACTIVATE)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302


def enrol_totp(client, user) -> str:
    """Sign ``user`` in with their password and set up an authenticator app
    from the page, as a person would; returns the secret."""
    assert sign_in(client, user.email).status_code == 302
    confirm_password(client)
    page = client.get(ACTIVATE)
    assert page.status_code == 200
    secret = page.context["form"].secret
    assert secret in page.content.decode()  # shown for people who cannot scan the QR code
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the change after commit
        response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def actions_for(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(user.public_id), action__startswith="accounts.user.")
        .exclude(action__in=["accounts.user.create", "accounts.user.login", "accounts.user.logout"])
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_enrolling_an_authenticator_app_needs_a_code_from_it_and_creates_recovery_codes(client, recruiter):
    sign_in(client, recruiter.email)
    confirm_password(client)
    page = client.get(ACTIVATE)
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # the QR code, allowed by img-src data:
    wrong = client.post(ACTIVATE, {"code": "000000" if totp_code(page.context["form"].secret) != "000000" else "1"})
    assert wrong.status_code == 200
    assert "Incorrect code." in wrong.content.decode()
    assert not Authenticator.objects.filter(user=recruiter).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACTIVATE, {"code": totp_code(page.context["form"].secret)})
    kinds = set(Authenticator.objects.filter(user=recruiter).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert actions_for(recruiter) == ["accounts.user.mfa_add", "accounts.user.mfa_add"]
    types = [e.data["type"] for e in AuditEvent.objects.filter(action="accounts.user.mfa_add").order_by("id")]
    assert types == ["totp", "recovery_codes"]
    assert "secret" not in str(AuditEvent.objects.filter(action="accounts.user.mfa_add").values_list("data"))


def test_after_enrolling_the_password_alone_does_not_sign_in_and_the_code_does(client, recruiter):
    secret = enrol_totp(client, recruiter)
    client.post(reverse("account_logout"))

    response = sign_in(client, recruiter.email)
    assert response.status_code == 302
    assert response["Location"] == AUTHENTICATE
    assert client.get(reverse("home")).status_code == 302  # not signed in yet

    response = client.post(AUTHENTICATE, {"code": totp_code(secret, steps=1)})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert "accounts.user.mfa_use" in actions_for(recruiter)


def test_a_wrong_code_is_refused_with_a_message_and_audited(client, recruiter):
    secret = enrol_totp(client, recruiter)
    client.post(reverse("account_logout"))
    sign_in(client, recruiter.email)
    right = {totp_code(secret, steps) for steps in (-1, 0, 1)}
    wrong = next(code for code in ("123456", "654321", "111111") if code not in right)

    response = client.post(AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.get(reverse("home")).status_code == 302
    event = AuditEvent.objects.get(action="accounts.user.mfa_failed")
    assert event.target_id == str(recruiter.public_id)
    assert event.data == {"type": "totp"}


def test_the_page_asking_for_the_code_is_in_the_users_language(client, db):
    user = make_user("wang@example.test", Role.RECRUITER, full_name="王芳", language="zh-hans")
    enrol_totp(client, user)
    client.post(reverse("account_logout"))
    client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": LOGIN})
    response = client.get(sign_in(client, user.email)["Location"])
    assert 'lang="zh-hans"' in response.content.decode()
    assert "两步验证登录" in response.content.decode()


def test_a_recovery_code_signs_in_once(client, recruiter):
    enrol_totp(client, recruiter)
    codes = Authenticator.objects.get(user=recruiter, type=Authenticator.Type.RECOVERY_CODES).wrap()
    code = codes.get_unused_codes()[0]
    client.post(reverse("account_logout"))

    sign_in(client, recruiter.email)
    response = client.post(AUTHENTICATE, {"code": code})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert "accounts.user.recovery_code_use" in actions_for(recruiter)
    client.post(reverse("account_logout"))

    sign_in(client, recruiter.email)
    again = client.post(AUTHENTICATE, {"code": code})
    assert again.status_code == 200
    assert "Incorrect code." in again.content.decode()


def test_regenerating_recovery_codes_and_deactivating_the_app_are_audited(client, recruiter):
    enrol_totp(client, recruiter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_generate_recovery_codes"))
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"), {})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=recruiter).exists()
    assert actions_for(recruiter) == [
        "accounts.user.mfa_add",
        "accounts.user.mfa_add",
        "accounts.user.recovery_codes_regenerate",
        "accounts.user.mfa_remove",
        "accounts.user.mfa_remove",
    ]


# --- Reset by an administrator ------------------------------------------------------


def test_an_administrator_resets_a_lost_second_factor_and_the_user_is_told_by_email(
    client, admin_user, recruiter, outbox_mailer
):
    enrol_totp(client, recruiter)
    admin = type(client)()
    admin.force_login(admin_user)
    page = admin.get(reverse("settings:user-detail", args=[recruiter.public_id]))
    assert 'data-testid="user-mfa-reset"' in page.content.decode()

    response = admin.post(reverse("settings:user-mfa-reset", args=[recruiter.public_id]))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=recruiter).exists()
    event = AuditEvent.objects.get(action="accounts.user.mfa_reset")
    assert event.actor == admin_user
    assert event.target_id == str(recruiter.public_id)
    assert event.data == {"types": ["recovery_codes", "totp"]}
    mail = OutboundEmail.objects.get(subject="Your two-factor sign-in was reset")
    assert mail.to_address == recruiter.email
    assert "Ada Admin has reset your two-factor sign-in" in mail.body_text
    assert "Not set up." in admin.get(reverse("settings:user-detail", args=[recruiter.public_id])).content.decode()

    client.post(reverse("account_logout"))
    response = sign_in(client, recruiter.email)
    assert response["Location"] == reverse("home")  # the password alone again


def test_the_reset_email_is_in_the_users_language(admin_user, outbox_mailer, db):
    user = make_user("wang@example.test", Role.RECRUITER, full_name="王芳", language="zh-hans")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    user_mfa_reset(user=user, actor=admin_user)
    mail = OutboundEmail.objects.get()
    assert mail.language == "zh-hans"
    assert "两步验证登录" in mail.subject


def test_resetting_someone_without_a_second_factor_is_refused(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(reverse("settings:user-mfa-reset", args=[recruiter.public_id]), follow=True)
    assert "has no two-factor sign-in to reset" in response.content.decode()
    assert not AuditEvent.objects.filter(action="accounts.user.mfa_reset").exists()


@pytest.mark.parametrize("persona", ["recruiter", "reviewer", "outsider", "interviewer"])
def test_only_administrators_can_reset_a_second_factor(client, request, persona, hiring_manager):
    Authenticator.objects.create(user=hiring_manager, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("settings:user-mfa-reset", args=[hiring_manager.public_id]))
    assert response.status_code == 404
    assert Authenticator.objects.filter(user=hiring_manager).exists()


def test_the_reset_is_a_post_only(client, admin_user, recruiter):
    client.force_login(admin_user)
    assert client.get(reverse("settings:user-mfa-reset", args=[recruiter.public_id])).status_code == 405


def test_an_htmx_reset_is_followed_to_the_users_page(client, admin_user, recruiter):
    Authenticator.objects.create(user=recruiter, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(admin_user)
    url = reverse("settings:user-mfa-reset", args=[recruiter.public_id])
    response = client.post(url, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == reverse("settings:user-detail", args=[recruiter.public_id])


# --- Required for the roles an administrator chooses --------------------------------


def test_administrators_and_reviewers_must_use_a_second_factor_until_an_administrator_changes_it(db):
    assert not SecurityPolicy.objects.exists()
    assert SecurityPolicy().second_factor_roles == [Role.ADMINISTRATOR, Role.REVIEWER]


def test_a_required_role_without_an_authenticator_is_sent_to_enrol_on_every_page(
    client, reviewer, second_factor_enforced
):
    sign_in(client, reviewer.email)
    for path in (reverse("home"), reverse("candidates:candidate-list"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == MFA_INDEX
    page = client.get(MFA_INDEX)
    assert page.status_code == 200
    assert 'data-testid="second-factor-required"' in page.content.decode()
    # Setting one up: the password again, then the authenticator app's page.
    assert client.get(ACTIVATE)["Location"].startswith(reverse("account_reauthenticate"))
    assert client.post(reverse("account_reauthenticate"), {"password": PASSWORD}).status_code == 302
    assert client.get(ACTIVATE).status_code == 200
    assert client.post(reverse("accounts:language-set"), {"language": "zh-hans", "next": "/"}).status_code == 302
    response = client.get(reverse("home"), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == MFA_INDEX
    # The notification count the enrolment page loads by itself gets nothing, and no redirect loop.
    count = reverse("messaging:notification-count")
    response = client.get(count, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{MFA_INDEX}"})
    assert response.status_code == 204
    assert "HX-Redirect" not in response
    assert client.post(reverse("account_logout"))["Location"] == LOGIN


def test_once_enrolled_a_required_role_reaches_every_page(client, reviewer, second_factor_enforced):
    enrol_totp(client, reviewer)
    assert client.get(reverse("home")).status_code == 200


def test_a_role_that_is_not_required_is_never_sent_to_enrol(client, recruiter, second_factor_enforced):
    sign_in(client, recruiter.email)
    assert client.get(reverse("home")).status_code == 200
    page = client.get(MFA_INDEX)
    assert 'data-testid="second-factor-required"' not in page.content.decode()


def test_an_administrator_chooses_the_required_roles_on_the_security_page(
    client, admin_user, recruiter, reviewer, second_factor_enforced
):
    Authenticator.objects.create(user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(admin_user)
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert 'value="reviewer" id="id_second_factor_roles_3" checked' in page.content.decode()

    response = client.post(SECURITY, {"second_factor_roles": ["administrator", "recruiter"]})
    assert response.status_code == 302
    assert SecurityPolicy.objects.get().second_factor_roles == ["administrator", "recruiter"]
    assert second_factor_roles() == {"administrator", "recruiter"}
    event = AuditEvent.objects.get(action="accounts.securitypolicy.update")
    assert event.actor == admin_user
    assert event.data == {
        "second_factor_roles": {"from": ["administrator", "reviewer"], "to": ["administrator", "recruiter"]}
    }

    other = type(client)()
    other.force_login(recruiter)
    assert other.get(reverse("home"))["Location"] == MFA_INDEX
    other.force_login(reviewer)
    assert other.get(reverse("home")).status_code == 200


def test_saving_the_same_roles_again_writes_no_audit_row(admin_user):
    security_policy_update(second_factor_roles=["administrator"], actor=admin_user)
    security_policy_update(second_factor_roles=["administrator"], actor=admin_user)
    assert AuditEvent.objects.filter(action="accounts.securitypolicy.update").count() == 1


def test_an_unknown_role_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(SECURITY, {"second_factor_roles": ["superhero"]})
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    assert not SecurityPolicy.objects.exists()


@pytest.mark.parametrize("persona", ["recruiter", "reviewer", "outsider"])
def test_only_administrators_see_the_security_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(SECURITY).status_code == 404
    assert client.post(SECURITY, {"second_factor_roles": []}).status_code == 404
    assert not SecurityPolicy.objects.exists()


def test_the_security_page_answers_htmx_with_the_form_only(client, admin_user):
    client.force_login(admin_user)
    response = client.get(SECURITY, headers={"HX-Request": "true"})
    assert response.content.decode().lstrip().startswith('<form id="security-form"')


# --- Django admin and the user menu -------------------------------------------------------


def test_django_admin_sign_in_sends_people_to_the_sign_in_with_the_second_factor(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_everyone_finds_two_factor_sign_in_in_their_user_menu(client, interviewer):
    client.force_login(interviewer)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{MFA_INDEX}" data-testid="menu-two-factor"' in page


def test_removing_ones_own_last_factor_sends_a_required_role_back_to_enrol(client, reviewer, second_factor_enforced):
    enrol_totp(client, reviewer)
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("mfa_deactivate_totp"), {})
    assert client.get(reverse("home"))["Location"] == MFA_INDEX


def test_the_check_costs_a_page_one_query_a_session_and_none_for_roles_that_are_not_required(
    client, reviewer, recruiter, second_factor_enforced
):
    enrol_totp(client, reviewer)
    home = reverse("home")
    client.get(home)
    with CaptureQueriesContext(connection) as enforced:
        client.get(home)
    with override_settings(SECOND_FACTOR_ENFORCED=False), CaptureQueriesContext(connection) as off:
        client.get(home)
    assert len(enforced) == len(off)

    other = type(client)()
    other.force_login(recruiter)
    other.get(home)
    with CaptureQueriesContext(connection) as enforced:
        other.get(home)
    with override_settings(SECOND_FACTOR_ENFORCED=False), CaptureQueriesContext(connection) as off:
        other.get(home)
    assert len(enforced) == len(off)
