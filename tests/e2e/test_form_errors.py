"""Every form of the product, submitted empty or invalid, shows its errors on
the page, with JavaScript (htmx swaps the answer in) and without (a plain POST
answers the page with its errors).

The forms are not listed by hand: the URL names come from the project's URL
resolver, a signed-in administrator's pages are walked (links, form actions
and htmx attributes) to find a concrete URL for each name, and every form with
method post on each page is emptied and submitted. Forms that cannot be
invalid (a one-click action, signing out) are listed below with the reason.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from html import unescape
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import NoReverseMatch, Resolver404
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from accounts.roles import Role, sync_role_groups
from accounts.services import user_invite
from careers.services import site as careers_site
from core.services import access_token_issue
from intake.models import Mailbox
from intake.services import intake_message_take, mailbox_create
from interviews.models import StageTransition, Trigger
from interviews.selectors.surveys import PURPOSE as SURVEY_PURPOSE
from interviews.services import application_move
from interviews.services.plans import kit_create, question_create
from interviews.services.selfschedule import slots_offer_and_invite
from interviews.services.triggers import trigger_save
from messaging.messages import MESSAGES
from messaging.models import EmailTemplate, OutboundEmail
from messaging.services import outbox
from messaging.services.notifications import notification_create
from offers.services import offer_approvers_set, offer_create, offer_submit
from offers.services.letters import offer_send
from privacy.services.requests import deletion_ask, privacy_request_record
from talentpool.models import PoolMembership
from talentpool.services import checkin_sweep, pool_create, pool_member_add
from tests import factories
from tests.browser import assert_clean_console, watch_console
from tests.careers.site_factories import png_bytes
from tests.conftest import make_user
from tests.offers.factories import approved_offer, default_letters
from tests.privacy.links import links_for, talent_pool_consent

# django_db: the test database exists for this module even when only its
# tests are run. The data is written once by the module's own fixture and
# read by the live server; the tests themselves write nothing.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named URL of the project, ``namespace:name``."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return names


# Django's own admin is stock Django: its forms are Django's, not ours.
NOT_OURS = ("admin:",)
URL_NAMES = sorted(name for name in set(url_names()) if not name.startswith(NOT_OURS))

# Forms that have nothing to get wrong, by the URL name they post to.
CANNOT_BE_INVALID = {
    "account_logout": "signing out takes no input",
    "accounts:session-end": "one click: sign out one of your sessions",
    "usersessions_list": "one click: sign out all your other sessions",
    "settings:user-sessions-end": "one click: sign a user out everywhere",
    "accounts:language-set": "the language buttons each post a fixed, valid choice",
    "messaging:notification-read-all": "one click: mark every notification read",
    "messaging:notification-read": "one click: mark one notification read",
    "candidates:message-resend": "one click: send a failed email again",
    "candidates:message-cancel": "one click: cancel a queued email",
    "candidates:saved-search-delete": "one click: delete a saved search",
    "settings:user-deactivate": "one click: deactivate a user",
    "settings:user-reactivate": "one click: reactivate a user",
    "settings:user-invitation-resend": "one click: send the invitation again",
    "settings:user-unlock": "one click: lift a sign-in lockout",
    "interviews:trigger-toggle": "one click: switch a trigger on or off",
    "interviews:trigger-delete": "one click: delete a trigger",
    "interviews:job-stage-archive": "one click: archive or restore a stage",
    "interviews:job-stage-delete": "one click: delete an unused stage",
    "interviews:plan-stage-remove": "one click: remove a stage from a plan",
    "interviews:plan-stage-move": "the up/down buttons post a fixed direction",
    "interviews:job-stage-move": "the up/down buttons post a fixed direction",
    "interviews:kit-question-move": "the up/down buttons post a fixed direction",
    "interviews:kit-question-remove": "one click: remove a question from a kit",
    "interviews:criterion-move": "the up/down buttons post a fixed direction",
    "interviews:scorecard-revise": "one click: reopen a submitted scorecard",
    "interviews:scorecard-draft": "a draft may be empty: saving it keeps whatever is there",
    "interviews:interview-cancel": "one click: cancel an interview",
    "analytics:report-refresh": "one click: recompute the report",
    "jobs:job-status": "each status button posts a fixed, valid status",
    "candidates:candidate-tags": "an empty list of tags is a valid answer: it clears the tags",
    "candidates:consent-withdraw": "a confirmation: withdrawing a consent takes no input but the button",
    "jobs:job-member-remove": "one click: remove a member from the team",
    "talentpool:pool-fill": "one click: fill the pool from its saved search",
    "interviews:board-add": "each candidate the board's search finds has its own button: one click adds them",
    "closing_reasons:move": "the up/down buttons post a fixed direction",
    "skills:delete": "one click: take a skill out of the vocabulary",
    "closing_reasons:retire": "one click: retire a closing reason",
    "closing_reasons:restore": "one click: offer a retired closing reason again",
    "interviews:application-hire": "one click at the offer stage: mark the application hired",
    "interviews:application-reject-undo": "one click, offered for a few seconds after a rejection",
    "privacy:unsubscribe": "the candidate's one button (its one-click body is fixed); its refusals: tests/privacy",
    "privacy:preferences-withdraw": "one click after its confirm page: withdraw a consent",
    "privacy:preferences-stop": "one click after its confirm page: stop all contact",
    "privacy:preferences-request": "the note is optional: an empty request for a copy or deletion is a valid one",
    "talentpool:checkin-send": "one click after the preview: send the check-in it shows",
    "interviews:debrief-advance": (
        "one click when the stage has nothing missing, as on the page the walk finds; the refusal without an"
        " override reason is shown in tests/interviews/test_debrief.py"
    ),
    "interviews:selfschedule-book": "each offered time is its own button: one click books it",
    "settings:user-mfa-reset": "one click: reset a user's second factor (shown only when they have one)",
    "settings:security": "no role ticked is a valid choice: nobody must use a second factor",
    "offers:letter-template-archive": "one click: archive a letter template",
    "offers:offer-send": "one click: send the approved offer with the letter chosen beside it",
    "offers:candidate-offer-accept": "one click on the confirm step: the candidate accepts the offer",
    "offers:offer-submit": "one click: send the draft offer for approval",
    "offers:offer-withdraw": "the note is optional: withdrawing an offer takes no input",
    "offers:offer-approve": "the comment is optional: approving takes no input",
    "offers:job-approver-remove": "one click: take an approver off the chain",
    "offers:job-approver-move": "the up/down buttons post a fixed position",
    "placements:placement-fall-through-undo": "one click: take back a fall-through recorded by mistake",
    "careers:site-publish": "one click: put a careers site online",
    "careers:site-unpublish": "one click: take a careers site offline",
    "careers:site-primary": "one click: make a careers site the one /careers/ shows",
    "careers:site-image-remove": "one click: remove a logo or photo",
    "careers:site-story-remove": "one click: remove an employee story",
    "careers:posting-publish": "one click: list the job on its careers site (a refusal is shown as a message)",
    "careers:posting-unpublish": "one click: take the job off its careers site",
    "intake:message-dismiss": "one click: take a message out of the intake inbox",
    "intake:message-candidate-attach": "each candidate the search finds has its own button: one click attaches",
    "intake:mailbox-test": "one click: log in to the mailbox and report",
    "intake:mailbox-deactivate": "one click: stop sweeping a mailbox",
    "privacy:request-archive-build": "one click: build an access request's archive",
    "privacy:request-deletion-ask": "the note is optional: asking for a deletion takes no input",
    "privacy:request-deletion-confirm": "one click on the confirm page: the second person confirms the deletion",
}

# Named URLs no page of the product links to, with the reason.
NOT_LINKED = {
    "privacy:keep": (
        "a candidate's page reached from the retention renewal email (a token): one 'keep my profile' button;"
        " tests/privacy/test_retention.py"
    ),
    "candidates:candidate-prefill": (
        "the new-candidate form's 'Fill from resume' button posts there (formaction), not a form of its own;"
        " its errors: tests/candidates/test_resume_prefill.py"
    ),
    "careers:applied": "the public thank-you page after applying: no form",
    "privacy:preferences-withdraw-client": (
        "offered only for a consent to share with a client, which the seeding has none of"
        " (tests/privacy/test_preference_centre.py)"
    ),
    "privacy:preferences-renew": (
        "offered only after a new privacy notice, which the seeding has none of"
        " (tests/privacy/test_preference_centre.py)"
    ),
    "privacy:preferences-talent-pool": (
        "offered only to a candidate without talent-pool consent; the walk's has one to withdraw"
        " (tests/privacy/test_preference_centre.py)"
    ),
    "careers:privacy-notice": "the public privacy notice, linked from the application form: no form",
    "careers:question-create": (
        "the add form shows on a job's question list once the job has a careers-site posting (the walk's world has"
        " none); its errors: tests/careers/test_questions.py"
    ),
    "careers:question-edit": (
        "linked from a job's question list once it has questions (tests/careers/test_questions.py)"
    ),
    "careers:question-move": "the up/down buttons of a question, once a job has questions: a fixed direction",
    "careers:question-retire": "one click on a question, once a job has questions",
    "offers:offer-submit": (
        "on a draft offer's page only, and the walk opens one offer page (the one awaiting the administrator's"
        " approval); the reviewer's 403 is in tests/offers/test_views.py"
    ),
    "candidates:document-download": "a file download, not a page",
    "privacy:request-archive-download": (
        "a file download, offered once an access request's archive is built, to its handler only"
        " (tests/privacy/test_access_archive.py)"
    ),
    "talentpool:proposal-add": "offered only for candidates rejected at a late stage in the last 30 days",
    "healthz": "a JSON health check for the load balancer, not a page",
    "account_reset_password_from_key": "reached only from the reset email (a signed token)",
    "account_reset_password_from_key_done": "the page after a reset: no form",
    "account_reset_password_done": "the page after asking for a reset: no form",
    "accounts:locked-out": "where a locked-out htmx sign-in is sent; the lockout page itself, no form",
    "account_signup": "closed (404): accounts come from an administrator's invitation",
    "account_email": "closed (404): an administrator changes an account's email address",
    "account_email_verification_sent": "closed (404): addresses are not verified by email here",
    "account_confirm_email": "closed (404): addresses are not verified by email here",
    "account_confirm_login_code": "closed (404): there is no sign-in by emailed code",
    "account_signup_by_passkey": "closed (404): accounts come from an administrator's invitation",
    "openid_connect_login": "linked from the sign-in page only when a single sign-on provider is configured",
    "openid_connect_callback": "where a single sign-on provider sends the browser back (tests/accounts/test_sso.py)",
    "mfa_edit_webauthn": "linked from the list of security keys once one is added",
    "mfa_remove_webauthn": "linked from the list of security keys once one is added",
    "mfa_deactivate_totp": "404 until an authenticator app is set up; then linked from the two-factor page",
    "mfa_view_recovery_codes": "404 until a second factor is set up (recovery codes come with it)",
    "mfa_download_recovery_codes": "404 until a second factor is set up (recovery codes come with it)",
    "interviews:selfschedule-reschedule": "a candidate's page, reached from an emailed token",
    "interviews:selfschedule-reschedule-move": "a candidate's action, reached from an emailed token",
    "messaging:sink-list": "shown only with the development SMTP sink",
    "messaging:sink-detail": "shown only with the development SMTP sink",
    "candidates:import-mapping": "a step of an import that has a file uploaded",
    "candidates:import-start": "a step of an import that has a file uploaded",
    "candidates:import-progress": "a step of an import that has a file uploaded",
    "candidates:import-errors": "a step of an import that has a file uploaded",
    "candidates:import-preview": "a step of an import that has a file uploaded",
    "candidates:bulk-upload-detail": "the progress of a bulk upload, linked once one is made: no form",
    "candidates:bulk-upload-report": "a file download, not a page",
    "candidates:document-preview": "loaded into the profile when the candidate has a resume: no form",
    "candidates:document-page": "an image of one page of a PDF resume, not a page",
    "interviews:application-reject": "posted from the confirmation that the reject form opens with its choices",
    "talentpool:member-add": "posted from the member search's results, an htmx answer",
    "candidates:candidate-merge-confirm": "posted from the summary that reviewing a merge's choices shows",
    "offers:letter-pdf": "a file download, not a page",
    "offers:candidate-offer-pdf": "a candidate's file download, not a page",
    "offers:candidate-offer-done": "the candidate's confirmation after answering, reached from an emailed token",
    "interviews:application-hire": (
        "offered only for an application at a stage of the offer kind, which the seeded plan has none of"
        " (tests/interviews/test_closing.py)"
    ),
    "interviews:application-reopen": (
        "offered only for a closed application, which the seeding has none of (tests/interviews/test_closing.py)"
    ),
    "closing_reasons:restore": "offered only for a retired reason (tests/interviews/test_closing_reasons.py)",
    "careers:site-unpublish": (
        "the walk opens one careers site's page, the offline one (its Publish button); the reviewer's 403 is in"
        " tests/careers/test_manage.py"
    ),
    "careers:posting-publish": (
        "the walk opens one posting's page, which may be the published one; the reviewer's 403 is in"
        " tests/careers/test_manage.py"
    ),
    "careers:posting-unpublish": (
        "the walk opens one posting's page, which may be the draft; the reviewer's 403 is in"
        " tests/careers/test_manage.py"
    ),
    "careers:image": "a careers site's logo or photo, shown by <img src>, not a page",
    **dict.fromkeys(
        [f"candidates:{name}" for name in ("proposed-update-accept", "proposed-update-dismiss")]
        + [f"candidates:proposed-updates-{verb}-all" for verb in ("accept", "dismiss")],
        "offered only on a profile with values waiting from outside, which the seeding has none of"
        " (tests/candidates/test_profile_arrivals.py)",
    ),
    **dict.fromkeys(
        ["candidates:resume-field-confirm", "candidates:resume-confirm-all"],
        "offered only on a profile with fields filled from a resume, which the seeding has none of"
        " (tests/candidates/test_profile_arrivals.py)",
    ),
    **dict.fromkeys(
        [f"candidates:{kind}-{verb}" for kind in ("experience", "education") for verb in ("edit", "delete", "confirm")],
        "offered only for a work history or education entry, which the seeding has none of"
        " (tests/candidates/test_profile_arrivals.py)",
    ),
}

LINK_ATTRIBUTES = re.compile(r'(?:href|action|hx-get|hx-post)="([^"#]+)"')
ERRORS = ".invalid-feedback, .alert-danger, .errorlist, [role=alert], .text-danger"


@dataclass
class Site:
    url: str
    cookies: dict[str, str]
    pages: dict[str, str] = field(default_factory=dict)  # URL name → a URL that answers GET with a page
    actions: dict[str, int] = field(default_factory=dict)  # URL name → status of its GET (POST-only: 405)


def _seed():
    """One of everything a form can be about, with the administrator on the
    panel so the scorecard form shows."""
    admin = make_user("forms-admin@example.test", Role.ADMINISTRATOR, full_name="Ada Admin")
    chinese = make_user("forms-zh@example.test", Role.ADMINISTRATOR, full_name="王芳", language="zh-hans")
    recruiter = make_user("forms-recruiter@example.test", Role.RECRUITER, full_name="Rita Recruiter")
    job = factories.job(recruiter=recruiter, title="Robot Whisperer")
    application = factories.application(job_=job, candidate_=factories.candidate(full_name="Grace Hopper"))
    other = factories.application(job_=job, candidate_=factories.candidate(full_name="Alan Turing"))
    factories.interview(application_=application, panel=[admin, recruiter], days_from_now=-1)
    upcoming = factories.interview(application_=application, panel=[admin], days_from_now=2)
    pool = pool_create(actor=recruiter, name="Robotics alumni", cadence_days=90)
    pool_member_add(
        pool=pool, candidate=factories.pool_consent(application.candidate), actor=recruiter, reason="Strong final round"
    )
    question = question_create(actor=None, competency="Design", text="Design a rate limiter.")
    kit_create(actor=None, name="Backend kit", questions=[question])
    trigger_save(trigger=Trigger(event=Trigger.Event.INTERVIEW, is_active=False), actor=None)
    for language in ("en", "zh-hans"):
        EmailTemplate.objects.create(
            name="Welcome", purpose=EmailTemplate.Purpose.STAGE_ENTRY, language=language, subject="Hi", body_text="Hi"
        )
    default_letters()  # the seeded offer letters, which a transactional test before the walk may have flushed
    # An approved offer (its letter's preview, where it is sent) and a sent one (the candidate's page).
    approved = approved_offer(application=factories.application(job_=job, candidate_=factories.candidate()))
    _sent, offer_token = offer_send(
        offer=approved_offer(application=factories.application(job_=job, candidate_=factories.candidate())),
        actor=recruiter,
    )
    notification_create(recipient=admin, kind="candidate_answer", message=MESSAGES.text("Grace answered"), url="/")
    # A hire into the agency job: its placement (the placements page and its
    # side panel) and, the job's one opening filled, the prompt to mark it filled.
    factories.placement(job_=job, candidate_=factories.candidate(full_name="Katherine Johnson"))
    twin = factories.candidate(full_name="Grace Hopper", email="grace.hopper@example.test")
    # Offers: one waiting for the administrator's approval, one draft, and an
    # application without one (its "draft offer" form).
    offer_approvers_set(job=job, users=[admin, recruiter], actor=admin)
    today = timezone.localdate()
    offer_terms = {"base_salary": "450000", "currency": "CNY", "pay_period": "year", "periods_per_year": 1}
    offer_terms |= {"start_date": today + timedelta(days=30), "expires_on": today + timedelta(days=7)}
    offer_submit(offer=offer_create(application=application, actor=recruiter, **offer_terms), actor=recruiter)
    offer_create(application=other, actor=recruiter, **offer_terms)
    no_offer = factories.application(job_=job, candidate_=factories.candidate(full_name="Ada Lovelace"))
    _careers_site(job)
    # A connected mailbox and a message from Grace's twin waiting in the intake inbox
    # (its create-candidate form, and the attach form offered for the twin).
    mailbox = mailbox_create(
        actor=admin,
        name="Jobs inbox",
        host="localhost",
        port=143,
        security=Mailbox.Security.NONE,
        username="jobs",
        password="imap-secret",
        owner=recruiter,
    )
    waiting = b"From: Grace Hopper <grace.hopper@example.test>\r\nSubject: Hello\r\n\r\nAny openings?\r\n"
    intake_message_take(mailbox=mailbox, uidvalidity=1, uid=1, raw=waiting, size=len(waiting))
    # Candidates' data requests: a correction (its "mark as done" form), an
    # access request (its "build the archive" button), a deletion to ask for,
    # and one a recruiter asked for, of a person under legal hold (the confirm
    # page, where a confirmation is refused with the reason and changes nothing).
    # The walk opens one page per URL name, so each request's own action is listed in ``unlinked``.
    correction = privacy_request_record(
        candidate=application.candidate, kind="correction", details="New phone", actor=recruiter
    )
    access = privacy_request_record(candidate=other.candidate, kind="access", details="", actor=recruiter)
    deletion = privacy_request_record(candidate=no_offer.candidate, kind="deletion", details="", actor=recruiter)
    held = factories.candidate(full_name="Hedy Lamarr")
    held_deletion = privacy_request_record(candidate=held, kind="deletion", details="", actor=recruiter)
    deletion_ask(request=held_deletion, actor=recruiter)
    type(held).objects.filter(pk=held.pk).update(legal_hold_at=timezone.now(), legal_hold_reason="Litigation")
    # Pages a walk from the menus does not reach: a form inside an htmx answer
    # (the board's candidate search), a page no template links to yet (an
    # interview's reschedule form), a merge of two look-alike records.
    unlinked = [
        reverse("offers:offer-create", args=[no_offer.public_id]),
        reverse("interviews:board-add-search", args=[job.public_id]) + "?q=Grace",
        reverse("interviews:interview-reschedule", args=[upcoming.public_id]),
        reverse("candidates:candidate-merge", args=[application.candidate.public_id, twin.public_id]),
    ]
    unlinked += _candidate_links(application, other, admin, recruiter, pool)
    unlinked += [
        reverse("privacy:request-detail", args=[correction.public_id]),
        reverse("privacy:request-archive-build", args=[access.public_id]),
        reverse("privacy:request-deletion-ask", args=[deletion.public_id]),
        reverse("privacy:request-deletion-confirm", args=[held_deletion.public_id]),
    ]
    unlinked += [
        # The confirmation of withdrawing Grace's talent-pool consent (linked from her consent panel).
        reverse(
            "candidates:consent-withdraw",
            args=[application.candidate.public_id, application.candidate.consents.get().pk],
        ),
        reverse("offers:letter-preview", args=[approved.public_id]),
        reverse("offers:candidate-offer", args=[offer_token]),
    ]
    return admin, chinese, unlinked


def _careers_site(job) -> None:
    """The job's client's careers site, live and shown at /careers/, with a
    logo, a story and the job published: its staff pages and public pages;
    and an offline one with a draft."""
    brand = careers_site.brand_create(actor=None, client=job.client, slug="robots", display_name="Robots Inc")
    careers_site.brand_publish(brand=brand, actor=None)
    careers_site.brand_make_primary(brand=brand, actor=None)
    careers_site.brand_image_add(brand=brand, actor=None, content=png_bytes(), kind="logo")
    careers_site.story_create(brand=brand, actor=None, name="Li Lei", body="Great team.")
    posting = careers_site.posting_create(job=job, actor=None, description="Talk to robots.")
    careers_site.posting_publish(posting=posting, actor=None)
    # Another client's site, offline, with a draft posting: the publish buttons.
    draft_job = factories.job(recruiter=job.recruiter, title="Robot Tamer")
    draft = careers_site.brand_create(actor=None, client=draft_job.client, slug="drafts", display_name="Drafts Co")
    careers_site.brand_image_add(brand=draft, actor=None, content=png_bytes(), kind="photo")
    careers_site.story_create(brand=draft, actor=None, name="Han Meimei", body="Kind people.")
    careers_site.posting_create(job=draft_job, actor=None, description="Tame robots.")


def _candidate_links(application, other, admin, recruiter, pool) -> list[str]:
    """The pages behind emailed links: a colleague's invitation, and the
    candidate's choice of an interview time, feedback survey and talent-pool
    check-in."""
    start = (timezone.now() + timedelta(days=3)).replace(hour=10, minute=0, second=0, microsecond=0)
    _invitation, pick = slots_offer_and_invite(
        application=other, actor=recruiter, times=[(start, start + timedelta(hours=1))], panel=[admin]
    )
    moved = application_move(application=other, to_stage=other.job.stages.order_by("order")[1], actor=recruiter)
    transition = StageTransition.objects.filter(application=moved, from_stage__isnull=False).latest("created_at")
    survey, _row = access_token_issue(purpose=SURVEY_PURPOSE, target=transition, valid_for=timedelta(days=30))
    membership = PoolMembership.objects.get(pool=pool, candidate=application.candidate)
    PoolMembership.objects.filter(pk=membership.pk).update(next_check_in_at=timezone.now())
    checkin_sweep()
    checkin = OutboundEmail.objects.get(related_type="talentpool.checkin").context["checkin_url"]
    _invitee, invitation = user_invite(
        email="new.colleague@example.test", full_name="New Colleague", role=Role.RECRUITER, language="en", actor=admin
    )
    # The preference centre and unsubscribe page of a candidate of their own
    # (with a talent-pool consent to withdraw): nothing the walk does there
    # changes the others' pages.
    private = factories.candidate(full_name="Mary Jackson")
    talent_pool_consent(private)
    return [
        reverse("accounts:invitation-accept", args=[invitation]),
        reverse("interviews:selfschedule-pick", args=[pick]),
        reverse("interviews:survey", args=[survey]),
        urlsplit(checkin).path,
        *links_for(private),
    ]


def _discover(client: Client, site: Site, unlinked: list[str]) -> None:
    """Walk the administrator's pages from ``unlinked`` and every URL that
    takes no argument, following links, form actions and htmx attributes;
    one URL per name."""
    queue = list(unlinked)
    for name in URL_NAMES:
        try:
            queue.append(reverse(name))
        except NoReverseMatch:
            continue
    seen_names: set[str] = set()
    while queue:
        path = queue.pop(0)
        try:
            name = resolve(urlsplit(path).path).view_name
        except Resolver404:
            continue
        if name in seen_names or name.startswith(NOT_OURS):
            continue
        seen_names.add(name)
        response = client.get(path)
        site.actions[name] = response.status_code
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        site.pages[name] = path
        for link in LINK_ATTRIBUTES.findall(response.content.decode()):
            parts = urlsplit(unescape(link))
            if parts.netloc or not parts.path.startswith("/"):
                continue
            queue.append(parts.path)


@contextmanager
def seeding(django_db_blocker):
    """The database open and passwords hashed fast while a module seeds its
    agency (``_seed``) and walks it; the emails queued meanwhile stay in the
    outbox (no broker). Yields what ``_seed`` returns."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setattr(outbox, "email_hand_off", lambda *, email_ids: len(email_ids))
        yield _seed()


