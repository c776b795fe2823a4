"""A whole mixed paper for 30 students (well, badly, not at all, hostile), marked through the
real pool and sandbox, against totals worked by hand; then a proctor's override survives
re-marking everyone."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from proctor.marking.analytics import analyze
from proctor.marking.engine import mark_paper, mark_question
from proctor.marking.pool import MarkingPool
from proctor.marking.results import Override, QuestionResult
from proctor.marking.specs import CaseSpec, ChoiceSpec, CodeSpec, MultiSpec, ShortSpec

STARTER = "def word_counts(text):\n    return {}\n"
HIDDEN = """from word_counts import word_counts

def test_simple():
    assert word_counts("a b a") == {"a": 2, "b": 1}

def test_empty():
    assert word_counts("") == {}
"""
PAPER = {
    "q1": ChoiceSpec("q1", ("list", "dict", "tuple"), "dict", points=2),
    "q2": MultiSpec("q2", ("a", "b", "c", "d"), ("a", "c"), points=3),
    "q3": ShortSpec("q3", ("1024",), "number", points=2),
    "q4": CodeSpec(
        "q4",
        files=("word_counts.py",),
        tests=HIDDEN,
        tests_name="tests/q4_hidden.py",
        cases=(
            CaseSpec("a b a\n", "a 2\nb 1\n", hidden=False),
            CaseSpec("x\n", "x 1\n"),
            CaseSpec("\n", ""),
        ),
        time_limit_s=1,
        points=10,
        starter={"word_counts.py": STARTER},
    ),
}
GOOD = """import sys

def word_counts(text):
    counts = {}
    for word in text.split():
        counts[word] = counts.get(word, 0) + 1
    return counts

if __name__ == "__main__":
    for word, n in word_counts(sys.stdin.read()).items():
        print(word, n)
"""
NO_MAIN = (
    "def word_counts(text):\n"
    "    from collections import Counter\n"
    "    return dict(Counter(text.split()))\n"
)
HOSTILE = [
    "print(open('/etc/passwd').read())\n" + GOOD,
    "import os\nos.fork()\n" + GOOD,
    "while True:\n    pass\n",
    "import socket\nsocket.create_connection(('127.0.0.1', 9))\n" + GOOD,
]


def answers(kind: str, index: int) -> tuple[dict[str, object], dict[str, str]]:
    if kind == "good":
        return {"q1": "dict", "q2": ["c", "a"], "q3": "1,024"}, {"word_counts.py": GOOD}
    if kind == "bad":
        return {"q1": "list", "q2": ["a"], "q3": "1000"}, {"word_counts.py": NO_MAIN}
    if kind == "none":
        return {"q1": None, "q2": None, "q3": ""}, {"word_counts.py": STARTER}
    return {"q1": "dict", "q2": ["a", "c"], "q3": "1024"}, {"word_counts.py": HOSTILE[index]}


# Hand-worked: good 2+3+2+10 = 17 (100 %); bad 0+0+0+6 (the two hidden tests, and the
# empty-input case, which prints nothing as expected: 3 of 5 cases) = 6 (35.29 %);
# none 0 (everything unanswered); hostile 2+3+2+0 = 7 (41.18 %). Max 17, pass 50 %.
STUDENTS = (
    [("good", i) for i in range(10)]
    + [("bad", i) for i in range(8)]
    + [("none", i) for i in range(8)]
    + [("hostile", i) for i in range(4)]
)
EXPECTED = {"good": (17.0, 100.0, True), "bad": (6.0, 35.29, False), "none": (0.0, 0.0, False)}
EXPECTED["hostile"] = (7.0, 41.18, False)


async def mark_all(pool: MarkingPool) -> dict[str, dict[str, QuestionResult]]:
    marks: dict[str, dict[str, QuestionResult]] = {}
    code_jobs = []
    for n, (kind, i) in enumerate(STUDENTS):
        sid = f"s{n:02d}"
        given, files = answers(kind, i)
        marks[sid] = {q: mark_question(PAPER[q], given[q]) for q in ("q1", "q2", "q3")}
        code_jobs.append((sid, pool.mark((sid, "q4"), PAPER["q4"], files=files)))
    for sid, job in code_jobs:
        marks[sid]["q4"] = await job
    return marks


@pytest.mark.slow
async def test_a_whole_paper(work_dir: Path) -> None:
    with MarkingPool(work_dir=work_dir / "paper-pool") as pool:
        pool.use_all_cores()
        marks = await asyncio.wait_for(mark_all(pool), timeout=240)
        for n, (kind, _) in enumerate(STUDENTS):
            sid = f"s{n:02d}"
            total = mark_paper(marks[sid], {}, pass_percent=50)
            assert (total.points, total.percent, total.passed) == EXPECTED[kind], (sid, kind)
            assert total.max_points == 17
        statuses = {kind: marks[f"s{n:02d}"]["q4"].status for n, (kind, _) in enumerate(STUDENTS)}
        assert statuses == {
            "good": "correct",
            "bad": "partial",
            "none": "unanswered",
            "hostile": "wrong",
        }
        hostile = [marks[f"s{n:02d}"]["q4"] for n, (k, _) in enumerate(STUDENTS) if k == "hostile"]
        reasons = [r.cases[0].message for r in hostile]
        assert "refused: tried to open /etc/passwd" in reasons[0]
        assert "refused: tried to start a process" in reasons[1]
        assert "used more than 1 s of CPU" in reasons[2]
        assert "refused: tried to use the network" in reasons[3]

        # the proctor overrides one bad student's code mark, then everyone is re-marked
        overrides = {"s10": {"q4": Override(8, "the output format was ambiguous")}}
        again = await asyncio.wait_for(mark_all(pool), timeout=240)
        total = mark_paper(again["s10"], overrides["s10"], pass_percent=50)
        assert (total.points, total.percent) == (8.0, 47.06)
        q4 = total.by_question["q4"]
        assert q4.override is not None and q4.auto_points == 6.0 and q4.status == "partial"

    report = analyze(list(marks.values()), {q: s.points for q, s in PAPER.items()})
    q4_stats = report["questions"][3]
    assert q4_stats["answered"] == 22 and q4_stats["mean_points"] == round((100 + 48) / 30, 4)
    assert [t["name"] for t in q4_stats["tests"]] == [
        "test_simple",
        "test_empty",
        "case 2",
        "case 3",
    ]
