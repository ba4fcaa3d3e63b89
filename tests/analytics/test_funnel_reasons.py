"""The funnel's exits read the rejection reasons from the lists administrators
edit: a retired reason keeps its column and label for the rejections it closed."""

from __future__ import annotations

import pytest
from django.utils import translation

from analytics.reports.funnel import StageGroup, _exits
from interviews.models import ClosingReason
from interviews.services.closing_reasons import closing_reason_retire

pytestmark = pytest.mark.django_db


def figures(**rejected_by_reason: int) -> dict:
    sums = {reason: {"rejected": n, "withdrawn": 0} for reason, n in rejected_by_reason.items()}
    return {(1, reason): figures for reason, figures in sums.items()}


def test_a_retired_reason_keeps_its_column_and_label_in_the_exits():
    closing_reason_retire(reason=ClosingReason.objects.get(kind="rejection", code="no_show"), actor=None)
    with translation.override("zh-hans"):
        columns, rows = _exits([StageGroup(1, "Phone")], figures(no_show=2, skills=1))
    labels = {column.key: column.label for column in columns}
    assert labels["no_show"] == "未到场" and labels["skills"] == "技能或经验"
    assert rows == [{"stage": "Phone", "skills": 1, "no_show": 2, "total": 3}]


def test_a_code_missing_from_the_lists_still_gets_a_column_named_by_its_code():
    columns, rows = _exits([StageGroup(1, "Phone")], figures(budget_cut=4))
    assert [column.label for column in columns] == ["Stage", "Budget_cut", "Total"]
    assert rows[0]["budget_cut"] == 4