def empty_database(django_db_blocker) -> None:
    """After a module-seeded agency: the database emptied, as the tests that
    follow expect, with the role groups the migrations made made again."""
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        sync_role_groups()


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, browser):
    """A live server over one seeded agency for the whole module (the walk
    and the seeding are done once), emptied afterwards like any live-server
    test's database."""
    server = None
    # The module outlasts the 15 minutes after which export, merge and role
    # changes ask for the password again (their own tests prove that); here the
    # forms themselves are under test.
    fresh = override_settings(ACCOUNT_REAUTHENTICATION_TIMEOUT=24 * 3600)
    fresh.enable()
    try:
        with seeding(django_db_blocker) as (admin, chinese, unlinked):
            client = Client()
            client.force_login(admin)
            cookies = {"en": client.cookies[settings.SESSION_COOKIE_NAME].value}
            site = Site(url="", cookies=cookies)
            _discover(client, site, unlinked)
            zh = Client()
            zh.force_login(chinese)
            cookies["zh-hans"] = zh.cookies[settings.SESSION_COOKIE_NAME].value
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        site.url = server.url
        # The live server's threads read the database while the module's tests
        # (which ask for no database themselves) drive the browser: open for the
        # whole module, whatever the test before left the blocker at.
        with django_db_blocker.unblock():
            yield site
    finally:
        fresh.disable()
        # Emptied even when the seeding failed: later tests expect an empty database.
        if server is not None:
            server._live_server_modified_settings.disable()
            server.stop()
        empty_database(django_db_blocker)


