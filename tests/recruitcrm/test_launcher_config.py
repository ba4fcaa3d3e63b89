"""The launcher's configuration, without starting it: the .env file and the web
server's command line."""

from __future__ import annotations

import fcntl
import os
import subprocess
from pathlib import Path

import pytest

from recruitcrm import connection_budget, launcher

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def clean_environ(monkeypatch):
    for name in ("RC_TEST_SET", "RC_TEST_NEW", "RC_TEST_QUOTED", "RC_TEST_EXPORTED", "RC_TEST_REF"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_dotenv_fills_the_environment_but_variables_already_set_win(tmp_path, clean_environ):
    clean_environ.setenv("RC_TEST_SET", "from the shell")
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# a comment\n"
        "RC_TEST_SET=from the file\n"
        "RC_TEST_NEW=plain # trailing comment\n"
        "RC_TEST_QUOTED='a b=c'\n"
        'export RC_TEST_EXPORTED="x"\n'
        "RC_TEST_REF=${RC_TEST_NEW}-ref\n",
        encoding="utf-8",
    )
    launcher.load_dotenv(dotenv)
    assert os.environ["RC_TEST_SET"] == "from the shell"
    assert os.environ["RC_TEST_NEW"] == "plain"
    assert os.environ["RC_TEST_QUOTED"] == "a b=c"
    assert os.environ["RC_TEST_EXPORTED"] == "x"
    assert os.environ["RC_TEST_REF"] == "plain-ref"


def test_a_missing_dotenv_file_changes_nothing(tmp_path):
    before = dict(os.environ)
    launcher.load_dotenv(tmp_path / ".env")
    assert dict(os.environ) == before


@pytest.mark.parametrize("line", ["RC TEST=1", 'RC_TEST_NEW="unterminated', "RC_TEST_NEW", "RC-TEST=1"])
def test_a_malformed_dotenv_line_stops_start_up_naming_the_line(tmp_path, clean_environ, line):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"RC_TEST_QUOTED=fine\n{line}\n", encoding="utf-8")
    with pytest.raises(launcher.LaunchError) as raised:
        launcher.load_dotenv(dotenv)
    assert str(raised.value) == f"{dotenv}:2: expected KEY=VALUE, got {line!r}"
    assert "RC_TEST_QUOTED" not in os.environ, "nothing is loaded from a malformed file"


def test_the_web_server_is_gunicorn_with_threads_sized_by_the_connection_budget():
    argv = launcher.web_command("127.0.0.1", 8000, reload=False)
    assert argv[1:4] == ["-m", "gunicorn", "recruitcrm.wsgi"]
    options = dict(zip(argv[4::2], argv[5::2], strict=False))
    assert options["--bind"] == "127.0.0.1:8000"
    assert options["--worker-class"] == "gthread"
    assert int(options["--workers"]) == connection_budget.WEB_WORKERS
    assert int(options["--threads"]) == connection_budget.WEB_THREADS
    assert options["--access-logfile"] == "-"
    assert "--reload" not in argv
    assert "--no-control-socket" in argv, "two checkouts' servers would share one control socket"


def test_the_web_server_reloads_only_when_asked():
    assert "--reload" in launcher.web_command("127.0.0.1", 8000, reload=True)
    ipv6 = launcher.web_command("::1", 8001, reload=False)
    assert ipv6[ipv6.index("--bind") + 1] == "[::1]:8001"


@pytest.mark.parametrize(
    ("variable", "flag"), [("", False), ("RELOAD=1", True), ("RELOAD=true", True), ("RELOAD=0", False)]
)
def test_make_run_passes_reload_to_the_launcher_only_when_asked(variable, flag):
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run", *([variable] if variable else [])],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    run_line = result.stdout.strip().splitlines()[-1]
    assert "-m recruitcrm.launcher run" in run_line
    assert ("--reload" in run_line.split()) is flag, run_line


# --- attach: a command beside a running `make run` -------------------------------------


def hold_the_lock(var_dir: Path):
    """What a running launcher holds on ``var_dir``."""
    var_dir.mkdir(parents=True, exist_ok=True)
    lock = open(var_dir / "launcher.lock", "w")  # noqa: SIM115 - held until the test closes it
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return lock


