"""Screenshots of the student app in the high-contrast theme, for a person to look at:
artifacts/screenshots/contrast_<size>_*.png (the join form, the exam with the Scintilla and
with the plain-text editor, an announcement). Under xvfb-run (xcb) the whole screen, else
the window. The theme's colours are checked where code sets them: the editor's background
and text, the window's palette."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QWidget

from proctor.ui import style
from proctor.ui.editor import CodeEditor
from tests.helpers.screenshots import save_screenshot
from tests.helpers.student_ui import close_student, join_and_start, make_student

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def save(widget: QWidget, name: str) -> Path:
    return save_screenshot(widget, f"contrast_{{size}}_{name}")


def test_high_contrast_screenshots(qtbot, host_thread, tmp_path) -> None:
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    try:
        app.window.exam_page.set_high_contrast(True)
        assert style.high_contrast()
        palette = QApplication.palette()
        assert palette.color(QPalette.ColorRole.Window).name() == "#000000"
        assert palette.color(QPalette.ColorRole.WindowText).name() == "#ffffff"
        app.start()
        app.window.showMaximized()
        qtbot.wait(500)
        save(app.window, "join")
        exam = join_and_start(qtbot, app, host_thread, "Ada Lovelace", "CS/2021/045")
        qtbot.wait(800)
        editor = exam.editors["solution.py"]
        assert isinstance(editor, CodeEditor)
        assert editor.scintilla.styleBack(0) == 0x000000
        assert editor.scintilla.styleFore(0) == 0xFFFFFF
        editor.focus_text()
        save(app.window, "exam")
        exam.set_plain_editor(True)
        exam.editors["solution.py"].focus_text()
        qtbot.wait(300)
        save(app.window, "exam_plain")
        host_thread.admin("POST", "announce", {"text": "Thirty minutes left."})
        qtbot.waitUntil(lambda: app.controller.hall.card.isVisible(), timeout=10_000)
        qtbot.wait(300)
        save(app.window, "announcement")
        app.controller.hall.card.button.click()
        exam.set_high_contrast(False)
        assert not style.high_contrast()
        assert QApplication.palette().color(QPalette.ColorRole.Window).name() != "#000000"
    finally:
        style.set_high_contrast(False)
        close_student(app)