@pytest.fixture(scope="module")
def tabs(site, browser):
    """One signed-in tab with JavaScript and one without, for the whole module."""
    opened = {javascript: _tab(browser, site, javascript=javascript) for javascript in (True, False)}
    yield opened
    for tab in opened.values():
        tab.context.close()


def _tab(browser, site: Site, *, javascript: bool, language: str = "en"):
    context = browser.new_context(
        base_url=site.url, java_script_enabled=javascript, viewport={"width": 1280, "height": 800}
    )
    host = urlsplit(site.url).hostname
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": site.cookies[language], "domain": host, "path": "/"}]
    )
    tab = context.new_page()
    watch_console(tab)
    return tab


# Empties every field a person fills in (a number becomes -1, a select gets a
# choice the server does not offer), turns off the browser's own checks so
# the server answers, and submits with the form's first submit button.
EMPTY_AND_SUBMIT = """form => {
  form.noValidate = true;
  for (const el of form.elements) {
    const type = (el.type || "").toLowerCase();
    if (el.tagName === "TEXTAREA" || ["text", "email", "date", "datetime-local", "time", "url",
        "search", "tel", "password"].includes(type)) {
      el.value = "";
    } else if (type === "number") {
      el.value = "-1";
    } else if (type === "checkbox" || type === "radio") {
      el.checked = false;
    } else if (el.tagName === "SELECT") {
      if (el.multiple) { for (const o of el.options) o.selected = false; }
      else { el.add(new Option("-", "not-a-choice")); el.value = "not-a-choice"; }
    }
  }
  const submitter = form.querySelector("button[type=submit], button:not([type]), input[type=submit]");
  form.requestSubmit(submitter || undefined);
}"""

