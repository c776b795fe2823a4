"""Six students of the sample mixed paper (assets/sample_mixed_paper), marked for real: the
choice, multi and short rules and both code questions in a real sandbox. Their totals are
worked out by hand in TOTALS. Marked once per test process (`cohort()`), as the marking is
deterministic and the sandbox takes a few seconds.

  ada    every answer right, the reference solutions              30 / 30
  bruno  every answer wrong, code that runs and prints nothing    0 / 30 (all "wrong")
  chen   nothing at all: no hand-in, no autosave                  0 / 30 (all "unanswered")
  dagny  half right; word_counts passes 2 of its 5 cases (4 of 10 points); running_median
         is right but too slow for one hidden test (all or nothing: 0)      10 / 30
  emeka  dagny's answers, and the proctor's override of word_counts to 8     14 / 30
  farah  ada's code with every name changed (a copy); lookup wrong             28 / 30
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from proctor.common.protocol import canonical_work
from proctor.marking.engine import mark_question
from proctor.marking.paper_specs import paper_specs
from proctor.marking.results import Override, QuestionResult
from proctor.marking.sandbox import Sandbox, SandboxSettings
from proctor.paper.exam import ExamPaper
from proctor.paper.load import load_paper
from proctor.paper.variants import make_variant
from proctor.results.work import StudentWork

PAPER_DIR = Path(__file__).resolve().parents[2] / "assets" / "sample_mixed_paper"
RECEIVED_MS = 1_767_000_000_000  # 2025-12-29 09:20 UTC

RIGHT: dict[str, Any] = {
    "lookup": "dict",
    "stable_sorts": ["insertion sort", "merge sort"],
    "table_size": "4096",
    "halving_module": "bisect",
    "lifo": "stack",
    "deque_ops": ["popleft", "append", "appendleft"],
    "heap_root": "0",
    "binary_search_cost": "O(log n)",
}
WRONG: dict[str, Any] = {
    "lookup": "list",
    "stable_sorts": ["heapsort"],
    "table_size": "4095",
    "halving_module": "heapq",
    "lifo": "queue",
    "deque_ops": ["indexing the middle item"],
    "heap_root": "1",
    "binary_search_cost": "O(n)",
}
HALF: dict[str, Any] = RIGHT | {
    "stable_sorts": ["merge sort"],  # multi: all and only the right ones, so 0
    "table_size": "4,096",  # a thousands separator is fine
    "halving_module": " Bisect ",  # nocase
    "binary_search_cost": "O(n)",
}

WORD_COUNTS_WRONG = """import sys


def word_counts(text):
    return {}


if __name__ == "__main__":
    for word, n in sorted(word_counts(sys.stdin.read()).items()):
        print(word, n)
"""
RUNNING_MEDIAN_WRONG = """import sys


def running_median(numbers):
    return []


if __name__ == "__main__":
    print(" ".join(str(m) for m in running_median([int(w) for w in sys.stdin.read().split()])))
"""
WORD_COUNTS_HALF = """import sys


