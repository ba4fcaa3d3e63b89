"""The lock files: compiled from the .in files by `make lock`, with hashes, and
installed with --require-hashes by `make run`, `make test` and the Dockerfile."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+?)(?:\s*\\)?$")


def canonical(name: str) -> str:
    """The package's normalised name; extras (``pkg[a,b]``) are not part of it."""
    return re.sub(r"[-_.]+", "-", name.split("[", 1)[0]).lower()


def locked(path: Path) -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes) for every pin of a compiled file."""
    pins: dict[str, tuple[str, int]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := PIN.match(line):
            current = canonical(match.group(1))
            pins[current] = (match.group(2), 0)
        elif line.strip().startswith("--hash=sha256:") and current:
            version, hashes = pins[current]
            pins[current] = (version, hashes + 1)
    return pins


def top_level(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, sep, version = line.partition("==")
        assert sep and version, f"{path.name}: {line!r} is not pinned exactly"
        pins[canonical(name)] = version
    return pins


def test_every_locked_package_has_hashes():
    for name in ("requirements.txt", "requirements-dev.txt"):
        pins = locked(ROOT / name)
        assert len(pins) > 40, f"{name}: the lock parser"
        assert not [pkg for pkg, (_, hashes) in pins.items() if hashes == 0], name


def test_the_locks_hold_the_top_level_pins_and_agree_with_each_other():
    runtime, dev = locked(ROOT / "requirements.txt"), locked(ROOT / "requirements-dev.txt")
    for name, version in top_level(ROOT / "requirements.in").items():
        assert runtime[name][0] == version, name
    for name, version in top_level(ROOT / "requirements-dev.in").items():
        assert dev[name][0] == version, name
    # The test run installs exactly the versions production does.
    assert {name: dev[name][0] for name in runtime} == {name: version for name, (version, _) in runtime.items()}


def test_the_unused_packages_are_gone_and_the_new_ones_are_locked():
    runtime = locked(ROOT / "requirements.txt")
    assert not {"puremagic", "rapidfuzz"} & set(runtime)
    assert {"python-dotenv", "sentry-sdk", "django-htmx", "setuptools"} <= set(runtime)
    assert "pip-tools" in locked(ROOT / "requirements-dev.txt") and "pip-tools" not in runtime
