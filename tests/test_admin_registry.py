"""Every model in Django admin: its pages answer, history is read-only, and no
encrypted or blind-index column is listed, searched or put in a form."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import connection
from django.db.models import BinaryField
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics.models import RollupRun, StageVisit
from candidates.models import Activity, BulkUpload, BulkUploadItem, Consent, ImportJob, ProposedUpdate
from careers.models import BrandImage
from core.fields import EncryptedTextField
from core.models import AccessToken, AuditEvent
from intake.models import IntakeMessage, Mailbox
from interviews.models import CandidateFeedback, InterviewSlot, Rating, SchedulingInvitation, Scorecard, StageTransition
from jobs.models import (
    ClientGroupObjectPermission,
    ClientUserObjectPermission,
    JobGroupObjectPermission,
    JobUserObjectPermission,
)
from messaging.models import OutboundEmail
from offers.models import Offer, OfferApproval, OfferApprover, OfferVersion
from privacy.models import AccessArchive, PrivacyRequest, RetentionRenewal
from talentpool.models import CheckIn, TalentPoolGroupObjectPermission, TalentPoolUserObjectPermission
from tests.admin.world import build_world

# History, audit and records that no admin service writes.
READ_ONLY = {
    # Roll-ups rebuilt by analytics.services.
    StageVisit,
    RollupRun,
    AuditEvent,
    AccessToken,
    StageTransition,
    Activity,
    Rating,
    CandidateFeedback,
    CheckIn,
    # Submitted by panelists only (scorecard_submit), final once submitted.
    Scorecard,
    # No consent service exists yet; consents are evidence, not edited around one.
    Consent,
    # Written by messaging.services.email_queue; the send task and sweeper own its state.
    OutboundEmail,
    # Uploaded, checked and run through the import pages and their Celery task.
    ImportJob,
    # Values from outside: accepted or dismissed on the candidate's profile.
    ProposedUpdate,
    # Made on the bulk upload page and moved by its item tasks (candidates.services.bulk).
    BulkUpload,
    BulkUploadItem,
    # Offered and booked through self-scheduling; the candidate's link owns their state.
    InterviewSlot,
    SchedulingInvitation,
    # Offers are drafted, changed and decided on their pages (offers.services);
    # the offer admin's actions call the services.
    Offer,
    OfferVersion,
    OfferApproval,
    OfferApprover,
    # Written by django-allauth's sign-in, second-factor and single sign-on flows.
    Authenticator,
    UserSession,
    SocialAccount,
    # Failed sign-ins counted by django-axes; lifted with the audited "Unlock" action.
    AccessAttempt,
    # Careers site images are uploaded, checked, re-encoded and removed on the site's page.
    BrandImage,
    # Mailboxes are connected (their password encrypted, never shown) and messages
    # handled on the intake pages, through intake.services.
    Mailbox,
    IntakeMessage,
    # Candidates' requests are recorded, handled and confirmed on their pages
    # (privacy.services.requests); an archive waits there for its one download.
    PrivacyRequest,
    AccessArchive,
    # Sent by the retention sweep: each row is the claim that its email went once.
    RetentionRenewal,
}
GUARDIAN_TABLES = {
    ClientUserObjectPermission,
    ClientGroupObjectPermission,
    JobUserObjectPermission,
    JobGroupObjectPermission,
    TalentPoolUserObjectPermission,
    TalentPoolGroupObjectPermission,
}


@pytest.fixture
def world(admin_user, recruiter, interviewer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer)


def registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def secret_columns(model) -> set[str]:
    """Encrypted fields and raw binary columns (blind indexes, token hashes)."""
    return {f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | BinaryField)}


def never_shown(model) -> set[str]:
    """Blind indexes, token hashes and stored file names: not in any form, even read-only."""
    binary = {f.name for f in model._meta.concrete_fields if type(f) is BinaryField}
    return binary | ({"storage_name"} & {f.name for f in model._meta.concrete_fields})


def test_every_changelist_answers_an_administrator_with_and_without_a_search(client, admin_user, world):
    client.force_login(admin_user)
    failures = {}
    for model, _model_admin in registry():
        for query in ({}, {"q": "ada"}):
            status = client.get(url(model, "changelist"), query).status_code
            if status != 200:
                failures[f"{model._meta.label} {query}"] = status
    assert failures == {}


def test_no_changelist_runs_more_queries_when_it_shows_more_rows(client, admin_user, recruiter, interviewer, world):
    client.force_login(admin_user)

    def queries_per_changelist() -> dict[str, int]:
        counts = {}
        for model, _model_admin in registry():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(model, "changelist")).status_code == 200
            counts[model._meta.label] = len(queries)
        return counts

    before = queries_per_changelist()
    build_world(admin=admin_user, recruiter=recruiter, interviewer=interviewer, suffix="-2")
    after = queries_per_changelist()

    assert {label: (before[label], count) for label, count in after.items() if count != before[label]} == {}


def test_every_add_page_answers_and_exactly_the_history_models_refuse_it(client, admin_user, world):
    client.force_login(admin_user)
    statuses = {model: client.get(url(model, "add")).status_code for model, _model_admin in registry()}
    assert {model for model, status in statuses.items() if status == 403} == READ_ONLY
    assert {model._meta.label: status for model, status in statuses.items() if status not in (200, 403)} == {}


def test_every_change_page_answers_for_an_existing_row(client, admin_user, world):
    client.force_login(admin_user)
    failures = {}
    for model, _model_admin in registry():
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the test world has no {model._meta.label}"
        response = client.get(url(model, "change", obj.pk))
        if response.status_code != 200:
            failures[model._meta.label] = response.status_code
            continue
        shown = set(flatten_fieldsets(response.context["adminform"].fieldsets))
        assert not shown & never_shown(model), model._meta.label
    assert failures == {}


def test_read_only_models_cannot_be_changed_or_deleted(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    for model in READ_ONLY:
        model_admin = admin.site._registry[model]
        assert not model_admin.has_change_permission(request), model._meta.label
        assert not model_admin.has_delete_permission(request), model._meta.label


def test_no_admin_lists_or_searches_an_encrypted_or_binary_column():
    offenders = []
    for model, model_admin in registry():
        secret = secret_columns(model)
        for name in [*model_admin.list_display, *model_admin.search_fields]:
            if name.lstrip("^=@").split("__")[0] in secret:
                offenders.append(f"{model._meta.label}.{name}")
    assert offenders == []


def test_every_domain_admin_declares_its_list_and_search_settings():
    domain_apps = {"core", "messaging", "candidates", "jobs", "interviews", "talentpool"}
    missing = []
    for model, model_admin in registry():
        if model._meta.app_label not in domain_apps:
            continue
        ours = [cls for cls in type(model_admin).__mro__ if cls.__module__.split(".")[0] in domain_apps]
        declared = set().union(*(vars(cls) for cls in ours))
        missing += [
            f"{model._meta.label}.{name}"
            for name in ("list_display", "list_select_related", "search_fields")
            if name not in declared
        ]
    assert missing == []


def test_guardian_permission_tables_are_not_registered():
    assert GUARDIAN_TABLES.isdisjoint(admin.site._registry)
