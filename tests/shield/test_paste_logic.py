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


# ---- provenance: outside text stays outside wherever it is copied to -------------------------
OUTSIDE = "def solve(xs):\n    return sorted(xs)[::-1]  # from a chat window\n"


def test_outside_text_copied_inside_the_exam_is_still_outside():
    judge = PasteJudge("report")
    first = judge.judge(OUTSIDE, 0)  # pasted into the program-input box, reported
    assert first.report_kind == "external_paste"
    judge.note_internal_copy(OUTSIDE)  # copied from that box...
    again = judge.judge(OUTSIDE, 10_000)  # ...and pasted into the editor
    assert again.external and again.allowed
    assert again.report_kind == "external_paste"
    assert again.detail["copied_inside"] is True
    assert judge.is_internal(OUTSIDE) is False


@pytest.mark.parametrize(
    "copied",
    [
        OUTSIDE[5:40],  # a piece of it
        "# my notes\n" + OUTSIDE + "print(solve([3, 1]))\n",  # wrapped in own text
        OUTSIDE.replace("\n", "\r\n"),  # other line endings
        "x = 1\n" + OUTSIDE[10:50] + "\ny = 2\n",  # a piece inside own text
    ],
)
def test_any_run_of_outside_text_taints_a_copy(copied):
    judge = PasteJudge("report")
    judge.judge(OUTSIDE, 0)
    judge.note_internal_copy(copied)
    verdict = judge.judge(copied, 10_000)
    assert verdict.external and verdict.report_kind == "external_paste"


def test_in_block_mode_a_laundered_copy_is_refused():
    judge = PasteJudge("report")
    judge.judge(OUTSIDE, 0)
    judge.set_policy("block")
    judge.note_internal_copy(OUTSIDE)
    verdict = judge.judge(OUTSIDE, 10_000)
    assert not verdict.allowed and verdict.report_kind == "paste_blocked"


def test_own_text_and_short_common_pieces_stay_inside():
    judge = PasteJudge("report")
    judge.judge(OUTSIDE, 0)
    for own in ("return sorted", "def solve(xs):", "total = sum(values)\n" * 3):
        judge.note_internal_copy(own)
        assert judge.judge(own, 10_000).report_kind is None, own


def test_a_short_outside_paste_is_traced_when_copied_whole():
    judge = PasteJudge("report")
    judge.judge("42 17 99\n", 0)
    judge.note_internal_copy("42 17 99\r\n")
    assert judge.judge("42 17 99\n", 10_000).report_kind == "external_paste"
    judge.note_internal_copy("42")  # too short to tell apart from own typing
    assert judge.judge("42", 10_000).report_kind is None


def test_a_copy_that_no_longer_carries_outside_text_is_inside_again():
    judge = PasteJudge("report")
    judge.judge(OUTSIDE, 0)
    judge.note_internal_copy(OUTSIDE)
    judge.note_internal_copy("mine = True")
    assert judge.judge("mine = True", 10_000).report_kind is None


def test_allow_remembers_nothing_and_outside_memory_is_bounded():
    judge = PasteJudge("allow")
    judge.judge(OUTSIDE, 0)
    judge.set_policy("report")
    judge.note_internal_copy(OUTSIDE)
    assert judge.judge(OUTSIDE, 10_000).detail.get("copied_inside") is None

    bounded = PasteJudge("report", remembered_outside_chars=2000)
    for n in range(50):
        bounded.judge(f"{n:04d} " + "lorem ipsum dolor sit amet " * 20, n * 10_000)
    assert bounded.outside_chars() <= 2000 + 600
    newest = "0049 " + "lorem ipsum dolor sit amet " * 20
    bounded.note_internal_copy(newest)
    assert bounded.judge(newest, 10**7).detail["copied_inside"] is True
