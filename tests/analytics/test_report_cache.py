"""The funnel and time reports cached in Redis (analytics.report_cache): a
repeated view is served from the cache, never across scopes, filters or
languages, and a refresh of the roll-up makes it stale."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from analytics import report_cache
from analytics.report_cache import cached_report, report_cache_key
from analytics.reports import funnel, timing
from analytics.services import rollup_refresh
from interviews.models import Application
from interviews.services import application_move
from tests.analytics.fixture_pipeline import REFERRAL, build_pipeline

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 4, 1, tzinfo=UTC)


@pytest.fixture
def pipeline():
    return build_pipeline(NOW)


@pytest.fixture
def computed(monkeypatch):
    """Counts the reports computed (not served from the cache), per report."""
    calls = []
    for module in (funnel, timing):
        original = module.report

        def counting(user, filters, *, now=None, _original=original, _key=module.__name__):
            calls.append(_key.rsplit(".", 1)[-1])
            return _original(user, filters, now=now)

        monkeypatch.setattr(module, "report", counting)
    return calls


def figures(report) -> list:
    return [table.rows for table in report.tables] + [report.headline]


def test_a_repeated_view_comes_from_the_cache_with_the_same_figures(pipeline, computed, django_assert_num_queries):
    for key, module in (("funnel", funnel), ("time", timing)):
        first = cached_report(key, module, pipeline.admin, pipeline.filters)
        with django_assert_num_queries(2):  # the roll-up's version and the jobs in scope
            again = cached_report(key, module, pipeline.admin, pipeline.filters)
        assert figures(again) == figures(first)
    assert computed == ["funnel", "timing"]


def test_a_cached_report_never_reaches_a_user_with_another_scope(pipeline, computed):
    admin = cached_report("funnel", funnel, pipeline.admin, pipeline.filters)
    mine = cached_report("funnel", funnel, pipeline.recruiter_a, pipeline.filters)
    theirs = cached_report("funnel", funnel, pipeline.recruiter_b, pipeline.filters)
    assert computed == ["funnel"] * 3
    assert figures(mine) == figures(funnel.report(pipeline.recruiter_a, pipeline.filters))
    assert figures(theirs) == figures(funnel.report(pipeline.recruiter_b, pipeline.filters))
    assert figures(mine) != figures(admin) and figures(theirs) != figures(mine)
    keys = {report_cache_key("funnel", user, pipeline.filters) for user in (pipeline.admin, pipeline.recruiter_a)}
    assert len(keys) == 2
    # The recruiter granted client A sees exactly A's jobs: the admin filtered on client A shares the figures.
    on_a = dataclasses.replace(pipeline.filters, client=pipeline.clients["A"])
    assert figures(cached_report("funnel", funnel, pipeline.admin, on_a)) == figures(mine)


def test_every_filter_and_the_language_make_another_entry(pipeline, computed):
    base = pipeline.filters
    variants = [
        base,
        dataclasses.replace(base, start=base.start + timedelta(days=1)),
        dataclasses.replace(base, end=base.end - timedelta(days=1)),
        dataclasses.replace(base, source=pipeline.sources[REFERRAL]),
        dataclasses.replace(base, job=pipeline.jobs["JA"]),
        dataclasses.replace(base, client=pipeline.clients["B"]),
        dataclasses.replace(base, recruiter=pipeline.recruiter_b),
    ]
    for filters in variants:
        cached_report("funnel", funnel, pipeline.admin, filters)
    with translation.override("zh-hans"):
        chinese = cached_report("funnel", funnel, pipeline.admin, base)
    assert computed == ["funnel"] * (len(variants) + 1)
    assert chinese.title != cached_report("funnel", funnel, pipeline.admin, base).title
    assert len(computed) == len(variants) + 1


def test_a_refresh_makes_the_cached_reports_stale(pipeline, computed):
    before = cached_report("funnel", funnel, pipeline.admin, pipeline.filters)
    application = Application.objects.filter(
        status=Application.Status.ACTIVE, created_at__gte=pipeline.filters.since
    ).first()
    application_move(application=application, to_stage=application.job.stages.get(kind="offer"), actor=pipeline.admin)
    assert figures(cached_report("funnel", funnel, pipeline.admin, pipeline.filters)) == figures(before)  # not yet

    rollup_refresh(day=datetime.now(UTC).date(), now=NOW + timedelta(minutes=1))
    after = cached_report("funnel", funnel, pipeline.admin, pipeline.filters)
    assert figures(after) != figures(before)
    assert figures(after) == figures(funnel.report(pipeline.admin, pipeline.filters))
    assert after.as_of == NOW + timedelta(minutes=1)
    assert computed == ["funnel", "funnel", "funnel"]


def test_the_pages_serve_the_cache_and_refresh_now_recomputes(client, pipeline, computed):
    client.force_login(pipeline.admin)
    query = {"start": pipeline.filters.start.isoformat(), "end": pipeline.filters.end.isoformat()}
    first = client.get("/analytics/funnel/", query)
    second = client.get("/analytics/funnel/", query)
    assert first.status_code == second.status_code == 200
    assert figures(second.context["report"]) == figures(first.context["report"])
    assert computed == ["funnel"]
    client.post(f"/analytics/funnel/refresh/?start={query['start']}&end={query['end']}")
    client.get("/analytics/funnel/", query)
    assert computed == ["funnel", "funnel"]
    assert report_cache.REPORT_CACHE_SECONDS > 0
