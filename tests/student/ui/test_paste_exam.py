"""The paste rule in the real student app: every text field of the exam window follows the
room's paste policy (the Run panel's input box as much as the editor), and outside text
copied from one field into another is still reported. Reports reach a real host."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from tests.helpers.student_ui import (
    close_student,
    join_and_start,
    make_student,
    start_host,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]

OUTSIDE = "def solve(xs):\n    return sorted(xs)[::-1]  # from a chat window\n"
CTRL = Qt.KeyboardModifier.ControlModifier


def clipboard(text: str) -> None:
    QApplication.clipboard().setText(text)


def paste_into(qtbot: Any, field: QWidget) -> None:
    QWidget.setFocus(field)
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)


def paste_incidents(host: Any) -> list[dict[str, Any]]:
    incidents = host.admin("GET", "incidents")["incidents"]
    return [i for i in incidents if i["kind"] in ("external_paste", "paste_blocked")]


@pytest.fixture
def exam_with(qtbot, tmp_path):
    made: list[Any] = []

    def start(paste: str) -> tuple[Any, Any, Any]:
        host = start_host(tmp_path / f"host-{paste}", policy={"paste": paste})
        app = make_student(tmp_path / f"student-{paste}")
        qtbot.addWidget(app.window)
        app.start()
        made.append((app, host))
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        qtbot.waitUntil(lambda: app.controller.monitors.running, timeout=10_000)
        return app, host, exam

    yield start
    for app, host in made:
        close_student(app)
        host.stop()


def test_block_covers_the_run_panels_input_box(qtbot, exam_with):
    _app, host, exam = exam_with("block")
    stdin_box = exam.run_panel.stdin_box
    clipboard(OUTSIDE)
    paste_into(qtbot, stdin_box)
    assert stdin_box.toPlainText() == ""
    qtbot.waitUntil(lambda: bool(paste_incidents(host)), timeout=15_000)
    (incident,) = paste_incidents(host)
    assert incident["kind"] == "paste_blocked"
    assert incident["detail"]["field"] == "Input for the program"
    assert "paste" in exam.banner.text().lower()  # the student is told

    # A field added to the exam window later (an answer box) follows the same rule.
    answer = QLineEdit()
    exam.content.layout().addWidget(answer)
    answer.show()
    paste_into(qtbot, answer)
    assert answer.text() == ""


def test_outside_text_copied_from_the_input_box_into_the_editor_is_reported_again(qtbot, exam_with):
    _app, host, exam = exam_with("report")
    stdin_box = exam.run_panel.stdin_box
    clipboard(OUTSIDE)
    paste_into(qtbot, stdin_box)
    assert stdin_box.toPlainText() == OUTSIDE
    stdin_box.selectAll()
    qtbot.keyClick(stdin_box, Qt.Key.Key_C, CTRL)  # copied inside the exam...
    editor = exam.editors["solution.py"]
    editor.focus_text()
    qtbot.keyClick(editor.scintilla, Qt.Key.Key_V, CTRL)  # ...into the editor
    assert "from a chat window" in editor.text()

    qtbot.waitUntil(lambda: len(paste_incidents(host)) == 2, timeout=15_000)
    first, second = paste_incidents(host)
    assert first["kind"] == second["kind"] == "external_paste"
    assert first["detail"]["field"] == "Input for the program"
    assert second["detail"]["field"] == "File solution.py"
    assert second["detail"]["copied_inside"] is True
