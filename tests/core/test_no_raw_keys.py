"""Every page, as every role and in both languages, reads as words: no raw
message key (``interview_reminder_panel``, ``stage_change``) in the visible
text, and in Chinese none of the product's common English labels left over.

The crawl starts from every URL of the URL list that takes no argument and
follows the links it finds (the pages those lead to fill in the arguments),
over the demo data, with Django's test client; one page per URL name.
"""

from __future__ import annotations

import io
import re
from collections import Counter, deque
from html.parser import HTMLParser
from pprint import pformat
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from accounts.demo import DEMO_USERS
from accounts.models import User
from accounts.roles import Role
from interviews.services.reminders import scorecard_reminder_sweep
from interviews.services.triggers import sla_nudge_sweep, thank_you_sweep
from messaging import merge_fields
from offers import letters

# A snake_case token standing alone: not part of an address, a path, a file name or code.
RAW_KEY = re.compile(r"(?<![\w./@:#=-])[a-z]+(?:_[a-z0-9]+)+(?![\w/@=-]|\.\w)")
# Legitimate snake_case text on a page, each with its reason:
# the merge fields staff type into email templates ({{ candidate_name }}) and offer letters ({{ base_salary }}).
ALLOWED_TOKENS: set[str] = set(merge_fields.FIELDS) | set(letters.FIELDS)
# Common labels of the product that a Chinese page must not show in English
# (compared with whole text nodes, so names and data in English do not count).
ENGLISH_LABELS = {
    "Candidates",
    "Candidate",
    "Jobs",
    "Job",
    "Clients",
    "Save",
    "Cancel",
    "Search",
    "Status",
    "Stage",
    "Stages",
    "Created",
    "Sent",
    "Queued",
    "Failed",
    "Cancelled",
    "Interview",
    "Interviews",
    "Scorecard",
    "Scorecards",
    "Talent pools",
    "Reports",
    "Settings",
    "Notifications",
    "Sign out",
    "Log out",
    "Edit",
    "Delete",
    "Name",
    "Email",
    "Phone",
    "Owner",
    "Source",
    "Tags",
    "Timeline",
    "Add note",
    "Next",
    "Previous",
    "Home",
    "Actions",
    "Submit",
    "Apply",
    "Filter",
    "Export",
    "Import",
    "Templates",
    "Users",
    "Role",
    "Language",
    "Active",
    "Rejected",
    "Hired",
    "Withdrawn",
    "yes",
    "no",
    "Yes",
    "No",
}
# Pages not crawled: Django admin (its own vocabulary), signing out, the file
# answers (downloads, exports) and the health check.
SKIP_PREFIXES = ("/admin/", "/accounts/logout", "/static/", "/media/", "/healthz", "/favicon.ico")
ROLES = [Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR, Role.REVIEWER, Role.INTERVIEWER, Role.HIRING_MANAGER]
LANGUAGES = ["en", "zh-hans"]
PAGE_LIMIT = 300
PER_NAME = 3


class VisibleText(HTMLParser):
    """The text a reader sees (text nodes outside script/style/template) and the links.
    Text in ``<code>`` is an identifier shown as such on purpose (a closing
    reason's code on its settings page, which administrators choose and type)."""

    HIDDEN = {"script", "style", "template", "title", "code"}

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[str] = []
        self.links: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self._hidden += 1
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        for name in ("placeholder", "aria-label", "title"):
            if attributes.get(name):
                self.nodes.append(attributes[name])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.nodes.append(data.strip())


