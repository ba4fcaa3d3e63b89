"""Reads of messaging."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role, rules_for
from core.access import get_or_404
from messaging.models import EmailTemplate, Notification, OutboundEmail

NOTIFICATION_LIST_LIMIT = 100
# What an email rendered at send time is called on a timeline: its subject is
# rendered then and not kept, so the row has only the template's name.
TEMPLATE_LABELS = {
    "interview_invitation": _("Interview invitation"),
    "interview_rescheduled": _("Interview rescheduled"),
    "interview_cancelled": _("Interview cancelled"),
    "selfschedule_invitation": _("Pick an interview time"),
    "selfschedule_booked": _("Interview time booked"),
    "feedback_survey": _("Feedback survey"),
    "password_reset": _("Password reset"),
    "interview_reminder_candidate": _("Interview reminder to the candidate"),
    "interview_reminder_panel": _("Interview reminder to the panel"),
    "interview_thank_you": _("Thank-you after the interview"),
    "recruiter_digest": _("Morning digest"),
    "offer_letter": _("Offer letter"),
    "scorecard_due": _("Scorecard reminder"),
    "scorecard_escalation": _("Missing scorecards"),
    "sla_nudge": _("Stage time limit reminder"),
    "talentpool_checkin": _("Talent pool check-in"),
    "user_invitation": _("Invitation to RecruitCRM"),
    "mfa_reset": _("Two-factor sign-in reset"),
    "offer_approval_request": _("Offer approval request"),
    "offer_approved": _("Offer approved"),
    "offer_approval_rejected": _("Offer approval rejected"),
    "application_received": _("Application received"),
    "privacy_reconsent": _("Request to consent again"),
    "retention_renewal": _("Request to keep a profile"),
    "privacy_request_done": _("Data request done"),
}


def email_template_label(template: str) -> str:
    """What an email rendered from ``template`` is called on a page: never the
    template's own name (a code), "Email" for one without a label."""
    return str(TEMPLATE_LABELS.get(template) or _("Email"))


def email_template_names(*, purpose: str) -> list[str]:
    """Names of the active templates for ``purpose``, each once whatever its languages."""
    return list(
        EmailTemplate.objects.filter(purpose=purpose, is_active=True)
        .order_by("name")
        .values_list("name", flat=True)
        .distinct()
    )


def email_template_for(*, name: str, language: str) -> EmailTemplate | None:
    """The active template ``name`` in ``language``, else in any other language."""
    templates = {t.language: t for t in EmailTemplate.objects.filter(name=name, is_active=True)}
    return templates.get(language) or next(iter(sorted(templates.items())), (None, None))[1]


def outbound_email_list_about(*, targets: Mapping[str, QuerySet], limit: int = 50) -> list[OutboundEmail]:
    """The emails about any of ``targets``, newest first, at most ``limit``: one query.

    ``targets`` maps a related type (``"interviews.application"``) to a
    queryset of one column holding the related ids as text (the caller's
    access rules decide which objects are in it), so messaging needs to know
    nothing of the objects' apps. Bodies, attachments and the address are not
    loaded; each row gets a ``label``: its subject, else its template's name.
    """
    about = Q(pk__in=[])
    for related_type, ids in targets.items():
        about |= Q(related_type=related_type, related_id__in=ids)
    emails = list(
        OutboundEmail.objects.filter(about)
        .defer("body_text", "body_html", "context", "attachments", "to_address")
        .order_by("-created_at", "-id")[:limit]
    )
    for email in emails:
        email.label = email.subject or email_template_label(email.template)
    return emails


def unread_count_for(user) -> int:
    """How many unread notifications ``user`` has: one query on the unread index."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list_for(user, *, limit: int = NOTIFICATION_LIST_LIMIT) -> list[Notification]:
    """``user``'s notifications, newest first, the latest ``limit`` only (one query)."""
    return list(Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit])


def get_notification_for_user(user, pk: int) -> Notification | None:
    """One of ``user``'s own notifications, or None (someone else's is nobody's business)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()


# --- Email templates edited in the UI -----------------------------------------------------


def can_manage_email_templates(user) -> bool:
    """Email templates are shared reference data: the roles with ``templates_and_pools``."""
    return user.is_active and rules_for(user.role).templates_and_pools


def require_manage_email_templates(user) -> None:
    """403 for a role that may not write the shared email templates."""
    if not can_manage_email_templates(user):
        raise PermissionDenied


def sees_sent_mail(user) -> bool:
    """The local SMTP sink's page exists only where `make run` runs the sink,
    and only for administrators."""
    return bool(settings.SMTP_SINK_DIR) and user.is_active and user.role == Role.ADMINISTRATOR


def email_template_table() -> list[dict]:
    """Every template name once, with its versions side by side: one query.

    Each row is ``{"name", "purpose", "versions": [(language code, label,
    EmailTemplate or None), ...]}`` in the order of ``settings.LANGUAGES``, so
    a missing language shows as a gap to fill; ``purpose`` is the first version's.
    """
    rows: dict[str, dict[str, EmailTemplate]] = {}
    for template in EmailTemplate.objects.order_by("name", "language"):
        rows.setdefault(template.name, {})[template.language] = template
    return [
        {
            "name": name,
            "purpose": next(iter(versions.values())).get_purpose_display(),
            "versions": [(code, label, versions.get(code)) for code, label in settings.LANGUAGES],
        }
        for name, versions in rows.items()
    ]


def get_email_template(public_id) -> EmailTemplate:
    """The template with ``public_id``, or 404 (a malformed id too)."""
    return get_or_404(EmailTemplate.objects.all(), public_id=public_id)


def email_template_languages(*, name: str) -> set[str]:
    """The languages ``name`` exists in."""
    return set(EmailTemplate.objects.filter(name=name).values_list("language", flat=True))
