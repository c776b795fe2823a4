"""One paste rule for every text field of the exam window: the program-input box (a
QPlainTextEdit), line edits, rich text fields and the Scintilla editor, real widgets with the
real Qt clipboard, including fields added after the guard started; and outside text stays
outside when it is copied from one field into another."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QDragEnterEvent, QDropEvent, QTextCursor
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)
from pyside6_scintilla import ScintillaEdit

from proctor.student.ui.integrity import PasteGuard

pytestmark = pytest.mark.gui

OUTSIDE = "def solve(xs):\n    return sorted(xs)[::-1]  # from a chat window\n"
CTRL = Qt.KeyboardModifier.ControlModifier


def sci_text(editor: ScintillaEdit) -> str:
    return bytes(editor.getText(editor.textLength() + 1)).decode("utf-8")


def field_text(field: QWidget) -> str:
    if isinstance(field, QLineEdit):
        return field.text()
    if isinstance(field, ScintillaEdit):
        return sci_text(field)
    assert isinstance(field, QPlainTextEdit | QTextEdit)
    return field.toPlainText()


def set_clipboard(text: str) -> None:
    QApplication.clipboard().setText(text)
    assert QApplication.clipboard().text() == text


class ExamWindow(QWidget):
    """Fields as the exam window has them: the editor, the program's input and output."""

    def __init__(self) -> None:
        super().__init__()
        self.editor = ScintillaEdit()
        self.editor.setAccessibleName("File solution.py")
        self.stdin_box = QPlainTextEdit()
        self.stdin_box.setAccessibleName("Input for the program")
        self.output_box = QPlainTextEdit()
        self.output_box.setReadOnly(True)
        self.search = QLineEdit()
        self.notes = QTextEdit()
        column = QVBoxLayout(self)
        for widget in (self.editor, self.stdin_box, self.output_box, self.search, self.notes):
            column.addWidget(widget)
        self.resize(600, 700)


@pytest.fixture
def window(qtbot):
    w = ExamWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    return w


@pytest.fixture
def guard_for(window):
    events: list[tuple[str, dict]] = []
    messages: list[str] = []

    def make(policy: str) -> PasteGuard:
        return PasteGuard(window, policy, lambda k, d: events.append((k, d)), messages.append)

    return make, events, messages


def focus(field: QWidget) -> None:
    QWidget.setFocus(field)  # ScintillaEdit.setFocus is Scintilla's own SCI_SETFOCUS


def paste_keys(qtbot, field: QWidget) -> None:
    focus(field)
    qtbot.keyClick(field, Qt.Key.Key_V, CTRL)


@pytest.mark.parametrize("name", ["stdin_box", "search", "notes", "editor"])
def test_block_refuses_outside_text_in_every_field(qtbot, window, guard_for, name):
    make, events, messages = guard_for
    make("block")
    field = getattr(window, name)
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, field)
    focus(field)
    qtbot.keyClick(field, Qt.Key.Key_Insert, Qt.KeyboardModifier.ShiftModifier)
    assert field_text(field) == ""
    assert [k for k, _ in events] == ["paste_blocked"]
    assert events[0][1]["length"] == len(OUTSIDE.replace("\r\n", "\n"))
    assert messages  # the student is told


def test_the_report_names_the_field(qtbot, window, guard_for):
    make, events, _ = guard_for
    make("report")
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, window.stdin_box)
    assert window.stdin_box.toPlainText() == OUTSIDE
    ((kind, detail),) = events
    assert kind == "external_paste" and detail["field"] == "Input for the program"


def test_outside_text_copied_from_the_input_box_into_the_editor_stays_outside(
    qtbot, window, guard_for
):
    make, events, _ = guard_for
    make("report")
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, window.stdin_box)
    assert [k for k, _ in events] == ["external_paste"]

    focus(window.stdin_box)
    window.stdin_box.selectAll()
    qtbot.keyClick(window.stdin_box, Qt.Key.Key_C, CTRL)  # copied inside the exam
    paste_keys(qtbot, window.editor)

    assert OUTSIDE.strip() in sci_text(window.editor).replace("\r\n", "\n")
    assert [k for k, _ in events] == ["external_paste", "external_paste"]
    assert events[1][1]["copied_inside"] is True
    assert events[1][1]["field"] == "File solution.py"


def test_laundering_through_a_line_edit_by_cutting_a_piece(qtbot, window, guard_for):
    make, events, _ = guard_for
    guard = make("report")
    set_clipboard(OUTSIDE.splitlines()[1])
    paste_keys(qtbot, window.search)
    guard.set_policy("block")
    window.search.setSelection(4, 30)
    focus(window.search)
    qtbot.keyClick(window.search, Qt.Key.Key_X, CTRL)  # cut a piece of it
    paste_keys(qtbot, window.stdin_box)
    assert window.stdin_box.toPlainText() == ""
    assert [k for k, _ in events] == ["external_paste", "paste_blocked"]