def parameterless_urls() -> list[str]:
    found = []

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and not pattern.pattern.converters:
                route = prefix + str(pattern.pattern)
                if "<" not in route and "(" not in route and "^" not in route:
                    found.append("/" + route)

    walk(get_resolver().url_patterns)
    return sorted(set(found))


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client, extra: list[str] = ()) -> dict[str, str]:
    """Visit up to PER_NAME pages of each URL name, and every page of ``extra``;
    returns {path: html} of the HTML pages answered 200."""
    queue = deque([*extra, *parameterless_urls()])
    must = set(extra)
    visits: Counter[str] = Counter()
    pages: dict[str, str] = {}
    while queue and len(pages) < PAGE_LIMIT:
        path = queue.popleft()
        if path.startswith(SKIP_PREFIXES) or path in pages:
            continue
        name = url_name(urlsplit(path).path)
        if name is None or (visits[name] >= PER_NAME and path not in must):
            continue
        visits[name] += 1
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        parser = VisibleText()
        parser.feed(html)
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def profiles_with_every_email() -> list[str]:
    """The profile of one candidate per email template sent about their
    applications or interviews, so each kind of email is on a crawled page."""
    from candidates.models import Candidate
    from interviews.models import Application, Interview
    from messaging.models import OutboundEmail

    paths = []
    for template in OutboundEmail.objects.exclude(template="").values_list("template", flat=True).distinct():
        email = OutboundEmail.objects.filter(template=template).exclude(related_id="").first()
        candidate = None
        if email.related_type == "interviews.application":
            candidate = Candidate.objects.filter(applications__public_id=email.related_id).first()
        elif email.related_type == "interviews.interview":
            interview = Interview.objects.filter(public_id=email.related_id).select_related("application").first()
            candidate = interview and Candidate.objects.get(pk=interview.application.candidate_id)
        if candidate is not None:
            paths.append(reverse("candidates:candidate-detail", args=[candidate.public_id]))
    assert Application.objects.exists()
    return sorted(set(paths))


def raw_keys(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    found = set()
    for node in parser.nodes:
        found.update(match.group(0) for match in RAW_KEY.finditer(node))
    return found - ALLOWED_TOKENS


def english_labels(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    return {node for node in parser.nodes if node.rstrip(":：") in ENGLISH_LABELS}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, built once for the module and rolled back after it."""
    media = tmp_path_factory.mktemp("media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        with transaction.atomic():
            call_command("seed_demo", force=True, stdout=io.StringIO())
            # What the beat's sweeps would have written by now: reminders,
            # thank-you emails, nudges and their in-app notifications.
            scorecard_reminder_sweep()
            thank_you_sweep()
            sla_nudge_sweep()
            yield
            transaction.set_rollback(True)


def demo_user(role: str) -> User:
    email = next(email for email, _name, user_role, _language in DEMO_USERS if user_role == role)
    return User.objects.get(email=email)


def test_the_snake_case_pattern_finds_keys_and_spares_addresses_and_paths():
    html = (
        "<p>interview_reminder_panel</p><p>Queued: stage_change.</p>"
        "<p>rita_r@demo.test</p><p>/pipeline/some_path/</p><p>resume_final.pdf</p>"
        "<script>var not_shown = 1;</script>"
    )
    assert raw_keys(html) == {"interview_reminder_panel", "stage_change"}


def test_an_english_label_is_found_as_a_whole_text_node_and_data_in_english_is_not():
    html = "<nav><a href='/'>Candidates</a></nav><p>候选人</p><p>Candidates from the Berlin event</p>"
    assert english_labels(html) == {"Candidates"}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_key_or_an_english_label_in_chinese(demo, db, client, role, language):
    user = demo_user(role)
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    pages = crawl(client, extra=profiles_with_every_email())
    assert len(pages) > 5, f"{role} reached only {sorted(pages)}"
    keys = {path: found for path, html in pages.items() if (found := raw_keys(html))}
    assert keys == {}, f"raw keys shown to {role} in {language}:\n{pformat(keys)}"
    if language == "zh-hans":
        # A public careers page asked for in English (its language switch) is English on purpose.
        chinese = {path: html for path, html in pages.items() if "lang=en" not in urlsplit(path).query}
        labels = {path: found for path, html in chinese.items() if (found := english_labels(html))}
        assert labels == {}, f"English labels shown to {role} in Chinese:\n{pformat(labels)}"
