"""`proctor paper check PATH` as a real process: the host's problems and exit 1, or a summary
and exit 0."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.helpers.constants import ROOT
from tests.paper.helpers import MIXED


def proctor(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "proctor", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=ROOT,
    )


def test_a_good_paper_gets_a_summary_and_exit_0() -> None:
    done = proctor("paper", "check", str(MIXED))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"Data structures: a mixed sample paper  ({MIXED})"
    assert lines[1] == "questions: 10 (6 in paper.toml, 4 in bank/dsa_basics.toml)"
    assert lines[2] == "  choice 3 · multi 2 · short 3 · code 2"
    assert "pool warmup: draws 2 of 3" in lines
    assert "each student: 9 questions, 30 points" in lines
    assert any(line.startswith("variants: 3 question sets;") for line in lines)
    assert len(lines) <= 24  # one screen
    assert proctor("paper", "check", str(MIXED / "paper.toml")).returncode == 0


def test_a_paper_without_paper_toml_is_summarised_too() -> None:
    done = proctor("paper", "check", str(ROOT / "assets" / "sample_paper"))
    assert done.returncode == 0
    assert "no paper.toml: instructions and 1 starter file" in done.stdout


def test_a_broken_paper_prints_every_problem_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "paper"
    shutil.copytree(MIXED, folder)
    toml = (folder / "paper.toml").read_text(encoding="utf-8")
    toml = toml.replace('answer = "dict"', 'answer = "dict2"').replace("draw = 2", "draw = 5")
    (folder / "paper.toml").write_text(toml, encoding="utf-8")
    (folder / "tests" / "word_counts_hidden.py").unlink()
    done = proctor("paper", "check", str(folder))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        'paper.toml:14: pool "warmup": draws 5 but has 3 questions',
        'paper.toml:23: question "lookup": answer "dict2" is not one of its options',
        'paper.toml:64: question "word_counts": tests "tests/word_counts_hidden.py" does not exist',
        "3 problems: a host would refuse this paper",
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert proctor("paper").returncode == 2
    assert proctor("paper", "lint", "x").returncode == 2
    missing = proctor("paper", "check", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "the paper folder does not exist" in missing.stdout


def test_the_schema_command_prints_the_schema() -> None:
    done = proctor("paper", "schema")
    assert done.returncode == 0
    assert done.stdout == (ROOT / "docs" / "paper.schema.json").read_text(encoding="utf-8")
