"""Writes of analytics: its own roll-ups only.

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

from analytics.models import FunnelCell, RollupRun, StageVisit
from interviews.models import Application, Stage, StageTransition
from jobs.models import Job

# pg_advisory_xact_lock key: one refresh at a time.
ROLLUP_LOCK = 0x5_7A6E_0001

_INSERT = """
INSERT INTO {visit} (entry_id, application_id, job_id, client_id, recruiter_id, source_id, stage_id,
                     stage_kind, stage_order, applied_at, entered_at, left_at, outcome, rejection_reason,
                     first_at_stage, passed_at_stage, rejected_at_stage, withdrew_at_stage,
                     first_at_kind, passed_at_kind, rejected_at_kind, withdrew_at_kind,
                     first_of_application, first_hire)
SELECT v.*,
       ROW_NUMBER() OVER (PARTITION BY v.application_id, v.stage_id ORDER BY v.entered_at, v.entry_id) = 1,
       {firsts_stage},
       ROW_NUMBER() OVER (PARTITION BY v.application_id, v.stage_kind ORDER BY v.entered_at, v.entry_id) = 1,
       {firsts_kind},
       ROW_NUMBER() OVER (PARTITION BY v.application_id ORDER BY v.entered_at, v.entry_id) = 1,
       v.outcome = 'hired' AND ROW_NUMBER() OVER (
           PARTITION BY v.application_id, v.outcome = 'hired' ORDER BY v.entered_at, v.entry_id) = 1
FROM (
SELECT t.id AS entry_id, a.id AS application_id, a.job_id, j.client_id, j.recruiter_id, a.source_id,
       s.id AS stage_id, s.kind AS stage_kind, s."order" AS stage_order, a.created_at AS applied_at,
       t.created_at AS entered_at, t.next_at AS left_at,
       CASE WHEN t.next_at IS NULL THEN 'open'
            WHEN t.next_status = 'active' AND ns."order" > s."order" THEN 'moved_on'
            WHEN t.next_status = 'active' THEN 'moved_back'
            ELSE t.next_status END AS outcome,
       CASE WHEN t.next_status = 'rejected' THEN a.rejection_reason ELSE '' END AS rejection_reason
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
) v
"""

# The ways of leaving a stage whose first occurrence per application is flagged.
_LEAVING = {"passed": "('moved_on', 'hired')", "rejected": "('rejected')", "withdrew": "('withdrawn')"}


def _firsts(over: str) -> str:
    """The flags "first passed / rejected / withdrawn visit of the application at
    its ``over`` (stage_id or stage_kind)": one window partitioned by the way of leaving."""
    leaving = "CASE " + " ".join(f"WHEN v.outcome IN {outcomes} THEN '{way}'" for way, outcomes in _LEAVING.items())
    leaving += " END"
    rank = f"ROW_NUMBER() OVER (PARTITION BY v.application_id, v.{over}, {leaving} ORDER BY v.entered_at, v.entry_id)"
    return ",\n       ".join(f"v.outcome IN {outcomes} AND {rank} = 1" for outcomes in _LEAVING.values())


# The funnel cells summed from visits: every visit ({where}) or those of some applications,
# and the SQL of the figures' columns in the cells' order. A group whose sums are all zero
# (e.g. a later visit of a stage after a first one that was rejected) makes no cell.
_COUNTS = (
    "reached",
    "passed",
    "rejected",
    "withdrawn",
    "still_there",
    "kind_reached",
    "kind_passed",
    "kind_rejected",
    "kind_withdrawn",
    "applications",
    "hired",
)
_FLAG_SQL = (
    "v.first_at_stage",
    "v.passed_at_stage",
    "v.rejected_at_stage",
    "v.withdrew_at_stage",
    "v.outcome = 'open'",
    "v.first_at_kind",
    "v.passed_at_kind",
    "v.rejected_at_kind",
    "v.withdrew_at_kind",
    "v.first_of_application",
    "v.first_hire",
)
_MONTH = "date_trunc('month', v.applied_at AT TIME ZONE 'UTC')::date"
_KEYS = ("month", "job_id", "stage_id", "stage_kind", "rejection_reason")
_SUMS = f"""
SELECT {_MONTH}, v.job_id, v.stage_id, MIN(v.stage_kind), v.rejection_reason,
       {", ".join(f"COUNT(*) FILTER (WHERE {flag})" for flag in _FLAG_SQL)}
FROM {{visit}} v
WHERE {{where}}
GROUP BY 1, 2, 3, 5
HAVING BOOL_OR({" OR ".join(_FLAG_SQL)})
"""
_CELLS = f"INSERT INTO {{cell}} ({', '.join((*_KEYS, *_COUNTS))}) {_SUMS}"
# Add deltas to the cells (one row per key, arrays of the keys and of each count): update
# the cells that exist, then insert the others — whose deltas are never negative, since a
# visit counted before is in a cell. (An upsert would check the columns' "≥ 0" on the
# negative deltas themselves.)
_DELTAS = f"""
unnest(%s::date[], %s::bigint[], %s::bigint[], %s::varchar[], %s::varchar[],
       {", ".join(["%s::int[]"] * len(_COUNTS))}) AS d ({", ".join((*_KEYS, *_COUNTS))})
"""
_SAME_CELL = " AND ".join(f"c.{key} = d.{key}" for key in ("month", "job_id", "stage_id", "rejection_reason"))
_UPDATE_CELLS = f"""
UPDATE {{cell}} AS c SET {", ".join(f"{count} = c.{count} + d.{count}" for count in _COUNTS)}
FROM {_DELTAS} WHERE {_SAME_CELL}
"""
_INSERT_CELLS = f"""
INSERT INTO {{cell}} ({", ".join((*_KEYS, *_COUNTS))})
SELECT d.* FROM {_DELTAS} WHERE NOT EXISTS (SELECT FROM {{cell}} c WHERE {_SAME_CELL})
"""
_DROP_EMPTY_CELLS = f"""
DELETE FROM {{cell}} WHERE (month, job_id, stage_id, rejection_reason) IN (
    SELECT * FROM unnest(%s::date[], %s::bigint[], %s::bigint[], %s::varchar[])
) AND {" AND ".join(f"{count} = 0" for count in _COUNTS)}
"""


