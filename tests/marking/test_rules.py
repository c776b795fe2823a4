"""The pure marking rules: choice, multi, short (exact, nocase, regex, number), scoring,
overrides and totals, against hand-worked figures."""

from __future__ import annotations

from decimal import Decimal

import pytest

from proctor.common.answer_syntax import parse_number
from proctor.marking.engine import mark_paper, mark_question
from proctor.marking.results import CaseResult, Override
from proctor.marking.rules import (
    MAX_SHORT_ANSWER,
    apply_override,
    mark_short,
    score_cases,
    totals,
)
from proctor.marking.specs import ChoiceSpec, CodeSpec, MultiSpec, ShortSpec

CHOICE = ChoiceSpec("q1", ("list", "dict", "tuple"), "dict", points=2)
MULTI = MultiSpec("q2", ("a", "b", "c", "d"), ("a", "c"), points=3)


def test_choice() -> None:
    assert mark_question(CHOICE, "dict").to_dict() == {
        "points": 2.0,
        "max_points": 2,
        "status": "correct",
        "cases": [],
        "override": None,
    }
    assert mark_question(CHOICE, "list").status == "wrong"
    assert mark_question(CHOICE, None).status == "unanswered"
    assert mark_question(CHOICE, "").status == "unanswered"
    assert mark_question(CHOICE, ["dict"]).status == "wrong"


def test_choice_spec_refuses_an_answer_that_is_not_an_option() -> None:
    with pytest.raises(ValueError, match="not an option"):
        ChoiceSpec("q", ("a", "b"), "c")


def test_multi_needs_all_and_only_the_right_options() -> None:
    assert mark_question(MULTI, ["c", "a"]).points == 3
    assert mark_question(MULTI, ["a", "a", "c"]).points == 3
    assert mark_question(MULTI, ["a"]).status == "wrong"
    assert mark_question(MULTI, ["a", "b", "c"]).status == "wrong"
    assert mark_question(MULTI, []).status == "unanswered"
    assert mark_question(MULTI, "a").status == "wrong"


def short(match: str, *accepted: str, tolerance: float = 0.0) -> ShortSpec:
    return ShortSpec("q3", accepted, match, tolerance)  # type: ignore[arg-type]


def test_exact_ignores_surrounding_space_only() -> None:
    spec = short("exact", "O(n log n)")
    assert mark_short(spec, "  O(n log n)\n").status == "correct"
    assert mark_short(spec, "o(n log n)").status == "wrong"
    assert mark_short(spec, "O(n  log n)").status == "wrong"


def test_nocase_folds_case_and_inner_space() -> None:
    spec = short("nocase", "Straße Hash Map")
    assert mark_short(spec, "strasse   hash\tmap").status == "correct"
    assert mark_short(spec, "hash map").status == "wrong"


def test_regex_is_a_full_match() -> None:
    spec = short("regex", r"[Oo]\(1\)")
    assert mark_short(spec, "O(1)").status == "correct"
    assert mark_short(spec, " o(1) ").status == "correct"
    assert mark_short(spec, "O(1) average").status == "wrong"


def test_a_catastrophic_pattern_is_an_error_not_a_hang() -> None:
    spec = short("regex", r"(a|aa)+b")
    result = mark_short(spec, "a" * 200)
    assert result.status == "error" and "took too long" in result.message


def test_an_overlong_answer_is_wrong_without_matching() -> None:
    spec = short("regex", r"a*")
    result = mark_short(spec, "a" * (MAX_SHORT_ANSWER + 1))
    assert result.status == "wrong" and "longer than" in result.message


def test_bad_patterns_are_refused_when_the_spec_is_built() -> None:
    with pytest.raises(ValueError, match="bad pattern"):
        short("regex", "(")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1024", Decimal(1024)),
        (" 1,024 ", Decimal(1024)),
        ("1,000,000", Decimal(1000000)),
        ("-3.5", Decimal("-3.5")),
        ("+.5", Decimal("0.5")),
        ("1e3", Decimal(1000)),
        ("2.5E-3", Decimal("0.0025")),
        ("\u22127", Decimal(-7)),
        ("3,14", None),
        ("1,02", None),
        ("1_024", None),
        ("0x10", None),
        ("inf", None),
        ("nan", None),
        ("1/2", None),
        ("", None),
        ("12 apples", None),
    ],
)
def test_number_syntax(text: str, value: Decimal | None) -> None:
    assert parse_number(text) == value


