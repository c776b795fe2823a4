"""The hall in the student app against a real host in this process: an announcement shown
large until acknowledged (and the host hears of it), the list to read again, a raised hand
answered by the proctor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from proctor.student.ui.messages import HALL
from tests.helpers.student_ui import join_and_start, join_lobby

pytestmark = pytest.mark.gui


def test_an_announcement_covers_the_window_until_acknowledged(qtbot, host_thread, student):
    join_lobby(qtbot, student, host_thread, "Ada Lovelace", "CS-1")
    hall = student.controller.hall
    sent = host_thread.admin("POST", "announce", {"text": "Question 2: n is at most 100."})
    qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
    assert hall.card.text.text() == "Question 2: n is at most 100."
    assert hall.card.title.text() == HALL["announcement_title"]
    assert hall.card.geometry() == student.window.stack.rect()  # covers the window
    assert hall.card.text.font().pointSizeF() >= 18  # large print

    second = host_thread.admin("POST", "announce", {"text": "Ten minutes left."})
    qtbot.waitUntil(lambda: "1 more" in hall.card.more.text(), timeout=10_000)
    qtbot.mouseClick(hall.card.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: hall.card.text.text() == "Ten minutes left.", timeout=10_000)
    qtbot.mouseClick(hall.card.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not hall.card.isVisible(), timeout=10_000)

    def acknowledged() -> set[int]:
        views = host_thread.admin("GET", "announcements")["announcements"]
        return {v["id"] for v in views if v["acknowledged"]}

    qtbot.waitUntil(lambda: acknowledged() == {sent["id"], second["id"]}, timeout=10_000)
    assert hall.bar.announcements_button.text() == HALL["announcements"].format(n=2)
    hall.open_list()
    assert hall.list_dialog is not None
    listed = hall.list_dialog.view.toPlainText()
    assert listed.index("Ten minutes left.") < listed.index("Question 2")  # newest first
    hall.list_dialog.close()


def test_a_raised_hand_waits_and_the_answer_is_shown(qtbot, host_thread, student):
    join_and_start(qtbot, student, host_thread, "Grace Hopper", "CS-2")
    hall = student.controller.hall
    assert hall.bar.isVisible() and hall.bar.hand_button.text() == HALL["raise"]
    hall.raise_hand("  My compiler crashed ")
    qtbot.waitUntil(lambda: hall.bar.hand_label.isVisible(), timeout=10_000)
    assert hall.bar.hand_label.text().startswith("✋ Hand raised 0:0")
    assert hall.bar.hand_button.text() == HALL["lower"]
    queue = host_thread.admin("GET", "hands")["hands"]
    assert [(h["text"], h["status"]) for h in queue] == [("My compiler crashed", "waiting")]

    hall.raise_hand("again")  # refused by the host: said in the banner, nothing changes
    exam = student.window.exam_page
    qtbot.waitUntil(lambda: "already raised" in exam.banner.text(), timeout=10_000)

    sid = queue[0]["student_id"]
    host_thread.admin("POST", f"students/{sid}/hand/answer", {"text": "Restart the editor."})
    qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
    assert hall.card.title.text() == HALL["answer_title"]
    assert hall.card.text.text() == "Restart the editor."
    assert not hall.bar.hand_label.isVisible()
    qtbot.mouseClick(hall.card.button, Qt.MouseButton.LeftButton)
    assert not hall.card.isVisible()
