"""The read-only reviewer cannot change anything by posting: every POST route
of the product, signed in as the reviewer, answers 403 or 404 and leaves every
table as it was.

The routes are not listed by hand. The URL names come from the project's URL
resolver; a signed-in administrator walks the pages of one seeded agency (the
same seeding and walk as tests/e2e/test_form_errors.py) to find a concrete URL
for each name and the fields of the form that posts to it. The reviewer then
posts that form, as the browser would, with its CSRF token. Routes the
reviewer may post to are listed with the reason, and their tests prove the
reviewer really may; routes outside the reviewer's reach (pages behind
emailed tokens, Django's admin) are listed too.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404

from accounts.models import User
from accounts.roles import Role
from candidates.services import saved_search_save
from interviews.models import Application, Interview
from messaging.messages import MESSAGES
from messaging.models import OutboundEmail
from messaging.services.notifications import notification_create
from placements.models import Placement
from talentpool.models import TalentPool
from tests.conftest import make_user
from tests.e2e.test_form_errors import LINK_ATTRIBUTES, NOT_LINKED, NOT_OURS, URL_NAMES, empty_database, seeding

pytestmark = pytest.mark.django_db

# What the read-only reviewer may post: their own session, settings and inbox.
REVIEWER_MAY_POST = {
    "account_logout": "signing out",
    "account_change_password": "their own password",
    "account_set_password": "their own password, when they have none yet",
    "account_reauthenticate": "confirming their own password before a sensitive action",
    "mfa_activate_totp": "their own second factor",
    "mfa_generate_recovery_codes": "their own recovery codes",
    "mfa_authenticate": "their own second factor, at sign-in",
    "mfa_reauthenticate": "confirming their own second factor before a sensitive action",
    "socialaccount_connections": "their own single sign-on links",
    "usersessions_list": "ending their own sessions",
    "mfa_add_webauthn": "their own security key",
    "mfa_reauthenticate_webauthn": "confirming their own security key before a sensitive action",
    "accounts:language-set": "their own language",
    "messaging:notification-read-all": "their own notifications, marked read",
    "messaging:notification-read": "their own notification, marked read",
    "candidates:saved-search-create": "a search of their own saved: a bookmark, not the agency's data",
    "candidates:saved-search-delete": "a search of their own deleted",
    "privacy:request-deletion-confirm": (
        "the second person confirming a deletion a recruiter asked for (tests/privacy/test_requests.py); the"
        " walk's person is under legal hold, so the confirmation is refused and nothing changes"
    ),
}

# Not the reviewer's surface: pages for people without an account, reached
# through a token or before signing in, and Django's own admin (closed to
# every role but the administrator; tests/admin covers it).
OUT_OF_SCOPE = {
    "account_login": "the sign-in page, for anyone not signed in",
    "account_reset_password": "asking for a password reset, for anyone not signed in",
    "account_reset_password_from_key": "a password reset behind an emailed, signed token",
    "socialaccount_signup": "completing a first single sign-on, before an account exists",
    "openid_connect_login": "starting a single sign-on, before signing in",
    "openid_connect_callback": "a single sign-on provider's answer, before signing in",
    "mfa_login_webauthn": "signing in with a passkey, before signing in",
    "accounts:invitation-accept": "a colleague's invitation behind an emailed token",
    "interviews:selfschedule-pick": "a candidate's choice of a time behind an emailed token",
    "interviews:selfschedule-book": "a candidate's booking behind an emailed token",
    "interviews:selfschedule-reschedule": "a candidate's page behind an emailed token",
    "interviews:selfschedule-reschedule-move": "a candidate's action behind an emailed token",
    "interviews:survey": "a candidate's feedback survey behind an emailed token",
    "talentpool:checkin": "a candidate's check-in answer behind an emailed token",
    "interviews:selfschedule-other-times": "a candidate's request for other times behind an emailed token",
    "offers:candidate-offer": "a candidate's offer page behind an emailed token",
    "offers:candidate-offer-pdf": "a candidate's offer letter behind an emailed token",
    "offers:candidate-offer-accept": "a candidate's answer to an offer behind an emailed token",
    "offers:candidate-offer-decline": "a candidate's answer to an offer behind an emailed token",
    "offers:candidate-offer-done": "a candidate's confirmation behind an emailed token",
    "careers:apply": "the careers site's public application form, for anyone without an account",
    "careers:applied": "the careers site's public thank-you page",
    "careers:privacy-notice": "the public privacy notice applicants consent under",
    **dict.fromkeys(
        [
            "privacy:unsubscribe",
            "privacy:preferences",
            "privacy:preferences-withdraw",
            "privacy:preferences-withdraw-client",
            "privacy:preferences-talent-pool",
            "privacy:preferences-renew",
            "privacy:preferences-stop",
            "privacy:preferences-details",
            "privacy:preferences-request",
        ],
        "a candidate's preference centre or one-click unsubscribe behind the link in every email to them",
    ),
    "privacy:keep": "a candidate's 'keep my profile' answer behind an emailed token",
}

# The names of fields a browser submits, by form: inputs with their values
# (checkboxes and radios only when checked), selects with their selected
# option (or the first), textareas with their text.
FormFields = list[tuple[str, str]]


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, FormFields]] = []
        self._fields: FormFields | None = None
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = {name: value or "" for name, value in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._fields = []
            self.forms.append((a.get("hx-post") or a.get("action") or "", self._fields))
        if self._fields is None or ("name" not in a and tag != "option"):
            return
        if tag == "input" and (a.get("type", "text").lower() not in ("checkbox", "radio") or "checked" in a):
            if a.get("type", "").lower() not in ("submit", "button", "file"):
                self._fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._select_options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._select_options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._fields = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            chosen = [value for value, selected in self._select_options if selected] or [
                value for value, _selected in self._select_options[:1]
            ]
            self._fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            self._fields.append((self._textarea, self._text))
            self._textarea = None


def _name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _walk(client: Client, unlinked: list[str]) -> tuple[dict[str, str], dict[str, FormFields]]:
    """One concrete URL per URL name, and the fields of the first form that
    posts to each, from the administrator's pages."""
    queue = list(unlinked)
    for name in URL_NAMES:
        try:
            queue.append(reverse(name))
        except NoReverseMatch:
            continue
    paths: dict[str, str] = {}
    forms: dict[str, FormFields] = {}
    fetched: set[str] = set()
    while queue:
        path = queue.pop(0)
        name = _name(path)
        if name is None or name.startswith(NOT_OURS) or name in fetched:
            continue
        paths.setdefault(name, path)
        fetched.add(name)
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        html = response.content.decode()
        parser = _Forms()
        parser.feed(html)
        for action, fields in parser.forms:
            target = urlsplit(unescape(action)).path or urlsplit(path).path
            if (target_name := _name(target)) is not None:
                paths.setdefault(target_name, target)
                forms.setdefault(target_name, [(k, unescape(v)) for k, v in fields])
        for link in LINK_ATTRIBUTES.findall(html):
            parts = urlsplit(unescape(link))
            if not parts.netloc and parts.path.startswith("/"):
                queue.append(parts.path)
    return paths, forms


