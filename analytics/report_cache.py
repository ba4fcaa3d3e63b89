"""Computed reports cached in Redis (the django cache), for the reports read
off the roll-up (funnel, time): a repeated view costs two queries instead of
grouping every stay again.

The key holds everything the figures depend on, so a cached report is never
served where it would differ:
- the report and the language (labels are translated when computed);
- the filters (period, client, job, recruiter, source);
- the user's scope: the ids of ``jobs_in_scope(user, filters)``, hashed — two
  users share figures only when they see exactly the same jobs;
- the roll-up's version (the latest RollupRun.refreshed_at): a refresh, the
  nightly one or "refresh now", makes every cached report stale at once.
- for the placements report, the user: its rows are the placements whose
  fees the user sees (their own for a recruiter), not the jobs they see.
A report also expires after REPORT_CACHE_SECONDS, since the time report counts
open cases until the moment it was computed and the offers and placements
reports are computed live (they say when; "refresh now" moves the roll-up's
version, so it recomputes them too).
"""

from __future__ import annotations

import hashlib
import json
from types import ModuleType

from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from accounts.models import User
from analytics.reports.base import Filters, Report, jobs_in_scope
from analytics.reports.funnel import rollup_as_of

REPORT_CACHE_SECONDS = 600
# The reports whose figures depend only on the scope and the filters: those read off the
# roll-up, and the live ones that read many rows.
CACHED_REPORTS = frozenset({"funnel", "time", "offers", "placements"})
# The reports whose rows depend on who the user is, not only on the jobs they see.
PER_USER_REPORTS = frozenset({"placements"})


def report_cache_key(key: str, user: User, filters: Filters) -> str:
    """The cache key of report ``key`` for ``user`` under ``filters`` (two queries:
    the roll-up's version and the jobs in scope)."""
    version = rollup_as_of()
    jobs = list(jobs_in_scope(user, filters).order_by("pk").values_list("pk", flat=True))
    parts = {
        "database": settings.DATABASES["default"]["NAME"],
        "report": key,
        "language": translation.get_language(),
        "version": version.isoformat() if version else None,
        "start": filters.start.isoformat(),
        "end": filters.end.isoformat(),
        "client": filters.client.pk if filters.client else None,
        "job": filters.job.pk if filters.job else None,
        "recruiter": filters.recruiter.pk if filters.recruiter else None,
        "source": filters.source.pk if filters.source else None,
        "jobs": jobs,
        "user": user.pk if key in PER_USER_REPORTS else None,
    }
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()
    return f"analytics:report:{key}:{digest}"


def cached_report(key: str, module: ModuleType, user: User, filters: Filters) -> Report:
    """``module.report(user, filters)``, from the cache when it holds the same figures."""
    cache_key = report_cache_key(key, user, filters)
    report = cache.get(cache_key)
    if report is None:
        report = module.report(user, filters)
        cache.set(cache_key, report, REPORT_CACHE_SECONDS)
    return report
