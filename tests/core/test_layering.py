"""The dependency direction between apps: a lower app never imports a higher one."""

import ast
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Lowest first. Apps not built yet are listed so the rule holds as they arrive.
ORDER = [
    "core",
    "accounts",
    "messaging",
    "candidates",
    "jobs",
    "interviews",
    "placements",
    "offers",
    "careers",
    "intake",
    "talentpool",
    "privacy",
    "analytics",
]
PEERS = {frozenset({"candidates", "jobs"})}
# Views, URLs and admin may compose across apps; models, services,
# selectors, tasks, commands and the rest may not.
COMPOSING = {"views", "urls", "admin"}


def imported_apps(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names & set(ORDER)


def imported_view_apps(path: Path) -> set[str]:
    """The apps whose view modules ``path`` imports (``from jobs import views``,
    ``from candidates.views import list``, ``import talentpool.views``...)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for module in modules:
            app, *rest = module.split(".")
            if rest and (rest[0] == "views" or rest[0].endswith("_views")):
                names.add(app)
    return names & set(ORDER)


def find_url_violations(root: Path) -> list[str]:
    """A lower app's urls.py routing to a higher app's views: the page belongs
    to the higher app (its urls include it), not to the one it is under."""
    violations = []
    for app in ORDER:
        path = root / app / "urls.py"
        if not path.exists():
            continue
        for other in sorted(imported_view_apps(path)):
            if ORDER.index(other) > ORDER.index(app) and frozenset({app, other}) not in PEERS:
                violations.append(f"{path.relative_to(root)} routes to the views of {other}")
    return violations


def find_violations(root: Path) -> list[str]:
    violations = []
    for app in ORDER:
        for path in sorted((root / app).rglob("*.py")) if (root / app).exists() else []:
            if path.stem in COMPOSING or "views" in path.relative_to(root).parts:
                continue
            for other in sorted(imported_apps(path)):
                higher = ORDER.index(other) > ORDER.index(app)
                if higher and frozenset({app, other}) not in PEERS:
                    violations.append(f"{path.relative_to(root)} imports {other}")
    return violations


def test_no_model_service_or_selector_imports_a_higher_app():
    assert find_violations(BASE_DIR) == []


def test_core_imports_no_other_app():
    offenders = [
        str(path.relative_to(BASE_DIR)) for path in (BASE_DIR / "core").rglob("*.py") if imported_apps(path) - {"core"}
    ]
    assert offenders == []


def test_the_check_catches_a_planted_wrong_way_import(tmp_path):
    (tmp_path / "candidates").mkdir()
    (tmp_path / "candidates" / "services.py").write_text("from interviews.models import Application\n")
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "selectors.py").write_text("import talentpool.selectors\n")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "models.py").write_text("from candidates.models import Candidate  # a peer: allowed\n")
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "admin.py").write_text("from accounts.models import User  # admin composes: allowed\n")
    assert find_violations(tmp_path) == [
        "accounts/selectors.py imports talentpool",
        "candidates/services.py imports interviews",
    ]


def test_no_urls_module_routes_to_a_higher_apps_views():
    assert find_url_violations(BASE_DIR) == []


def test_the_url_check_catches_a_planted_wrong_way_route(tmp_path):
    (tmp_path / "messaging").mkdir()
    (tmp_path / "messaging" / "urls.py").write_text(
        "from candidates.views import messages as candidate_messages\nfrom messaging import views\n"
    )
    (tmp_path / "accounts").mkdir()
    (tmp_path / "accounts" / "urls.py").write_text(
        "import analytics.report_views\nfrom core.models import AccessToken  # not a view: allowed\n"
    )
    (tmp_path / "interviews").mkdir()
    (tmp_path / "interviews" / "urls.py").write_text("from candidates.views import profile  # lower: allowed\n")
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "urls.py").write_text("from candidates import views  # a peer: allowed\n")
    assert find_url_violations(tmp_path) == [
        "accounts/urls.py routes to the views of analytics",
        "messaging/urls.py routes to the views of candidates",
    ]
