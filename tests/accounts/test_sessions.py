"""A person's sessions: the list of the browsers signed in to their account
(device, address, when signed in, last seen), ending any one of them or all the
others; an administrator signing a user out everywhere; deactivation doing the
same. Every ending is in the audit log."""

from __future__ import annotations

import re
import time

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import sessions
from accounts.services import user_update
from accounts.sessions import device_name, session_ref
from core.models import AuditEvent
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

LIST = reverse("usersessions_list")
HOME = reverse("home")
HTMX = {"HTTP_HX_REQUEST": "true"}
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
FIREFOX_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def browser(user, *, agent: str = CHROME_WINDOWS, address: str = "203.0.113.5") -> Client:
    """A browser that signed in through the sign-in page."""
    client = Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def signed_in(client: Client) -> bool:
    return client.get(HOME).status_code == 200


def ref_of(client: Client) -> str:
    return session_ref(client.session.session_key)


def audited(action: str) -> list[tuple[str, dict]]:
    return list(AuditEvent.objects.filter(action=action).values_list("target_id", "data"))


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (CHROME_WINDOWS, "Chrome on Windows"),
        (SAFARI_IPHONE, "Safari on iPhone"),
        (FIREFOX_LINUX, "Firefox on Linux"),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on macOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36 MicroMessenger/8.0.47",
            "WeChat on Android",
        ),
        ("curl/8.5.0", "An unknown browser"),
        ("", "An unknown browser"),
    ],
)
def test_a_device_reads_as_browser_on_system(agent, name):
    assert device_name(agent) == name


def test_the_sessions_page_lists_each_browser_with_device_address_sign_in_and_last_seen(recruiter):
    here = browser(recruiter)
    browser(recruiter, agent=SAFARI_IPHONE, address="198.51.100.7")
    response = here.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('data-testid="session-row"') == 2
    assert "Chrome on Windows" in html and "Safari on iPhone" in html
    assert "203.0.113.5" in html and "198.51.100.7" in html
    assert "Last seen" in html and re.search(r">(now|\d+\xa0seconds? ago|a second ago)<", html)
    assert html.count('data-testid="this-session"') == 1
    current = html.split('data-current="true"')[1].split("</tr>")[0]
    assert "Chrome on Windows" in current and 'action="' not in current
    assert html.count('/end/"') == 1


def test_the_sessions_page_is_linked_from_the_user_menu_and_the_account_pages(recruiter):
    here = browser(recruiter)
    assert f'href="{LIST}"' in here.get(HOME).content.decode()
    assert f'href="{LIST}"' in here.get(reverse("account_change_password")).content.decode()


def test_the_sessions_page_is_in_chinese_for_a_chinese_speaking_user(recruiter):
    user_update(user=recruiter, actor=None, language="zh-hans")
    here = browser(recruiter)
    html = here.get(LIST).content.decode()
    assert "我的会话" in html and "Windows 上的 Chrome" in html and "当前会话" in html


def test_last_seen_is_written_at_most_every_few_minutes_not_on_every_page(recruiter):
    here = browser(recruiter)
    row = UserSession.objects.get(user=recruiter)
    with CaptureQueriesContext(connection) as queries:
        assert here.get(HOME).status_code == 200
    assert not [q for q in queries if "usersessions_usersession" in q["sql"]]
    assert UserSession.objects.get(pk=row.pk).last_seen_at == row.last_seen_at

    stamp = here.session
    stamp[sessions.SEEN_AT] = time.time() - sessions.ACTIVITY_INTERVAL - 1
    stamp.save()
    here.defaults["REMOTE_ADDR"] = "192.0.2.44"
    assert here.get(HOME).status_code == 200
    moved = UserSession.objects.get(pk=row.pk)
    assert moved.last_seen_at > row.last_seen_at
    assert moved.ip == "192.0.2.44"


def test_the_sessions_page_costs_a_fixed_number_of_queries(recruiter, django_assert_num_queries):
    here = browser(recruiter)
    browser(recruiter, agent=SAFARI_IPHONE)
    here.get(LIST)
    # Session and user (2), allauth's purge of the list: the rows, then for each
    # session whether it still exists and whose it is (1 + 2 × 3), messages' none.
    with django_assert_num_queries(9):
        assert here.get(LIST).status_code == 200


def test_ending_one_session_signs_that_browser_out_and_keeps_this_one(recruiter):
    here = browser(recruiter)
    phone = browser(recruiter, agent=SAFARI_IPHONE, address="198.51.100.7")
    response = here.post(reverse("accounts:session-end", args=[ref_of(phone)]))
    assert response.status_code == 302 and response["Location"] == LIST
    assert "That session is signed out." in here.get(LIST).content.decode()
    assert not signed_in(phone)
    assert signed_in(here)
    assert UserSession.objects.filter(user=recruiter).count() == 1
    assert audited("accounts.user.session_end") == [(str(recruiter.public_id), {"sessions": 1})]