def test_own_text_moves_freely_between_fields(qtbot, window, guard_for):
    make, events, messages = guard_for
    make("block")
    focus(window.editor)
    qtbot.keyClicks(window.editor, "values = [3, 1, 2]")
    window.editor.selectAll()
    qtbot.keyClick(window.editor, Qt.Key.Key_C, CTRL)
    paste_keys(qtbot, window.stdin_box)
    assert window.stdin_box.toPlainText() == "values = [3, 1, 2]"
    focus(window.stdin_box)
    qtbot.keyClick(window.stdin_box, Qt.Key.Key_Return)
    qtbot.keyClicks(window.stdin_box, "5 8 13")
    window.stdin_box.selectAll()
    qtbot.keyClick(window.stdin_box, Qt.Key.Key_C, CTRL)
    paste_keys(qtbot, window.search)
    assert window.search.text().startswith("values = [3, 1, 2]")
    assert events == [] and messages == []


def choose_from_menu(qtbot, target: QWidget, label: str) -> list[str]:
    """Open the field's context menu and pick `label` in it, as a student would."""
    chosen: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert menu is not None
        for action in menu.actions():
            if action.text().replace("&", "").split("\t")[0] == label:
                chosen.append(label)
                action.trigger()
        menu.close()

    QTimer.singleShot(100, pick)
    point = QPoint(10, 10)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, target.mapToGlobal(point))
    QApplication.sendEvent(target, event)
    return chosen


@pytest.mark.parametrize("name", ["stdin_box", "search", "notes"])
def test_the_context_menu_paste_is_guarded(qtbot, window, guard_for, name):
    make, events, _ = guard_for
    guard = make("block")
    field = getattr(window, name)
    target = field if isinstance(field, QLineEdit) else field.viewport()
    set_clipboard(OUTSIDE)
    assert choose_from_menu(qtbot, target, "Paste") == ["Paste"]
    assert field_text(field) == ""
    assert [k for k, _ in events] == ["paste_blocked"]

    guard.set_policy("report")
    set_clipboard("x = 42")
    assert choose_from_menu(qtbot, target, "Paste") == ["Paste"]
    assert field_text(field) == "x = 42"
    assert events[-1][0] == "external_paste"


def test_a_context_menu_copy_keeps_the_provenance(qtbot, window, guard_for):
    make, events, _ = guard_for
    make("report")
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, window.stdin_box)
    window.stdin_box.selectAll()
    assert choose_from_menu(qtbot, window.stdin_box.viewport(), "Copy") == ["Copy"]
    paste_keys(qtbot, window.search)
    assert [k for k, _ in events] == ["external_paste", "external_paste"]
    assert events[1][1]["copied_inside"] is True


def drop_from_another_app(target: QWidget, text: str) -> None:
    mime = QMimeData()
    mime.setText(text)
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, drop)


def test_drops_from_other_applications_are_guarded(qtbot, window, guard_for):
    make, events, _ = guard_for
    make("block")
    drop_from_another_app(window.stdin_box.viewport(), "dropped answer")
    drop_from_another_app(window.search, "dropped answer 2")
    assert window.stdin_box.toPlainText() == "" and window.search.text() == ""
    assert [k for k, _ in events] == ["paste_blocked", "paste_blocked"]


def test_a_field_added_later_is_covered_and_read_only_fields_never_report(qtbot, window, guard_for):
    make, events, _ = guard_for
    make("block")
    answer = QPlainTextEdit()  # a future answer field, added while the exam runs
    window.layout().addWidget(answer)
    answer.show()
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, answer)
    assert answer.toPlainText() == ""
    paste_keys(qtbot, window.output_box)
    assert [k for k, _ in events] == ["paste_blocked"]


def test_fields_of_other_windows_are_left_alone_and_stop_ends_it(qtbot, window, guard_for):
    make, events, _ = guard_for
    guard = make("block")
    elsewhere = QPlainTextEdit()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    set_clipboard("free text")
    paste_keys(qtbot, elsewhere)
    assert elsewhere.toPlainText() == "free text" and events == []
    guard.stop()
    paste_keys(qtbot, window.stdin_box)
    assert window.stdin_box.toPlainText() == "free text" and events == []


def test_a_guarded_paste_for_buttons(qtbot, window, guard_for):
    make, events, _ = guard_for
    guard = make("block")
    set_clipboard(OUTSIDE)
    assert guard.paste(window.stdin_box) is False
    guard.set_policy("report")
    assert guard.paste(window.stdin_box) is True
    cursor = window.stdin_box.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    assert window.stdin_box.toPlainText() == OUTSIDE
    assert [k for k, _ in events] == ["paste_blocked", "external_paste"]


def test_copies_from_read_only_fields_count_both_ways(qtbot, window, guard_for):
    make, events, _ = guard_for
    guard = make("block")
    window.output_box.setPlainText("result = 6")  # the program's own output
    window.output_box.selectAll()
    focus(window.output_box)
    qtbot.keyClick(window.output_box, Qt.Key.Key_C, CTRL)
    paste_keys(qtbot, window.stdin_box)
    assert window.stdin_box.toPlainText() == "result = 6" and events == []

    guard.set_policy("report")
    set_clipboard(OUTSIDE)
    paste_keys(qtbot, window.search)  # outside text in, reported...
    window.output_box.setPlainText("echo:\n" + OUTSIDE)  # ...echoed by the program...
    window.output_box.selectAll()
    focus(window.output_box)
    qtbot.keyClick(window.output_box, Qt.Key.Key_C, CTRL)
    paste_keys(qtbot, window.editor)  # ...and copied from its output into the editor
    assert [k for k, _ in events] == ["external_paste", "external_paste"]
    assert events[1][1]["copied_inside"] is True
