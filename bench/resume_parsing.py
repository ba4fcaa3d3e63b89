"""bench/parse: the resume parser measured on the labelled corpus.

Each file of tests/candidates/resume_corpus/files goes through the real text
extraction (candidates.tasks.extract_text: pypdf, python-docx) and the parser
with the starting skills vocabulary; the result is compared with its label
JSON. Prints precision and recall per field and exits 1 when a bar is missed
(BARS). A work-history entry matches when its company and title match and its
start year does; an education entry when its school and degree match and its
start year does; skills count one by one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "candidates" / "resume_corpus" / "files"
SCALARS = ("full_name", "email", "phone", "city", "title", "company")
FIELDS = (*SCALARS, "work", "education", "skills")
# (field, precision at least, recall at least)
BARS = (("email", 0.98, 0.98), ("phone", 0.98, 0.98), ("full_name", 0.9, 0.9), ("work", 0.75, 0.75))


@dataclass
class Tally:
    predicted: int = 0
    expected: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0


def _norm(value: str | None) -> str:
    return re.sub(r"[\s.,'’·\-–—()（）]+", "", (value or "")).casefold()


def _year(value) -> str:
    return str(value)[:4] if value else ""


def _match(found: list[tuple], truth: list[tuple]) -> int:
    remaining = list(truth)
    matched = 0
    for key in found:
        if key in remaining:
            remaining.remove(key)
            matched += 1
    return matched


def corpus_measure(directory: Path = CORPUS) -> dict[str, Tally]:
    """Parse every labelled file under ``directory``; a Tally per field."""
    from candidates.parsing import SkillVocabularyEntry, resume_parse
    from candidates.parsing.vocabulary import DEFAULT_SKILLS
    from candidates.tasks import extract_text
    from candidates.uploads import DOCX, PDF

    vocabulary = [SkillVocabularyEntry(name, aliases) for name, aliases in DEFAULT_SKILLS]
    tallies = {name: Tally() for name in FIELDS}
    for label_path in sorted(directory.glob("*.json")):
        label = json.loads(label_path.read_text())
        content = (directory / label["file"]).read_bytes()
        text = extract_text(content, PDF if label["format"] == "pdf" else DOCX)
        parsed = resume_parse(text, skills=vocabulary, region="CN")
        for name in SCALARS:
            got, want = getattr(parsed, name), label[name]
            tally = tallies[name]
            tally.predicted += bool(got)
            tally.expected += bool(want)
            if got and want and _norm(got) == _norm(want):
                tally.correct += 1
            elif got or want:
                tally.misses.append(f"{label['file']}: {got!r} ≠ {want!r}")
        pairs = {
            "work": (
                [(_norm(e.company), _norm(e.title), _year(e.start)) for e in parsed.work],
                [(_norm(e["company"]), _norm(e["title"]), _year(e["start"])) for e in label["work"]],
            ),
            "education": (
                [(_norm(e.school), _norm(e.degree), _year(e.start)) for e in parsed.education],
                [(_norm(e["school"]), _norm(e["degree"]), _year(e["start"])) for e in label["education"]],
            ),
            "skills": ([(s,) for s in parsed.skills], [(s,) for s in label["skills"]]),
        }
        for name, (found, truth) in pairs.items():
            tally = tallies[name]
            matched = _match(found, truth)
            tally.predicted += len(found)
            tally.expected += len(truth)
            tally.correct += matched
            if matched != len(found) or matched != len(truth):
                tally.misses.append(f"{label['file']}: {found} ≠ {truth}")
    return tallies


def bars_missed(tallies: dict[str, Tally]) -> list[str]:
    missed = []
    for name, precision, recall in BARS:
        tally = tallies[name]
        if tally.precision < precision or tally.recall < recall:
            missed.append(
                f"{name}: precision {tally.precision:.3f} (≥ {precision}), recall {tally.recall:.3f} (≥ {recall})"
            )
    return missed


def table(tallies: dict[str, Tally], files: int) -> str:
    bars = {name: (p, r) for name, p, r in BARS}
    lines = [
        f"Resume parsing on {files} labelled resumes",
        "",
        "| field | precision | recall | found | expected | bar |",
        "|---|---|---|---|---|---|",
    ]
    for name in FIELDS:
        tally = tallies[name]
        bar = f"≥ {bars[name][0]}" if name in bars else ""
        lines.append(
            f"| {name} | {tally.precision:.3f} | {tally.recall:.3f} | {tally.predicted} | {tally.expected} | {bar} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/parse", description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the figures as JSON here")
    parser.add_argument("--show-misses", action="store_true", help="print every value that did not match")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    # Text extraction needs Django's settings, never its database.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recruitcrm.settings")
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recruitcrm")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
    import django

    django.setup()
    tallies = corpus_measure(args.corpus)
    files = len(list(args.corpus.glob("*.json")))
    print(table(tallies, files))
    if args.show_misses:
        for name, tally in tallies.items():
            for miss in tally.misses:
                print(f"  {name}: {miss}")
    if args.json:
        figures = {name: {"precision": t.precision, "recall": t.recall} for name, t in tallies.items()}
        args.json.write_text(json.dumps(figures, indent=1))
    missed = bars_missed(tallies)
    for line in missed:
        print(f"✗ below the bar: {line}", file=sys.stderr)
    return 1 if missed or files == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
