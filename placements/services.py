"""Writes of placements: a hire into an agency job makes one, with its fee
computed from the client's fee terms; the placing recruiter or an
administrator then changes its terms, records that it fell through, and
exports the list."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts.models import User
from candidates.models import Activity
from candidates.services import activity_record
from candidates.spreadsheets import CSV, XLSX, write_csv, write_xlsx
from core.services import audit_record
from interviews.models import Application
from interviews.services import application_hire
from jobs.services import currency_check
from messaging.messages import MESSAGES
from placements import messages
from placements.models import Placement
from placements.selectors import can_see_fee, is_agency_job

CENTS = Decimal("0.01")
# A guarantee longer than ten years is a typing mistake.
MAX_GUARANTEE_DAYS = 3650


def placement_fee(*, fee_type: str, rate: Decimal, first_year_base: Decimal | None) -> Decimal:
    """The fee: ``rate`` percent of the first-year base, or ``rate`` itself for
    a flat fee. An unknown base gives 0 until the terms are filled in."""
    if fee_type == Placement.FeeType.FLAT:
        return rate.quantize(CENTS, ROUND_HALF_UP)
    if first_year_base is None:
        return Decimal("0.00")
    return (first_year_base * rate / 100).quantize(CENTS, ROUND_HALF_UP)


def placement_base(placement: Placement) -> Decimal | None:
    """The placement's first-year base as a number (stored encrypted, as text); None when unknown."""
    try:
        return Decimal(placement.first_year_base) if placement.first_year_base else None
    except InvalidOperation:
        return None


@transaction.atomic
def application_hire_record(
    *,
    application: Application,
    actor: User | None,
    first_year_base: Decimal | None = None,
    currency: str = "",
    placed_on: date | None = None,
) -> Application:
    """Close ``application`` as hired (interviews.services.application_hire:
    row lock, StageTransition, Activity, AuditEvent) and, for an agency job,
    make its Placement in the same transaction (placement_create). Raises
    ValidationError when the application is not active; nothing is written then."""
    application = application_hire(application=application, actor=actor)
    if is_agency_job(application.job):
        placement_create(
            application=application,
            actor=actor,
            first_year_base=first_year_base,
            currency=currency,
            placed_on=placed_on,
        )
    return application


@transaction.atomic
def placement_create(
    *,
    application: Application,
    actor: User | None,
    first_year_base: Decimal | None = None,
    currency: str = "",
    placed_on: date | None = None,
) -> Placement:
    """The Placement of a hired application of an agency job, on the client's
    fee terms (type, rate, guarantee days): the fee computed from
    ``first_year_base`` (an accepted offer's), the guarantee's end. A
    percentage fee is in the base's ``currency`` when one is given, a flat
    fee in the client's. Also records a hire made before placements existed
    (Django admin). Writes a ``placements.placement.create`` AuditEvent.
    An application whose placement fell through and that is hired again is
    placed anew on its placement's row (the audit event says so). Raises
    ValidationError for an application that is not hired, of an in-house
    job, or whose placement still stands."""
    if application.status != Application.Status.HIRED:
        raise ValidationError({"application": _("Only a hired application makes a placement.")})
    if not is_agency_job(application.job):
        raise ValidationError({"application": _("A hire into the in-house team makes no placement.")})
    # One placement per application: a hire again after a placement fell
    # through (the application reopened, then hired again) places it anew on
    # the same row; the fall-through stays in the audit log.
    earlier = Placement.objects.select_for_update().filter(application=application).first()
    if earlier is not None and earlier.fell_through_on is None:
        raise ValidationError({"application": _("This hire already has its placement.")})
    client = application.job.client
    if placed_on is None:
        closed_at = application.closed_at
        placed_on = timezone.localdate(closed_at) if closed_at else timezone.localdate()
    fee_type = client.fee_type
    if fee_type == Placement.FeeType.PERCENTAGE and currency:
        currency = currency_check(currency)
    else:
        currency = client.fee_currency
    terms = {
        "client": client,
        "recruiter": application.job.recruiter,
        "placed_on": placed_on,
        "first_year_base": "" if first_year_base is None else str(first_year_base),
        "fee_type": fee_type,
        "rate": client.fee_rate,
        "fee": placement_fee(fee_type=fee_type, rate=client.fee_rate, first_year_base=first_year_base),
        "currency": currency,
        "invoice_date": None,
        "guarantee_days": client.guarantee_days,
        "guarantee_ends_on": placed_on + timedelta(days=client.guarantee_days),
        "fell_through_on": None,
        "replacement_owed": False,
    }
    if earlier is None:
        placement = Placement.objects.create(application=application, created_by=actor, **terms)
        audit_record(action="placements.placement.create", actor=actor, target=placement)
        return placement
    fell_through_on = earlier.fell_through_on
    for name, value in terms.items():
        setattr(earlier, name, value)
    earlier.save()
    audit_record(
        action="placements.placement.create",
        actor=actor,
        target=earlier,
        data={"again": True, "fell_through_on": fell_through_on.isoformat()},
    )
    return earlier


