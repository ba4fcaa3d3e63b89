"""The rejection reason a knock-out answer on the application form closes an
application with: seeded by a migration and again after a flush (post_migrate),
like interviews' default lists."""

from __future__ import annotations

KNOCK_OUT = "knock_out"
KNOCK_OUT_LABELS = ("Did not meet a requirement of the application form", "不符合申请表中的要求")


def knock_out_reason_ensure(*, apps=None, using: str = "default", **_signal) -> None:
    """Add the ``knock_out`` rejection reason where it is missing (a retired
    one is left retired: administrators decided). ``apps`` is the migrated
    state when called from post_migrate or a migration."""
    if apps is None:
        from django.apps import apps as live_apps

        apps = live_apps
    try:
        model = apps.get_model("interviews", "ClosingReason")
    except LookupError:
        return
    reasons = model.objects.using(using)
    if reasons.filter(kind="rejection", code=KNOCK_OUT).exists():
        return
    last = reasons.filter(kind="rejection").order_by("-order").values_list("order", flat=True).first()
    english, chinese = KNOCK_OUT_LABELS
    reasons.create(
        kind="rejection",
        code=KNOCK_OUT,
        label_en=english,
        label_zh_hans=chinese,
        order=0 if last is None else last + 1,
    )
