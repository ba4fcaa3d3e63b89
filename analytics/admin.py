"""Admin for the analytics roll-ups: read-only, rebuilt by analytics.services."""

from __future__ import annotations

from django.contrib import admin

from analytics.models import RollupRun, StageVisit
from core.admin import ReadOnlyModelAdmin


@admin.register(StageVisit)
class StageVisitAdmin(ReadOnlyModelAdmin):
    list_display = ("application", "stage", "entered_at", "left_at", "outcome")
    list_filter = ("outcome", "stage_kind")
    list_select_related = ("application__candidate", "application__job__client", "stage")
    date_hierarchy = "entered_at"


@admin.register(RollupRun)
class RollupRunAdmin(ReadOnlyModelAdmin):
    list_display = ("day", "refreshed_at", "applications", "visits")
