"""A grant from the proctor mid-exam (PROTOCOL.md "Accommodations"): the text grows app-wide at
once, the editors zoom with it, the plain-text editor takes over with the student's text, the
view buttons move to a row of their own, the student is told; taken back, all is as before.
Screenshots (artifacts/screenshots/granted150_{size}_exam.png) for a person to look at."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from proctor.ui import style
from proctor.ui.plain_editor import PlainCodeEditor
from proctor.ui.style import apply_style
from tests.helpers.screenshots import save_screenshot
from tests.helpers.student_ui import join_and_start

pytestmark = pytest.mark.gui


def test_a_grant_mid_exam_is_applied_at_once_and_taken_back(qtbot, host_thread, student) -> None:
    base = QApplication.font().pointSizeF()
    exam = join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS/2021/045")
    sid = host_thread.admin("GET", "students")["students"][0]["student_id"]
    editor = exam.editors["solution.py"]
    editor.set_text("print('mine')\n")
    heading_before = exam.exam_title.styleSheet()
    try:
        host_thread.admin(
            "POST", f"students/{sid}/accommodations", {"font_scale": 150, "plain_editor": True}
        )
        qtbot.waitUntil(lambda: style.font_scale() == 150, timeout=10_000)
        assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5)
        assert exam.exam_title.styleSheet() == "font-size: 19.5pt; font-weight: 600;"
        assert exam.plain_editor
        plain = exam.editors["solution.py"]
        assert isinstance(plain, PlainCodeEditor)
        assert plain.text() == "print('mine')\n"  # the student's text came along
        assert plain.zoom() == style.editor_zoom() == 6
        assert not exam.top_bar.tools_in_bar  # the view buttons in a row of their own
        text = exam.banner.text()
        assert "text size to 150 %" in text and "plain-text editor" in text
        assert exam.plain_button.isChecked()
        qtbot.wait(300)
        save_screenshot(student.window, "granted150_{size}_exam")
        # Every button of the top bar is shown whole at 150 %.
        for button in (exam.submit_button, exam.view_button):
            assert button.isVisible() and button.width() >= button.sizeHint().width()

        host_thread.admin("POST", f"students/{sid}/accommodations", {})
        qtbot.waitUntil(lambda: style.font_scale() == 100, timeout=10_000)
        assert not exam.plain_editor
        assert exam.editors["solution.py"].text() == "print('mine')\n"
        assert exam.editors["solution.py"].zoom() == 0
        assert exam.exam_title.styleSheet() == heading_before
    finally:
        style.set_font_scale(100)
    assert QApplication.font().pointSizeF() == pytest.approx(base)


@pytest.mark.parametrize("width", [1920, 1366, 1024])
def test_the_top_bar_never_cuts_a_button_whatever_the_save_line_says(
    qtbot, host_thread, student, width: int
) -> None:
    """The longest save line ("Saved on the proctor's computer at 12:34:56") beside the view
    and hall buttons: at 1366 px and more they share one row; narrower, the buttons take
    their own row rather than be cut, and they stay there as the save line changes."""
    apply_style(QApplication.instance())  # the real sizes: the shared style sheet
    exam = join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS/2021/045")
    student.window.resize(width, 760)
    qtbot.waitUntil(lambda: exam.width() == width, timeout=5_000)
    placed = exam.top_bar.tools_in_bar
    for kind in ("host_ok", "host_pending", "local_ok"):
        exam.set_save_status(kind, "")
        qtbot.wait(50)
        assert exam.top_bar.tools_in_bar == placed  # the buttons never hop rows with the text
        buttons = [exam.submit_button, exam.view_button]
        hall = student.controller.hall.bar
        buttons += [hall.hand_button, hall.announcements_button]
        for button in buttons:
            if button.isVisible():
                assert button.width() >= button.sizeHint().width(), (kind, button.text())
        assert exam.save_label.width() >= exam.save_label.sizeHint().width(), kind
    assert placed == (width >= 1366)  # one row on the laptop of the hall
    save_screenshot(student.window, f"topbar{width}_{{size}}_exam")
