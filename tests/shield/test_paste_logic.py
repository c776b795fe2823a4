"""The paste judge: internal copies pass, external pastes follow the policy."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from proctor.shield.paste import PasteJudge, paste_detail


def test_report_policy_lets_external_text_through_and_reports_it():
    judge = PasteJudge("report")
    verdict = judge.judge("import os\nprint(os.getcwd())", 0)
    assert verdict.allowed and verdict.external
    assert verdict.report_kind == "external_paste"
    assert verdict.detail == {
        "length": 28,
        "lines": 2,
        "preview": "import os\nprint(os.getcwd())",
    }


def test_block_policy_refuses_external_text():
    verdict = PasteJudge("block").judge("x" * 500, 0)
    assert not verdict.allowed
    assert verdict.report_kind == "paste_blocked"
    assert verdict.detail["length"] == 500
    assert verdict.detail["preview"] == "x" * 80


def test_allow_policy_never_reports():
    verdict = PasteJudge("allow").judge("anything", 0)
    assert verdict.allowed and verdict.report_kind is None


@pytest.mark.parametrize("policy", ["report", "block"])
def test_text_copied_inside_the_exam_is_pasted_freely(policy):
    judge = PasteJudge(policy)
    judge.note_internal_copy("def f():\r\n    return 1\r\n")
    verdict = judge.judge("def f():\n    return 1\n", 0)
    assert verdict.allowed and not verdict.external and verdict.report_kind is None


def test_a_held_down_paste_is_reported_once_but_refused_every_time():
    judge = PasteJudge("block", repeat_window_ms=2000)
    first = judge.judge("answer", 0)
    again = judge.judge("answer", 500)
    later = judge.judge("answer", 500 + 2000)
    assert first.report_kind == "paste_blocked"
    assert again.report_kind is None and not again.allowed
    assert later.report_kind == "paste_blocked"


def test_empty_paste_and_unknown_policy():
    assert PasteJudge("block").judge("", 0).allowed
    with pytest.raises(ValueError, match="allow, report, block"):
        PasteJudge("sometimes")


def test_only_the_most_recent_copies_are_remembered():
    judge = PasteJudge("report", remembered=3)
    for i in range(5):
        judge.note_internal_copy(f"copy {i}")
    assert not judge.is_internal("copy 0")
    assert judge.is_internal("copy 4")


@given(st.text(min_size=1))
def test_preview_is_at_most_80_characters_of_the_text(text):
    detail = paste_detail(text)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    assert detail["preview"] == normalised[:80]
    assert detail["length"] == len(normalised)
