"""Reads of closing reasons and of who may close and reopen applications.

A reason's label is read in the reader's language (ClosingReason.label:
English, then the code, where a translation is missing). Lists offered in
forms hold the active reasons; labels of past applications, reports and
exports come from every reason, retired ones included.
"""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404

from accounts.models import User
from accounts.roles import rules_for
from core.access import get_or_404
from interviews.models import Application, ClosingReason, StageKind
from interviews.models.closing import reason_label


def closing_reasons(kind: str, *, include_retired: bool = False) -> QuerySet[ClosingReason]:
    """The reasons of ``kind`` in their order; the retired ones only when asked."""
    reasons = ClosingReason.objects.filter(kind=kind).order_by("order", "pk")
    return reasons if include_retired else reasons.filter(retired_at__isnull=True)


def closing_reason_choices_by_kind() -> dict[str, list[tuple[str, str]]]:
    """(code, label) of the active reasons of every kind, for a panel with a
    form of each: one query."""
    choices: dict[str, list[tuple[str, str]]] = {kind: [] for kind in ClosingReason.Kind.values}
    for reason in ClosingReason.objects.filter(retired_at__isnull=True).order_by("order", "pk"):
        choices[reason.kind].append((reason.code, reason.label))
    return choices


def closing_reason_choices(kind: str, *, keep: str = "") -> list[tuple[str, str]]:
    """(code, label) of the active reasons of ``kind``, for a form; ``keep``
    adds that code's reason even if retired (a trigger edited keeps its own)."""
    return [
        (reason.code, reason.label)
        for reason in closing_reasons(kind, include_retired=True)
        if reason.retired_at is None or (keep and reason.code == keep)
    ]


def closing_reason_labels(kind: str) -> dict[str, str]:
    """Every reason of ``kind``, retired ones too, code → label in the reader's
    language: one query for a page or an export of many applications."""
    return {reason.code: reason.label for reason in closing_reasons(kind, include_retired=True)}


def closing_reason_label(kind: str, code: str) -> str:
    """One reason's label in the reader's language; the code itself for an unknown one."""
    if not code:
        return ""
    reason = ClosingReason.objects.filter(kind=kind, code=code).first()
    return reason.label if reason is not None else code


def closing_reason_is_active(kind: str, code: str) -> bool:
    return bool(code) and ClosingReason.objects.filter(kind=kind, code=code, retired_at__isnull=True).exists()


def application_reason_label(application: Application) -> str:
    """Why a closed application was closed, in the reader's language ("" if active or hired)."""
    if application.status == Application.Status.REJECTED:
        return closing_reason_label(ClosingReason.Kind.REJECTION, application.rejection_reason)
    if application.status == Application.Status.WITHDRAWN:
        return closing_reason_label(ClosingReason.Kind.WITHDRAWAL, application.withdrawal_reason)
    return ""


def _label_column(column: str) -> Case:
    """The label column ``column`` of an application's closing reason, by its status."""

    def of(kind: str, code_field: str) -> Subquery:
        reasons = ClosingReason.objects.filter(kind=kind, code=OuterRef(code_field))
        return Subquery(reasons.values(column)[:1])

    return Case(
        When(status=Application.Status.REJECTED, then=of(ClosingReason.Kind.REJECTION, "rejection_reason")),
        When(status=Application.Status.WITHDRAWN, then=of(ClosingReason.Kind.WITHDRAWAL, "withdrawal_reason")),
        default=Value(""),
        output_field=CharField(),
    )


def with_reason_label_columns(applications: QuerySet[Application]) -> QuerySet[Application]:
    """``applications`` with their closing reason's labels in the same query
    (``reason_label_en``, ``reason_label_zh_hans``): pass the rows to
    with_reason_labels for the label in the reader's language."""
    return applications.annotate(
        reason_label_en=_label_column("label_en"), reason_label_zh_hans=_label_column("label_zh_hans")
    )


def with_reason_labels(applications: list[Application]) -> list[Application]:
    """Set ``reason_label`` on each of ``applications`` (read by
    with_reason_label_columns): why it was closed, in the reader's language,
    its code for a reason not in the lists, "" when active or hired."""
    for application in applications:
        code = {
            Application.Status.REJECTED: application.rejection_reason,
            Application.Status.WITHDRAWN: application.withdrawal_reason,
        }.get(application.status, "")
        labels = {"en": application.reason_label_en or "", "zh-hans": application.reason_label_zh_hans or ""}
        application.reason_label = reason_label(code, labels) if code else ""
    return applications


# --- Access -------------------------------------------------------------------------


def can_manage_closing_reasons(user: User) -> bool:
    """The lists are settings of administrators (the roles with ``admin_site``)."""
    return bool(user.is_authenticated and user.is_active and rules_for(user.role).admin_site)


def require_manage_closing_reasons(user: User) -> None:
    """404 for anyone else: the settings page does not exist for them."""
    if not can_manage_closing_reasons(user):
        raise Http404


def get_closing_reason_for_user(user: User, public_id: UUID | str) -> ClosingReason:
    require_manage_closing_reasons(user)
    return get_or_404(ClosingReason.objects.all(), public_id=public_id)


def can_reopen_applications(user: User | None) -> bool:
    return bool(user is not None and user.is_active and rules_for(user.role).reopen_applications)


def require_reopen_applications(user: User) -> None:
    """403 for a role that sees the application but may not reopen it."""
    if not can_reopen_applications(user):
        raise PermissionDenied


def is_offer_stage(application: Application) -> bool:
    """Whether the application sits at a stage of the ``offer`` kind, where a hire is recorded."""
    return application.stage.kind == StageKind.OFFER
