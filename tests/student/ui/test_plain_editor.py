"""The plain-text editor in the real student app against a real host: the same keys typed in
the Scintilla editor and in the plain-text one save and hand in exactly the same files (the
same text on disk, in the host's snapshot and hand-in, the same receipt hash); switching
keeps the text; Ctrl+M turns Tab from indenting into moving the focus; the paste rule covers
the field and names it after the file; `--plain-editor` starts in it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from proctor.student.ui.app import StudentApp, build_parser
from proctor.ui.editor import CodeEditor
from proctor.ui.plain_editor import PlainCodeEditor, next_indent
from tests.helpers.student_ui import close_student, join_lobby, make_student, start_host

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
# Typed at the end of solution.py: Return auto-indents (one level more after ":", one less
# after "return"), Tab after "x = 1" pads to the next multiple of four.
KEYS: list[str | Qt.Key] = [
    Qt.Key.Key_Return,
    "def answer():",
    Qt.Key.Key_Return,
    "if True:",
    Qt.Key.Key_Return,
    "return 42",
    Qt.Key.Key_Return,
    "x = 1",
    Qt.Key.Key_Tab,
    "# the end",
    Qt.Key.Key_Return,
]
TYPED = "\ndef answer():\n    if True:\n        return 42\n    x = 1   # the end\n    "


def field_of(editor: Any) -> QWidget:
    return editor.scintilla if isinstance(editor, CodeEditor) else editor.text_field


def type_keys(qtbot: Any, editor: Any) -> None:
    field = field_of(editor)
    editor.focus_text()
    qtbot.keyClick(field, Qt.Key.Key_End, CTRL)
    for key in KEYS:
        if isinstance(key, str):
            qtbot.keyClicks(field, key)
        else:
            qtbot.keyClick(field, key)


def sit(qtbot: Any, host: Any, app: Any, plain: bool) -> dict[str, Any]:
    """Type KEYS into solution.py, save with Ctrl+S, hand in; what each place then holds."""
    exam = app.window.exam_page
    qtbot.waitUntil(exam.is_editable, timeout=10_000)
    if plain:
        exam.plain_button.trigger()
    editor = exam.editors["solution.py"]
    assert isinstance(editor, PlainCodeEditor if plain else CodeEditor)
    starter = editor.text()
    type_keys(qtbot, editor)
    assert editor.text() == starter + TYPED
    qtbot.keyClick(field_of(editor), Qt.Key.Key_S, CTRL)
    session = app.controller.session
    qtbot.waitUntil(
        lambda: (session.local_work() or {}).get("solution.py") == editor.text(), timeout=10_000
    )
    sid = app.controller.me.student_id
    qtbot.waitUntil(
        lambda: (
            (host.admin("GET", f"students/{sid}/work")["snapshot"] or {}).get("files")
            == exam.files()
        ),
        timeout=15_000,
    )
    app.controller.submission.submit()
    qtbot.waitUntil(lambda: app.controller.last_receipt is not None, timeout=10_000)
    work = host.admin("GET", f"students/{sid}/work")
    return {
        "local": session.local_work(),
        "snapshot": work["snapshot"]["files"],
        "handed_in": work["submission"]["files"],
        "sha256": work["submission"]["sha256"],
        "receipt": app.controller.last_receipt.sha256,
    }


def test_both_editors_save_and_hand_in_the_same_files(qtbot, tmp_path) -> None:
    host = start_host(tmp_path / "host")
    apps = []
    try:
        for who, reg_no in (("scintilla", "CS/1"), ("plain", "CS/2")):
            app = make_student(tmp_path / who)
            qtbot.addWidget(app.window)
            app.start()
            apps.append(app)
            join_lobby(qtbot, app, host, f"Student {who}", reg_no)
        host.admin("POST", "start")
        scintilla = sit(qtbot, host, apps[0], plain=False)
        plain = sit(qtbot, host, apps[1], plain=True)
    finally:
        for app in apps:
            close_student(app)
        host.stop()
    assert TYPED in plain["handed_in"]["solution.py"]
    assert plain == scintilla
    assert plain["sha256"] == plain["receipt"]


def test_switching_keeps_the_text_and_ctrl_m_toggles_tab(qtbot, host_thread, tmp_path) -> None:
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        join_lobby(qtbot, app, host_thread, "Ada Lovelace", "CS/1")
        host_thread.admin("POST", "start")
        exam = app.window.exam_page
        qtbot.waitUntil(exam.is_editable, timeout=10_000)
        exam.editors["solution.py"].set_text("print('hi')\n")
        before = exam.files()
        qtbot.keyClick(exam, Qt.Key.Key_P, CTRL | Qt.KeyboardModifier.ShiftModifier)
        editor = exam.editors["solution.py"]
        assert isinstance(editor, PlainCodeEditor) and exam.plain_button.isChecked()
        assert exam.files() == before
        field = editor.text_field
        assert field.accessibleName() == "File solution.py"
        assert "Tab indents" in editor.tab_note.text()

        editor.focus_text()
        qtbot.keyClick(field, Qt.Key.Key_M, CTRL)
        assert editor.tab_moves_focus() and "Tab moves" in field.accessibleDescription()
        qtbot.keyClick(field, Qt.Key.Key_Tab)
        assert editor.text() == before["solution.py"]  # nothing inserted: the focus moved on
        assert not field.hasFocus()
        editor.focus_text()
        qtbot.keyClick(field, Qt.Key.Key_M, CTRL)
        qtbot.keyClick(field, Qt.Key.Key_Tab)
        assert editor.text() == "    " + before["solution.py"]

        exam.plain_button.trigger()  # back to Scintilla, the text kept
        assert isinstance(exam.editors["solution.py"], CodeEditor)
        assert exam.editors["solution.py"].text() == "    " + before["solution.py"]
    finally:
        close_student(app)


def test_the_paste_rule_covers_the_plain_editor(qtbot, tmp_path) -> None:
    host = start_host(tmp_path / "host", policy={"paste": "block"})
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        join_lobby(qtbot, app, host, "Ada Lovelace", "CS/1")
        host.admin("POST", "start")
        exam = app.window.exam_page
        qtbot.waitUntil(exam.is_editable, timeout=10_000)
        qtbot.waitUntil(lambda: app.controller.monitors.running, timeout=10_000)
        exam.set_plain_editor(True)
        editor = exam.editors["solution.py"]
        before = editor.text()
        QApplication.clipboard().setText("print('from a chat window')\n")
        editor.focus_text()
        qtbot.keyClick(editor.text_field, Qt.Key.Key_V, CTRL)
        assert editor.text() == before

        def blocked() -> list[dict[str, Any]]:
            incidents = host.admin("GET", "incidents")["incidents"]
            return [i for i in incidents if i["kind"] == "paste_blocked"]

        qtbot.waitUntil(lambda: bool(blocked()), timeout=15_000)
        assert blocked()[0]["detail"]["field"] == "File solution.py"
    finally:
        close_student(app)
        host.stop()


def test_the_plain_editor_flag_starts_in_it(qtbot, tmp_path) -> None:
    assert build_parser().parse_args(["--plain-editor"]).plain_editor
    assert not build_parser().parse_args([]).plain_editor
    app = StudentApp(tmp_path / "student", full_screen=False, mdns=False, plain_editor=True)
    qtbot.addWidget(app.window)
    try:
        assert app.window.exam_page.plain_editor
        assert app.window.exam_page.plain_button.isChecked()
    finally:
        close_student(app)


def test_the_indent_rules_match_the_scintilla_editor() -> None:
    assert next_indent("def f():") == 4
    assert next_indent("    if x:  # a comment") == 8
    assert next_indent("        return 1") == 4
    assert next_indent("pass") == 0
    assert next_indent("    x = 1") == 4