def test_ending_a_session_from_htmx_follows_with_a_full_navigation(recruiter):
    here = browser(recruiter)
    phone = browser(recruiter, agent=SAFARI_IPHONE)
    response = here.post(reverse("accounts:session-end", args=[ref_of(phone)]), **HTMX)
    assert response["HX-Redirect"] == LIST
    assert not signed_in(phone)


def test_ending_this_session_from_its_own_row_signs_out_here(recruiter):
    here = browser(recruiter)
    response = here.post(reverse("accounts:session-end", args=[ref_of(here)]))
    assert response["Location"] == reverse("account_login")
    assert not signed_in(here)


def test_ending_a_session_takes_a_post(recruiter):
    here = browser(recruiter)
    phone = browser(recruiter, agent=SAFARI_IPHONE)
    assert here.get(reverse("accounts:session-end", args=[ref_of(phone)])).status_code == 405
    assert signed_in(phone)


@pytest.mark.parametrize("persona", ["outsider", "reviewer", "administrator"])
def test_another_users_session_cannot_be_ended_it_is_a_404(recruiter, personas, persona):
    theirs = browser(recruiter)
    mine = browser(personas[persona])
    for ref in (ref_of(theirs), "0" * 32, "not-a-reference"):
        assert mine.post(reverse("accounts:session-end", args=[ref])).status_code == 404
    assert signed_in(theirs)
    assert not audited("accounts.user.session_end")


def test_signing_out_all_other_sessions_keeps_only_this_one_and_is_audited(recruiter):
    here = browser(recruiter)
    others = [browser(recruiter, agent=SAFARI_IPHONE), browser(recruiter, agent=FIREFOX_LINUX)]
    html = here.get(LIST).content.decode()
    assert 'data-testid="end-other-sessions"' in html
    response = here.post(LIST)
    assert response.status_code == 302
    assert [signed_in(other) for other in others] == [False, False]
    assert signed_in(here)
    assert audited("accounts.user.session_end") == [(str(recruiter.public_id), {"sessions": 2})]


def test_an_administrator_sees_a_users_sessions_and_signs_them_out_everywhere(client, admin_user, recruiter):
    listed = browser(recruiter, agent=SAFARI_IPHONE, address="198.51.100.7")
    # A session that never made it into the list (signed in before it existed).
    unlisted = Client()
    unlisted.force_login(recruiter)
    bystander = browser(admin_user)
    client.force_login(admin_user)
    page = client.get(reverse("settings:user-detail", args=[recruiter.public_id])).content.decode()
    assert "Safari on iPhone" in page and "198.51.100.7" in page
    assert page.count('data-testid="user-session-row"') == 1
    response = client.post(reverse("settings:user-sessions-end", args=[recruiter.public_id]))
    assert response["Location"] == reverse("settings:user-detail", args=[recruiter.public_id])
    assert not signed_in(listed) and not signed_in(unlisted)
    assert signed_in(bystander)
    assert not UserSession.objects.filter(user=recruiter).exists()
    event = AuditEvent.objects.get(action="accounts.user.sessions_end")
    assert (event.actor_id, event.target_id, event.data) == (admin_user.pk, str(recruiter.public_id), {"sessions": 2})
    followed = client.get(response["Location"]).content.decode()
    assert "Rita Recruiter is signed out of 2 sessions." in followed


def test_signing_out_everywhere_from_htmx_follows_with_a_full_navigation(client, admin_user, recruiter):
    client.force_login(admin_user)
    response = client.post(reverse("settings:user-sessions-end", args=[recruiter.public_id]), **HTMX)
    assert response["HX-Redirect"] == reverse("settings:user-detail", args=[recruiter.public_id])


NON_ADMINISTRATORS = ["recruiter", "coordinator", "reviewer", "interviewer", "hiring_manager", "outsider"]


@pytest.mark.parametrize("persona", NON_ADMINISTRATORS)
def test_signing_a_user_out_everywhere_is_a_404_for_every_other_role_like_the_users_page(personas, persona):
    target = personas["coordinator"] if persona != "coordinator" else personas["recruiter"]
    theirs = browser(target)
    mine = Client()
    mine.force_login(personas[persona])
    assert mine.post(reverse("settings:user-sessions-end", args=[target.public_id])).status_code == 404
    assert signed_in(theirs)
    assert not audited("accounts.user.sessions_end")


def test_signing_out_everywhere_takes_a_post(client, admin_user, recruiter):
    theirs = browser(recruiter)
    client.force_login(admin_user)
    assert client.get(reverse("settings:user-sessions-end", args=[recruiter.public_id])).status_code == 405
    assert signed_in(theirs)


def test_deactivating_a_user_ends_their_sessions(client, admin_user, recruiter):
    theirs = browser(recruiter)
    client.force_login(admin_user)
    client.post(reverse("settings:user-deactivate", args=[recruiter.public_id]))
    assert not UserSession.objects.filter(user=recruiter).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == str(recruiter.pk)]
    assert audited("accounts.user.sessions_end") == [(str(recruiter.public_id), {"sessions": 1})]
    assert not signed_in(theirs)
