"""Roles and what each may see and do, as data.

A user has exactly one role (``User.role``). Each role is mirrored by a Django
Group of the same name holding the role's model permissions; the groups are
synced by migration (``sync_role_groups``). Object-level access (which jobs,
which candidates) is decided by selectors from the reach declared here, with
django-guardian grants on Client, Job and TalentPool. The role-matrix tests
(tests/access/test_role_matrix.py) write the same rules out as a table and check
the selectors against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    RECRUITER = "recruiter", _("Recruiter")
    COORDINATOR = "coordinator", _("Coordinator")
    REVIEWER = "reviewer", _("Reviewer")
    HIRING_MANAGER = "hiring_manager", _("Hiring manager")
    INTERVIEWER = "interviewer", _("Interviewer")


class Reach(models.TextChoices):
    """How far a role's view of candidates or jobs extends."""

    ALL = "all", _("all")
    GRANTED = "granted", _("jobs of clients they are on, and jobs whose team they are on")
    OWN_JOBS = "own_jobs", _("their own jobs only")
    PANEL = "panel", _("only where they sit on an interview panel")


class ScorecardReach(models.TextChoices):
    ALL = "all", _("all")
    ON_VISIBLE_JOBS = "on_visible_jobs", _("all on the jobs they see")
    OWN_THEN_PANEL = "own_then_panel", _("their own; the panel's after submitting theirs")


@dataclass(frozen=True)
class RoleRules:
    candidates: Reach
    candidates_write: bool
    jobs: Reach
    applications_write: bool  # move, reject, schedule on the jobs they see
    job_settings_write: bool  # a job's settings and team
    scorecards: ScorecardReach
    contact_details: bool
    compensation: bool
    reads_audited: bool  # every profile read becomes an AuditEvent
    record_decisions: bool
    # Move an application on although required scorecards are missing, with a
    # reason: a recruiter's call (and an administrator's). The coordinator
    # schedules, the hiring manager decides on what the panel wrote; neither
    # may skip the panel.
    stage_override: bool
    # Reopen a rejected, withdrawn or hired application: undoing a closed
    # decision is a recruiter's call (and an administrator's).
    reopen_applications: bool
    sits_on_panels: bool  # may be put on an interview panel (every role but the read-only reviewer)
    import_export: bool
    templates_and_pools: bool
    audit_log: bool
    admin_site: bool
    # Sees every interviewer's calibration report (analytics.reports.interviewers);
    # everyone else who sits on panels sees only their own.
    interviewer_reports: bool
    # Model permissions of the role's Group, as "app_label.codename". Those whose
    # model does not exist yet are skipped by sync_role_groups and picked up by
    # the migration that adds the model.
    permissions: tuple[str, ...] = ()


_READ_ALL = (
    "candidates.view_candidate",
    "jobs.view_client",
    "jobs.view_job",
    "interviews.view_application",
    "interviews.view_scorecard",
)
_WRITE_PIPELINE = (
    "candidates.add_candidate",
    "candidates.change_candidate",
    "interviews.add_application",
    "interviews.change_application",
    "interviews.add_interview",
    "interviews.change_interview",
)

