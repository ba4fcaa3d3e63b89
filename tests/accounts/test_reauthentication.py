"""Sensitive actions (export, merge, role changes, in the product and in
Django admin) ask for the password again
when the last check of who this is was more than 15 minutes ago. A POST is not
replayed: after confirming, the person is back on the page and presses again."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from accounts import sessions
from accounts.roles import Role
from accounts.services import user_update
from candidates.services.bulk import bulk_upload_create
from candidates.services.merge import MERGE_FIELDS, SURVIVOR
from privacy.models import PrivacyRequest
from privacy.services.requests import access_archive_build, deletion_ask, privacy_request_record
from tests import factories
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

REAUTHENTICATE = reverse("account_reauthenticate")
HTMX = {"HTTP_HX_REQUEST": "true"}
SIXTEEN_MINUTES = 16 * 60


def age(client: Client, seconds: float) -> None:
    """Move the session's record of when its user last proved who they are
    ``seconds`` into the past: the sign-in and any confirmation since."""
    session = client.session
    session[sessions.SIGNED_IN_AT] = session.get(sessions.SIGNED_IN_AT, 0) - seconds
    records = session.get(AUTHENTICATION_METHODS_SESSION_KEY) or []
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [{**record, "at": record["at"] - seconds} for record in records]
    session.save()


@dataclass
class Action:
    user: object
    method: str
    url: str
    data: dict
    page: str  # the page the action is on
    allowed: int  # the status when it goes through


@pytest.fixture
def actions(admin_user, recruiter) -> dict[str, Action]:
    survivor = factories.candidate(full_name="Zhang Wei")
    other = factories.candidate(full_name="Zhang Wei")
    target = make_user("target@example.test", Role.COORDINATOR)
    candidates = reverse("candidates:candidate-list") + "?q=Zhang"
    merge = reverse("candidates:candidate-merge", args=[survivor.public_id, other.public_id])
    review = reverse("candidates:candidate-merge-review", args=[survivor.public_id, other.public_id])
    confirm = reverse("candidates:candidate-merge-confirm", args=[survivor.public_id, other.public_id])
    # Keep the survivor's value of every field (extra names are ignored).
    chosen = {name: SURVIVOR for name in MERGE_FIELDS}
    member = reverse("settings:user-detail", args=[target.public_id])
    admin_change = reverse("admin:accounts_user_change", args=[target.pk])
    admin_add = reverse("admin:accounts_user_add")
    placements = reverse("analytics:report", args=["placements"])
    bulk_upload = bulk_upload_create(actor=recruiter, files=[SimpleUploadedFile("notes.txt", b"not a resume")])
    bulk_page = reverse("candidates:bulk-upload-detail", args=[bulk_upload.public_id])
    access = privacy_request_record(candidate=other, kind=PrivacyRequest.Kind.ACCESS, details="", actor=recruiter)
    access_archive_build(request=access, actor=recruiter)
    deletion = privacy_request_record(candidate=other, kind=PrivacyRequest.Kind.DELETION, details="", actor=recruiter)
    deletion_ask(request=deletion, actor=recruiter)
    deletion_confirm = reverse("privacy:request-deletion-confirm", args=[deletion.public_id])
    return {
        "privacy:request-archive-download": Action(
            recruiter,
            "post",
            reverse("privacy:request-archive-download", args=[access.public_id]),
            {},
            reverse("privacy:request-detail", args=[access.public_id]),
            200,
        ),
        # The confirm page asks already (the POST that anonymises is behind it).
        "privacy:request-deletion-confirm": Action(admin_user, "get", deletion_confirm, {}, deletion_confirm, 200),
        "candidates:bulk-upload-report": Action(
            recruiter,
            "get",
            reverse("candidates:bulk-upload-report", args=[bulk_upload.public_id]),
            {},
            bulk_page,
            200,
        ),
        "admin:accounts_user_add": Action(admin_user, "get", admin_add, {}, admin_add, 200),
        "analytics:placements-export": Action(
            recruiter,
            "get",
            reverse("analytics:placements-export"),
            {"export": "csv", "table": "by_recruiter"},
            placements,
            200,
        ),
        "admin:accounts_user_change": Action(admin_user, "get", admin_change, {}, admin_change, 200),
        "candidates:candidate-export": Action(
            recruiter, "get", reverse("candidates:candidate-export", args=["csv"]), {"q": "Zhang"}, candidates, 200
        ),
        "candidates:candidate-merge": Action(recruiter, "get", merge, {}, merge, 200),
        "placements:placement-export": Action(
            recruiter,
            "get",
            reverse("placements:placement-export", args=["xlsx"]),
            {"period": "year"},
            reverse("placements:placement-list") + "?period=year",
            200,
        ),
        "candidates:candidate-merge-review": Action(recruiter, "post", review, chosen, merge, 200),
        "candidates:candidate-merge-confirm": Action(
            recruiter, "post", confirm, {**chosen, "confirmed": "yes"}, merge, 302
        ),
        "settings:user-role-set": Action(
            admin_user,
            "post",
            reverse("settings:user-role-set", args=[target.public_id]),
            {"role": Role.RECRUITER},
            member,
            302,
        ),
    }


def run(client: Client, action: Action, **extra):
    referer = f"http://testserver{action.page}"
    return getattr(client, action.method)(action.url, action.data, HTTP_REFERER=referer, **extra)


def url_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_sensitive_action_is_a_url_of_the_product_and_is_tried_here(actions):
    assert set(sessions.SENSITIVE_ACTIONS) <= url_names()
    assert set(actions) == set(sessions.SENSITIVE_ACTIONS)


@pytest.mark.parametrize("name", sessions.SENSITIVE_ACTIONS)
def test_a_fresh_sign_in_goes_straight_through(client, actions, name):
    action = actions[name]
    client.force_login(action.user)
    assert run(client, action).status_code == action.allowed


@pytest.mark.parametrize("name", sessions.SENSITIVE_ACTIONS)
def test_a_sign_in_through_the_sign_in_page_counts_as_the_check(client, actions, name):
    action = actions[name]
    client.post(reverse("account_login"), {"login": action.user.email, "password": PASSWORD})
    assert run(client, action).status_code == action.allowed


@pytest.mark.parametrize("name", sessions.SENSITIVE_ACTIONS)
def test_after_sixteen_minutes_it_asks_for_the_password_then_lets_the_action_through(client, actions, name):
    action = actions[name]
    client.force_login(action.user)
    age(client, SIXTEEN_MINUTES)
    response = run(client, action)
    assert response.status_code == 302
    assert response["Location"] == f"{REAUTHENTICATE}?{urlencode({'next': action.page})}"

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="reauthenticate-again"' in html and "press the button again" in html

    back = client.post(REAUTHENTICATE, {"password": PASSWORD, "next": action.page})
    assert back.status_code == 302 and back["Location"] == action.page
    assert run(client, action).status_code == action.allowed


@pytest.mark.parametrize("name", sessions.SENSITIVE_ACTIONS)
def test_htmx_is_sent_to_the_password_page_with_a_full_navigation(client, actions, name):
    action = actions[name]
    client.force_login(action.user)
    age(client, SIXTEEN_MINUTES)
    response = run(client, action, HTTP_HX_CURRENT_URL=f"http://testserver{action.page}", **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{REAUTHENTICATE}?{urlencode({'next': action.page})}"


def test_a_wrong_password_is_refused_with_a_message_and_the_action_still_waits(client, actions):
    action = actions["candidates:candidate-export"]
    client.force_login(action.user)
    age(client, SIXTEEN_MINUTES)
    response = client.post(REAUTHENTICATE, {"password": "not the password", "next": action.page})
    assert response.status_code == 200
    assert "Incorrect password." in response.content.decode()
    assert run(client, action).status_code == 302


def test_a_wrong_password_is_refused_in_chinese_for_a_chinese_speaking_user(client, actions):
    action = actions["candidates:candidate-export"]
    user_update(user=action.user, actor=None, language="zh-hans")
    client.force_login(action.user)
    age(client, SIXTEEN_MINUTES)
    html = client.post(REAUTHENTICATE, {"password": "not the password"}).content.decode()
    assert "无效密码" in html and "确认是你本人" in html


def test_fourteen_minutes_after_the_check_it_does_not_ask(client, actions):
    action = actions["candidates:candidate-export"]
    client.force_login(action.user)
    age(client, 14 * 60)
    assert run(client, action).status_code == action.allowed


def test_a_page_elsewhere_never_asks(client, recruiter):
    client.force_login(recruiter)
    age(client, SIXTEEN_MINUTES)
    assert client.get(reverse("candidates:candidate-list")).status_code == 200


def test_the_way_back_never_leaves_the_site(client, actions):
    action = actions["settings:user-role-set"]
    client.force_login(action.user)
    age(client, SIXTEEN_MINUTES)
    response = client.post(action.url, action.data, HTTP_REFERER="https://evil.example/")
    assert response["Location"] == f"{REAUTHENTICATE}?{urlencode({'next': reverse('home')})}"
