"""The zh-hans catalogue check that `make test` runs."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

BASE_DIR = Path(__file__).resolve().parents[2]
LOCALE = BASE_DIR / "locale"
PO = "zh_Hans/LC_MESSAGES/django.po"


@pytest.fixture
def source(tmp_path):
    """A source tree with one translated string and the project's catalogue."""
    (tmp_path / "app.py").write_text('from django.utils.translation import gettext as _\n\nHOME = _("Home")\n')
    shutil.copytree(LOCALE, tmp_path / "catalogue")
    return tmp_path


def check(source):
    call_command("check_translations", root=source, locale_dir=source / "catalogue")


def test_a_complete_catalogue_passes(source):
    check(source)


def test_the_check_fails_on_a_msgid_without_a_zh_hans_translation(source):
    (source / "new.py").write_text('from django.utils.translation import gettext as _\n\nX = _("Xyzzy plugh quux")\n')
    with pytest.raises(CommandError, match="untranslated: 'Xyzzy plugh quux'"):
        check(source)


def test_the_check_fails_on_a_fuzzy_entry(source):
    po = polib.pofile(str(source / "catalogue" / PO))
    entry = po.find("Home")
    entry.flags.append("fuzzy")
    po.save()
    po.save_as_mofile(str(source / "catalogue" / PO.replace(".po", ".mo")))
    with pytest.raises(CommandError, match="fuzzy: 'Home'"):
        check(source)


def test_the_check_fails_when_the_compiled_catalogue_is_stale(source):
    po = polib.pofile(str(source / "catalogue" / PO))
    po.find("Home").msgstr = "主页"
    po.save()  # the .mo still says 首页
    with pytest.raises(CommandError, match=r"django\.mo is stale for 1 entries \(e\.g\. 'Home'\)"):
        check(source)


def test_the_project_catalogue_is_complete():
    call_command("check_translations")
