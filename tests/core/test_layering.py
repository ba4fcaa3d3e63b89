"""DESIGN.md "Dependency direction": a lower app never imports a higher one."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Lowest first. Apps not built yet are listed so the rule holds as they arrive.
ORDER = ["core", "accounts", "messaging", "candidates", "jobs", "interviews", "talentpool", "analytics"]
PEERS = {frozenset({"candidates", "jobs"})}
# Views and templates may compose across apps (DESIGN.md); models, services,
# selectors, tasks and the rest may not.
COMPOSING = {"views", "urls", "admin"}


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ORDER)


def test_no_app_imports_a_higher_app():
    violations = []
    for app in ORDER:
        for path in (BASE_DIR / app).rglob("*.py") if (BASE_DIR / app).exists() else []:
            if path.stem in COMPOSING or "views" in path.parts:
                continue
            for other in imported_apps(path):
                higher = ORDER.index(other) > ORDER.index(app)
                if higher and frozenset({app, other}) not in PEERS:
                    violations.append(f"{path.relative_to(BASE_DIR)} imports {other}")
    assert violations == []


def test_core_imports_no_other_app():
    offenders = [
        str(path.relative_to(BASE_DIR)) for path in (BASE_DIR / "core").rglob("*.py") if imported_apps(path) - {"core"}
    ]
    assert offenders == []
