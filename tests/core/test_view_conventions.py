"""View modules use core.http's helpers instead of their own
copies, and ask the selectors (or accounts.roles) who may do what instead of
deciding it themselves."""

from __future__ import annotations

import ast
from pathlib import Path

import core.admin
import core.http

BASE_DIR = Path(__file__).resolve().parents[2]
APPS = ["core", "accounts", "messaging", "candidates", "jobs", "interviews", "talentpool", "analytics"]
# The shared helpers, by the names a copy would take (with or without a leading underscore).
SHARED = {"respond", "done", "done_in_place", "error_text", "form_errors", "save_form", "is_htmx", "get_or_post"}
# Names of earlier private copies that meant the same thing.
SHARED |= {"attach_error"}


def view_modules(root: Path) -> list[Path]:
    """Every module holding views: <app>/views.py, <app>/*_views.py and <app>/views/*.py."""
    paths = []
    for app in APPS:
        folder = root / app
        if not folder.exists():
            continue
        paths += [path for path in folder.glob("*.py") if path.stem == "views" or path.stem.endswith("_views")]
        paths += sorted((folder / "views").glob("*.py")) if (folder / "views").exists() else []
    return sorted(paths)


def top_level_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def helper_copies(root: Path) -> list[str]:
    found = []
    for path in view_modules(root):
        for name in sorted(top_level_names(ast.parse(path.read_text(), str(path)))):
            if name.lstrip("_").lower() in SHARED:
                found.append(f"{path.relative_to(root)} defines {name}")
    return found


def _raised_name(node: ast.Raise) -> str | None:
    exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
    if isinstance(exc, ast.Name):
        return exc.id
    if isinstance(exc, ast.Attribute):
        return exc.attr
    return None


def access_decisions(root: Path) -> list[str]:
    """Places where a view decides access itself: it raises PermissionDenied,
    or it reads a user's role other than through accounts.roles.rules_for."""
    found = []
    for path in view_modules(root):
        tree = ast.parse(path.read_text(), str(path))
        allowed = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "rules_for"
            for arg in node.args
        }
        where = path.relative_to(root)
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise) and node.exc is not None and _raised_name(node) == "PermissionDenied":
                found.append(f"{where}:{node.lineno} raises PermissionDenied")
            elif isinstance(node, ast.Attribute) and node.attr == "role" and id(node) not in allowed:
                found.append(f"{where}:{node.lineno} reads a role")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "Role":
                found.append(f"{where}:{node.lineno} names Role.{node.attr}")
    return sorted(found, key=lambda line: (line.split(":")[0], int(line.split(":")[1].split()[0]), line))


def test_core_http_offers_every_shared_helper():
    for name in SHARED - {"attach_error", "get_or_post"}:
        assert callable(getattr(core.http, name)), name
    assert core.http.GET_OR_POST


def test_no_view_module_defines_its_own_copy_of_the_shared_helpers():
    assert helper_copies(BASE_DIR) == []


def test_no_view_module_decides_access_itself():
    assert access_decisions(BASE_DIR) == []


def test_the_checks_catch_a_planted_copy_and_a_planted_access_decision(tmp_path):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "jobs" / "views.py").write_text(
        "GET_OR_POST = object()\n"
        "def _respond(request): ...\n"
        "def _can_change(user):\n"
        "    return rules_for(user.role).job_settings_write  # a role flag: allowed\n"
        "def _require(user):\n"
        "    if user.role != Role.ADMINISTRATOR:\n"
        "        raise PermissionDenied\n"
    )
    (tmp_path / "interviews" / "views").mkdir(parents=True)
    (tmp_path / "interviews" / "views" / "board.py").write_text(
        "def save_form(form, call): ...\ndef board(request):\n    raise core.exceptions.PermissionDenied()\n"
    )
    (tmp_path / "talentpool").mkdir()
    (tmp_path / "talentpool" / "selectors.py").write_text("def done(): raise PermissionDenied  # not a view\n")
    (tmp_path / "messaging").mkdir()
    (tmp_path / "messaging" / "template_views.py").write_text("def _error_text(error): ...\n")

    assert helper_copies(tmp_path) == [
        "interviews/views/board.py defines save_form",
        "jobs/views.py defines GET_OR_POST",
        "jobs/views.py defines _respond",
        "messaging/template_views.py defines _error_text",
    ]
    assert access_decisions(tmp_path) == [
        "interviews/views/board.py:3 raises PermissionDenied",
        "jobs/views.py:6 names Role.ADMINISTRATOR",
        "jobs/views.py:6 reads a role",
        "jobs/views.py:7 raises PermissionDenied",
    ]


def test_core_keeps_one_copy_of_each_helper_too():
    """The admin puts a service's refusal on its forms with core.http's helper."""
    assert not hasattr(core.admin, "attach_error")
    assert core.admin.form_errors is core.http.form_errors
