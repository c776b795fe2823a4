"""Item analysis against figures worked by hand (five students, three questions)."""

from __future__ import annotations

import math

import pytest

from proctor.marking.analytics import analyze, cronbach_alpha, histogram, pearson
from proctor.marking.results import CaseResult, QuestionResult
from proctor.marking.rules import status_for

Q1 = [2, 2, 0, 2, 0]  # max 2
Q2 = [3, 0, 0, 3, 3]  # max 3
Q3 = [5, 4, 1, 2, 0]  # max 5; totals 10, 6, 1, 7, 3 -> percents 100, 60, 10, 70, 30
Q3_CASES = [(True, True), (True, False), (False, False), (True, False), None]  # None: unanswered


def result(points: float, top: float, cases: tuple[bool, ...] | None = ()) -> QuestionResult:
    if cases is None:
        return QuestionResult(0.0, top, "unanswered")
    run = tuple(CaseResult(f"test_{i}", ok, True) for i, ok in enumerate(cases))
    return QuestionResult(float(points), top, status_for(points, top), run)


@pytest.fixture
def students() -> list[dict[str, QuestionResult]]:
    return [
        {"q1": result(a, 2), "q2": result(b, 3), "q3": result(c, 5, cases)}
        for a, b, c, cases in zip(Q1, Q2, Q3, Q3_CASES, strict=True)
    ]


def test_paper_figures(students: list[dict[str, QuestionResult]]) -> None:
    report = analyze(students, {"q1": 2, "q2": 3, "q3": 5})
    assert report["mean"] == 54.0
    assert report["median"] == 60.0
    assert report["sd"] == pytest.approx(math.sqrt(1230), abs=1e-4)  # 35.0714
    assert report["alpha"] == 0.5  # 3/2 * (1 - 8.2 / 12.3)
    counts = [b["count"] for b in report["histogram"]]
    assert counts == [0, 1, 0, 1, 0, 0, 1, 1, 0, 1]
    assert report["histogram"][0] == {"from": 0.0, "to": 10.0, "count": 0}


def test_question_figures(students: list[dict[str, QuestionResult]]) -> None:
    q1, q2, q3 = analyze(students, {"q1": 2, "q2": 3, "q3": 5})["questions"]
    assert (q1["facility"], q2["facility"], q3["facility"]) == (0.6, 0.6, 0.48)
    assert q1["discrimination"] == pytest.approx(8.8 / math.sqrt(4.8 * 26.8), abs=1e-4)  # 0.7759
    assert q2["discrimination"] == pytest.approx(0.6 / math.sqrt(10.8 * 37.2), abs=1e-4)  # 0.0299
    assert (q1["check"], q2["check"]) == (False, True)
    assert (q1["mean_points"], q3["mean_points"]) == (1.2, 2.4)
    assert q3["answered"] == 4 and q1["answered"] == 5
    assert q3["tests"] == [
        {"name": "test_0", "pass_rate": 0.75, "students": 4},
        {"name": "test_1", "pass_rate": 0.25, "students": 4},
    ]


def test_degenerate_inputs() -> None:
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # no spread
    assert cronbach_alpha([[1, 2]]) is None  # one item
    assert pearson([1.0], [2.0]) is None
    one = analyze([{"q": result(1, 1)}], {"q": 1})
    assert one["sd"] is None and one["alpha"] is None and one["mean"] == 100.0
    assert one["questions"][0]["discrimination"] is None and not one["questions"][0]["check"]
    empty = analyze([], {"q": 1})
    assert empty["mean"] is None and empty["students"] == 0


def test_histogram_edges() -> None:
    counts = [b["count"] for b in histogram([0, 9.99, 10, 99.9, 100], bins=10)]
    assert counts == [2, 1, 0, 0, 0, 0, 0, 0, 0, 2]
    assert [b["to"] for b in histogram([], bins=4)] == [25.0, 50.0, 75.0, 100.0]
