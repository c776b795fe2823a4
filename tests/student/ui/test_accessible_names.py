"""A screen reader can name every control of the student's windows: the join form, the
lobby and the exam with a paper of every question type, in both editors."""

from __future__ import annotations

import pytest

from tests.helpers.accessible import controls, unnamed
from tests.helpers.constants import ROOT
from tests.helpers.student_ui import close_student, join_lobby, make_student, start_host

pytestmark = pytest.mark.gui

MIXED = ROOT / "assets" / "sample_mixed_paper"


def test_every_control_of_the_students_windows_has_a_name(qtbot, tmp_path):
    host = start_host(tmp_path / "host", paper_dir=MIXED)
    student = make_student(tmp_path / "student")
    qtbot.addWidget(student.window)
    try:
        student.start()
        window = student.window
        window.show()
        join = controls(window.join_page)
        assert len(join) >= 5 and unnamed(join) == []  # host, room, name, reg. no, Join
        join_lobby(qtbot, student, host, "Ada Lovelace", "CS/2026/001")
        assert unnamed(controls(window.lobby_page)) == []
        host.admin("POST", "start")
        exam = window.exam_page
        qtbot.waitUntil(exam.is_editable, timeout=10_000)
        qtbot.wait(300)
        view = exam.questions_view
        assert view is not None
        seen: set[str] = set()
        for index in range(9):  # each question of the paper in turn, its own controls shown
            view.show_question(index)
            qtbot.wait(50)
            seen.add(view.current_id())
            shown = controls(window)
            assert len(shown) >= 8 and unnamed(shown) == [], view.current_id()
        assert len(seen) == 9
    finally:
        close_student(student)
        host.stop()
