"""The launcher's configuration, without starting it: the .env file and the web
server's command line."""

from __future__ import annotations

import os

import pytest

from recruitcrm import launcher


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