@pytest.fixture(scope="module")
def agency(django_db_setup, django_db_blocker):
    """One seeded agency, walked once by its administrator; the reviewer's
    session cookie. Emptied afterwards like any module-seeded test database,
    and the role groups the migrations made are made again for the tests that
    follow."""
    try:
        with seeding(django_db_blocker) as (admin, _chinese, unlinked):
            reviewer = make_user("holes-reviewer@example.test", Role.REVIEWER, full_name="Rea Reviewer")
            client = Client()
            client.force_login(admin)
            paths, forms = _walk(client, unlinked)
            paths.update(_states_the_walk_does_not_show(paths, reviewer, admin))
            signed_in = Client()
            signed_in.force_login(reviewer)
            session = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
        yield {"paths": paths, "forms": forms, "session": session}
    finally:
        empty_database(django_db_blocker)


def _states_the_walk_does_not_show(paths: dict[str, str], reviewer, admin) -> dict[str, str]:
    """URLs of actions offered only in a state the seeded pages are not in (a
    failed email, a submitted scorecard, a deactivated user…): the route needs
    only an object of the right kind to answer."""
    report = resolve(paths["analytics:report"]).kwargs["key"]
    own = saved_search_save(owner=reviewer, name="Mine", query="Grace", filters={}, sort="relevance")
    notification = notification_create(
        recipient=reviewer, kind="candidate_answer", message=MESSAGES.text("Hi"), url="/"
    )
    email = OutboundEmail.objects.order_by("pk").first()
    interview = Interview.objects.filter(panel=admin).order_by("starts_at").first()
    application = Application.objects.order_by("pk").first()
    invitee = User.objects.get(email="new.colleague@example.test")
    pool = TalentPool.objects.order_by("pk").first()
    merge = resolve(paths["candidates:candidate-merge"]).kwargs
    placement = Placement.objects.order_by("pk").first()
    return {
        "candidates:candidate-merge-confirm": reverse("candidates:candidate-merge-confirm", kwargs=merge),
        "analytics:report-refresh": reverse("analytics:report-refresh", args=[report]),
        "candidates:message-resend": reverse("candidates:message-resend", args=[email.public_id]),
        "candidates:message-cancel": reverse("candidates:message-cancel", args=[email.public_id]),
        "candidates:saved-search-delete": reverse("candidates:saved-search-delete", args=[own.pk]),
        "messaging:notification-read": reverse("messaging:notification-read", args=[notification.pk]),
        "interviews:application-reject-undo": reverse(
            "interviews:application-reject-undo", args=[application.public_id]
        ),
        "interviews:scorecard-revise": reverse("interviews:scorecard-revise", args=[interview.public_id]),
        "settings:user-reactivate": reverse("settings:user-reactivate", args=[invitee.public_id]),
        "settings:user-invitation-resend": reverse("settings:user-invitation-resend", args=[invitee.public_id]),
        "settings:user-unlock": reverse("settings:user-unlock", args=[invitee.public_id]),
        "settings:user-mfa-reset": reverse("settings:user-mfa-reset", args=[invitee.public_id]),
        # Someone else's session, or none: only one's own can be ended.
        "accounts:session-end": reverse("accounts:session-end", args=["0" * 64]),
        "talentpool:pool-fill": reverse("talentpool:pool-fill", args=[pool.public_id]),
        # Offered once a placement is marked as fallen through.
        "placements:placement-fall-through-undo": reverse(
            "placements:placement-fall-through-undo", args=[placement.public_id]
        ),
        "talentpool:member-add": reverse("talentpool:member-add", args=[pool.public_id]),
        "talentpool:proposal-add": reverse("talentpool:proposal-add", args=[application.public_id]),
        "interviews:application-reject": reverse("interviews:application-reject", args=[application.public_id]),
        # Someone else's import: the role check answers before the lookup.
        "candidates:import-mapping": reverse("candidates:import-mapping", args=[uuid.uuid4()]),
        "candidates:import-start": reverse("candidates:import-start", args=[uuid.uuid4()]),
    }