def _locked(placement: Placement) -> Placement:
    return Placement.objects.select_for_update().select_related("client").get(pk=placement.pk)


# The terms placement_update sets; the audit names those that changed, never their values.
TERM_FIELDS = (
    "fee_type",
    "rate",
    "first_year_base",
    "currency",
    "invoice_date",
    "guarantee_days",
    "note",
)


@transaction.atomic
def placement_update(
    *,
    placement: Placement,
    actor: User | None,
    fee_type: str,
    rate: Decimal,
    currency: str,
    guarantee_days: int,
    first_year_base: Decimal | None = None,
    invoice_date: date | None = None,
    note: str = "",
) -> Placement:
    """Change a placement's terms under its row lock: the fee type and rate
    (the percentage, or the flat amount), the first-year base, the currency,
    the invoice date, the guarantee period and the note. The fee is computed
    again and the guarantee's end follows the period. Audited as
    ``placements.placement.update`` with the changed field names only.
    Raises ValidationError for an unknown fee type, a percentage over 100, a
    negative amount, an unknown currency, a guarantee over ten years or an
    invoice date before the placement; nothing is written then."""
    locked = _locked(placement)
    if fee_type not in Placement.FeeType.values:
        raise ValidationError({"fee_type": _("Choose a fee type.")})
    if rate < 0:
        raise ValidationError({"rate": _("The rate cannot be negative.")})
    if fee_type == Placement.FeeType.PERCENTAGE and rate > 100:
        raise ValidationError({"rate": _("A percentage fee cannot be more than 100%.")})
    if first_year_base is not None and first_year_base < 0:
        raise ValidationError({"first_year_base": _("The first-year base cannot be negative.")})
    if not 0 <= guarantee_days <= MAX_GUARANTEE_DAYS:
        raise ValidationError(
            {"guarantee_days": _("The guarantee is between 0 and %(days)s days.") % {"days": MAX_GUARANTEE_DAYS}}
        )
    if invoice_date is not None and invoice_date < locked.placed_on:
        raise ValidationError({"invoice_date": _("The invoice date cannot be before the placement.")})
    values = {
        "fee_type": fee_type,
        "rate": rate,
        "first_year_base": "" if first_year_base is None else str(first_year_base),
        "currency": currency_check(currency),
        "invoice_date": invoice_date,
        "guarantee_days": guarantee_days,
        "note": note.strip(),
    }
    changed = [name for name in TERM_FIELDS if (getattr(locked, name) or "") != (values[name] or "")]
    for name, value in values.items():
        setattr(locked, name, value)
    locked.fee = placement_fee(fee_type=fee_type, rate=rate, first_year_base=first_year_base)
    locked.guarantee_ends_on = locked.placed_on + timedelta(days=guarantee_days)
    locked.full_clean(exclude=["application", "client", "recruiter", "created_by"])
    locked.save()
    audit_record(action="placements.placement.update", actor=actor, target=locked, data={"fields": changed})
    return locked


@transaction.atomic
def placement_fall_through(
    *,
    placement: Placement,
    actor: User | None,
    fell_through_on: date,
    replacement_owed: bool | None = None,
) -> Placement:
    """Record that the placed candidate left (or never started) on
    ``fell_through_on``, under the row lock. Inside the guarantee a
    replacement is owed unless ``replacement_owed`` says otherwise; after it,
    none is owed unless it says so. Writes a ``placements.placement.fall_through``
    AuditEvent and an Activity on the candidate's timeline (it names the
    client, never the fee). Raises ValidationError when it already fell
    through, or for a date before the placement or in the future; nothing is
    written then."""
    locked = _locked(placement)
    if locked.fell_through_on is not None:
        raise ValidationError(_("This placement is already marked as fallen through."))
    if fell_through_on < locked.placed_on:
        raise ValidationError(
            {
                "fell_through_on": _("A placement cannot fall through before it was made (%(date)s).")
                % {"date": locked.placed_on.isoformat()}
            }
        )
    if fell_through_on > timezone.localdate():
        raise ValidationError({"fell_through_on": _("The date it fell through cannot be in the future.")})
    if replacement_owed is None:
        replacement_owed = fell_through_on <= locked.guarantee_ends_on
    locked.fell_through_on = fell_through_on
    locked.replacement_owed = replacement_owed
    locked.save(update_fields=["fell_through_on", "replacement_owed", "updated_at"])
    audit_record(
        action="placements.placement.fall_through",
        actor=actor,
        target=locked,
        data={"on": fell_through_on.isoformat(), "replacement_owed": replacement_owed},
    )
    message = messages.FELL_THROUGH_REPLACEMENT if replacement_owed else messages.FELL_THROUGH
    _timeline(locked, actor, message)
    return locked