VISIBLE_ERRORS = """selector => Array.from(document.querySelectorAll(selector))
  .filter(el => el.getClientRects().length > 0)
  .map(el => el.innerText.trim()).filter(Boolean)"""

POST_FORMS = """() => {
  const seen = {};
  return Array.from(document.querySelectorAll("form"))
    .map((form, index) => ({index, htmx: form.hasAttribute("hx-post"),
                            method: (form.getAttribute("method") || "get").toLowerCase(),
                            action: form.getAttribute("hx-post") || form.getAttribute("action") || ""}))
    .filter(form => form.method === "post")
    .map(form => ({...form, ordinal: (seen[form.action] = (seen[form.action] ?? -1) + 1)}));
}"""


def _action_name(action: str, page_path: str) -> str:
    path = urlsplit(unescape(action)).path or page_path
    try:
        return resolve(path).view_name
    except Resolver404:
        return f"unresolved {path}"


def _visible_errors(tab) -> Counter:
    for _attempt in range(5):
        try:
            return Counter(tab.evaluate(VISIBLE_ERRORS, ERRORS))
        except PlaywrightError as error:  # an htmx answer that navigates (HX-Redirect)
            if "context was destroyed" not in str(error):
                raise
            tab.wait_for_load_state()
    raise AssertionError("the page kept navigating")


