"""The second-screen rule: what is reported as screens come and go (Qt feeds it; see
tests/student/ui/test_displays.py for real screens)."""

from __future__ import annotations

from proctor.shield.displays import SECOND_SCREEN_MESSAGE, DisplayRules, ScreenInfo

LAPTOP = ScreenInfo("eDP-1", "BOE", "0x095f", 0, 0, 1280, 800)
MONITOR = ScreenInfo("HDMI-1", "Dell", "U2720Q", 1280, 0, 1920, 1080)
TV = ScreenInfo("DP-2", "LG", "OLED", 3200, 0, 1920, 1080)
PROJECTOR = ScreenInfo("HDMI-2", "Epson", "EB", 0, 0, 1280, 800)  # mirrors the laptop


def kinds(events):
    return [kind for kind, _ in events]


def test_one_screen_is_nothing() -> None:
    rules = DisplayRules()
    assert rules.observe([LAPTOP], 0) == []
    assert rules.observe([LAPTOP], 5000) == []
    assert not rules.open


def test_two_screens_at_the_start_are_reported_once() -> None:
    rules = DisplayRules()
    [(kind, detail)] = rules.observe([LAPTOP, MONITOR], 1000)
    assert kind == "second_screen"
    assert detail["screens"] == 2 and detail["added"] is False
    assert detail["displays"][1] == {
        "name": "HDMI-1",
        "manufacturer": "Dell",
        "model": "U2720Q",
        "geometry": [1280, 0, 1920, 1080],
    }
    assert "at the start" in detail["message"]
    assert rules.observe([LAPTOP, MONITOR], 3000) == []
    assert rules.open


def test_a_screen_added_during_the_exam_then_removed() -> None:
    rules = DisplayRules()
    rules.observe([LAPTOP], 0)
    [(kind, detail)] = rules.observe([LAPTOP, MONITOR], 60_000)
    assert kind == "second_screen" and detail["added"] is True
    assert "during the exam" in detail["message"]
    [(kind, detail)] = rules.observe([LAPTOP], 90_000)
    assert kind == "second_screen_cleared"
    assert detail["duration_s"] == 30 and detail["since_ms"] == 60_000
    assert not rules.open


def test_a_third_screen_is_reported_again_and_replugging_too() -> None:
    rules = DisplayRules()
    rules.observe([LAPTOP], 0)
    events = []
    for at, screens in [
        (1, [LAPTOP, MONITOR]),
        (2, [LAPTOP, MONITOR, TV]),
        (3, [LAPTOP, MONITOR]),
        (4, [LAPTOP, MONITOR, TV]),
        (5, [LAPTOP]),
    ]:
        events += rules.observe(screens, at * 1000)
    assert kinds(events) == ["second_screen"] * 3 + ["second_screen_cleared"]
    assert [d["screens"] for _, d in events] == [2, 3, 3, 1]
    assert events[-1][1]["duration_s"] == 4  # from the first extra screen to the last


def test_a_mirrored_projector_is_a_second_screen_and_says_so() -> None:
    [(_, detail)] = DisplayRules().observe([LAPTOP, PROJECTOR], 0)
    assert detail["mirrored"] is True
    [(_, detail)] = DisplayRules().observe([LAPTOP, MONITOR], 0)
    assert detail["mirrored"] is False


def test_the_student_is_told_in_plain_words() -> None:
    assert SECOND_SCREEN_MESSAGE == (
        "A second screen is connected. Disconnect it, or tell the proctor."
    )
