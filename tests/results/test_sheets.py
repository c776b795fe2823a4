"""The results bodies from real marks of the sample paper, against totals worked by hand
(tests/helpers/sample_marks.py): all right, all wrong, nothing at all, half right, an
override, a copy; a pending mark; the proctor's answer sheet; an override's checks."""

from __future__ import annotations

import dataclasses

import pytest

from proctor.marking.results import Override
from proctor.results.sheets import answer_sheet, results_body, student_result
from proctor.results.work import check_override_request
from tests.helpers.sample_marks import TOTALS, Cohort, cohort

PASS_PERCENT = 50


@pytest.fixture(scope="module")
def marked() -> Cohort:
    return cohort()


def test_totals_are_the_hand_computed_ones(marked: Cohort) -> None:
    body = results_body(marked.paper, marked.works)
    got = {s.student_id.removeprefix("s-"): s for s in body.students}
    assert {key: s.points for key, s in got.items()} == TOTALS
    for key, student in got.items():
        assert student.max_points == 30
        assert student.percent == round(100 * TOTALS[key] / 30, 2)
        assert student.passed is (student.percent >= PASS_PERCENT)
        assert student.pending == 0
    assert (got["dagny"].percent, got["emeka"].percent) == (33.33, 46.67)
    assert body.max_points == 30 and body.pending == 0 and body.released is False
    assert body.feedback == "score" and body.pass_percent == 50
    assert [q.id for q in body.questions][:2] == ["lookup", "stable_sorts"]
    assert len(body.questions) == 10 and {q.pool for q in body.questions} == {None, "warmup"}


def test_statuses_cases_and_the_override(marked: Cohort) -> None:
    paper = marked.paper
    bruno = student_result(paper, marked.work("bruno"))
    assert {m.status for m in bruno.questions.values()} == {"wrong"}
    chen = student_result(paper, marked.work("chen"))
    assert {m.status for m in chen.questions.values()} == {"unanswered"}
    assert chen.from_snapshot and not bruno.from_snapshot
    dagny = student_result(paper, marked.work("dagny"))
    word_counts = dagny.questions["word_counts"]
    assert (word_counts.status, word_counts.points) == ("partial", 4.0)
    assert [c.passed for c in word_counts.cases] == [False, False, True, True, False]
    assert [c.hidden for c in word_counts.cases] == [True, True, True, False, True]
    median = dagny.questions["running_median"]
    assert median.status == "wrong"  # all or nothing, and one hidden test ran out of CPU
    assert "used more than 2 s of CPU" in median.cases[2].message
    emeka = student_result(paper, marked.work("emeka"))
    overridden = emeka.questions["word_counts"]
    assert overridden.points == 8 and overridden.auto_points == 4
    assert overridden.override is not None and overridden.override.reason.startswith("Right idea")
    assert emeka.questions["lookup"].override is None
    assert list(emeka.questions) == marked.work("emeka").variant.questions  # type: ignore[union-attr]


def test_a_question_without_a_mark_is_pending(marked: Cohort) -> None:
    ada = marked.work("ada")
    half_marked = dataclasses.replace(
        ada, marks={q: r for q, r in ada.marks.items() if q != "word_counts"}
    )
    result = student_result(marked.paper, half_marked)
    assert result.questions["word_counts"].status == "pending" and result.pending == 1
    assert result.points == 20
    body = results_body(marked.paper, [half_marked, marked.work("bruno")])
    assert body.pending == 1


def test_the_wire_shape_is_papers(marked: Cohort) -> None:
    data = results_body(marked.paper, marked.works).model_dump(mode="json")
    assert set(data) >= {"released", "pending", "max_points", "students"}
    student = data["students"][0]
    assert set(student) >= {
        "student_id", "reg_no", "name", "points", "max_points", "percent", "passed",
        "from_snapshot", "questions",
    }  # fmt: skip
    mark = student["questions"]["word_counts"]
    assert set(mark) == {"points", "max_points", "status", "cases", "override"}
    assert set(mark["cases"][0]) == {"name", "passed", "hidden", "message"}


def test_the_answer_sheet(marked: Cohort) -> None:
    paper = marked.paper
    sheet = answer_sheet(paper, marked.work("dagny"))
    assert [q.id for q in sheet.questions] == marked.work("dagny").variant.questions  # type: ignore[union-attr]
    by_id = {q.id: q for q in sheet.questions}
    stable = by_id["stable_sorts"]
    assert stable.answer == ["merge sort"] and stable.status == "wrong"
    assert sorted(stable.right_answer or []) == ["insertion sort", "merge sort"]
    assert sorted(stable.options or []) == sorted(paper.question("stable_sorts").options or [])
    short = by_id["table_size"]
    assert (short.answer, short.right_answer, short.match) == ("4,096", ["4096"], "number")
    code = by_id["word_counts"]
    assert code.files["word_counts.py"].startswith("import sys")
    visible = [c for c in code.cases if not c.hidden]
    hidden = [c for c in code.cases if c.hidden]
    assert [c.name for c in visible] == ["case 1"]
    assert visible[0].input == "the cat saw the dog\n"
    assert visible[0].expected == "cat 1\ndog 1\nsaw 1\nthe 2\n"
    assert visible[0].output == "cat 1\ndog 1\nsaw 1\nthe 2"
    assert all(c.input is None and c.expected is None and c.output is None for c in hidden)
    assert sheet.sha256 and sheet.received_ms and not sheet.from_snapshot
    emeka = {q.id: q for q in answer_sheet(paper, marked.work("emeka")).questions}
    assert emeka["word_counts"].auto_points == 4 and emeka["word_counts"].points == 8


def test_override_requests_are_checked(marked: Cohort) -> None:
    paper, ada = marked.paper, marked.work("ada")
    assert check_override_request(paper, ada, "word_counts", 7.5, " fair ") == Override(7.5, "fair")
    assert check_override_request(paper, ada, "word_counts", None, "back to automatic") is None
    drawn = set(ada.variant.questions)  # type: ignore[union-attr]
    not_drawn = next(q.id for q in paper.questions if q.id not in drawn)
    with pytest.raises(ValueError, match="not on this student's paper"):
        check_override_request(paper, ada, not_drawn, 1, "x")
    with pytest.raises(ValueError, match="not on this paper"):
        check_override_request(paper, ada, "nope", 1, "x")
    with pytest.raises(ValueError, match=r"within 0\.\.10"):
        check_override_request(paper, ada, "word_counts", 11, "x")
    with pytest.raises(ValueError, match="reason"):
        check_override_request(paper, ada, "word_counts", 3, "  ")


def test_an_override_that_no_longer_fits_leaves_the_automatic_mark(marked: Cohort) -> None:
    ada = dataclasses.replace(
        marked.work("ada"), overrides={"lookup": Override(5, "from before the paper changed")}
    )
    mark = student_result(marked.paper, ada).questions["lookup"]
    assert mark.points == 2 and mark.override is None
