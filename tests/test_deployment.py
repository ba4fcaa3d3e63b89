"""Production packaging: the Dockerfile, docker-compose.yml and the settings they start.

No Docker engine runs where the tests do, so the files are checked as text and
YAML, Compose's own `config` validates the file when `docker-compose` (or the
`docker compose` plugin) is installed, and `manage.py check --deploy` proves the
settings start with exactly the environment the compose file gives the web service.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import os
import re
import secrets
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"

SERVICES = {"web", "worker", "beat", "migrate", "postgres", "redis", "mailpit"}
APP_SERVICES = ("web", "worker", "beat", "migrate")
LONG_RUNNING = ("web", "worker", "beat", "postgres", "redis", "mailpit")
SECRETS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY")
SHARED = {
    "DATABASE_URL": "postgres://recruitcrm:recruitcrm@postgres:5432/recruitcrm",
    "REDIS_URL": "redis://redis:6379/0",
    "EMAIL_URL": "smtp://mailpit:1025",
}
# Variables of docker-compose.yml that are not settings, so not in .env.example.
COMPOSE_ONLY = {
    "WEB_PORT": "the port on this machine that web is published on",
    "WEB_CONCURRENCY": "gunicorn's worker count, read by gunicorn itself",
}
# Set on web only: gunicorn's own.
WEB_ONLY = {"WEB_CONCURRENCY"}
# Off for a local try-out over plain HTTP; production sets them (README.md "Deployment").
HTTPS_DEFAULTS = {
    "SECURE_PROXY_SSL_HEADER": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "SECURE_HSTS_SECONDS": "0",
}

# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?error}, ${NAME?error}; $$ is a literal $.
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _secrets() -> dict[str, str]:
    return {"SECRET_KEY": secrets.token_urlsafe(50), "FIELD_ENCRYPTION_KEYS": f"1:{_key()}", "BLIND_INDEX_KEY": _key()}


def interpolate(value: str, variables: dict[str, str]) -> str:
    """Compose's substitution of ${...} in one value, from ``variables``."""

    def replace(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        current = variables.get(name)
        unset_or_empty = not current if op and op.startswith(":") else current is None
        if op and op.endswith("-") and unset_or_empty:
            return arg
        if op and op.endswith("?") and unset_or_empty:
            raise LookupError(f"{name}: {arg}")
        return current or ""

    return INTERPOLATION.sub(replace, value)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def environment(service: dict) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {name: "" if value is None else str(value) for name, value in env.items()}


def argv(command: str | list[str] | None) -> list[str]:
    if command is None:
        return []
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs: comment lines dropped, continuations joined."""
    lines = [line for line in DOCKERFILE.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    instructions = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def documented_variables() -> set[str]:
    """Names set in .env.example, commented-out examples (``# NAME=``) included."""
    text = ENV_EXAMPLE.read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def compose_command() -> list[str] | None:
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    if shutil.which("docker"):
        found = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
        if found.returncode == 0:
            return ["docker", "compose"]
    return None


# --- docker-compose.yml -------------------------------------------------------------


@pytest.mark.parametrize("secret_key_set", [True, False], ids=["secrets-set", "secret-key-unset"])
def test_compose_config_validates_and_requires_the_secrets(tmp_path, secret_key_set):
    command = compose_command()
    if command is None:
        pytest.skip("neither docker-compose nor the docker compose plugin is installed")
    # A clean environment and an empty env file: neither the test run's variables
    # nor a developer's .env may stand in for the secrets.
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), **_secrets()}
    if not secret_key_set:
        del env["SECRET_KEY"]
    options = ["--project-directory", str(ROOT), "--env-file", str(empty_env_file), "-f", str(COMPOSE_FILE)]
    result = subprocess.run(
        [*command, *options, "config", "-q"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if secret_key_set:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "set SECRET_KEY in .env" in result.stderr


def test_compose_has_every_service_and_no_version_key(compose, services):
    assert "version" not in compose, "the Compose specification has no version key"
    assert set(services) >= SERVICES


def test_worker_and_beat_run_the_recruitcrm_celery_app(services):
    for name, role in (("worker", "worker"), ("beat", "beat")):
        command = argv(services[name].get("command"))
        assert command[:3] == ["celery", "-A", "recruitcrm"], command
        assert command[3] == role, command
    assert "--schedule" in argv(services["beat"]["command"])


def test_web_runs_gunicorn_on_the_wsgi_application(services):
    command = argv(services["web"].get("command"))
    if not command:
        # The image's default command: the last CMD of the Dockerfile.
        cmd = [args for keyword, args in dockerfile_instructions() if keyword == "CMD"][-1]
        command = json.loads(cmd)
    assert command[0] == "gunicorn" and "recruitcrm.wsgi" in command, command
    assert "0.0.0.0:8000" in command, command
    assert command[command.index("--access-logfile") + 1] == "-", "access log goes to stdout"
    assert "${WEB_PORT:-8000}:8000" in services["web"]["ports"]


def test_migrations_run_once_before_the_app_services(services):
    assert argv(services["migrate"]["command"]) == ["python", "manage.py", "migrate", "--noinput"]
    assert services["migrate"].get("restart", "no") == "no"
    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["migrate"]["condition"] == "service_completed_successfully", name
        assert depends_on["postgres"]["condition"] == "service_healthy", name
        assert depends_on["redis"]["condition"] == "service_healthy", name
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_backing_services_have_health_checks_and_data_volumes(compose, services):
    for name in ("postgres", "redis"):
        assert services[name]["healthcheck"]["test"], name
    assert "pg_isready" in str(services["postgres"]["healthcheck"]["test"])
    assert re.fullmatch(r"postgres:1[5-9][.\w-]*", services["postgres"]["image"])
    assert re.fullmatch(r"redis:7[.\w-]*", services["redis"]["image"])
    assert services["mailpit"]["image"].startswith("axllent/mailpit:")
    assert any(port.endswith("8025:8025") for port in services["mailpit"]["ports"])
    volume = next(v for v in services["postgres"]["volumes"] if v.endswith(":/var/lib/postgresql/data"))
    assert volume.split(":")[0] in compose["volumes"], "PostgreSQL keeps its data in a named volume"
    for name in LONG_RUNNING:
        assert services[name].get("restart") == "unless-stopped", name


def test_app_services_share_one_environment(services):
    web = environment(services["web"])
    for name in APP_SERVICES:
        env = environment(services[name])
        for variable, expected in SHARED.items():
            assert env.get(variable) == expected, (name, variable)
        # Everything but gunicorn's own settings is the same in every app service.
        common = {k: v for k, v in env.items() if k not in WEB_ONLY}
        assert common == {k: v for k, v in web.items() if k not in WEB_ONLY}, name
        assert env.get("MEDIA_ROOT") and any(
            volume.endswith(":" + env["MEDIA_ROOT"]) for volume in services[name]["volumes"]
        ), f"{name}: uploaded files live in a volume"


def test_secrets_are_required_and_https_defaults_are_overridable(services):
    env = environment(services["web"])
    assert env["DEBUG"] == "false"
    for name in SECRETS:
        assert re.fullmatch(rf"\$\{{{name}:\?[^}}]+\}}", env[name]), f"{name} must use ${{{name}:?message}}"
    assert env["ALLOWED_HOSTS"] == "${ALLOWED_HOSTS:-localhost}"
    for name, default in HTTPS_DEFAULTS.items():
        assert env[name] == f"${{{name}:-{default}}}", name


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in (*_strings(key), *_strings(value))]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return [node] if isinstance(node, str) else []


def test_every_variable_is_documented_in_env_example(compose, services):
    documented = documented_variables()
    assert {"SECRET_KEY", "DATABASE_URL"} <= documented, "the .env.example parser"
    for name in APP_SERVICES:
        undocumented = set(environment(services[name])) - documented - set(COMPOSE_ONLY)
        assert not undocumented, f"{name} sets variables .env.example does not document: {sorted(undocumented)}"
    substituted = {
        m.group("name") for text in _strings(compose) for m in INTERPOLATION.finditer(text) if m.group("name")
    }
    assert not substituted - documented - set(COMPOSE_ONLY), sorted(substituted - documented - set(COMPOSE_ONLY))
    assert set(COMPOSE_ONLY) <= substituted, "an exemption docker-compose.yml no longer needs"
    assert not set(COMPOSE_ONLY) & documented, "documented in .env.example: drop it from COMPOSE_ONLY"


# --- Dockerfile and .dockerignore ----------------------------------------------------


def test_dockerfile_pins_its_base_and_runs_as_a_user():
    instructions = dockerfile_instructions()
    bases = [args.split()[0] for keyword, args in instructions if keyword == "FROM"]
    assert bases and all(re.fullmatch(r"[\w./-]+:[\w.-]*\d[\w.-]*(@sha256:[0-9a-f]{64})?", b) for b in bases), bases
    assert not any(b.endswith(":latest") for b in bases)
    assert re.fullmatch(r"python:3\.12\.\d+-slim-bookworm(@sha256:[0-9a-f]{64})?", bases[-1]), bases[-1]
    users = [args for keyword, args in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in {"root", "0"}, "the processes must not run as root"
    runs = [args for keyword, args in instructions if keyword == "RUN"]
    assert any("pip install --no-cache-dir -r requirements.txt" in run for run in runs)
    assert any("-r requirements.txt" in run and "--require-hashes" in run for run in runs), "installs the lock"


def test_web_is_healthy_only_while_healthz_answers(services):
    probe = ["python", "-m", "recruitcrm.healthcheck"]
    healthcheck = [args for keyword, args in dockerfile_instructions() if keyword == "HEALTHCHECK"][-1]
    assert json.loads(healthcheck.split(" CMD ", 1)[1]) == probe, healthcheck
    assert services["web"]["healthcheck"]["test"] == ["CMD", *probe]
    from recruitcrm.healthcheck import DEFAULT_URL

    # The probe asks the port gunicorn binds in the image, over plain HTTP.
    assert DEFAULT_URL == "http://127.0.0.1:8000/healthz"


def test_dockerfile_collects_static_files_with_the_manifest():
    runs = [args for keyword, args in dockerfile_instructions() if keyword == "RUN"]
    collect = next((run for run in runs if "collectstatic --noinput" in run), None)
    assert collect is not None, "the image must hold collected static files"
    # STATIC_MANIFEST defaults to `not DEBUG`: collected with DEBUG on, the files
    # would lack the manifest that the DEBUG=false processes serve from.
    assert "STATIC_MANIFEST=true" in collect or "DEBUG=true" not in collect, collect
    baked = {
        name
        for keyword, args in dockerfile_instructions()
        if keyword in {"ENV", "ARG"}
        for name in re.findall(r"(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=", args)
    }
    assert baked, "the ENV parser"
    leaked = baked & {*SECRETS, "DATABASE_URL", "REDIS_URL", "DEBUG", "STATIC_MANIFEST"}
    assert not leaked, f"{sorted(leaked)}: build-only values must stay on the collectstatic line"


def _ignored(path: str, patterns: list[str]) -> bool:
    """Roughly Docker's rule: the last matching pattern wins, ``!`` re-includes, a
    match on a folder excludes everything under it, ``**/`` matches at any depth."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    ignored = False
    for pattern in patterns:
        glob = pattern.removeprefix("!").strip("/")
        if glob.startswith("**/"):
            hit = any(fnmatch.fnmatchcase(prefix.rsplit("/", 1)[-1], glob[3:]) for prefix in prefixes)
        else:
            hit = any(fnmatch.fnmatchcase(prefix, glob) for prefix in prefixes)
        if hit:
            ignored = not pattern.startswith("!")
    return ignored


def test_dockerignore_keeps_local_state_and_secrets_out():
    patterns = [
        line.strip()
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    for path in (".venv", "var", ".git", ".env", "core/__pycache__", "node_modules", "var/test-artifacts"):
        assert _ignored(path, patterns), f"{path} must not go into the build context"
    for path in ("manage.py", "requirements.txt", "locale/zh_Hans/LC_MESSAGES/django.mo", "static/css", "templates"):
        assert not _ignored(path, patterns), f"{path} is needed in the image"


# --- The settings start with the compose environment --------------------------------


def _web_environment(services, **overrides: str) -> dict[str, str]:
    variables = {**_secrets(), **overrides}
    env = {name: interpolate(value, variables) for name, value in environment(services["web"]).items()}
    env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    env["REDIS_URL"] = os.environ["REDIS_URL"]
    return env


PRODUCTION = {
    "ALLOWED_HOSTS": "crm.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://crm.example.com",
    "SECURE_PROXY_SSL_HEADER": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SESSION_COOKIE_SECURE": "true",
    "CSRF_COOKIE_SECURE": "true",
    "SECURE_HSTS_SECONDS": "31536000",
}


@pytest.mark.parametrize(
    ("overrides", "fail_level"),
    [
        # The local try-out's HTTPS settings are off on purpose: errors only.
        ({}, "ERROR"),
        # README.md's production settings behind TLS: not even a warning.
        (PRODUCTION, "WARNING"),
    ],
    ids=["local-try-out", "production-behind-tls"],
)
def test_settings_pass_the_deploy_check_with_the_compose_environment(services, tmp_path, overrides, fail_level):
    env = _web_environment(services, **overrides)
    assert env["DEBUG"] == "false" and env["SECURE_SSL_REDIRECT"] == overrides.get("SECURE_SSL_REDIRECT", "false")
    env.update(PATH=os.environ["PATH"], HOME=str(tmp_path))
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", fail_level],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