def _sums(cursor, tables: dict[str, str], applications: list[int]) -> dict[tuple, list[int]]:
    """The cell sums of the visits of ``applications`` by cell key (month, job, stage,
    rejection reason), each with the stage's kind first."""
    cursor.execute(_SUMS.format(where="v.application_id = ANY(%s)", **tables), [applications])
    return {(row[0], row[1], row[2], row[4]): [row[3], *row[5:]] for row in cursor.fetchall()}


def _add_to_cells(cursor, tables: dict[str, str], old: dict[tuple, list[int]], new: dict[tuple, list[int]]) -> None:
    """Move the cells from the sums of the changed applications' old visits to those of
    their new ones: the flags are per application, so the difference is exact."""
    deltas = {}
    for key in old.keys() | new.keys():
        kind = (new.get(key) or old[key])[0]
        before, after = old.get(key, [kind, *[0] * len(_COUNTS)]), new.get(key, [kind, *[0] * len(_COUNTS)])
        delta = [a - b for a, b in zip(after[1:], before[1:], strict=True)]
        if any(delta):
            deltas[key] = [kind, *delta]
    if not deltas:
        return
    keys = list(deltas)
    month, job, stage, reason = ([key[n] for key in keys] for n in range(4))
    kinds = [deltas[key][0] for key in keys]
    counts = [[deltas[key][n + 1] for key in keys] for n in range(len(_COUNTS))]
    deltas = [month, job, stage, kinds, reason, *counts]
    cursor.execute(_UPDATE_CELLS.format(**tables), deltas)
    cursor.execute(_INSERT_CELLS.format(**tables), deltas)
    cursor.execute(_DROP_EMPTY_CELLS.format(**tables), [month, job, stage, reason])


_CHANGED = "SELECT DISTINCT c.application_id FROM {transition} c WHERE c.created_at >= %s AND c.created_at < %s"


def _tables() -> dict[str, str]:
    return {
        "visit": StageVisit._meta.db_table,
        "transition": StageTransition._meta.db_table,
        "application": Application._meta.db_table,
        "job": Job._meta.db_table,
        "stage": Stage._meta.db_table,
        "cell": FunnelCell._meta.db_table,
    }


def _insert(*, which: str, tables: dict[str, str]) -> str:
    return _INSERT.format(which=which, firsts_stage=_firsts("stage_id"), firsts_kind=_firsts("stage_kind"), **tables)


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
            cursor.execute(_insert(which="TRUE", tables=tables))
            visits = cursor.rowcount
            cursor.execute(f"DELETE FROM {tables['cell']}")
            cursor.execute(_CELLS.format(where="TRUE", **tables))
            cursor.execute(f"SELECT count(*) FROM {tables['application']}")
            applications = cursor.fetchone()[0]
            day = now.astimezone(UTC).date()
        else:
            # A day's statements read a few thousand rows by index: compiling them costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
            # The applications that changed on the day, read once (the log has no index on the time).
            cursor.execute(_CHANGED.format(**tables), list(_day_bounds(day)))
            changed = [row[0] for row in cursor.fetchall()]
            applications = len(changed)
            old = _sums(cursor, tables, changed)
            cursor.execute(f"DELETE FROM {tables['visit']} WHERE application_id = ANY(%s)", [changed])
            cursor.execute(_insert(which="tr.application_id = ANY(%s)", tables=tables), [changed])
            visits = cursor.rowcount
            _add_to_cells(cursor, tables, old, _sums(cursor, tables, changed))
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
