"""Marking rules as pure functions: choice, multi, short answers (exact, nocase, regex,
number), code scoring from case results, overrides, and a student's totals.

Decisions (documented in docs/MARKING.md):
- exact: Unicode NFC, surrounding whitespace ignored, case and inner spacing significant.
- nocase: as exact, plus case-folded and runs of inner whitespace read as one space.
- regex: a full match of the trimmed answer; answers longer than MAX_SHORT_ANSWER are wrong
  without matching; a match that runs past REGEX_TIMEOUT_S is an "error" (fix the pattern).
- number: the syntax of proctor.common.answer_syntax ("1,024", "1e3", ".5"; not "3,14"),
  compared as decimals: |answer - accepted| <= tolerance.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

import regex

from proctor.common.answer_syntax import MAX_ANSWER_CHARS, parse_number
from proctor.marking.results import CaseResult, Override, QuestionResult, Status, Totals
from proctor.marking.specs import ChoiceSpec, MultiSpec, Scoring, ShortSpec

MAX_SHORT_ANSWER = MAX_ANSWER_CHARS  # what a hand-in may carry
REGEX_TIMEOUT_S = 0.05


def round_points(value: float) -> float:
    return round(float(value) + 0.0, 2)


def status_for(points: float, max_points: float) -> Status:
    if max_points > 0 and points >= max_points:
        return "correct"
    return "partial" if points > 0 else "wrong"


def _result(points: float, max_points: float, message: str = "") -> QuestionResult:
    points = round_points(points)
    return QuestionResult(points, max_points, status_for(points, max_points), message=message)


def unanswered(max_points: float, message: str = "") -> QuestionResult:
    return QuestionResult(0.0, max_points, "unanswered", message=message)


def mark_choice(spec: ChoiceSpec, answer: Any) -> QuestionResult:
    """The answer is one option's text."""
    if answer is None or answer == "":
        return unanswered(spec.points)
    if not isinstance(answer, str):
        return _result(0, spec.points, "not an option's text")
    return _result(spec.points if answer == spec.answer else 0, spec.points)


def mark_multi(spec: MultiSpec, answer: Any) -> QuestionResult:
    """All and only the right options (order and repeats do not matter)."""
    if answer is None or answer == []:
        return unanswered(spec.points)
    if not isinstance(answer, list) or not all(isinstance(a, str) for a in answer):
        return _result(0, spec.points, "not a list of options")
    return _result(spec.points if set(answer) == set(spec.answer) else 0, spec.points)


def _exact(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def _nocase(text: str) -> str:
    return " ".join(_exact(text).casefold().split())


def mark_short(spec: ShortSpec, answer: Any) -> QuestionResult:
    if answer is None or (isinstance(answer, str) and not answer.strip()):
        return unanswered(spec.points)
    if not isinstance(answer, str):
        return _result(0, spec.points, "not text")
    if len(answer) > MAX_SHORT_ANSWER:
        return _result(0, spec.points, f"longer than {MAX_SHORT_ANSWER} characters")
    ok = False
    if spec.match == "exact":
        ok = _exact(answer) in {_exact(a) for a in spec.accepted}
    elif spec.match == "nocase":
        ok = _nocase(answer) in {_nocase(a) for a in spec.accepted}
    elif spec.match == "number":
        value = parse_number(answer)
        if value is None:
            return _result(0, spec.points, "not a number")
        tolerance = Decimal(str(spec.tolerance))
        accepted = (parse_number(a) for a in spec.accepted)
        ok = any(n is not None and abs(value - n) <= tolerance for n in accepted)
    else:
        text = _exact(answer)
        for pattern in spec.accepted:
            try:
                if regex.fullmatch(pattern, text, timeout=REGEX_TIMEOUT_S):
                    ok = True
                    break
            except TimeoutError:
                return QuestionResult(
                    0.0,
                    spec.points,
                    "error",
                    message=f"the pattern {pattern!r} took too long on this answer",
                )
    return _result(spec.points if ok else 0, spec.points)


def score_cases(
    cases: list[CaseResult] | tuple[CaseResult, ...], points: float, scoring: Scoring
) -> QuestionResult:
    """proportional: the points shared by cases passed; all_or_nothing: all or zero."""
    cases = tuple(cases)
    if not cases:
        return QuestionResult(0.0, points, "error", message="no cases to mark")
    passed = sum(1 for c in cases if c.passed)
    if scoring == "all_or_nothing":
        earned = points if passed == len(cases) else 0.0
    else:
        earned = points * passed / len(cases)
    earned = round_points(earned)
    return QuestionResult(earned, points, status_for(earned, points), cases)


def check_override(override: Override, max_points: float) -> Override:
    if not 0 <= override.points <= max_points:
        raise ValueError(f"override points must be within 0..{max_points}")
    return override


def apply_override(result: QuestionResult, override: Override | None) -> QuestionResult:
    """The proctor's points over the automatic mark; the automatic mark stays in auto_points
    and auto_status, so removing the override (None) restores it."""
    under = result.override is not None
    base = result.auto_points if under and result.auto_points is not None else result.points
    base_status = result.auto_status if under and result.auto_status else result.status
    if override is None:
        return replace(
            result,
            points=base,
            status=base_status,
            override=None,
            auto_points=None,
            auto_status=None,
        )
    check_override(override, result.max_points)
    points = round_points(override.points)
    return replace(
        result,
        points=points,
        status=status_for(points, result.max_points),
        override=override,
        auto_points=base,
        auto_status=base_status,
    )


def totals(
    results: Mapping[str, QuestionResult],
    pass_percent: float | None,
    max_points: float | None = None,
) -> Totals:
    """Sum a student's questions. percent is of max_points (the paper's, or the sum);
    passed compares it with the pass mark (None without one). Pending questions count 0."""
    points = round_points(sum(r.points for r in results.values()))
    top = max_points if max_points is not None else sum(r.max_points for r in results.values())
    top = round_points(top)
    percent = round(100.0 * points / top, 2) if top > 0 else 0.0
    passed = None if pass_percent is None else percent >= pass_percent
    waiting = sum(1 for r in results.values() if r.status == "pending")
    return Totals(points, top, percent, passed, waiting, dict(results))
