"""Fail when the zh-hans catalogue is incomplete or its compiled .mo is stale.

Extracts every translatable string of the source into a scratch copy of the
catalogue (the committed files are not touched), then reports each msgid that
has no translation or is marked fuzzy, and each entry where the committed .mo
disagrees with the committed .po.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import chdir
from io import StringIO
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

LOCALE = "zh_Hans"
IGNORE = ["locale", "var", "tests", "bench", "scripts", "static/vendor", "node_modules", "*/migrations"]
# Not copied into the scratch tree at all: large and without translatable strings.
COPY_IGNORE = ["var", "node_modules", "vendor", "__pycache__", "*.pyc", "*.png", "*.mo"]


def _entries(catalogue) -> dict[tuple[str | None, str], object]:
    return {
        (entry.msgctxt, entry.msgid): (entry.msgstr_plural or entry.msgstr)
        for entry in catalogue
        if entry.msgid and not entry.obsolete
    }


def find_problems(root: Path, locale_dir: Path) -> list[str]:
    problems: list[str] = []
    po_path = locale_dir / LOCALE / "LC_MESSAGES" / "django.po"
    mo_path = po_path.with_suffix(".mo")
    with tempfile.TemporaryDirectory() as scratch:
        # makemessages writes into any ``locale`` folder it finds beside the
        # sources, so it runs over a copy of the sources and the catalogue.
        tree = Path(scratch) / "tree"
        shutil.copytree(root, tree, ignore=shutil.ignore_patterns(".*", "locale", *COPY_IGNORE))
        if locale_dir.exists():
            shutil.copytree(locale_dir, tree / "locale")
        with override_settings(LOCALE_PATHS=[tree / "locale"]), chdir(tree):
            call_command(
                "makemessages",
                locale=[LOCALE],
                ignore_patterns=IGNORE,
                no_obsolete=True,
                verbosity=0,
                stdout=StringIO(),
            )
        fresh = polib.pofile(str(tree / "locale" / LOCALE / "LC_MESSAGES" / "django.po"))
    for entry in fresh.untranslated_entries():
        problems.append(f"untranslated: {entry.msgid!r} ({', '.join(f for f, _ in entry.occurrences[:2])})")
    for entry in fresh.fuzzy_entries():
        problems.append(f"fuzzy: {entry.msgid!r}")
    if po_path.exists():
        translated = _entries(polib.pofile(str(po_path)).translated_entries())
        compiled = _entries(polib.mofile(str(mo_path))) if mo_path.exists() else {}
        if translated != compiled:
            stale = sorted(
                repr(key[1]) for key in translated.keys() | compiled.keys() if translated.get(key) != compiled.get(key)
            )
            problems.append(
                f"{mo_path.name} is stale for {len(stale)} entries (e.g. {', '.join(stale[:3])}): run `make messages`"
            )
    return problems


class Command(BaseCommand):
    help = "Check that the zh-hans catalogue covers every string and its .mo is compiled."

    def add_arguments(self, parser):
        parser.add_argument("--root", type=Path, default=settings.BASE_DIR, help="source tree to extract from")
        parser.add_argument("--locale-dir", type=Path, default=None, help="catalogue folder (LOCALE_PATHS[0])")

    def handle(self, *args, root: Path, locale_dir: Path | None, **options):
        locale_dir = Path(locale_dir or settings.LOCALE_PATHS[0]).resolve()
        problems = find_problems(Path(os.path.abspath(root)), locale_dir)
        if problems:
            raise CommandError(
                "The zh-hans catalogue is incomplete ({} problems):\n  {}\n"
                "Translate them in {}, then run `make messages`.".format(
                    len(problems), "\n  ".join(problems), locale_dir / LOCALE / "LC_MESSAGES" / "django.po"
                )
            )
        self.stdout.write("zh-hans catalogue complete and compiled.")
