"""What a student sees once released, at each feedback level, from real marks: never a
hidden case's input, output or message, never a line or a name of a hidden test, never a
right answer or an override's reason (searched for in the JSON a student would get)."""

from __future__ import annotations

import json
import re

import pytest

from proctor.common.marks import dump
from proctor.results.release import MARKING, NOT_RELEASED, RELEASED_NONE, student_view
from proctor.results.sheets import student_result
from tests.helpers.sample_marks import Cohort, cohort


@pytest.fixture(scope="module")
def marked() -> Cohort:
    return cohort()


def secrets(marked: Cohort) -> list[str]:
    """Every text a student must never see: the hidden tests' source lines and names, the
    hidden cases' inputs and outputs, the right answers of questions, override reasons."""
    found: list[str] = []
    for question in marked.paper.code_questions():
        for line in (question.tests or "").splitlines():
            line = line.strip()
            if line.startswith("assert") or line.startswith("def test_"):
                found.append(line)
        found += re.findall(r"def (test_\w+)", question.tests or "")
        for case in question.spec.cases:  # type: ignore[union-attr]
            if case.hidden:
                found += [case.input.strip(), case.output.strip().splitlines()[0]]
        found.append(question.tests_name or "tests")
    found += ["O(log n)", "bisect", "4096", "insertion sort", "Right idea"]
    return [text for text in found if text]


def strings(data: object) -> str:
    """Every key and string value of a JSON body, one a line (as a client reads them)."""
    if isinstance(data, dict):
        return "\n".join(f"{k}\n{strings(v)}" for k, v in data.items())
    if isinstance(data, list):
        return "\n".join(strings(v) for v in data)
    return str(data)


def view_json(marked: Cohort, key: str, feedback: str, released: bool = True) -> str:
    result = student_result(marked.paper, marked.work(key))
    return json.dumps(dump(student_view(feedback, result, released)))  # type: ignore[arg-type]


@pytest.mark.parametrize("feedback", ["none", "score", "full"])
@pytest.mark.parametrize("key", ["bruno", "dagny", "emeka", "chen"])
def test_no_level_leaks_a_hidden_case_or_test(marked: Cohort, key: str, feedback: str) -> None:
    text = strings(json.loads(view_json(marked, key, feedback)))
    for secret in secrets(marked):
        assert secret not in text, (secret, text)


def test_before_the_release_only_a_sentence(marked: Cohort) -> None:
    for feedback in ("none", "score", "full"):
        data = json.loads(view_json(marked, "ada", feedback, released=False))
        assert data == {"released": False, "message": NOT_RELEASED}


def test_none_says_it_is_marked_and_nothing_else(marked: Cohort) -> None:
    data = json.loads(view_json(marked, "ada", "none"))
    assert data == {"released": True, "message": RELEASED_NONE, "feedback": "none"}


def test_score_gives_the_totals(marked: Cohort) -> None:
    data = json.loads(view_json(marked, "emeka", "score"))
    assert data["points"] == 14 and data["max_points"] == 30 and data["percent"] == 46.67
    assert data["passed"] is False and data["ready"] is True and "questions" not in data
    assert data["message"] == "You scored 14 of 30 points (46.67%): not a pass."


def test_full_gives_each_question_and_its_visible_cases(marked: Cohort) -> None:
    data = json.loads(view_json(marked, "dagny", "full"))
    order = marked.work("dagny").variant.questions  # type: ignore[union-attr]
    assert [q["id"] for q in data["questions"]] == order
    word_counts = next(q for q in data["questions"] if q["id"] == "word_counts")
    assert word_counts["status"] == "partial" and word_counts["points"] == 4
    assert word_counts["cases"] == [{"name": "case 1", "passed": True, "message": ""}]
    assert (word_counts["hidden_passed"], word_counts["hidden_total"]) == (1, 4)
    bruno = json.loads(view_json(marked, "bruno", "full"))
    visible = next(q for q in bruno["questions"] if q["id"] == "word_counts")["cases"]
    assert visible[0]["message"] == "wrong output at line 1: expected 'cat 1', got ''"
    emeka = json.loads(view_json(marked, "emeka", "full"))
    assert next(q for q in emeka["questions"] if q["id"] == "word_counts")["overridden"] is True


def test_marks_not_all_in_show_no_points(marked: Cohort) -> None:
    result = student_result(marked.paper, marked.work("ada"))
    result.pending = 1
    data = dump(student_view("full", result, True))
    assert data == {"released": True, "message": MARKING, "feedback": "full", "ready": False}
    assert dump(student_view("score", None, True))["ready"] is False


def test_the_search_finds_them_where_they_are(marked: Cohort) -> None:
    """The proctor's own body holds hidden tests' lines and hidden outputs: the search above
    looks for texts that are really there to leak."""
    proctor_view = strings(dump(student_result(marked.paper, marked.work("bruno"))))
    found = [s for s in secrets(marked) if s in proctor_view]
    assert 'assert word_counts("Narwhal NARWHAL narwhal") == {"narwhal": 3}' in found
    assert "test_hidden_case_is_folded" in found and "quokka 3" in found