def test_attach_runs_the_command_with_the_running_products_services(tmp_path, monkeypatch):
    var_dir = tmp_path / "var"
    lock = hold_the_lock(var_dir)
    try:
        monkeypatch.setenv("DATABASE_URL", "postgres://running/recruitcrm")
        launcher._publish(var_dir)  # as `run` does once its services are up
        assert oct(launcher._published_path(var_dir).stat().st_mode & 0o777) == "0o600"
        monkeypatch.setenv("DATABASE_URL", "postgres://elsewhere/none")
        seen = tmp_path / "seen"
        code = launcher.attach_command(["sh", "-c", f'printf %s "$DATABASE_URL" > {seen}'], var_dir)
        assert code == 0
        assert seen.read_text() == "postgres://running/recruitcrm"
    finally:
        lock.close()


def test_attach_beside_a_launcher_that_is_not_make_run_says_so(tmp_path):
    var_dir = tmp_path / "var"
    lock = hold_the_lock(var_dir)
    try:
        with pytest.raises(launcher.LaunchError, match="is not `make run`"):
            launcher.attach_command(["true"], var_dir)
    finally:
        lock.close()


def test_attach_without_a_running_launcher_starts_the_services_as_exec_does(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(launcher, "run_command", lambda command, var_dir: calls.append((command, var_dir)) or 0)
    assert launcher.attach_command(["true"], tmp_path / "var") == 0
    assert calls == [(["true"], tmp_path / "var")]


def test_the_keys_are_generated_once_kept_for_this_user_only_and_read_back(tmp_path):
    created = launcher.local_secrets(tmp_path, create=True)
    path = tmp_path / launcher.SECRETS_FILE
    assert set(created) == {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "BLIND_INDEX_KEY"}
    assert path.stat().st_mode & 0o777 == 0o600
    assert launcher.local_secrets(tmp_path, create=True) == created
    assert launcher.local_secrets(tmp_path, create=False) == created
    assert created["FIELD_ENCRYPTION_KEYS"] != launcher._settings_dev_value("DEV_FIELD_ENCRYPTION_KEYS")
    assert created["BLIND_INDEX_KEY"] != launcher._settings_dev_value("DEV_BLIND_INDEX_KEY")
    assert launcher.local_secrets(tmp_path / "elsewhere", create=True) != created


def test_exec_finds_no_keys_where_make_run_never_ran(tmp_path):
    assert launcher.local_secrets(tmp_path, create=False) == {}
    assert not (tmp_path / launcher.SECRETS_FILE).exists()


def test_a_database_made_before_the_keys_file_keeps_the_development_keys_it_was_encrypted_with(tmp_path):
    (tmp_path / "postgres").mkdir()
    (tmp_path / "postgres" / "PG_VERSION").write_text("16\n")
    kept = launcher.local_secrets(tmp_path, create=True)
    assert kept["FIELD_ENCRYPTION_KEYS"] == launcher._settings_dev_value("DEV_FIELD_ENCRYPTION_KEYS")
    assert kept["BLIND_INDEX_KEY"] == launcher._settings_dev_value("DEV_BLIND_INDEX_KEY")
    assert kept["SECRET_KEY"] != launcher._settings_dev_value("DEV_SECRET_KEY")


def test_production_settings_are_opened_only_as_far_as_the_local_http_url_needs():
    env = launcher.local_http_env("127.0.0.1")
    assert env["ALLOWED_HOSTS"] == "localhost,127.0.0.1,[::1]"
    assert env["SECURE_SSL_REDIRECT"] == env["SESSION_COOKIE_SECURE"] == env["CSRF_COOKIE_SECURE"] == "false"
    assert env["SECURE_HSTS_SECONDS"] == "0"
    assert launcher.local_http_env("192.168.1.20")["ALLOWED_HOSTS"].endswith(",192.168.1.20")
    assert launcher.local_http_env("::1")["ALLOWED_HOSTS"] == "localhost,127.0.0.1,[::1]"


def test_make_run_does_not_turn_debug_on(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "run"], cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    run_line = result.stdout.strip().splitlines()[-1]
    assert "-m recruitcrm.launcher run" in run_line and "DEBUG" not in run_line, run_line
