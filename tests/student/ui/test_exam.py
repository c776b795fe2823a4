"""The exam screen on its own: the run panel with real Python processes, keyboard shortcuts,
the countdown's colours, the save indicator and paper loading."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from proctor.common.protocol import Paper
from proctor.student.ui.exam import ExamPage
from proctor.student.ui.instructions import render_instructions
from proctor.student.ui.widgets import Countdown, countdown_level, format_remaining

pytestmark = pytest.mark.gui

PAPER = Paper(
    title="Sample",
    instructions="# Sample\n\nRead **carefully**.\n\n```python\nprint(1)\n```\n",
    files={
        "data.txt": "3\n4\n",
        "solution.py": "import helper\nn = int(input())\nprint(helper.double(n))\n",
        "helper.py": "def double(x):\n    return 2 * x\n",
    },
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_000_000

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def exam(qtbot):
    page = ExamPage(FakeClock())
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.set_editable(True)
    page.load_paper(PAPER, None)
    return page


def test_paper_loads_python_files_first_and_renders_markdown(exam):
    assert [exam.tabs.tabText(i) for i in range(exam.tabs.count())] == [
        "helper.py",
        "solution.py",
        "data.txt",
    ]
    html = render_instructions(PAPER.instructions)
    assert "<strong>carefully</strong>" in html and "<pre>" in html
    assert "Read carefully." in exam.instructions.toPlainText()
    assert exam.files() == PAPER.files


def test_saved_work_replaces_the_starter_files(exam):
    exam.load_paper(PAPER, {"solution.py": "print('mine')\n", "notes.py": "# extra\n"})
    files = exam.files()
    assert files["solution.py"] == "print('mine')\n"
    assert files["notes.py"] == "# extra\n"
    assert files["helper.py"] == PAPER.files["helper.py"]


def test_run_uses_stdin_and_sibling_files(qtbot, exam):
    exam.tabs.setCurrentIndex(1)  # solution.py
    exam.run_panel.stdin_box.setPlainText("21\n")
    with qtbot.waitSignal(exam.runner.finished, timeout=15000) as finished:
        qtbot.mouseClick(exam.run_panel.run_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].startswith("Finished with exit code 0")
    assert exam.run_panel.output_box.toPlainText().strip() == "42"
    assert exam.run_panel.run_button.isEnabled()
    assert not exam.run_panel.stop_button.isEnabled()


def test_run_shows_errors_and_the_exit_code(qtbot, exam):
    exam.editors["solution.py"].set_text("print('before')\nraise ValueError('bad input')\n")
    exam.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(exam.runner.finished, timeout=15000) as finished:
        exam.run_current()
    output = exam.run_panel.output_box.toPlainText()
    assert "before" in output and "ValueError: bad input" in output
    assert finished.args[0].startswith("Finished with exit code 1")


def test_time_limit_and_stop_button(qtbot, exam):
    exam.runner.time_limit_s = 1
    exam.editors["solution.py"].set_text("while True:\n    pass\n")
    exam.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(exam.runner.finished, timeout=15000) as finished:
        exam.run_current()
    assert finished.args[0] == "Stopped after 1 s."

    exam.runner.time_limit_s = 30
    exam.run_current()
    qtbot.waitUntil(exam.run_panel.stop_button.isEnabled, timeout=10_000)
    with qtbot.waitSignal(exam.runner.finished, timeout=15000) as finished:
        qtbot.mouseClick(exam.run_panel.stop_button, Qt.MouseButton.LeftButton)
    assert finished.args[0] == "Stopped by you."


def test_flooding_output_is_cut_off(qtbot, exam):
    exam.editors["solution.py"].set_text("while True:\n    print('x' * 1000)\n")
    exam.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(exam.runner.finished, timeout=15000) as finished:
        exam.run_current()
    assert "too much output" in finished.args[0]
    assert len(exam.run_panel.output_box.toPlainText()) <= 200_000


def test_a_non_python_tab_runs_the_first_python_file(qtbot, exam):
    exam.tabs.setCurrentIndex(2)  # data.txt
    with qtbot.waitSignal(exam.runner.started, timeout=5000) as started:
        exam.run_current()
    assert started.args[0] == "helper.py"
    qtbot.waitUntil(lambda: not exam.runner.is_running(), timeout=10_000)


def test_keyboard_shortcuts(qtbot, exam):
    editor = exam.editors["solution.py"]
    exam.tabs.setCurrentWidget(editor)
    editor.focus_text()
    sci = editor.scintilla
    with qtbot.waitSignal(exam.saveNowRequested, timeout=1000):
        qtbot.keyClick(sci, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    exam.run_panel.stdin_box.setPlainText("1\n")
    with qtbot.waitSignal(exam.runner.started, timeout=5000):
        qtbot.keyClick(sci, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: not exam.runner.is_running(), timeout=10_000)
    with qtbot.waitSignal(exam.runner.started, timeout=5000):
        qtbot.keyClick(sci, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not exam.runner.is_running(), timeout=10_000)
    qtbot.keyClick(sci, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert editor.find_bar.isVisible()
    qtbot.keyClick(editor.find_bar.find_box, Qt.Key.Key_Escape)
    # Zooming one file zooms them all.
    editor.focus_text()
    qtbot.keyClick(sci, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert {e.zoom() for e in exam.editors.values()} == {1}
    qtbot.keyClick(sci, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert {e.zoom() for e in exam.editors.values()} == {0}


def test_f6_moves_between_panes(qtbot, exam):
    window = exam.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    editor = exam.editors["solution.py"]
    exam.tabs.setCurrentWidget(editor)
    editor.focus_text()
    visited = []
    for _ in range(5):
        qtbot.keyClick(exam.focusWidget(), Qt.Key.Key_F6)
        visited.append(exam.focusWidget())
    assert visited == [
        exam.instructions,
        exam.run_panel.stdin_box,
        exam.run_panel.output_box,
        exam.submit_button,
        editor.scintilla,
    ]
    qtbot.keyClick(exam.focusWidget(), Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert exam.focusWidget() is exam.submit_button


def test_edits_are_reported_once_typing_pauses(qtbot, exam):
    editor = exam.editors["solution.py"]
    editor.focus_text()
    with qtbot.waitSignal(exam.workChanged, timeout=2000):
        qtbot.keyClicks(editor.scintilla, "abc")
    assert editor.text().startswith("abc")


def test_not_editable_blocks_typing_running_and_submitting(qtbot, exam):
    exam.set_editable(False)
    editor = exam.editors["solution.py"]
    before = editor.text()
    qtbot.keyClicks(editor.scintilla, "zzz")
    assert editor.text() == before
    assert not exam.run_panel.run_button.isEnabled()
    assert not exam.submit_button.isEnabled()
    exam.run_current()
    assert not exam.runner.is_running()


def test_closing_editing_stops_a_running_program_and_keeps_run_disabled(qtbot, exam):
    exam.editors["solution.py"].set_text("import time\ntime.sleep(30)\n")
    exam.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(exam.runner.started, timeout=5000):
        exam.run_current()
    with qtbot.waitSignal(exam.runner.finished, timeout=15000):
        exam.set_editable(False)
    assert not exam.runner.is_running()
    assert not exam.run_panel.run_button.isEnabled()
    assert not exam.run_panel.stop_button.isEnabled()


def test_save_indicator_is_loud_on_failure_and_clears_when_fixed(exam):
    exam.set_save_status("local_ok", "")
    assert exam.save_label.text() == "Saved on this computer"
    assert not exam.save_banner.isVisible()
    exam.set_save_status("local_failed", "the disk is full")
    assert exam.save_banner.isVisible()
    assert exam.save_banner.property("level") == "error"
    assert (
        "COULD NOT BE SAVED" in exam.save_banner.text()
        and "the disk is full" in exam.save_banner.text()
    )
    assert exam.save_label.text() == "NOT SAVED"
    exam.set_save_status("host_pending", "")
    assert exam.save_banner.isVisible()  # still not saved locally: stays loud
    exam.set_save_status("local_ok", "")
    assert not exam.save_banner.isVisible()
    exam.set_save_status("too_large", "2.1 MB")
    assert "too large" in exam.save_banner.text()
    exam.set_save_status("local_ok", "")
    assert exam.save_banner.isVisible()  # only the host accepting it clears this one
    exam.set_save_status("host_ok", "")
    assert not exam.save_banner.isVisible()


def test_countdown_colours_and_freeze(qtbot):
    clock = FakeClock()
    countdown = Countdown(clock)
    qtbot.addWidget(countdown)
    expired = []
    countdown.expired.connect(lambda: expired.append(True))
    countdown.set_end(clock.now + 3600_000)
    assert countdown.text() == "1:00:00"
    assert countdown.property("level") == "normal"
    clock.now += 3600_000 - 299_000
    countdown.refresh()
    assert countdown.text() == "04:59"
    assert countdown.property("level") == "warning"
    clock.now += 240_000
    countdown.refresh()
    assert countdown.text() == "00:59"
    assert countdown.property("level") == "critical"
    countdown.freeze()
    clock.now += 30_000
    countdown.refresh()
    assert countdown.text() == "00:59"
    assert countdown.property("level") == "paused"
    countdown.set_end(clock.now + 59_000)
    clock.now += 60_000
    countdown.refresh()
    assert countdown.text() == "00:00"
    assert expired == [True]
    assert format_remaining(0.2) == "00:01"
    assert countdown_level(301) == "normal"
