"""Writes of analytics: its own roll-ups only (DESIGN.md).

``rollup_refresh`` rebuilds the StageVisit rows of the applications that had
a transition on a day (or of every application): in one transaction, under an
advisory lock, it deletes their visits and inserts them again from the
StageTransition log with one INSERT … SELECT (LEAD over each application's
transitions), so running it twice for a day gives the same rows. The nightly
beat task refreshes every day since the last run up to today; the pages'
"refresh now" does the same on demand.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import RollupRun, StageVisit
from interviews.models import Application, Stage, StageTransition
from jobs.models import Job

# pg_advisory_xact_lock key: one refresh at a time.
ROLLUP_LOCK = 0x5_7A6E_0001

_INSERT = """
INSERT INTO {visit} (entry_id, application_id, job_id, client_id, recruiter_id, source_id, stage_id,
                     stage_kind, stage_order, applied_at, entered_at, left_at, outcome, rejection_reason)
SELECT t.id, a.id, a.job_id, j.client_id, j.recruiter_id, a.source_id, s.id,
       s.kind, s."order", a.created_at, t.created_at, t.next_at,
       CASE WHEN t.next_at IS NULL THEN 'open'
            WHEN t.next_status = 'active' AND ns."order" > s."order" THEN 'moved_on'
            WHEN t.next_status = 'active' THEN 'moved_back'
            ELSE t.next_status END,
       CASE WHEN t.next_status = 'rejected' THEN a.rejection_reason ELSE '' END
FROM (
    SELECT tr.id, tr.application_id, tr.to_stage_id, tr.to_status, tr.created_at,
           LEAD(tr.created_at) OVER w AS next_at,
           LEAD(tr.to_status) OVER w AS next_status,
           LEAD(tr.to_stage_id) OVER w AS next_stage_id
    FROM {transition} tr
    WHERE {which}
    WINDOW w AS (PARTITION BY tr.application_id ORDER BY tr.created_at, tr.id)
) t
JOIN {application} a ON a.id = t.application_id
JOIN {job} j ON j.id = a.job_id
JOIN {stage} s ON s.id = t.to_stage_id
LEFT JOIN {stage} ns ON ns.id = t.next_stage_id
WHERE t.to_status = 'active'
"""

_CHANGED = "SELECT DISTINCT c.application_id FROM {transition} c WHERE c.created_at >= %s AND c.created_at < %s"


def _tables() -> dict[str, str]:
    return {
        "visit": StageVisit._meta.db_table,
        "transition": StageTransition._meta.db_table,
        "application": Application._meta.db_table,
        "job": Job._meta.db_table,
        "stage": Stage._meta.db_table,
    }


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min, tzinfo=UTC)
    return start, start + timedelta(days=1)


@transaction.atomic
def rollup_refresh(*, day: date | None = None, now: datetime | None = None) -> RollupRun:
    """Rebuild the visits of the applications with a transition on ``day``
    (a UTC date), or of every application when ``day`` is None (recorded as
    today's run); returns the day's RollupRun. Idempotent; one at a time."""
    now = now or timezone.now()
    tables = _tables()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ROLLUP_LOCK])
        if day is None:  # everything: the run of today (UTC) records it
            cursor.execute(f"DELETE FROM {tables['visit']}")
            cursor.execute(_INSERT.format(which="TRUE", **tables))
            visits = cursor.rowcount
            cursor.execute(f"SELECT count(*) FROM {tables['application']}")
            applications = cursor.fetchone()[0]
            day = now.astimezone(UTC).date()
        else:
            bounds = list(_day_bounds(day))
            changed = _CHANGED.format(**tables)
            cursor.execute(f"SELECT count(*) FROM ({changed}) x", bounds)
            applications = cursor.fetchone()[0]
            cursor.execute(f"DELETE FROM {tables['visit']} WHERE application_id IN ({changed})", bounds)
            cursor.execute(_INSERT.format(which=f"tr.application_id IN ({changed})", **tables), bounds)
            visits = cursor.rowcount
    run, _created = RollupRun.objects.update_or_create(
        day=day, defaults={"refreshed_at": now, "applications": applications, "visits": visits}
    )
    return run


def rollup_catch_up(*, now: datetime | None = None) -> int:
    """Refresh every day from the last refreshed one up to today (UTC), or
    everything when nothing was ever refreshed: the nightly task and the
    pages' "refresh now". Returns how many days ran."""
    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    last = RollupRun.objects.order_by("-day").values_list("day", flat=True).first()
    if last is None:  # never refreshed: everything
        rollup_refresh(day=None, now=now)
        return 1
    days = [last + timedelta(days=n) for n in range((today - last).days + 1)]
    for day in days:
        rollup_refresh(day=day, now=now)
    return len(days)
