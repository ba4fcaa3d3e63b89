"""The labelled resume corpus and the parser's bars on it (bench/parse)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bench.resume_parsing import CORPUS, bars_missed, corpus_measure
from tests.candidates.resume_corpus.generate import corpus_generate

ROOT = Path(__file__).resolve().parents[2]


def test_the_corpus_holds_sixty_resumes_in_both_languages_both_formats_and_six_layouts():
    labels = [json.loads(path.read_text()) for path in CORPUS.glob("*.json")]
    assert len(labels) >= 60
    languages = Counter(label["language"] for label in labels)
    assert languages["zh-hans"] >= 30 and languages["en"] >= 30
    assert {label["format"] for label in labels} == {"pdf", "docx"}
    assert len({label["layout"] for label in labels}) >= 6
    assert {(label["layout"], label["format"]) for label in labels} >= {
        ("two_column", "pdf"),
        ("two_column", "docx"),
        ("table", "pdf"),
        ("table", "docx"),
    }
    assert sum(path.stat().st_size for path in CORPUS.iterdir()) < 3 * 1024 * 1024


def test_regenerating_the_corpus_gives_the_same_labels(tmp_path):
    corpus_generate(tmp_path)
    committed = sorted(path.name for path in CORPUS.glob("*.json"))
    assert sorted(path.name for path in tmp_path.glob("*.json")) == committed
    for name in committed:
        assert json.loads((tmp_path / name).read_text()) == json.loads((CORPUS / name).read_text()), name


def test_the_parser_meets_its_bars_on_the_corpus():
    tallies = corpus_measure()
    assert bars_missed(tallies) == []
    assert tallies["work"].expected >= 100


def test_bench_parse_prints_the_figures_and_fails_below_a_bar(tmp_path):
    env = {**os.environ, "BENCH_PYTHON": sys.executable}
    run = subprocess.run([str(ROOT / "bench" / "parse")], capture_output=True, text=True, env=env, check=False)
    assert run.returncode == 0, run.stderr
    assert "| email |" in run.stdout and "| work |" in run.stdout
    # A corpus whose labels the parser cannot meet: the command says so and fails.
    for path in list(CORPUS.glob("en-0*.json"))[:3]:
        label = json.loads(path.read_text())
        label["email"] = "someone.else@example.com"
        (tmp_path / path.name).write_text(json.dumps(label))
        (tmp_path / label["file"]).write_bytes((CORPUS / label["file"]).read_bytes())
    run = subprocess.run(
        [str(ROOT / "bench" / "parse"), "--corpus", str(tmp_path)], capture_output=True, text=True, env=env, check=False
    )
    assert run.returncode == 1
    assert "below the bar: email" in run.stderr
