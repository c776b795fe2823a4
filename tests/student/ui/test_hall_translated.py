"""Every text of the hall in the student app goes through translation: under a
pseudo-language that marks each translated text, the announcement over the exam, the raised
hand with the screens notice, the raise-hand dialog, the proctor's answer and the list of
announcements show no word outside the marks (the proctor's own words aside)."""

from __future__ import annotations

import pytest

from proctor.student.ui.hall import RaiseHandDialog
from tests.helpers.pseudo import assert_translated, pseudo_language
from tests.helpers.student_ui import close_student, join_and_start, make_student

pytestmark = pytest.mark.gui

NAME, REG_NO = "Ada Lovelace", "2023CS0042"
SAID = ["Thirty minutes left.", "Coming to you now.", "My compiler crashed"]


def test_the_student_hall_is_translated(qtbot, host_thread, tmp_path):
    policy = host_thread.admin("GET", "room")["policy"]
    host_thread.admin("PUT", "policy", policy | {"screens": "thumbnail"})
    with pseudo_language():
        student = make_student(tmp_path / "student")
        qtbot.addWidget(student.window)
        student.start()
        try:
            student.window.show()
            join_and_start(qtbot, student, host_thread, NAME, REG_NO)
            data = [NAME, REG_NO, *SAID, *student.window.exam_page.editors]
            data += [host_thread.join_code or "", f"127.0.0.1:{host_thread.port}", "Proctor"]
            data += ["Sample exam: Python fundamentals", "Algorithms midterm", "K7M2QX-9F3A"]
            hall = student.controller.hall
            host_thread.admin("POST", "announce", {"text": SAID[0]})
            qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
            assert_translated(student.window, data)
            hall.card.button.click()
            qtbot.waitUntil(lambda: not hall.card.isVisible(), timeout=10_000)
            hall.raise_hand(SAID[2])
            qtbot.waitUntil(lambda: hall.bar.hand_label.isVisible(), timeout=10_000)
            assert hall.bar.screens_label.isVisible()
            assert_translated(student.window, data)
            dialog = RaiseHandDialog(student.window)
            assert_translated(dialog, data)
            dialog.close()
            sid = student.controller.me.student_id
            host_thread.admin("POST", f"students/{sid}/hand/answer", {"text": SAID[1]})
            qtbot.waitUntil(lambda: hall.card.isVisible(), timeout=10_000)
            assert_translated(student.window, data)
            hall.card.button.click()
            hall.open_list()
            assert hall.list_dialog is not None
            assert_translated(hall.list_dialog, data)
            hall.list_dialog.close()
        finally:
            close_student(student)
