"""Sign-in lockout: failures counted per account and per client address, a
lockout page that says in the reader's language when it lifts, every lockout
in the audit log, the client's address read through trusted proxies only, and
administrators unlocking accounts and addresses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.lockout import LOCKED_UNTIL_KEY
from core.models import AuditEvent
from tests.accounts.lift_times import lifts_today, shown_time
from tests.conftest import PASSWORD

LOGIN = reverse("account_login")
ADMIN_LOGIN = reverse("admin:login")
ATTACKER = "203.0.113.7"
COLLEAGUE = "198.51.100.20"
PROXIES = ("10.0.0.1", "10.0.0.2")  # the outer proxy, then the one in front of the app
HTMX = {"HTTP_HX_REQUEST": "true"}


def sign_in(email: str, password: str = PASSWORD, *, address: str = COLLEAGUE, client: Client | None = None, **extra):
    """One sign-in from a fresh browser (or ``client``) at ``address``."""
    client = client or Client()
    return client.post(LOGIN, {"login": email, "password": password}, REMOTE_ADDR=address, **extra)


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("home")


def locked(response) -> bool:
    return response.status_code == 429 and "Sign-in is locked for now" in response.content.decode()


def fail_until_locked(email: str, *, address: str = ATTACKER, limit: int = 10):
    """``limit`` wrong passwords; every one but the last answered by the form."""
    for _attempt in range(limit - 1):
        response = sign_in(email, "wrong", address=address)
        assert response.status_code == 200 and "do not match an active account" in response.content.decode()
    return sign_in(email, "wrong", address=address)


def cool_off_passes(by: timedelta = timedelta(minutes=15)) -> None:
    """Move every counted failure ``by`` into the past, as waiting would."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


def lockouts() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="accounts.user.locked_out").order_by("id"))


def test_ten_wrong_passwords_lock_the_account_and_the_address_while_others_still_sign_in(recruiter, coordinator):
    tenth = fail_until_locked(recruiter.email)
    assert locked(tenth)

    # The right password is refused now, from the attacker's address and from any other.
    assert locked(sign_in(recruiter.email, address=ATTACKER))
    assert locked(sign_in(recruiter.email, address=COLLEAGUE))
    # Another account signs in from another address; from the attacker's address it is refused.
    assert signed_in(sign_in(coordinator.email, address=COLLEAGUE))
    assert locked(sign_in(coordinator.email, address=ATTACKER))

    [event] = lockouts()
    assert event.target_id == str(recruiter.public_id) and event.actor_id is None
    assert event.ip_address == ATTACKER
    assert event.data["known_account"] is True
    assert event.data["account_locked"] is True and event.data["address_locked"] is True

    cool_off_passes()
    assert signed_in(sign_in(recruiter.email, address=ATTACKER))


def test_the_lockout_lasts_the_configured_time_and_refused_attempts_do_not_extend_it(settings, recruiter):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    settings.AXES_FAILURE_LIMIT = 3
    assert locked(fail_until_locked(recruiter.email, limit=3))
    assert "in 30 minutes" in sign_in(recruiter.email, address=ATTACKER).content.decode()

    cool_off_passes(timedelta(minutes=29))
    # Refused, and not counted: the lockout still lifts a minute from now.
    page = sign_in(recruiter.email, "wrong", address=ATTACKER)
    assert locked(page) and "in 1 minute." in page.content.decode()
    cool_off_passes(timedelta(minutes=1, seconds=1))
    assert signed_in(sign_in(recruiter.email, address=ATTACKER))
    assert len(lockouts()) == 1


