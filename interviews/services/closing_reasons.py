"""Writes of the closing-reason lists administrators edit: add, edit,
reorder, retire and restore. A reason is never deleted: its code stays on the
applications and triggers that name it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import audit_record
from interviews.models import ClosingReason

# The lists a new database starts with (code, English, Simplified Chinese). The
# migration that introduced the lists keeps its own copy, as it was then.
DEFAULT_REASONS = {
    ClosingReason.Kind.REJECTION: [
        ("skills", "skills or experience", "技能或经验"),
        ("culture", "culture or values", "文化或价值观"),
        ("compensation", "compensation", "薪资"),
        ("location", "location", "地点"),
        ("position_filled", "position filled", "职位已招满"),
        ("no_show", "did not attend", "未到场"),
        ("other", "other", "其他"),
    ],
    ClosingReason.Kind.WITHDRAWAL: [
        ("accepted_other_offer", "accepted another offer", "已接受其他录用"),
        ("compensation", "compensation", "薪资不符合预期"),
        ("not_interested", "no longer interested", "不再感兴趣"),
        ("location", "relocation or location", "搬迁或工作地点"),
        ("personal", "personal reasons", "个人原因"),
        ("other", "other", "其他"),
    ],
}


def closing_reasons_seed_defaults(*, apps=None, using: str = "default", **_signal) -> None:
    """Give each kind with no reason at all its default list (DEFAULT_REASONS);
    a kind with any reason, even retired, is left as administrators made it.
    Connected to ``post_migrate`` (``apps`` is the migrated state: nothing is
    done where the table does not exist yet): a flushed database gets its
    lists back."""
    try:
        model = apps.get_model("interviews", "ClosingReason") if apps is not None else ClosingReason
    except LookupError:
        return
    for kind, rows in DEFAULT_REASONS.items():
        if model.objects.using(using).filter(kind=kind).exists():
            continue
        model.objects.using(using).bulk_create(
            model(kind=kind, code=code, label_en=english, label_zh_hans=chinese, order=order)
            for order, (code, english, chinese) in enumerate(rows)
        )


# What an administrator may change on a reason: the code is fixed once made.
EDITABLE_FIELDS = ("label_en", "label_zh_hans")


def _locked(reason: ClosingReason) -> ClosingReason:
    return ClosingReason.objects.select_for_update().get(pk=reason.pk)


@transaction.atomic
def closing_reason_create(
    *, kind: str, code: str, label_en: str, label_zh_hans: str = "", actor: User | None
) -> ClosingReason:
    """Add a reason at the end of its kind's list. Writes the ClosingReason and
    an ``interviews.closing_reason.create`` AuditEvent. Raises ValidationError
    for an unknown kind, a code taken in that kind, or an empty English label."""
    # The kind's rows are locked so two additions do not take the same place.
    list(ClosingReason.objects.select_for_update().filter(kind=kind).values_list("pk", flat=True))
    last = ClosingReason.objects.filter(kind=kind).aggregate(last=Max("order"))["last"]
    reason = ClosingReason(
        kind=kind,
        code=code.strip(),
        label_en=label_en.strip(),
        label_zh_hans=label_zh_hans.strip(),
        order=0 if last is None else last + 1,
    )
    reason.full_clean()
    reason.save()
    audit_record(action="interviews.closing_reason.create", actor=actor, target=reason, data={"kind": kind})
    return reason


@transaction.atomic
def closing_reason_update(*, reason: ClosingReason, actor: User | None, **values: str) -> ClosingReason:
    """Change a reason's labels (EDITABLE_FIELDS). Writes an
    ``interviews.closing_reason.update`` AuditEvent naming the changed fields;
    past timeline entries keep the labels they were written with."""
    unknown = set(values) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    reason = _locked(reason)
    changed = [name for name, value in values.items() if getattr(reason, name) != value.strip()]
    for name in changed:
        setattr(reason, name, values[name].strip())
    reason.full_clean()
    reason.save()
    if changed:
        audit_record(action="interviews.closing_reason.update", actor=actor, target=reason, data={"fields": changed})
    return reason


@transaction.atomic
def closing_reasons_reorder(*, kind: str, order: list[int], actor: User | None) -> None:
    """Put the reasons of ``kind`` in the order of their ids in ``order``
    (every reason of the kind, retired ones too). Writes an
    ``interviews.closing_reason.reorder`` AuditEvent. Raises ValidationError
    when ``order`` is not exactly the kind's reasons."""
    reasons = {reason.pk: reason for reason in ClosingReason.objects.select_for_update().filter(kind=kind)}
    if sorted(order) != sorted(reasons):
        raise ValidationError(_("The list changed meanwhile: reload the page and try again."))
    for position, pk in enumerate(order):
        reason = reasons[pk]
        if reason.order != position:
            reason.order = position
            reason.save(update_fields=["order", "updated_at"])
    audit_record(action="interviews.closing_reason.reorder", actor=actor, data={"kind": kind, "order": order})


@transaction.atomic
def closing_reason_retire(*, reason: ClosingReason, actor: User | None) -> ClosingReason:
    """Take a reason off the lists offered when closing an application; it
    stays on past applications, triggers and reports. Writes an
    ``interviews.closing_reason.retire`` AuditEvent. Raises ValidationError if
    it is already retired or is the last active reason of its kind (closing
    would then be impossible)."""
    reason = _locked(reason)
    if reason.retired_at is not None:
        raise ValidationError(_("This reason is already retired."))
    others = ClosingReason.objects.filter(kind=reason.kind, retired_at__isnull=True).exclude(pk=reason.pk)
    if not others.exists():
        raise ValidationError(_("Keep at least one reason in the list: add another before retiring this one."))
    reason.retired_at = timezone.now()
    reason.save(update_fields=["retired_at", "updated_at"])
    audit_record(action="interviews.closing_reason.retire", actor=actor, target=reason)
    return reason


@transaction.atomic
def closing_reason_restore(*, reason: ClosingReason, actor: User | None) -> ClosingReason:
    """Offer a retired reason again. Writes an
    ``interviews.closing_reason.restore`` AuditEvent. Raises ValidationError
    if it is not retired."""
    reason = _locked(reason)
    if reason.retired_at is None:
        raise ValidationError(_("This reason is not retired."))
    reason.retired_at = None
    reason.save(update_fields=["retired_at", "updated_at"])
    audit_record(action="interviews.closing_reason.restore", actor=actor, target=reason)
    return reason
