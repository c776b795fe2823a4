"""Every text the student's windows show goes through translation: under a pseudo-language
that marks each translated text, the join form, the lobby and the exam screen, walked widget
by widget, show no word outside the marks (names, addresses and file names aside)."""

from __future__ import annotations

import pytest

from tests.helpers.pseudo import assert_translated, pseudo_language
from tests.helpers.student_ui import close_student, join_via_form, make_student

pytestmark = pytest.mark.gui

NAME, REG_NO = "Ada Lovelace", "2023CS0042"


def test_student_windows_are_translated(qtbot, host_thread, tmp_path):
    with pseudo_language():
        student = make_student(tmp_path / "student")
        qtbot.addWidget(student.window)
        student.start()
        try:
            _walk(qtbot, host_thread, student)
        finally:
            close_student(student)


def _walk(qtbot, host_thread, student):
    window = student.window
    data = [
        NAME,
        REG_NO,
        host_thread.join_code,
        "Algorithms midterm",
        "Proctor",
        "K7M2QX-9F3A",
        "Sample exam: Python fundamentals",
    ]
    assert_translated(window.join_page, data)
    window.show()
    join_via_form(qtbot, student, host_thread, NAME, REG_NO)
    qtbot.waitUntil(lambda: window.current_page() is window.lobby_page, timeout=10_000)
    qtbot.wait(300)
    assert_translated(window.lobby_page, data)
    host_thread.admin("POST", "start")
    exam = window.exam_page
    qtbot.waitUntil(exam.is_editable, timeout=10_000)
    qtbot.wait(300)
    data += [*exam.editors, f"127.0.0.1:{host_thread.port}"]
    assert_translated(window, data)