@transaction.atomic
def placement_fall_through_undo(*, placement: Placement, actor: User | None) -> Placement:
    """Take back a fall-through recorded by mistake, under the row lock: the
    placement stands again with its guarantee. Writes a
    ``placements.placement.fall_through_undo`` AuditEvent and an Activity.
    Raises ValidationError when it is not marked as fallen through."""
    locked = _locked(placement)
    if locked.fell_through_on is None:
        raise ValidationError(_("This placement is not marked as fallen through."))
    locked.fell_through_on = None
    locked.replacement_owed = False
    locked.save(update_fields=["fell_through_on", "replacement_owed", "updated_at"])
    audit_record(action="placements.placement.fall_through_undo", actor=actor, target=locked)
    _timeline(locked, actor, messages.FALL_THROUGH_UNDONE)
    return locked


def _timeline(placement: Placement, actor: User | None, message) -> None:
    application = Application.objects.select_related("candidate").get(pk=placement.application_id)
    activity_record(
        candidate=application.candidate,
        kind=Activity.Kind.STAGE_CHANGE,
        actor=actor,
        message=MESSAGES.message(message, client=placement.client.name),
        # The application's entry: the timeline shows it to whoever sees the application.
        target=application,
    )


# The export's columns, in the language of whoever downloads it.
EXPORT_HEADERS = (
    pgettext_lazy("spreadsheet column", "Candidate"),
    pgettext_lazy("spreadsheet column", "Job"),
    pgettext_lazy("spreadsheet column", "Client"),
    pgettext_lazy("spreadsheet column", "Recruiter"),
    pgettext_lazy("spreadsheet column", "Placed on"),
    pgettext_lazy("spreadsheet column", "Fee type"),
    pgettext_lazy("spreadsheet column", "Rate"),
    pgettext_lazy("spreadsheet column", "Fee"),
    pgettext_lazy("spreadsheet column", "Currency"),
    pgettext_lazy("spreadsheet column", "Invoice date"),
    pgettext_lazy("spreadsheet column", "Guarantee ends"),
    pgettext_lazy("spreadsheet column", "State"),
    pgettext_lazy("spreadsheet column", "Fell through on"),
)


def placement_export(
    *,
    user: User,
    placements: Iterable[Placement],
    fmt: str,
    filters: dict[str, str] | None = None,
    request: HttpRequest | None = None,
) -> bytes:
    """``placements`` (the placements page's filtered list) as CSV or XLSX,
    each row only if ``user`` may see its fee. Records a
    ``placements.placement.export`` AuditEvent with the format, the count and
    the filters (no amounts)."""
    if fmt not in (CSV, XLSX):
        raise ValueError(f"unknown export format {fmt!r}")
    today = timezone.localdate()
    rows = [
        [
            placement.application.candidate.full_name,
            placement.application.job.title,
            placement.client.name,
            placement.recruiter.full_name if placement.recruiter else "",
            placement.placed_on,
            placement.get_fee_type_display(),
            placement.rate,
            placement.fee,
            placement.currency,
            placement.invoice_date or "",
            placement.guarantee_ends_on,
            placement.state_on(today).label,
            placement.fell_through_on or "",
        ]
        for placement in placements
        if can_see_fee(user, placement)
    ]
    headers = [str(header) for header in EXPORT_HEADERS]
    content = write_csv(headers, rows) if fmt == CSV else write_xlsx(headers, rows, title=str(_("Placements")))
    audit_record(
        action="placements.placement.export",
        actor=user,
        request=request,
        data={"format": fmt, "count": len(rows), "filters": filters or {}},
    )
    return content
