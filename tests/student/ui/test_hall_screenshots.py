"""Screenshots of the hall in the student app, for a person to look at:
artifacts/screenshots/hall_<size>_student_*.png (an announcement over the exam, the raised
hand with the screens notice, the proctor's answer). Under xvfb-run (xcb) the whole screen,
else the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from tests.helpers.screenshots import save_screenshot
from tests.helpers.student_ui import join_and_start

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def save(widget: QWidget, name: str) -> None:
    save_screenshot(widget, f"hall_{{size}}_student_{name}")


def test_student_hall_screenshots(qtbot, host_thread, student) -> None:
    policy = host_thread.admin("GET", "room")["policy"]
    host_thread.admin("PUT", "policy", policy | {"screens": "thumbnail"})
    student.window.showMaximized()
    join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS/2021/045")
    hall = student.controller.hall
    host_thread.admin(
        "POST",
        "announce",
        {"text": "Question 2 has a typo: n is at most 100, not 1000.\nThe rest is unchanged."},
    )
    host_thread.admin("POST", "announce", {"text": "Thirty minutes left."})
    qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
    qtbot.wait(500)
    save(student.window, "announcement")
    hall.card.button.click()
    qtbot.waitUntil(lambda: hall.card.text.text() == "Thirty minutes left.", timeout=10_000)
    hall.card.button.click()
    qtbot.waitUntil(lambda: not hall.card.isVisible(), timeout=10_000)
    hall.raise_hand("My compiler crashed")
    qtbot.waitUntil(lambda: hall.bar.hand_label.isVisible(), timeout=10_000)
    qtbot.wait(1200)
    save(student.window, "hand_raised")
    sid = student.controller.me.student_id
    host_thread.admin("POST", f"students/{sid}/hand/answer", {"text": "Coming to you now."})
    qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
    qtbot.wait(300)
    save(student.window, "answer")
    hall.card.button.click()
    hall.open_list()
    qtbot.wait(300)
    save(student.window, "announcement_list")
    assert hall.list_dialog is not None
    hall.list_dialog.close()
