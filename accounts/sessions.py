"""A person's sign-in sessions, as allauth's ``usersessions`` keeps them: a
readable name for the device, an opaque reference for a session in URLs, when
a session was last seen, and how recently its owner last proved who they are.

allauth's own ``UserSessionsMiddleware`` writes the session row on every
request once activity is tracked; ``SessionActivityMiddleware`` writes it at
most every ``ACTIVITY_INTERVAL`` seconds, so a page costs no query for it in
between. The time of the last write is kept in the session itself, which the
request has loaded already.
"""

from __future__ import annotations

import hashlib
import re
import time

from allauth.account.adapter import get_adapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import get_reauthentication_flows
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

# Session keys: when the session last wrote its "last seen", and when its user
# signed in (Django's login, whichever way it came: allauth, an invitation, a test).
SEEN_AT = "accounts.seen_at"
SIGNED_IN_AT = "accounts.signed_in_at"
# How stale "last seen" may get: one write per session in this many seconds.
ACTIVITY_INTERVAL = 300


def session_ref(session_key: str) -> str:
    """The reference of a session in URLs and forms: a hash of its key, so the
    key itself (which signs the session in) is never on a page."""
    return hashlib.sha256(session_key.encode()).hexdigest()[:32]


# Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and
# in-app browsers say both.
_BROWSERS = [
    ("MicroMessenger/", "WeChat"),
    ("Lark/", "Lark"),
    ("Feishu/", "Feishu"),
    ("DingTalk/", "DingTalk"),
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
]
_SYSTEMS = [
    (re.compile(r"iPhone|iPod"), "iPhone"),
    (re.compile(r"iPad"), "iPad"),
    (re.compile(r"Android"), "Android"),
    (re.compile(r"CrOS"), "ChromeOS"),
    (re.compile(r"Windows"), "Windows"),
    (re.compile(r"Macintosh|Mac OS X"), "macOS"),
    (re.compile(r"HarmonyOS|OpenHarmony"), "HarmonyOS"),
    (re.compile(r"Linux|X11"), "Linux"),
]


def device_name(user_agent: str) -> str:
    """ "Chrome on Windows" from a browser's User-Agent header; what is not
    recognised reads as an unknown browser or system, never as the raw header."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), None)
    system = next((name for pattern, name in _SYSTEMS if pattern.search(user_agent)), None)
    if browser and system:
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    if browser:
        return browser
    if system:
        return _("A browser on %(system)s") % {"system": system}
    return _("An unknown browser")


def session_touch(request: HttpRequest) -> None:
    """Record that this session was seen now, from this address and browser:
    one UPDATE of its row (allauth's ``create_from_request`` reads it first),
    the row created when it is missing; and the time in the session."""
    agent = request.META.get("HTTP_USER_AGENT", "")[: UserSession._meta.get_field("user_agent").max_length]
    address = get_adapter().get_client_ip(request)
    seen = UserSession.objects.filter(session_key=request.session.session_key, user_id=request.user.pk)
    if not seen.update(last_seen_at=timezone.now(), ip=address, user_agent=agent):
        UserSession.objects.create_from_request(request)
    request.session[SEEN_AT] = time.time()


def last_check_at(request: HttpRequest) -> float:
    """When the signed-in person last proved who they are in this session: the
    sign-in itself, or a later confirmation with the password or a second factor
    (allauth records each)."""
    records = get_authentication_records(request, request.user)
    times = [record.get("at", 0) for record in records]
    times.append(request.session.get(SIGNED_IN_AT, 0))
    return max(times)


def checked_recently(request: HttpRequest) -> bool:
    """Whether the last check is younger than ``ACCOUNT_REAUTHENTICATION_TIMEOUT``.

    Someone with neither a password nor a second factor (a single sign-on-only
    account) has nothing to confirm with here, as in allauth's own check."""
    user = request.user
    if not user.has_usable_password() and not get_reauthentication_flows(user):
        return True
    return time.time() - last_check_at(request) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT


# The actions that ask for the password (or the second factor) again when the
# last check is older than ACCOUNT_REAUTHENTICATION_TIMEOUT, by URL name: every
# method of each (a form page asks before the form is filled in, not after).
SENSITIVE_ACTIONS = (
    "candidates:candidate-export",
    # The report of a bulk upload: names and profile links of the people in it.
    "candidates:bulk-upload-report",
    # The placements report's spreadsheets: fees.
    "analytics:placements-export",
    # Fees of placements, as a file.
    "placements:placement-export",
    # The choice of values, its review and the merge itself.
    "candidates:candidate-merge",
    "candidates:candidate-merge-review",
    "candidates:candidate-merge-confirm",
    "settings:user-role-set",
    # A candidate's whole data as one archive, and the deletion of a person.
    "privacy:request-archive-download",
    "privacy:request-deletion-confirm",
    # Django admin's user pages change roles too.
    "admin:accounts_user_add",
    "admin:accounts_user_change",
)


def reauthentication_url(user) -> str:
    """Where to confirm: the password page, or the second factor's for someone
    without a password (allauth lists the other ways on each)."""
    methods = get_adapter().get_reauthentication_methods(user)
    return methods[0]["url"] if methods else reverse("account_login")
