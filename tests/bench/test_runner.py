"""bench/run's query-budget check (the smoke fails when a budget is
exceeded) and the pieces of the runner that need no server."""

from __future__ import annotations

import json

import pytest

from bench.runner import selected, smoke_database_url
from bench.runner_budget import BUDGETS_FILE, budget_failures, budgets_check, budgets_load
from bench.runner_http import percentile


def test_a_count_over_its_budget_fails_the_check():
    results = budgets_check({"search rare": 12, "list first page": 11}, {"search rare": 11, "list first page": 11})
    failures = budget_failures(results)
    assert [failure.operation for failure in failures] == ["search rare"]
    assert "OVER" in str(failures[0])


def test_counts_within_or_at_their_budgets_pass():
    results = budgets_check({"search rare": 10, "list first page": 11}, {"search rare": 11, "list first page": 11})
    assert budget_failures(results) == []


def test_an_operation_without_a_budget_or_without_a_count_passes():
    results = budgets_check({"new page": 500, "import": None}, {"import": 3})
    assert budget_failures(results) == []
    assert "no budget" in str(results[0])


def test_the_budgets_file_gives_every_measured_page_a_whole_number(tmp_path):
    budgets = budgets_load()
    assert budgets and all(isinstance(value, int) and value > 0 for value in budgets.values())
    assert not any(name.startswith("_") for name in budgets)
    commented = tmp_path / "budgets.json"
    commented.write_text(json.dumps({"_why": "comments are skipped", "stage move": 12}))
    assert budgets_load(commented) == {"stage move": 12}
    assert json.loads(BUDGETS_FILE.read_text())  # valid JSON as committed


def test_the_smoke_database_is_named_after_the_configured_one():
    assert smoke_database_url("postgres://postgres@127.0.0.1:5432/recruitcrm") == (
        "postgres://postgres@127.0.0.1:5432/recruitcrm_bench_smoke"
    )
    assert smoke_database_url("postgres://u@%2Fvar%2Frun/db") == "postgres://u@%2Fvar%2Frun/db_bench_smoke"


@pytest.mark.parametrize(
    ("only", "name", "expected"),
    [
        ("", "search rare", True),
        ("search", "search rare", True),
        ("board,move", "stage move", True),
        ("list", "stage move", False),
    ],
)
def test_only_picks_operations_by_a_word_of_their_name(only, name, expected):
    assert selected(name, only) is expected


def test_percentiles_interpolate_between_samples():
    assert percentile([], 0.5) is None
    assert percentile([1.0], 0.95) == 1.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([0.0, 10.0], 0.95) == pytest.approx(9.5)
