"""The mixed sample paper's code questions are sound: the reference solutions pass every
hidden test, example and case, and the starter files pass none of the tests. Run as real
processes in a folder holding only the student's files and the test, as marking will."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from proctor.paper.exam import LoadedQuestion
from proctor.paper.load import load_paper
from proctor.paper.model import CodeQuestion
from tests.paper.helpers import MIXED

RUN_TESTS = """
import importlib, sys
module = importlib.import_module(sys.argv[1])
names = [n for n in dir(module) if n.startswith("test")]
failed = 0
for name in names:
    try:
        getattr(module, name)()
    except Exception:
        failed += 1
print(len(names) - failed, failed)
"""


def run_tests(folder: Path, files: dict[str, str], name: str, text: str) -> tuple[int, int]:
    for file_name, content in {**files, name: text, "run_tests.py": RUN_TESTS}.items():
        (folder / file_name).write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "run_tests.py", name.removesuffix(".py")],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    passed, failed = done.stdout.split()
    return int(passed), int(failed)


def run_case(folder: Path, files: dict[str, str], main: str, stdin: str) -> str:
    for file_name, content in files.items():
        (folder / file_name).write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, main], cwd=folder, input=stdin, capture_output=True, text=True, timeout=60
    )
    return done.stdout


def solution(question: LoadedQuestion) -> dict[str, str]:
    return {n: (MIXED / "solutions" / n).read_text(encoding="utf-8") for n in question.starter}


@pytest.mark.parametrize("qid", ["word_counts", "running_median"])
def test_reference_solutions_pass_and_starters_fail(tmp_path: Path, qid: str) -> None:
    question = load_paper(MIXED).question(qid)
    spec = question.spec
    assert isinstance(spec, CodeQuestion) and question.tests and question.tests_name
    ((examples_name, examples),) = (question.examples or {}).items()
    for kind, files in (("solution", solution(question)), ("starter", question.starter)):
        folder = tmp_path / kind
        folder.mkdir()
        hidden = run_tests(folder, files, question.tests_name, question.tests)
        shown = run_tests(folder, files, examples_name, examples)
        outputs = [run_case(folder, files, spec.main_file, c.input) for c in spec.cases]
        expected = [c.output for c in spec.cases]
        if kind == "solution":
            assert hidden[1] == 0 and hidden[0] >= 2 and shown[1] == 0
            assert outputs == expected
        else:
            assert hidden[0] == 0 and shown[0] == 0
            assert all(o != e for o, e in zip(outputs, expected, strict=True))