ROLE_RULES: dict[Role, RoleRules] = {
    Role.ADMINISTRATOR: RoleRules(
        candidates=Reach.ALL,
        candidates_write=True,
        jobs=Reach.ALL,
        applications_write=True,
        job_settings_write=True,
        scorecards=ScorecardReach.ALL,
        contact_details=True,
        compensation=True,
        reads_audited=False,
        record_decisions=True,
        stage_override=True,
        reopen_applications=True,
        sits_on_panels=True,
        import_export=True,
        templates_and_pools=True,
        audit_log=True,
        admin_site=True,
        interviewer_reports=True,
    ),
    Role.RECRUITER: RoleRules(
        candidates=Reach.ALL,
        candidates_write=True,
        jobs=Reach.GRANTED,
        applications_write=True,
        job_settings_write=True,
        scorecards=ScorecardReach.ON_VISIBLE_JOBS,
        contact_details=True,
        compensation=True,
        reads_audited=False,
        record_decisions=True,
        stage_override=True,
        reopen_applications=True,
        sits_on_panels=True,
        import_export=True,
        templates_and_pools=True,
        audit_log=False,
        admin_site=False,
        interviewer_reports=False,
        permissions=_READ_ALL
        + _WRITE_PIPELINE
        + ("jobs.add_job", "jobs.change_job", "talentpool.add_talentpool", "talentpool.change_talentpool"),
    ),
    Role.COORDINATOR: RoleRules(
        candidates=Reach.ALL,
        candidates_write=True,
        jobs=Reach.GRANTED,
        applications_write=True,
        job_settings_write=False,
        scorecards=ScorecardReach.ON_VISIBLE_JOBS,
        contact_details=True,
        compensation=True,
        reads_audited=False,
        record_decisions=True,
        stage_override=False,
        reopen_applications=False,
        sits_on_panels=True,
        import_export=True,
        templates_and_pools=False,
        audit_log=False,
        admin_site=False,
        interviewer_reports=False,
        permissions=_READ_ALL + _WRITE_PIPELINE,
    ),
    Role.REVIEWER: RoleRules(
        candidates=Reach.ALL,
        candidates_write=False,
        jobs=Reach.ALL,
        applications_write=False,
        job_settings_write=False,
        scorecards=ScorecardReach.ALL,
        contact_details=True,
        compensation=True,
        reads_audited=True,
        record_decisions=False,
        stage_override=False,
        reopen_applications=False,
        sits_on_panels=False,
        import_export=False,
        templates_and_pools=False,
        audit_log=True,
        admin_site=False,
        interviewer_reports=True,
        permissions=(*_READ_ALL, "core.view_auditevent"),
    ),
    Role.HIRING_MANAGER: RoleRules(
        candidates=Reach.OWN_JOBS,
        candidates_write=False,
        jobs=Reach.OWN_JOBS,
        applications_write=False,
        job_settings_write=False,
        scorecards=ScorecardReach.ON_VISIBLE_JOBS,
        contact_details=True,
        compensation=False,
        reads_audited=False,
        record_decisions=True,
        stage_override=False,
        reopen_applications=False,
        sits_on_panels=True,
        import_export=False,
        templates_and_pools=False,
        audit_log=False,
        admin_site=False,
        interviewer_reports=False,
        permissions=_READ_ALL,
    ),
    Role.INTERVIEWER: RoleRules(
        candidates=Reach.PANEL,
        candidates_write=False,
        jobs=Reach.PANEL,
        applications_write=False,
        job_settings_write=False,
        scorecards=ScorecardReach.OWN_THEN_PANEL,
        contact_details=False,
        compensation=False,
        reads_audited=False,
        record_decisions=False,
        stage_override=False,
        reopen_applications=False,
        sits_on_panels=True,
        import_export=False,
        templates_and_pools=False,
        audit_log=False,
        admin_site=False,
        interviewer_reports=False,
        permissions=("interviews.view_interview", "interviews.add_scorecard", "interviews.change_scorecard"),
    ),
}


# The roles a candidate can be given to as its owner.
CANDIDATE_OWNER_ROLES = (Role.ADMINISTRATOR, Role.RECRUITER, Role.COORDINATOR)

# Candidates' requests about their data (privacy): who sees the queue and the
# requests, who handles them (records, builds the archive, corrects, asks for a
# deletion), and who may be the second person confirming a deletion (never the
# one who asked for it). Everyone else gets a 404.
PRIVACY_REQUEST_READERS = (Role.ADMINISTRATOR, Role.RECRUITER, Role.REVIEWER)
PRIVACY_REQUEST_HANDLERS = (Role.ADMINISTRATOR, Role.RECRUITER)
PRIVACY_DELETION_CONFIRMERS = (Role.ADMINISTRATOR, Role.REVIEWER)


def rules_for(role: str) -> RoleRules:
    return ROLE_RULES[Role(role)]


def sync_role_groups(apps=None) -> None:
    """Make one Group per role hold exactly that role's model permissions.

    Takes a migration's ``apps`` so it can run from migrations; permissions of
    models that do not exist yet are skipped. Administrators are superusers and
    need no group permissions.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, rules in ROLE_RULES.items():
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = [perm.split(".", 1) for perm in rules.permissions]
        permissions = [
            perm
            for perm in Permission.objects.select_related("content_type")
            if [perm.content_type.app_label, perm.codename] in wanted
        ]
        group.permissions.set(permissions)