def word_counts(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def main():
    counts = word_counts(sys.stdin.read())
    for word in sorted(counts):
        print(word, counts[word])


if __name__ == "__main__":
    main()
"""
RUNNING_MEDIAN_SLOW = """import sys


def running_median(numbers):
    medians = []
    for end in range(1, len(numbers) + 1):
        prefix = sorted(numbers[:end])
        middle = end // 2
        if end % 2:
            medians.append(prefix[middle])
        else:
            medians.append((prefix[middle - 1] + prefix[middle]) / 2)
    return medians


def show(value):
    return str(int(value)) if value == int(value) else str(value)


def main():
    numbers = [int(word) for word in sys.stdin.read().split()]
    print(" ".join(show(m) for m in running_median(numbers)))


if __name__ == "__main__":
    main()
"""


def _renamed(source: str) -> str:
    """A copy with other names and comments: what similarity must still see through."""
    for old, new in (
        ("counts", "tally"),
        ("word", "token"),
        ("medians", "result"),
        ("low", "left_heap"),
        ("high", "right_heap"),
        ("number", "value"),
        ("numbers", "values"),
    ):
        source = re.sub(rf"\b{old}\b", new, source)
    return source.replace('"""', '"""Copied. ', 1)


def _solution(name: str) -> str:
    return (PAPER_DIR / "solutions" / name).read_text(encoding="utf-8")


@dataclass
class Student:
    key: str
    name: str
    reg_no: str
    answers: dict[str, Any]
    files: dict[str, str]
    from_snapshot: bool = False
    overrides: dict[str, Override] = field(default_factory=dict)


def students() -> list[Student]:
    good = {"word_counts.py": _solution("word_counts.py"),
            "running_median.py": _solution("running_median.py")}  # fmt: skip
    half = {"word_counts.py": WORD_COUNTS_HALF, "running_median.py": RUNNING_MEDIAN_SLOW}
    return [
        Student("ada", "Ada Lovelace", "CS/2021/001", dict(RIGHT), good),
        Student(
            "bruno",
            "Bruno Costa",
            "CS/2021/002",
            dict(WRONG),
            {"word_counts.py": WORD_COUNTS_WRONG, "running_median.py": RUNNING_MEDIAN_WRONG},
        ),  # fmt: skip
        Student("chen", "Chen Wei", "CS/2021/003", {}, {}, from_snapshot=True),
        Student("dagny", "Dagny Holm", "CS/2021/004", dict(HALF), half),
        Student(
            "emeka",
            "Emeka Eze",
            "CS/2021/005",
            dict(HALF),
            dict(half),
            overrides={"word_counts": Override(8, "Right idea; only the punctuation was missed")},
        ),  # fmt: skip
        Student(
            "farah",
            "Farah Haddad",
            "CS/2021/006",
            RIGHT | {"lookup": "tuple"},
            {name: _renamed(text) for name, text in good.items()},
            from_snapshot=True,
        ),  # fmt: skip
    ]


# Worked by hand from the paper: lookup 2, stable_sorts 2, table_size 1, halving_module 1,
# two warm-ups of 1, binary_search_cost 2, word_counts 10, running_median 10 = 30 points.
TOTALS = {
    "ada": 30.0,
    "bruno": 0.0,
    "chen": 0.0,
    "dagny": 2 + 0 + 1 + 1 + 2 + 0 + 4 + 0.0,
    "emeka": 2 + 0 + 1 + 1 + 2 + 0 + 8 + 0.0,
    "farah": 28.0,
}


@dataclass
class Cohort:
    paper: ExamPaper
    works: list[StudentWork]

    def work(self, key: str) -> StudentWork:
        return next(w for w in self.works if w.student_id == f"s-{key}")


def _mark_all(paper: ExamPaper, roster: list[Student]) -> list[StudentWork]:
    specs = paper_specs(paper)
    work_dir = Path(tempfile.mkdtemp(prefix="proctor-results-test-"))
    os.chmod(work_dir, 0o711)  # the sandbox's case uid must reach its folder
    sandbox = Sandbox(work_dir, 0, SandboxSettings())
    sandbox.start()
    try:
        works = []
        for student in roster:
            student_id = f"s-{student.key}"
            variant = make_variant(paper, student_id)
            answers = {q: a for q, a in student.answers.items() if q in variant.questions}
            marks: dict[str, QuestionResult] = {}
            for qid in variant.questions:
                spec = specs[qid]
                marks[qid] = mark_question(spec, answers.get(qid), student.files, sandbox)
            works.append(
                StudentWork(
                    student_id=student_id,
                    reg_no=student.reg_no,
                    name=student.name,
                    variant=variant,
                    answers=answers,
                    files=student.files,
                    from_snapshot=student.from_snapshot,
                    marks=marks,
                    overrides=student.overrides,
                    sha256=canonical_work(student.files, answers)[1] if student.files else None,
                    received_ms=None if not student.files else RECEIVED_MS,
                )
            )
        return works
    finally:
        sandbox.stop()
        shutil.rmtree(work_dir, ignore_errors=True)


@functools.cache
def cohort() -> Cohort:
    paper = load_paper(PAPER_DIR)
    return Cohort(paper, _mark_all(paper, students()))