def test_the_lockout_page_says_when_it_lifts_in_the_readers_time_zone_and_language(settings, recruiter):
    settings.TIME_ZONE = "Asia/Shanghai"
    fail_until_locked(recruiter.email)
    lifts = timezone.localtime(AccessAttempt.objects.get().attempt_time + timedelta(minutes=15))

    english = sign_in(recruiter.email, address=ATTACKER).content.decode()
    on_or_at = "at" if lifts_today(lifts) else "on"
    assert f"You can sign in again {on_or_at} {shown_time(lifts)} (Asia/Shanghai), in 15 minutes." in english

    chinese = sign_in(recruiter.email, address=ATTACKER, HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert chinese.status_code == 429 and chinese["Content-Language"] == "zh-hans"
    text = chinese.content.decode()
    assert shown_time(lifts, "zh-hans") in text and "15 分钟" in text and "登录暂时被锁定" in text


def test_a_lockout_of_an_unknown_email_names_no_account_and_stores_no_email(db):
    assert locked(fail_until_locked("nobody@example.test"))
    [event] = lockouts()
    assert event.target_id == "" and event.ip_address == ATTACKER
    assert event.data["known_account"] is False
    assert "nobody" not in str(event.data)


def test_django_admins_sign_in_is_the_locked_sign_in_page(client, admin_user):
    # Django admin's own form is not offered: it sends people to the one sign-in
    # page, where the lockout (and the second factor) apply.
    response = client.post(ADMIN_LOGIN, {"username": admin_user.email, "password": "wrong"}, REMOTE_ADDR=ATTACKER)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert not AccessAttempt.objects.exists()
    assert locked(fail_until_locked(admin_user.email))
    assert locked(sign_in(admin_user.email, address=COLLEAGUE))
    assert [event.target_id for event in lockouts()] == [str(admin_user.public_id)]


def test_an_htmx_sign_in_that_is_locked_out_is_sent_to_the_lockout_page(recruiter):
    fail_until_locked(recruiter.email)
    browser = Client()
    response = sign_in(recruiter.email, address=ATTACKER, client=browser, **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == reverse("accounts:locked-out")
    page = browser.get(reverse("accounts:locked-out"))
    assert locked(page) and "in 15 minutes" in page.content.decode()

    # Once the time it named has passed, the page is the sign-in page again.
    session = browser.session
    session[LOCKED_UNTIL_KEY] = (timezone.now() - timedelta(seconds=1)).isoformat()
    session.save()
    assert browser.get(reverse("accounts:locked-out"))["Location"] == LOGIN


def test_the_lockout_page_without_a_lockout_is_the_sign_in_page(client, db):
    response = client.get(reverse("accounts:locked-out"))
    assert response.status_code == 302 and response["Location"] == LOGIN


# --- Behind trusted proxies -------------------------------------------------------------


def via_proxies(client_address: str, forged: str | None = None) -> dict:
    """What the app receives when ``client_address`` reaches it through both
    proxies, having written ``forged`` into X-Forwarded-For itself."""
    chain = [*([forged] if forged else []), client_address, PROXIES[0]]
    return {"REMOTE_ADDR": PROXIES[1], "HTTP_X_FORWARDED_FOR": ", ".join(chain)}


def test_through_two_proxies_a_forged_forwarded_for_does_not_dodge_the_count(settings, recruiter, coordinator):
    settings.TRUSTED_PROXY_COUNT = 2
    # Ten different accounts, and a new forged left-most address each time.
    responses = [
        Client().post(
            LOGIN, {"login": f"guess{n}@example.test", "password": "wrong"}, **via_proxies(ATTACKER, f"192.0.2.{n}")
        )
        for n in range(10)
    ]
    assert [response.status_code for response in responses] == [200] * 9 + [429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}

    # The attacker is refused even with the right password of a real account...
    attacker = Client().post(
        LOGIN, {"login": recruiter.email, "password": PASSWORD}, **via_proxies(ATTACKER, "192.0.2.99")
    )
    assert locked(attacker)
    # ...while a different client behind the same proxies signs in.
    colleague = Client().post(LOGIN, {"login": coordinator.email, "password": PASSWORD}, **via_proxies(COLLEAGUE))
    assert signed_in(colleague)

    [event] = lockouts()
    assert event.ip_address == ATTACKER and event.data["address_locked"] is True
    assert event.data["account_locked"] is False


def test_through_two_proxies_ten_wrong_passwords_lock_the_account_for_every_address(settings, recruiter):
    settings.TRUSTED_PROXY_COUNT = 2
    statuses = [
        Client()
        .post(LOGIN, {"login": recruiter.email, "password": "wrong"}, **via_proxies(f"203.0.113.{n}", COLLEAGUE))
        .status_code
        for n in range(10)
    ]
    assert statuses == [200] * 9 + [429]
    right = Client().post(LOGIN, {"login": recruiter.email, "password": PASSWORD}, **via_proxies(COLLEAGUE))
    assert locked(right)
    [event] = lockouts()
    assert event.ip_address == "203.0.113.9" and event.data["account_locked"] is True


# --- Unlocking --------------------------------------------------------------------------


def unlock_url(user) -> str:
    return reverse("settings:user-unlock", args=[user.public_id])


def detail_url(user) -> str:
    return reverse("settings:user-detail", args=[user.public_id])


def test_an_administrator_sees_the_lockout_on_the_users_page_and_unlocks_it(client, admin_user, recruiter):
    fail_until_locked(recruiter.email)
    client.force_login(admin_user)
    page = client.get(detail_url(recruiter)).content.decode()
    assert "Locked until" in page and "in 15 minutes" in page and unlock_url(recruiter) in page

    response = client.post(unlock_url(recruiter), follow=True)
    assert response.redirect_chain[-1][0] == detail_url(recruiter)
    assert "can sign in again" in response.content.decode()
    assert "Sign-in is not locked." in response.content.decode()

    event = AuditEvent.objects.get(action="accounts.user.unlock")
    assert event.actor_id == admin_user.pk and event.target_id == str(recruiter.public_id)
    assert event.data == {"attempts": 1}
    # The account is open from any address that is not itself locked.
    assert signed_in(sign_in(recruiter.email, address=COLLEAGUE))


def test_an_unlocked_users_page_offers_no_unlock(client, admin_user, recruiter):
    client.force_login(admin_user)
    page = client.get(detail_url(recruiter)).content.decode()
    assert "Sign-in is not locked." in page and unlock_url(recruiter) not in page


def test_unlocking_over_htmx_follows_to_the_users_page(client, admin_user, recruiter):
    fail_until_locked(recruiter.email)
    client.force_login(admin_user)
    response = client.post(unlock_url(recruiter), **HTMX)
    assert response["HX-Redirect"] == detail_url(recruiter)
    assert not AccessAttempt.objects.filter(username=recruiter.email).exists()


def test_unlocking_refuses_get(client, admin_user, recruiter):
    client.force_login(admin_user)
    assert client.get(unlock_url(recruiter)).status_code == 405


@pytest.mark.parametrize("persona", ["outsider", "reviewer", "recruiter"])
def test_no_one_but_an_administrator_can_unlock_an_account(client, personas, persona):
    fail_until_locked(personas["coordinator"].email)
    client.force_login(personas[persona])
    # The Users page does not exist for them, read-only reviewer included.
    assert client.post(unlock_url(personas["coordinator"])).status_code == 404
    assert AccessAttempt.objects.filter(username=personas["coordinator"].email).exists()
    assert not AuditEvent.objects.filter(action="accounts.user.unlock").exists()


def test_an_administrator_unlocks_an_address_in_django_admin(client, admin_user, recruiter, coordinator):
    fail_until_locked("nobody@example.test")
    assert locked(sign_in(coordinator.email, address=ATTACKER))
    [attempt] = AccessAttempt.objects.all()
    client.force_login(admin_user)
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert ATTACKER in client.get(changelist).content.decode()

    response = client.post(changelist, {"action": "unlock_addresses", "_selected_action": [attempt.pk]}, follow=True)
    assert "1 address can sign in again." in response.content.decode()
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.objects.get(action="accounts.address.unlock")
    assert event.actor_id == admin_user.pk and event.data == {"address": ATTACKER, "attempts": 1}
    assert signed_in(sign_in(coordinator.email, address=ATTACKER))


def test_a_successful_sign_in_clears_the_failures_counted_so_far(recruiter):
    for _attempt in range(9):
        sign_in(recruiter.email, "wrong", address=ATTACKER)
    assert signed_in(sign_in(recruiter.email, address=ATTACKER))
    assert not locked(sign_in(recruiter.email, "wrong", address=ATTACKER))


def test_signing_in_to_ones_own_account_does_not_forget_failures_at_another(recruiter, coordinator):
    for _attempt in range(9):
        sign_in(recruiter.email, "wrong", address=ATTACKER)
    assert signed_in(sign_in(coordinator.email, address=ATTACKER))
    assert locked(sign_in(recruiter.email, "wrong", address=ATTACKER))
