"""Query budgets (bench/budgets.json): the most SQL statements each operation
may run in one request. The smoke fails on an exceeded budget, never on time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

BUDGETS_FILE = Path(__file__).resolve().parent / "budgets.json"


@dataclass(frozen=True)
class BudgetResult:
    operation: str
    queries: int | None
    budget: int | None

    @property
    def ok(self) -> bool:
        # No budget or no count (an operation that is not one request): nothing to hold it to.
        return self.budget is None or self.queries is None or self.queries <= self.budget

    def __str__(self) -> str:
        if self.budget is None:
            return f"{self.operation}: {self.queries} queries (no budget)"
        verdict = "within" if self.ok else "OVER"
        return f"{self.operation}: {self.queries} queries, budget {self.budget} ({verdict})"


def budgets_load(path: Path = BUDGETS_FILE) -> dict[str, int]:
    """The budgets by operation; keys starting with an underscore are comments."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {name: int(value) for name, value in data.items() if not name.startswith("_")}


def budgets_check(counts: dict[str, int | None], budgets: dict[str, int]) -> list[BudgetResult]:
    """One result per measured operation; ``counts`` is the most queries seen in one request of it."""
    return [BudgetResult(name, counts[name], budgets.get(name)) for name in counts]


def budget_failures(results: list[BudgetResult]) -> list[BudgetResult]:
    return [result for result in results if not result.ok]
