"""A mark kept by a host and read back: everything survives (the automatic mark under an
override, the message, a visible case's output); a hidden case's output never does."""

from __future__ import annotations

import json

import pytest

from proctor.marking.results import (
    MAX_OUTPUT_CHARS,
    CaseResult,
    Override,
    QuestionResult,
    kept_output,
)
from proctor.marking.rules import apply_override


def test_a_record_round_trips_through_json() -> None:
    cases = (
        CaseResult("test_a", False, True, "line 3: assert f(2) == 4"),
        CaseResult("case 1", True, False, "", "6\n"),
    )
    automatic = QuestionResult(5.0, 10.0, "partial", cases, message="")
    overridden = apply_override(automatic, Override(8, "the idea is right"))
    back = QuestionResult.from_record(json.loads(json.dumps(overridden.to_record())))
    assert back == overridden
    assert back.auto_points == 5 and back.auto_status == "partial"
    assert apply_override(back, None) == apply_override(overridden, None)
    assert "output" in overridden.to_dict()["cases"][1]
    assert "output" not in overridden.to_dict()["cases"][0]


def test_a_hidden_case_never_keeps_output() -> None:
    data = {"name": "case 2", "passed": False, "hidden": True, "message": "", "output": "x"}
    assert CaseResult.from_dict(data).output is None


def test_a_bad_status_is_refused() -> None:
    with pytest.raises(ValueError, match="status"):
        QuestionResult.from_record({"points": 0, "max_points": 1, "status": "great"})


def test_long_output_is_cut() -> None:
    text = "x" * (MAX_OUTPUT_CHARS + 10)
    kept = kept_output(text)
    assert kept.startswith("x" * MAX_OUTPUT_CHARS) and "10 more characters" in kept
    assert kept_output("short") == "short"
