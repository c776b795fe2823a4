"""The hall in the student app against a real host in this process: an announcement shown
large until acknowledged (and the host hears of it), the list to read again, a raised hand
answered by the proctor."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from proctor.student.ui.messages import HALL
from tests.helpers.student_ui import join_and_start, join_lobby, join_via_form

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


def test_the_join_form_asks_for_the_pin_when_the_roster_needs_one(qtbot, host_thread, student):
    roster = host_thread.admin(
        "PUT", "roster", {"csv": "CS-7,Ada Lovelace,B4\n", "unknown": "refuse", "pins": True}
    )
    pin = roster["entries"][0]["pin"]
    page = student.window.join_page
    assert not page.pin.isVisible()
    join_via_form(qtbot, student, host_thread, "Ada Lovelace", "CS-7")
    qtbot.waitUntil(lambda: page.pin.isVisible(), timeout=10_000)
    assert "PIN" in page.error.text() and page.pin.edit.hasFocus()
    page.pin.edit.setText("000000" if pin != "000000" else "111111")
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not the one" in page.error.text(), timeout=10_000)
    page.pin.edit.setText(pin)
    qtbot.mouseClick(page.join_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: student.window.current_page() is student.window.lobby_page,
                    timeout=10_000)  # fmt: skip
    row = host_thread.admin("GET", "students")["students"][0]
    assert row["seat"] == "B4" and not row["flagged"]


def test_a_reg_no_not_on_the_list_is_told_so(qtbot, host_thread, student):
    host_thread.admin("PUT", "roster", {"csv": "CS-7,Ada Lovelace\n"})
    page = student.window.join_page
    join_via_form(qtbot, student, host_thread, "Mallory", "XX-1")
    qtbot.waitUntil(lambda: "not on the class list" in page.error.text(), timeout=10_000)
    assert host_thread.admin("GET", "students")["students"] == []
