"""PasteGuard on a real ScintillaEdit with the real Qt clipboard (offscreen or under Xvfb)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget
from pyside6_scintilla import ScintillaEdit

from proctor.shield.notices import PASTE_BLOCKED_MESSAGE
from proctor.student.ui.integrity import PasteGuard

pytestmark = pytest.mark.gui

EXTERNAL = "def solve(xs):\n    return sorted(xs)[::-1]\n"


def text_of(editor: ScintillaEdit) -> str:
    return bytes(editor.getText(editor.textLength() + 1)).decode("utf-8")


@pytest.fixture
def editor(qtbot):
    sci = ScintillaEdit()
    sci.resize(500, 300)
    qtbot.addWidget(sci)
    sci.show()
    qtbot.waitExposed(sci)
    sci.activateWindow()
    QWidget.setFocus(sci)  # ScintillaEdit.setFocus is Scintilla's own SCI_SETFOCUS
    return sci


@pytest.fixture
def guarded(editor):
    events: list[tuple[str, dict]] = []
    messages: list[str] = []

    def make(policy: str) -> PasteGuard:
        return PasteGuard(editor, policy, lambda k, d: events.append((k, d)), messages.append)

    return make, events, messages


def set_clipboard(text: str) -> None:
    QApplication.clipboard().setText(text)
    assert QApplication.clipboard().text() == text


def choose_from_context_menu(qtbot, editor: ScintillaEdit, label: str) -> None:
    """Open Scintilla's own context menu and pick `label` in it, as a student would."""
    chosen = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        for action in menu.actions():
            if action.text() == label:
                chosen.append(label)
                action.trigger()
        menu.close()

    QTimer.singleShot(100, pick)
    viewport = editor.viewport()
    point = QPoint(20, 20)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point))
    QApplication.sendEvent(viewport, event)
    assert chosen == [label]


def drop_from_another_app(editor: ScintillaEdit, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    point = QPoint(10, 10)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(editor.viewport(), enter)
    assert enter.isAccepted()
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(editor.viewport(), event)


def test_report_lets_an_external_paste_in_and_reports_it(qtbot, editor, guarded):
    make, events, messages = guarded
    make("report")
    set_clipboard(EXTERNAL)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(editor) == EXTERNAL
    assert events == [
        ("external_paste", {"length": len(EXTERNAL), "lines": 3, "preview": EXTERNAL[:80]})
    ]
    assert messages == []


def test_block_refuses_an_external_paste_and_tells_the_student(qtbot, editor, guarded):
    make, events, messages = guarded
    make("block")
    set_clipboard(EXTERNAL)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert text_of(editor) == ""
    assert [k for k, _ in events] == ["paste_blocked"]  # the repeat within 2 s is not re-sent
    assert events[0][1]["length"] == len(EXTERNAL)
    assert messages == [PASTE_BLOCKED_MESSAGE, PASTE_BLOCKED_MESSAGE]


def test_text_copied_or_cut_in_the_editor_pastes_freely(qtbot, editor, guarded):
    make, events, messages = guarded
    make("block")
    qtbot.keyClicks(editor, "total = 0")
    editor.setSel(0, 5)
    qtbot.keyClick(editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    editor.gotoPos(editor.textLength())
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(editor) == "total = 0total"
    editor.setSel(0, 8)
    qtbot.keyClick(editor, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(editor) == "total = total = 0total"
    assert events == [] and messages == []


def test_context_menu_paste_is_guarded(qtbot, editor, guarded):
    make, events, _ = guarded
    guard = make("block")
    set_clipboard("print('from the web')")
    choose_from_context_menu(qtbot, editor, "Paste")
    assert text_of(editor) == ""
    assert [k for k, _ in events] == ["paste_blocked"]

    guard.set_policy("report")
    set_clipboard("x = 42")
    choose_from_context_menu(qtbot, editor, "Paste")
    assert text_of(editor) == "x = 42"
    assert events[-1] == ("external_paste", {"length": 6, "lines": 1, "preview": "x = 42"})

    # Other menu entries are untouched.
    choose_from_context_menu(qtbot, editor, "Select All")
    assert editor.selectionEnd() - editor.selectionStart() == 6


def test_text_dropped_from_another_application_is_guarded(qtbot, editor, guarded):
    make, events, _ = guarded
    guard = make("block")
    drop_from_another_app(editor, "dropped answer")
    assert text_of(editor) == ""
    assert [k for k, _ in events] == ["paste_blocked"]
    guard.set_policy("report")
    drop_from_another_app(editor, "dropped answer")
    assert "dropped answer" in text_of(editor)
    assert events[-1][0] == "external_paste"


def test_allow_and_read_only_never_report(qtbot, editor, guarded):
    make, events, _ = guarded
    guard = make("allow")
    set_clipboard("anything")
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(editor) == "anything"
    guard.set_policy("block")
    editor.setReadOnly(True)
    qtbot.keyClick(editor, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert events == []


def test_one_guard_covers_several_editors_and_can_stop(qtbot, editor, guarded):
    make, events, _ = guarded
    guard = make("block")
    second = ScintillaEdit()
    qtbot.addWidget(second)
    second.show()
    guard.attach(second)
    qtbot.keyClicks(editor, "helper()")
    editor.selectAll()
    qtbot.keyClick(editor, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QWidget.setFocus(second)
    qtbot.keyClick(second, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(second) == "helper()"
    set_clipboard("outside")
    assert guard.paste(second) is False
    assert events and events[-1][0] == "paste_blocked"
    guard.stop()
    qtbot.keyClick(second, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert text_of(second) == "helper()outside"
    assert len(events) == 1


def test_works_on_a_widget_holding_a_scintilla_editor(qtbot, guarded):
    code_editor = pytest.importorskip("proctor.ui.editor").CodeEditor()
    qtbot.addWidget(code_editor)
    code_editor.show()
    qtbot.waitExposed(code_editor)
    events: list[tuple[str, dict]] = []
    PasteGuard(code_editor, "block", lambda k, d: events.append((k, d)))
    set_clipboard("import antigravity")
    code_editor.scintilla.activateWindow()
    QWidget.setFocus(code_editor.scintilla)
    qtbot.keyClick(code_editor.scintilla, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert code_editor.text() == ""
    assert [k for k, _ in events] == ["paste_blocked"]


def test_a_plain_widget_is_a_scope_for_the_fields_inside_it(qtbot):
    plain = QWidget()
    qtbot.addWidget(plain)
    guard = PasteGuard(plain, "report", lambda k, d: None)
    assert guard.paste() is False  # no field to paste into
