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
    assert hall.bar.hand_label.text().startswith("☝ Hand raised 0:0")
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


def test_the_exam_window_is_sent_as_a_thumbnail_only_while_screens_are_on(
    qtbot, host_thread, student
):
    policy = host_thread.admin("GET", "room")["policy"]
    host_thread.admin("PUT", "policy", policy | {"screens": "thumbnail", "screen_interval_s": 2})
    student.window.show()
    exam = join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS-1")
    hall = student.controller.hall
    qtbot.waitUntil(lambda: hall.bar.screens_label.isVisible(), timeout=10_000)
    assert hall.bar.screens_label.text() == HALL["screens_on"]
    qtbot.waitUntil(lambda: hall.screens.sent >= 1, timeout=15_000)
    sid = student.controller.me.student_id
    listed = host_thread.admin("GET", "screens")["screens"]
    assert [s["student_id"] for s in listed] == [sid] and 0 < listed[0]["size"] <= 40 * 1024
    # Nothing changed on screen: nothing more is sent.
    sent = hall.screens.sent
    hall.screens.capture()
    qtbot.wait(300)
    assert hall.screens.sent == sent
    # A change is sent.
    editor = next(iter(exam.editors.values()))
    editor.scintilla.setText("print('a different screen')\n" * 20)
    hall.screens.capture()
    qtbot.waitUntil(lambda: hall.screens.sent == sent + 1, timeout=10_000)


def test_a_thumbnail_fits_in_40_kb_even_from_a_busy_picture(qtbot):
    from PySide6.QtGui import QColor, QImage

    from proctor.student.ui.screens import encode_thumbnail

    image = QImage(1920, 1080, QImage.Format.Format_RGB32)
    for y in range(0, 1080, 3):
        for x in range(0, 1920, 7):
            image.setPixelColor(x, y, QColor((x * 7) % 255, (y * 13) % 255, (x * y) % 255))
    data = encode_thumbnail(image)
    assert 0 < len(data) <= 40 * 1024 and data[:3] == b"\xff\xd8\xff"