HTMX_BUSY = "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"


def _settled(tab) -> None:
    """Wait until htmx has swapped and settled the answer, or followed its redirect."""
    try:
        tab.wait_for_function(HTMX_BUSY, timeout=5000)
        tab.wait_for_timeout(30)
    except PlaywrightError as error:
        if "context was destroyed" not in str(error):
            raise
    tab.wait_for_load_state()


def _submit_and_find_errors(tab, path: str, form: dict, *, javascript: bool) -> list[str] | None:
    """The error texts that appeared after submitting ``form`` emptied; None
    when the form is no longer on the page (an earlier submission changed it)."""
    tab.goto(path)
    same = [f for f in tab.evaluate(POST_FORMS) if f["action"] == form["action"]]
    if form["ordinal"] >= len(same):
        return None
    before = _visible_errors(tab)
    element = tab.locator("form").nth(same[form["ordinal"]]["index"])
    if javascript and form["htmx"]:
        with tab.expect_response(lambda response: response.request.method == "POST"):
            element.evaluate(EMPTY_AND_SUBMIT)
        _settled(tab)
    else:
        with tab.expect_navigation():
            element.evaluate(EMPTY_AND_SUBMIT)
    return list((_visible_errors(tab) - before).elements())


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("name", URL_NAMES)
def test_every_form_on_the_page_shows_its_errors_when_submitted_empty(site, tabs, name, javascript):
    if name not in site.actions:
        if name in CANNOT_BE_INVALID:
            pytest.skip(f"an action, not a page; {CANNOT_BE_INVALID[name]}")
        assert name in NOT_LINKED, f"no page links to {name}: link it, or list it in NOT_LINKED with the reason"
        pytest.skip(NOT_LINKED[name])
    if name not in site.pages:
        if name in NOT_LINKED:
            pytest.skip(NOT_LINKED[name])
        pytest.skip(f"not a page (GET answers {site.actions[name]}): its form is tried on the page that shows it")
    path = site.pages[name]
    tab = tabs[javascript]
    tab.console_errors.clear()
    tab.csp_violations.clear()
    tab.goto(path)
    forms = tab.evaluate(POST_FORMS)
    silent = []
    for form in forms:
        action = _action_name(form["action"], path)
        if action in CANNOT_BE_INVALID:
            continue
        if _submit_and_find_errors(tab, path, form, javascript=javascript) == []:
            silent.append(f"form #{form['index']} posting to {action}")
    assert not silent, f"{path}: no error shown after submitting empty: {', '.join(silent)}"
    assert_clean_console(tab)


def test_every_link_the_walk_followed_answers(site):
    broken = {
        name: status
        for name, status in site.actions.items()
        if (status == 404 or status >= 500) and name not in NOT_LINKED  # the sink is off in tests
    }
    assert not broken, broken


def test_the_walk_reaches_the_main_pages(site):
    for name in (
        "home",
        "candidates:candidate-detail",
        "jobs:job-detail",
        "interviews:board",
        "interviews:interview-detail",
        "talentpool:pool-detail",
        "messaging:template-create",
    ):
        assert name in site.pages, f"{name} not reached"


def test_a_chinese_speaking_user_reads_the_errors_in_chinese(site, browser):
    tab = _tab(browser, site, javascript=True, language="zh-hans")
    try:
        tab.goto(site.pages["talentpool:pool-list"])
        form = next(f for f in tab.evaluate(POST_FORMS) if "pools/new" in f["action"])
        errors = _submit_and_find_errors(tab, site.pages["talentpool:pool-list"], form, javascript=True)
        assert errors and all(re.search(r"[\u4e00-\u9fff]", text) for text in errors), errors
        assert_clean_console(tab)
    finally:
        tab.context.close()
