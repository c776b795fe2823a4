"""The student app, screen by screen, against a real host running in this process:
join → lobby → exam → paused → resumed → submitted → ended with the receipt; and kicked."""

from __future__ import annotations

import json
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from proctor.common.receipt import receipt_code
from proctor.student.ui.lobby import WAITING_TEXT
from proctor.student.ui.messages import KICKED_TITLE, PAUSED_TITLE
from tests.helpers.student_ui import (
    close_student,
    join_and_start,
    join_lobby,
    join_via_form,
    make_student,
)

pytestmark = pytest.mark.gui


def _type(qtbot, editor, text):
    """Type like a person: QTest has no key for "\n", so lines end with the Return key."""
    editor.focus_text()
    for index, line in enumerate(text.split("\n")):
        if index:
            qtbot.keyClick(editor.scintilla, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(editor.scintilla, line)


def _student_id(student):
    assert student.controller.me is not None
    return student.controller.me.student_id


def test_join_lobby_exam_pause_resume_submit_end(qtbot, host_thread, student):
    window = student.window
    assert window.current_page() is window.join_page
    join_via_form(qtbot, student, host_thread, "Ada Lovelace", "2023CS0042")

    # Lobby: connected and waiting; no editor anywhere.
    qtbot.waitUntil(lambda: window.current_page() is window.lobby_page, timeout=10_000)
    lobby = window.lobby_page
    qtbot.waitUntil(lambda: lobby.headline.text() == WAITING_TEXT, timeout=10_000)
    assert lobby.session_name.text() == "Algorithms midterm"
    assert lobby.duration.text() == "Duration: 1 hour"
    assert lobby.connection.status == "online"
    assert not window.exam_page.isVisible()
    assert not window.exam_page.has_paper()

    # Start: the exam opens by itself with the paper.
    host_thread.admin("POST", "start")
    exam = window.exam_page
    qtbot.waitUntil(lambda: window.current_page() is exam and exam.is_editable(), timeout=10_000)
    assert "solution.py" in exam.editors
    assert exam.exam_title.text() == "Algorithms midterm"
    assert exam.student_label.text() == "Ada Lovelace · 2023CS0042"
    assert "word_counts" in exam.editors["solution.py"].text()
    assert "Question 1" in exam.instructions.toPlainText()
    assert exam.countdown.text().startswith(("59:", "1:00:"))
    assert exam.countdown.property("level") == "normal"

    editor = exam.editors["solution.py"]
    editor.scintilla.gotoPos(editor.scintilla.textLength())
    _type(qtbot, editor, "\nANSWER = 42\n")
    qtbot.waitUntil(
        lambda: (
            "ANSWER = 42" in (student.controller.session.local_work() or {}).get("solution.py", "")
        ),
        timeout=10_000,
    )
    qtbot.waitUntil(lambda: exam.save_label.text().startswith("Saved"), timeout=10_000)
    # Within about 5 s the snapshot is on the host too, and the indicator says so, with the
    # time; a local save of the same text coming after it does not take that back.
    qtbot.waitUntil(
        lambda: "on the proctor's computer at" in exam.save_label.text(), timeout=15_000
    )
    saved_at = r"Saved on the proctor's computer at \d\d:\d\d:\d\d"
    assert re.fullmatch(saved_at, exam.save_label.text())
    qtbot.wait(1200)
    assert "on the proctor's computer" in exam.save_label.text()

    # Paused: overlay, no editing; resumed: overlay gone, editing back.
    sid = _student_id(student)
    snapshot = host_thread.admin("GET", f"students/{sid}/work")["snapshot"]
    assert "ANSWER = 42" in snapshot["files"]["solution.py"]
    host_thread.admin("POST", f"students/{sid}/pause")
    qtbot.waitUntil(lambda: exam.overlay.isVisible(), timeout=10_000)
    assert exam.overlay.title.text() == PAUSED_TITLE
    assert editor.is_read_only()
    assert not exam.submit_button.isEnabled()
    assert exam.countdown.property("level") == "paused"
    before = editor.text()
    qtbot.keyClicks(editor.scintilla, "lost")
    assert editor.text() == before
    host_thread.admin("POST", f"students/{sid}/resume")
    qtbot.waitUntil(lambda: not exam.overlay.isVisible(), timeout=10_000)
    assert not editor.is_read_only()
    assert exam.submit_button.isEnabled()

    # Submit: asks first, then shows the receipt, which matches the host's.
    qtbot.mouseClick(exam.submit_button, Qt.MouseButton.LeftButton)
    box = student.controller.submission.confirm_box
    assert box is not None and box.isVisible()
    submit_button = next(b for b in box.buttons() if b.text() == "Submit")
    submit_button.click()
    qtbot.waitUntil(lambda: student.controller.last_receipt is not None, timeout=10_000)
    receipt = student.controller.last_receipt
    code = receipt_code(receipt.sha256)
    assert re.fullmatch(r"[0-9A-F]{4}-[0-9A-F]{4}", code)
    assert f"Receipt code {code}" in exam.banner.text()
    assert isinstance(student.controller.submission.receipt_box, QMessageBox)
    assert code in student.controller.submission.receipt_box.informativeText()
    assert receipt.sha256 in student.controller.submission.receipt_box.informativeText()
    work = host_thread.admin("GET", f"students/{sid}/work")
    assert work["submission"]["sha256"] == receipt.sha256
    assert "ANSWER = 42" in work["submission"]["files"]["solution.py"]
    student.controller.submission.receipt_box.done(0)

    # End: editing stops, the app hands in by itself and shows the receipt.
    host_thread.admin("POST", "end", {"admin_key": host_thread.admin_key})
    qtbot.waitUntil(lambda: student.controller.final_receipt is not None, timeout=15_000)
    final = student.controller.final_receipt
    assert exam.overlay.isVisible()
    code = receipt_code(final.sha256)
    assert f"Your receipt code is {code}." in exam.overlay.body.text()
    assert re.search(r"received your work at \d\d:\d\d:\d\d", exam.overlay.body.text())
    assert final.sha256 in exam.overlay.receipt.text()
    assert f"Receipt code: {code}" in exam.overlay.receipt.text()
    assert editor.is_read_only()
    assert exam.countdown.text() == "Ended"
    handed = host_thread.admin("GET", f"students/{sid}/work")
    assert handed["submission"]["sha256"] == final.sha256
    assert student.controller.close_refusal() == ""


def test_kicked_during_the_exam_keeps_the_local_copy(qtbot, host_thread, student, tmp_path):
    exam = join_and_start(qtbot, student, host_thread, "Grace Hopper", "2023CS0007")
    editor = exam.editors["solution.py"]
    _type(qtbot, editor, "# my notes\n")
    qtbot.waitUntil(
        lambda: (
            "# my notes" in (student.controller.session.local_work() or {}).get("solution.py", "")
        ),
        timeout=10_000,
    )

    host_thread.admin("POST", f"students/{_student_id(student)}/kick", {"reason": "phone"})
    qtbot.waitUntil(
        lambda: exam.overlay.isVisible() and exam.overlay.kind == "kicked", timeout=10_000
    )
    assert exam.overlay.title.text() == KICKED_TITLE
    assert editor.is_read_only()
    # The header says what happened, not "Reconnecting…".
    qtbot.waitUntil(lambda: exam.connection.label.text() == "Removed from the exam", timeout=10_000)
    qtbot.wait(3000)  # the link gives up on the removed seat meanwhile
    assert exam.connection.label.text() == "Removed from the exam"
    assert "# my notes" in editor.text()

    def saved_on_disk():
        return any(
            "# my notes" in json.loads(p.read_text())["files"]["solution.py"]
            for p in (tmp_path / "student").rglob("work.json")
        )

    qtbot.waitUntil(saved_on_disk, timeout=3000)
    # A removed student may close the app.
    assert student.controller.close_refusal() == ""


def test_closing_is_refused_while_the_exam_runs(qtbot, host_thread, student):
    join_lobby(qtbot, student, host_thread, "Alan Turing", "2023CS0001")
    host_thread.admin("POST", "start")
    qtbot.waitUntil(lambda: student.window.exam_page.is_editable(), timeout=10_000)
    student.window.close()
    assert student.window.isVisible()
    box = student.window.refusal_box
    assert box is not None and box.isVisible()
    assert "exam is running" in box.text()
    box.done(0)


def test_restarting_resumes_the_same_student_with_work_restored(qtbot, host_thread, tmp_path):
    data_dir = tmp_path / "student"
    first = make_student(data_dir)
    qtbot.addWidget(first.window)
    first.start()
    join_lobby(qtbot, first, host_thread, "Katherine Johnson", "2023CS0099")
    host_thread.admin("POST", "start")
    qtbot.waitUntil(lambda: first.window.exam_page.is_editable(), timeout=10_000)
    editor = first.window.exam_page.editors["solution.py"]
    _type(qtbot, editor, "# written before the crash\n")
    qtbot.waitUntil(
        lambda: (
            "before the crash"
            in (first.controller.session.local_work() or {}).get("solution.py", "")
        ),
        timeout=10_000,
    )
    student_id = _student_id(first)
    close_student(first)

    second = make_student(data_dir)
    qtbot.addWidget(second.window)
    second.start()  # no details typed: the saved seat is resumed
    exam = second.window.exam_page
    qtbot.waitUntil(lambda: exam.is_editable(), timeout=10_000)
    assert _student_id(second) == student_id
    assert "# written before the crash" in exam.editors["solution.py"].text()
    rows = host_thread.admin("GET", "students")["students"]
    assert [row["student_id"] for row in rows] == [student_id]
    close_student(second)


def test_saved_seat_file_is_what_the_resume_reads(qtbot, host_thread, student, tmp_path):
    join_lobby(qtbot, student, host_thread, "Edsger Dijkstra", "2023CS0003")
    seat = json.loads((tmp_path / "student" / "session.json").read_text())
    assert seat["reg_no"] == "2023CS0003"
    assert seat["room_id"] == host_thread.room_id
