"""FocusWatch on real windows: offscreen in-process, and two real X11 windows under Xvfb."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QLabel

from proctor.student.ui.integrity import FocusWatch
from tests.helpers.x11 import X11App, needs_x11, xdotool

pytestmark = pytest.mark.gui


def test_minimising_the_exam_window_is_a_loss_of_focus(qtbot):
    window = QLabel("exam")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    events: list[tuple[str, dict]] = []
    watch = FocusWatch(window, lambda k, d: events.append((k, d)))
    assert watch.has_focus()

    window.showMinimized()
    qtbot.waitUntil(lambda: [k for k, _ in events] == ["focus_lost"], timeout=3000)
    window.showNormal()
    window.activateWindow()
    qtbot.waitUntil(lambda: len(events) == 2, timeout=3000)
    assert events[1][0] == "focus_regained"
    assert events[1][1]["duration_ms"] >= 300
    assert events[1][1]["lost_ms"] == events[0][1]["lost_ms"]

    watch.stop()
    window.showMinimized()
    qtbot.wait(500)
    assert len(events) == 2


def test_a_flicker_of_the_window_is_not_reported(qtbot):
    window = QLabel("exam")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    events: list[tuple[str, dict]] = []
    FocusWatch(window, lambda k, d: events.append((k, d)))
    window.showMinimized()
    qtbot.wait(50)
    window.showNormal()
    window.activateWindow()
    qtbot.wait(600)
    assert events == []


# -- two real windows of two applications on an X server --------------------------------------


@needs_x11
def test_another_application_taking_focus_is_reported_with_its_duration():
    exam = X11App("exam")
    other = X11App("other")
    try:
        e, o = exam.window, other.window
        xdotool("windowfocus", "--sync", e)
        exam.drain(0.8)  # whatever the start looked like, the exam window has focus now

        # A flicker: away for ~100 ms, in one xdotool run so the timing is tight.
        xdotool("windowfocus", "--sync", o, "sleep", "0.1", "windowfocus", "--sync", e)
        assert exam.drain(0.8) == []

        left = time.time()
        xdotool("windowfocus", "--sync", o)
        lost = exam.next(timeout=3)
        assert lost["kind"] == "focus_lost"
        assert 0.25 <= lost["t"] - left < 1.5
        time.sleep(1.0)
        xdotool("windowfocus", "--sync", e)
        back = exam.next(timeout=3)
        assert back["kind"] == "focus_regained"
        assert back["detail"]["lost_ms"] == lost["detail"]["lost_ms"]
        assert 900 <= back["detail"]["duration_ms"] < 3000
    finally:
        exam.close()
        other.close()
