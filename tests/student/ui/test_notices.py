"""What the student is told, in plain words and at the right moment: extra time, a missing
camera, a wrong port; and screens that stay calm: an opaque pause, notices that push nothing,
a submit question wide enough to read, tracebacks that name the student's file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from proctor.common.protocol import Paper
from proctor.student.ui import messages
from proctor.student.ui.exam import ExamPage
from proctor.student.ui.runner import ProgramRunner
from proctor.student.ui.window import StudentWindow
from proctor.ui.geometry import text_size
from proctor.ui.style import apply_style
from tests.helpers.student_ui import (
    close_student,
    join_and_start,
    make_student,
    other_server,
    start_host,
)

pytestmark = pytest.mark.gui


def _sid(host) -> str:
    return host.admin("GET", "students")["students"][0]["student_id"]


def test_extra_time_is_told_once_and_a_resume_is_not_extra_time(qtbot, host_thread, student):
    exam = join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS/2021/045")
    sid = _sid(host_thread)
    host_thread.admin("POST", "time", {"extra_s": 600, "student_id": sid})
    qtbot.waitUntil(lambda: exam.banner.has_message(), timeout=10_000)
    assert re.fullmatch(
        r"The proctor gave you 10 more minutes\. Your exam now ends at \d\d:\d\d\.",
        exam.banner.text(),
    )
    exam.banner.clear_message()
    host_thread.admin("POST", f"students/{sid}/pause")
    qtbot.waitUntil(lambda: exam.overlay.kind == "paused", timeout=10_000)
    qtbot.wait(1100)  # the end moves by the pause on resume: no news for the student
    host_thread.admin("POST", f"students/{sid}/resume")
    qtbot.waitUntil(lambda: exam.overlay.kind == "", timeout=10_000)
    qtbot.wait(500)
    assert not exam.banner.has_message()
    host_thread.admin("POST", "time", {"extra_s": -60})
    qtbot.waitUntil(lambda: exam.banner.has_message(), timeout=10_000)
    assert exam.banner.text().startswith("The proctor took 1 minute off your time.")


def test_no_camera_says_what_happened_and_what_to_do(qtbot, tmp_path):
    host = start_host(tmp_path / "host", policy={"camera": "report"})
    app = make_student(tmp_path / "student", camera_source=str(tmp_path / "no-such-camera.jpg"))
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Grace Hopper", "2023CS0007")
        qtbot.waitUntil(lambda: exam.banner.text() == messages.NO_CAMERA, timeout=15_000)
        assert exam.banner.property("level") == "warning"
        assert "raise your hand" in exam.banner.text()
        assert app.controller.monitors.self_view.text() == "No camera"

        def reported():
            return [i for i in host.admin("GET", "incidents")["incidents"]
                    if i["kind"] == "camera_unavailable"]  # fmt: skip

        qtbot.waitUntil(lambda: bool(reported()), timeout=15_000)
    finally:
        close_student(app)
        host.stop()


def test_a_web_server_that_is_not_proctor_means_a_wrong_address(qtbot, student):
    with other_server(status=404) as port:  # like most web servers: no /api/v1/hello
        page = student.window.join_page
        page.host.edit.setText(f"127.0.0.1:{port}")
        page.room.edit.setText("3SSZYS")
        page.name.edit.setText("Ada Lovelace")
        page.reg_no.edit.setText("CS/2021/045")
        page._validate()
        page.join_button.click()
        qtbot.waitUntil(lambda: page.error.isVisible(), timeout=15_000)
    assert "the address or the port is wrong" in page.error.text()
    assert "3SSZYS" not in page.error.text()  # the room ID is not the problem
    assert student.window.focusWidget() is page.host.edit


def test_the_room_id_is_not_scolded_while_typed(qtbot, student):
    page = student.window.join_page
    student.window.activateWindow()
    qtbot.waitUntil(student.window.isActiveWindow)
    page.room.edit.setFocus()
    qtbot.keyClicks(page.room.edit, "3ss")
    assert page.room.message.text() == "3 of 6 characters"
    assert page.room.message.objectName() == "fieldHint"
    qtbot.keyClicks(page.room.edit, "0")  # a character no room ID has: said at once
    assert page.room.message.objectName() == "fieldError" and "'0'" in page.room.message.text()
    page.room.edit.backspace()
    page.name.edit.setFocus()  # left with 3 of 6: now it is an error
    qtbot.waitUntil(lambda: page.room.message.objectName() == "fieldError", timeout=10_000)
    assert page.room.message.text() == "A room ID has 6 characters; this one has 3."


PAPER = Paper(title="T", instructions="# T", files={"solution.py": "x = 1\n" * 30})


@pytest.fixture
def styled_exam(qtbot, qapp):
    sheet, font, style = qapp.styleSheet(), qapp.font(), qapp.style().name()
    apply_style(qapp)
    page = ExamPage(lambda: 0)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    page.set_editable(True)
    page.load_paper(PAPER, None)
    yield page
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)
    qapp.setStyle(style)


def test_the_pause_overlay_hides_everything_behind_it(qtbot, styled_exam):
    page = styled_exam
    qtbot.wait(50)
    page.show_overlay("paused", messages.PAUSED_TITLE, messages.PAUSED_BODY)
    qtbot.wait(50)
    image = page.grab().toImage()
    editor = page.editors["solution.py"]
    corner = editor.mapTo(page, QPoint(40, 20))  # where code was drawn
    background = QColor("#14213d")
    for point in (corner, QPoint(5, page.height() - 5)):
        assert image.pixelColor(point) == background, point


def test_a_notice_pushes_no_panel(qtbot, styled_exam):
    page = styled_exam
    qtbot.wait(20)
    top = page.main_split.mapTo(page, QPoint(0, 0)).y()
    page.banner.show_message("The proctor gave you 10 more minutes.", "info")
    qtbot.wait(20)
    assert page.main_split.mapTo(page, QPoint(0, 0)).y() == top
    page.banner.clear_message()
    qtbot.wait(20)
    assert page.main_split.mapTo(page, QPoint(0, 0)).y() == top


def test_the_submit_question_is_wide_enough_to_read(qtbot, host_thread, student):
    exam = join_and_start(qtbot, student, host_thread, "Ada Lovelace", "CS/2021/045")
    exam.submit_button.click()
    box = student.controller.submission.confirm_box
    qtbot.waitUntil(box.isVisible)
    QApplication.processEvents()
    assert box.width() >= text_size(box, 60, 1).width()
    assert [b.text() for b in box.buttons()] and all(b.icon().isNull() for b in box.buttons())
    box.reject()


def test_a_traceback_names_the_students_file(qtbot, tmp_path: Path):
    runner = ProgramRunner()
    out: list[str] = []
    runner.outputArrived.connect(lambda text, _err: out.append(text))
    with qtbot.waitSignal(runner.finished, timeout=15000):
        runner.run({"solution.py": "x = 1\nprint(undefined)\n"}, "solution.py", "")
    text = "".join(out)
    assert 'File "solution.py", line 2' in text and "NameError" in text
    assert "/tmp" not in text and "qt_temp" not in text


def test_a_path_cut_between_two_chunks_is_still_taken_out():
    runner = ProgramRunner()
    runner._folder_prefix = "/tmp/qt_temp-abc/"
    first = runner._without_folder('  File "/tmp/qt_te', True, False)
    second = runner._without_folder('mp-abc/solution.py", line 2\n', True, False)
    assert first + second == '  File "solution.py", line 2\n'
    assert runner._without_folder("ends with /tm", False, True) == "ends with /tm"


def test_the_window_title_leaves_the_app_name_to_the_system(qtbot):
    window = StudentWindow(lambda: 0)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Exam" and "Proctor" not in window.windowTitle()
