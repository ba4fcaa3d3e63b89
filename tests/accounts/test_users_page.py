"""The Users page under Settings: administrators list and search users,
change a role, deactivate and reactivate, resend an invitation; every other
role finds no such page (404), whatever the method."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_invite, user_set_role, user_update
from core.models import AccessToken, AuditEvent
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
LIST = reverse("settings:user-list")
INVITE = reverse("settings:user-invite")


def url(name: str, user: User) -> str:
    return reverse(f"settings:{name}", args=[user.public_id])


def audited(action: str, user: User) -> list[dict]:
    return list(AuditEvent.objects.filter(action=action, target_id=str(user.public_id)).values_list("data", flat=True))


def page_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


NON_ADMINISTRATORS = ["recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager", "outsider"]
POST_ACTIONS = ["user-role-set", "user-deactivate", "user-reactivate", "user-invitation-resend", "user-unlock"]


@pytest.mark.parametrize("persona", NON_ADMINISTRATORS)
def test_every_page_and_action_of_the_users_page_is_a_404_for_every_other_role(client, personas, persona):
    client.force_login(personas[persona])
    target = personas["coordinator"] if persona != "coordinator" else personas["recruiter"]
    before = (target.role, target.is_active, AuditEvent.objects.count(), User.objects.count())
    assert client.get(LIST).status_code == 404
    assert client.get(LIST, {"q": "a"}, **HTMX).status_code == 404
    assert client.get(INVITE).status_code == 404
    assert client.get(url("user-detail", target)).status_code == 404
    invite = {"full_name": "New Person", "email": "new@example.test", "role": Role.ADMINISTRATOR, "language": "en"}
    assert client.post(INVITE, invite).status_code == 404
    for action in POST_ACTIONS:
        assert client.post(url(action, target), {"role": Role.ADMINISTRATOR}).status_code == 404
    target.refresh_from_db()
    assert (target.role, target.is_active, AuditEvent.objects.count(), User.objects.count()) == before


def test_the_settings_link_is_in_the_menu_of_administrators_only(client, admin_user, recruiter):
    client.force_login(admin_user)
    assert f'href="{LIST}"' in client.get(reverse("home")).content.decode()
    client.force_login(recruiter)
    assert f'href="{LIST}"' not in client.get(reverse("home")).content.decode()


def test_the_list_shows_name_email_role_language_last_sign_in_and_state(client, admin_user, recruiter, reviewer):
    User.objects.filter(pk=recruiter.pk).update(last_login=timezone.now() - timedelta(days=3))
    user_invite(
        email="newbie@example.test",
        full_name="Nina Newbie",
        role=Role.INTERVIEWER,
        language="zh-hans",
        actor=admin_user,
    )
    user_update(user=reviewer, actor=admin_user, is_active=False)
    client.force_login(admin_user)
    response = client.get(LIST)
    assert response.status_code == 200
    rows = {user.email: user for user in response.context["users"]}
    assert rows["recruiter@example.test"].state == "active"
    assert rows["newbie@example.test"].state == "invited"
    assert rows["reviewer@example.test"].state == "deactivated"
    html = response.content.decode()
    for text in ("Rita Recruiter", "recruiter@example.test", "Recruiter", "Nina Newbie", "Simplified Chinese"):
        assert text in html
    assert "3\xa0days ago" in html
    assert ">Invited<" in html and ">Deactivated<" in html and ">never<" in html


def test_a_password_less_user_whose_invitation_lapsed_shows_as_expired_and_one_never_invited_as_no_password(
    client, admin_user
):
    invited, _token = user_invite(
        email="late@example.test", full_name="Lara Late", role=Role.RECRUITER, language="en", actor=admin_user
    )
    AccessToken.objects.filter(target_id=invited.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    make_user("panel@example.test", Role.INTERVIEWER)
    User.objects.filter(email="panel@example.test").update(password="!unusable")
    client.force_login(admin_user)
    rows = {user.email: user.state for user in client.get(LIST).context["users"]}
    assert rows["late@example.test"] == "invitation_expired"
    assert rows["panel@example.test"] == "no_password"


def test_the_search_box_finds_users_by_name_or_email_and_htmx_gets_the_rows_only(client, admin_user, personas):
    client.force_login(admin_user)
    by_name = client.get(LIST, {"q": "rita"})
    assert [user.email for user in by_name.context["users"]] == ["recruiter@example.test"]
    by_email = client.get(LIST, {"q": "REVIEWER@"})
    assert [user.email for user in by_email.context["users"]] == ["reviewer@example.test"]
    region = client.get(LIST, {"q": "nobody-matches"}, **HTMX)
    html = region.content.decode()
    assert region.status_code == 200 and "<html" not in html and 'id="user-rows"' in html
    assert "No user matches this search." in html
    assert "HX-Request" in region["Vary"]


def test_the_list_is_a_fixed_number_of_queries_however_many_users(client, admin_user, django_assert_num_queries):
    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            user, _token = user_invite(
                email=f"u{i}@example.test", full_name=f"User {i}", role=Role.RECRUITER, language="en", actor=admin_user
            )
            if i % 2:
                user_update(user=user, actor=admin_user, is_active=False)

    client.force_login(admin_user)
    add(3, 0)
    client.get(LIST)  # the session and the user are read once per request either way
    # session, user, the users with their open invitation: 3
    with django_assert_num_queries(3):
        assert len(client.get(LIST).context["users"]) == 4
    add(12, 3)
    with django_assert_num_queries(3):
        assert len(client.get(LIST).context["users"]) == 16
    with django_assert_num_queries(3):
        client.get(LIST, {"q": "user 1"}, **HTMX)


def test_a_long_list_says_there_are_more_and_a_search_finds_them(client, admin_user, monkeypatch):
    monkeypatch.setattr("accounts.selectors.USER_LIST_LIMIT", 2)
    for i in range(3):
        make_user(f"many{i}@example.test", Role.INTERVIEWER)
    client.force_login(admin_user)
    response = client.get(LIST)
    assert len(response.context["users"]) == 2 and response.context["more"]
    assert "Showing the first 2 users" in response.content.decode()
    assert not client.get(LIST, {"q": "many2"}).context["more"]


def test_an_administrator_changes_a_role_through_user_set_role_and_sees_it_confirmed(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(url("user-role-set", recruiter), {"role": Role.COORDINATOR}, follow=True)
    recruiter.refresh_from_db()
    assert recruiter.role == Role.COORDINATOR
    assert list(recruiter.groups.values_list("name", flat=True)) == [Role.COORDINATOR]
    assert audited("accounts.user.role_change", recruiter) == [{"from": "recruiter", "to": "coordinator"}]
    assert response.redirect_chain[-1][0] == url("user-detail", recruiter)
    assert "Rita Recruiter is now Coordinator." in page_messages(response)


def test_an_unknown_role_is_refused_on_the_page_and_changes_nothing(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(url("user-role-set", recruiter), {"role": "wizard"}, follow=True)
    recruiter.refresh_from_db()
    assert recruiter.role == Role.RECRUITER
    assert "Choose one of the roles." in page_messages(response)


def test_an_administrator_cannot_demote_or_deactivate_themselves(client, admin_user):
    make_user("second-admin@example.test", Role.ADMINISTRATOR)
    client.force_login(admin_user)
    demoted = client.post(url("user-role-set", admin_user), {"role": Role.RECRUITER}, follow=True)
    assert "You cannot take the administrator role from yourself." in page_messages(demoted)
    deactivated = client.post(url("user-deactivate", admin_user), follow=True)
    assert "You cannot deactivate your own account." in page_messages(deactivated)
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == (Role.ADMINISTRATOR, True)
    assert audited("accounts.user.role_change", admin_user) == audited("accounts.user.update", admin_user) == []


def test_the_last_active_administrator_cannot_be_demoted_or_deactivated_by_anyone(admin_user, recruiter):
    other = make_user("other-admin@example.test", Role.ADMINISTRATOR, full_name="Otto Other")
    user_update(user=other, actor=admin_user, is_active=False)
    # Other is deactivated: admin_user is the last active administrator.
    with pytest.raises(ValidationError, match="last active administrator"):
        user_set_role(user=admin_user, role=Role.RECRUITER, actor=None)
    with pytest.raises(ValidationError, match="last active administrator"):
        user_update(user=admin_user, actor=None, is_active=False)
    admin_user.refresh_from_db()
    assert (admin_user.role, admin_user.is_active) == (Role.ADMINISTRATOR, True)
    # With a second active administrator, one may demote the other.
    user_update(user=other, actor=admin_user, is_active=True)
    user_set_role(user=other, role=Role.RECRUITER, actor=admin_user)
    other.refresh_from_db()
    assert other.role == Role.RECRUITER


def test_django_admin_shows_the_refusal_on_the_form_and_changes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_change", args=[admin_user.pk]),
        {
            "email": admin_user.email,
            "full_name": admin_user.full_name,
            "role": Role.RECRUITER,
            "language": admin_user.language,
            "time_zone": admin_user.time_zone,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "You cannot take the administrator role from yourself." in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.role == Role.ADMINISTRATOR
    assert audited("accounts.user.role_change", admin_user) == []


def test_deactivating_and_reactivating_a_user_is_audited_and_confirmed(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(url("user-deactivate", recruiter), follow=True)
    recruiter.refresh_from_db()
    assert not recruiter.is_active
    assert "Rita Recruiter is deactivated: they can no longer sign in, and their work stays." in page_messages(response)
    assert 'action="{}"'.format(url("user-reactivate", recruiter)) in response.content.decode()
    response = client.post(url("user-reactivate", recruiter), follow=True)
    recruiter.refresh_from_db()
    assert recruiter.is_active
    assert "Rita Recruiter is active again and can sign in." in page_messages(response)
    assert audited("accounts.user.update", recruiter) == [{"fields": ["is_active"]}, {"fields": ["is_active"]}]


def test_the_user_page_offers_the_actions_that_fit_the_state(client, admin_user, recruiter):
    invited, _token = user_invite(
        email="newbie@example.test", full_name="Nina Newbie", role=Role.INTERVIEWER, language="en", actor=admin_user
    )
    client.force_login(admin_user)
    active = client.get(url("user-detail", recruiter)).content.decode()
    assert url("user-deactivate", recruiter) in active and url("user-invitation-resend", recruiter) not in active
    pending = client.get(url("user-detail", invited)).content.decode()
    assert url("user-invitation-resend", invited) in pending and "works until" in pending
    assert client.get(reverse("settings:user-detail", args=[uuid.uuid4()])).status_code == 404
    assert client.get("/settings/users/not-a-uuid/").status_code == 404


@pytest.mark.parametrize("action", POST_ACTIONS)
def test_the_actions_refuse_get(client, admin_user, recruiter, action):
    client.force_login(admin_user)
    assert client.get(url(action, recruiter)).status_code == 405
    assert client.delete(LIST).status_code == 405


def test_an_htmx_action_is_followed_by_a_full_navigation(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(url("user-deactivate", recruiter), **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == url("user-detail", recruiter)


def test_the_users_page_reads_in_chinese_for_a_chinese_speaking_administrator(client, admin_user, recruiter):
    admin_user.language = "zh-hans"
    admin_user.save()
    client.force_login(admin_user)
    html = client.get(LIST).content.decode()
    assert "用户" in html and "邀请用户" in html and "招聘顾问" in html
    response = client.post(url("user-role-set", recruiter), {"role": Role.REVIEWER}, follow=True)
    assert any("Rita Recruiter" in text and "审阅者" in text for text in page_messages(response))


def test_role_groups_exist_for_every_role_the_page_offers(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(Role.values)