def test_number_with_tolerance() -> None:
    spec = short("number", "3.14159", tolerance=0.01)
    assert mark_short(spec, "3.14").status == "correct"
    assert mark_short(spec, "3.13").status == "wrong"
    exact = short("number", "0.3")
    assert mark_short(exact, "0.30").status == "correct"  # decimals: no float error
    assert mark_short(exact, "three").message == "not a number"
    assert mark_short(short("number", "1024"), "1,024").status == "correct"


def cases(*passed: bool) -> list[CaseResult]:
    return [CaseResult(f"c{i}", p, True) for i, p in enumerate(passed)]


def test_proportional_and_all_or_nothing() -> None:
    assert score_cases(cases(True, True, False), 10, "proportional").points == 6.67
    assert score_cases(cases(True, True, False), 10, "proportional").status == "partial"
    assert score_cases(cases(True, True, False), 10, "all_or_nothing").points == 0
    assert score_cases(cases(True, True), 10, "all_or_nothing").status == "correct"
    assert score_cases([], 10, "proportional").status == "error"


def test_override_applies_and_survives_re_marking() -> None:
    auto = score_cases(cases(True, False), 10, "proportional")
    overridden = apply_override(auto, Override(9, "  typo in the test's expected output "))
    assert overridden.points == 9 and overridden.status == "partial"
    assert overridden.auto_points == 5 and overridden.auto_status == "partial"
    assert overridden.to_dict()["override"] == {
        "points": 9,
        "reason": "typo in the test's expected output",
    }
    re_marked = score_cases(cases(True, True), 10, "proportional")
    kept = apply_override(re_marked, overridden.override)
    assert kept.points == 9 and kept.auto_points == 10
    removed = apply_override(kept, None)
    assert removed.points == 10 and removed.status == "correct" and removed.override is None


@pytest.mark.parametrize(
    ("points", "reason", "error"),
    [
        (11, "x", "within 0..10"),
        (-1, "x", "within"),
        (5, "  ", "needs a reason"),
        (5, "r" * 501, "at most"),
    ],
)
def test_bad_overrides_are_refused(points: float, reason: str, error: str) -> None:
    auto = score_cases(cases(True), 10, "proportional")
    with pytest.raises(ValueError, match=error):
        apply_override(auto, Override(points, reason))


def test_totals_percent_and_pass_mark() -> None:
    marks = {
        "q1": mark_question(CHOICE, "dict"),  # 2 / 2
        "q2": mark_question(MULTI, ["a"]),  # 0 / 3
        "q3": score_cases(cases(True, False, False, False), 5, "proportional"),  # 1.25 / 5
    }
    result = totals(marks, pass_percent=30)
    assert (result.points, result.max_points, result.percent, result.passed) == (
        3.25,
        10,
        32.5,
        True,
    )
    assert totals(marks, pass_percent=40).passed is False
    assert totals(marks, pass_percent=None).passed is None
    with_override = mark_paper(marks, {"q2": Override(3, "accepted a/c/d")}, pass_percent=50)
    assert (with_override.points, with_override.percent, with_override.passed) == (6.25, 62.5, True)
    assert with_override.to_dict()["questions"]["q2"]["override"]["points"] == 3


def test_code_spec_validation() -> None:
    with pytest.raises(ValueError, match="bad file name"):
        CodeSpec("q", ("../x.py",), tests="def test_a(): pass")
    with pytest.raises(ValueError, match="needs a runner"):
        CodeSpec("q", ("a.c",), language="c", cases=())
    with pytest.raises(ValueError, match="neither"):
        CodeSpec("q", ("a.py",))
    assert CodeSpec("q", ("a.py", "b.py"), tests="def test_a(): pass").main == "a.py"