def _snapshot() -> dict[str, tuple]:
    """Every table of our apps: its row count, and the latest change where it
    keeps one. Sessions are left out: posting may touch the reviewer's own."""
    selects, labels = [], []
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin") or model._meta.proxy:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        names = {f.column for f in model._meta.concrete_fields}
        changed = "max(updated_at)::text" if "updated_at" in names else "NULL::text"
        selects.append(f"SELECT {len(labels)}, count(*), {changed} FROM {table}")
        labels.append(model._meta.label)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(selects))
        return {labels[i]: (count, changed) for i, count, changed in cursor.fetchall()}


def _post_as_reviewer(agency, name: str):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.SESSION_COOKIE_NAME] = agency["session"]
    client.get(reverse("home"))  # the CSRF cookie a page of the product sets
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    data = defaultdict(list)
    for key, value in agency["forms"].get(name, []):
        data[key].append(value)
    data["csrfmiddlewaretoken"] = [token]
    return client.post(agency["paths"][name], dict(data))


def test_the_lists_name_only_routes_that_exist():
    stale = (set(REVIEWER_MAY_POST) | set(OUT_OF_SCOPE)) - set(URL_NAMES)
    assert not stale, f"no such URL names: {sorted(stale)}"


@pytest.mark.parametrize("name", URL_NAMES)
def test_the_reviewer_posting_to_any_route_is_refused_and_changes_nothing(agency, name):
    if name in OUT_OF_SCOPE:
        pytest.skip(OUT_OF_SCOPE[name])
    if name not in agency["paths"]:
        assert name in NOT_LINKED, f"the walk found no URL for {name}: link it, or list it in NOT_LINKED"
        pytest.skip(f"no URL found: {NOT_LINKED[name]}")
    before = _snapshot()
    response = _post_as_reviewer(agency, name)
    if response.status_code == 405:
        return  # not a POST route
    if name in REVIEWER_MAY_POST:
        assert response.status_code not in (403, 404), f"listed as allowed, but the reviewer got {response.status_code}"
        return
    assert response.status_code in (403, 404), f"{agency['paths'][name]}: {response.status_code}"
    changed = {table for table, row in _snapshot().items() if before[table] != row}
    assert not changed, f"{name} changed {sorted(changed)}"


def test_the_walk_finds_a_url_for_the_main_write_routes(agency):
    for name in (
        "candidates:candidate-create",
        "candidates:candidate-merge",
        "candidates:note-create",
        "interviews:application-move",
        "interviews:unavailability-add",
        "interviews:scorecard-submit",
        "jobs:job-create",
        "talentpool:pool-create",
        "settings:user-invite",
    ):
        assert name in agency["paths"], f"{name} not reached"
