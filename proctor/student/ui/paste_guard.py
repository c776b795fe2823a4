"""Qt side of the paste watch: one rule for every text field of the exam window.

`PasteGuard(scope, policy_paste, emit, on_blocked_message)` watches every editable text field
inside `scope` (the exam window, or any widget: a line edit, a plain or rich text edit, a
pyside6-scintilla `ScintillaEdit`, or a widget holding one such as `CodeEditor`), including
fields created after it started (an application event filter, so a new answer field needs no
code). Pastes of text not copied inside the exam are reported or refused per `policy.paste`
(the logic is `proctor.shield.paste`): Ctrl+V, Shift+Insert, the context menu's Paste,
middle-click (the X11 selection) and drops from other applications. Copies inside the exam
(keys, context menus, the editor's own copy, anything this application puts on the
clipboard) are noted as they happen, so text that came from outside stays outside wherever
it is copied to. Reports carry the field's accessible name as `field`.

`emit(kind, detail)` is called on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import (
    QClipboard,
    QContextMenuEvent,
    QDropEvent,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu, QPlainTextEdit, QTextEdit, QWidget
from pyside6_scintilla import Scintilla, ScintillaEdit

from proctor.common.timeutil import now_ms
from proctor.shield.notices import PASTE_BLOCKED_MESSAGE
from proctor.shield.paste import PasteJudge, PasteVerdict
from proctor.shield.reporting import Emit

TextField = QLineEdit | QPlainTextEdit | QTextEdit | ScintillaEdit

_INSERT_CHECK = int(Scintilla.ModificationFlags.InsertCheck)
_WATCHED = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.Drop,
        QEvent.Type.ContextMenu,
    }
)
_SCROLLED = (QPlainTextEdit, QTextEdit, ScintillaEdit)  # their input arrives at a viewport


def _matches(event: QKeyEvent, standard: QKeySequence.StandardKey, key: Qt.Key) -> bool:
    if event.matches(standard):
        return True
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() == key and mods == Qt.KeyboardModifier.ControlModifier


def is_paste_key(event: QKeyEvent) -> bool:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    shift_insert = event.key() == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.ShiftModifier
    return shift_insert or _matches(event, QKeySequence.StandardKey.Paste, Qt.Key.Key_V)


def is_copy_key(event: QKeyEvent) -> bool:
    return _matches(event, QKeySequence.StandardKey.Copy, Qt.Key.Key_C) or _matches(
        event, QKeySequence.StandardKey.Cut, Qt.Key.Key_X
    )


def selected_text(field: TextField) -> str:
    """The field's selection as plain text (what a copy puts on the clipboard)."""
    if isinstance(field, QLineEdit):
        return field.selectedText()
    if isinstance(field, ScintillaEdit):
        return bytes(field.getSelText().data()).decode("utf-8", "replace").rstrip("\0")
    return field.textCursor().selection().toPlainText()


def is_read_only(field: TextField) -> bool:
    return field.readOnly() if isinstance(field, ScintillaEdit) else field.isReadOnly()


def field_name(field: QWidget) -> str:
    """The accessible name of the widget holding the field (a `CodeEditor` holds its
    `.scintilla`, a `PlainCodeEditor` its `.text_field`), else of the field itself ("" when
    none)."""
    holder = field.parentWidget()
    for _ in range(3):
        if holder is None:
            break
        held = getattr(holder, "scintilla", None) or getattr(holder, "text_field", None)
        if held is field and holder.accessibleName():
            return holder.accessibleName()
        holder = holder.parentWidget()
    return field.accessibleName()


class PasteGuard(QObject):
    """Reports or refuses pastes of text from outside the exam into any field of `scope`."""

    def __init__(
        self,
        scope: QWidget,
        policy_paste: str,
        emit: Emit,
        on_blocked_message: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(scope)
        self.judge = PasteJudge(policy_paste)
        self._emit = emit
        self._on_blocked_message = on_blocked_message
        self._scopes: list[QWidget] = []
        self._editors: set[int] = set()  # Scintilla editors whose copies are followed
        self._menu_editor: ScintillaEdit | None = None  # editor whose context menu is open
        self._menu_verdict: PasteVerdict | None = None
        self._middle_refused: QWidget | None = None  # a refused middle-click paste
        self._redispatching = False
        self._active = True
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        clipboard = QApplication.clipboard()
        clipboard.dataChanged.connect(self._on_clipboard_changed)
        clipboard.selectionChanged.connect(self._on_selection_changed)
        self.attach(scope)

    # -- public ---------------------------------------------------------------------------

    @property
    def policy(self) -> str:
        return self.judge.policy

    def set_policy(self, policy_paste: str) -> None:
        self.judge.set_policy(policy_paste)

    def attach(self, scope: QWidget) -> None:
        """Guard every text field in one more widget; copies in any may go to any other."""
        if not self._active or any(scope is known for known in self._scopes):
            return
        self._scopes.append(scope)
        scope.destroyed.connect(lambda *_a, s=scope: self._forget(s))

    def stop(self) -> None:
        """Stop guarding (the exam is over): pastes are no longer judged or reported."""
        if not self._active:
            return
        self._active = False
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        clipboard = QApplication.clipboard()
        clipboard.dataChanged.disconnect(self._on_clipboard_changed)
        clipboard.selectionChanged.disconnect(self._on_selection_changed)
        self._scopes = []

    def note_internal_copy(self, text: str) -> None:
        """Text copied from another part of the exam (the paper) may be pasted freely."""
        self.judge.note_internal_copy(text)

    def paste(self, field: QWidget | None = None) -> bool:
        """A guarded paste for menus and buttons (into `field`, else the focused field);
        False when it was refused or there is no field to paste into."""
        target = self._field_of(field or QApplication.focusWidget())
        if target is None:
            return False
        if self._active and not self._decide(self._clipboard_text(), target).allowed:
            return False
        target.paste()
        return True

    # -- copies ---------------------------------------------------------------------------

    def _on_editor_copy(self, mime: QMimeData) -> None:
        if self._active:
            self.judge.note_internal_copy(mime.text())

    def _on_clipboard_changed(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.ownsClipboard():
            self.judge.note_internal_copy(clipboard.text(QClipboard.Mode.Clipboard))

    def _on_selection_changed(self) -> None:
        clipboard = QApplication.clipboard()
        if clipboard.ownsSelection():
            self.judge.note_internal_copy(clipboard.text(QClipboard.Mode.Selection))

    def _clipboard_text(self, mode: QClipboard.Mode = QClipboard.Mode.Clipboard) -> str:
        """What a paste would insert. If this application put it there, it is a copy inside
        the exam (noted now: the change signal may come later on some platforms)."""
        clipboard = QApplication.clipboard()
        text = clipboard.text(mode)
        owned = (
            clipboard.ownsSelection()
            if mode == QClipboard.Mode.Selection
            else clipboard.ownsClipboard()
        )
        if owned:
            self.judge.note_internal_copy(text)
        return text

    def _forget(self, scope: QWidget) -> None:
        self._scopes = [s for s in self._scopes if s is not scope]

    # -- which widget -----------------------------------------------------------------------

    def _field_of(self, watched: QObject | None) -> TextField | None:
        """The guarded text field an event for `watched` goes to, if any."""
        if not isinstance(watched, QWidget):
            return None
        field: QWidget | None = watched
        if not isinstance(field, TextField):
            parent = watched.parentWidget()
            scrolled = isinstance(parent, _SCROLLED) and parent.viewport() is watched
            field = parent if scrolled else getattr(watched, "scintilla", None)
        if not isinstance(field, TextField) or not self._in_scope(field):
            return None
        if isinstance(field, ScintillaEdit) and id(field) not in self._editors:
            self._follow_editor(field)
        return field

    def _in_scope(self, widget: QWidget) -> bool:
        node: QWidget | None = widget
        while node is not None:
            if any(node is scope for scope in self._scopes):
                return True
            node = node.parentWidget()
        return False

    def _follow_editor(self, sci: ScintillaEdit) -> None:
        key = id(sci)
        self._editors.add(key)
        sci.aboutToCopy.connect(self._on_editor_copy)
        sci.modified.connect(lambda flags, *rest, s=sci: self._on_modified(s, flags, *rest))
        sci.destroyed.connect(lambda *_a: self._editors.discard(key))

    # -- pastes ---------------------------------------------------------------------------

    def _decide(self, text: str, field: QWidget) -> PasteVerdict:
        name = field_name(field)
        verdict = self.judge.judge(text, now_ms(), name or f"{type(field).__name__}@{id(field)}")
        if verdict.report_kind:
            detail = dict(verdict.detail)
            if name:
                detail["field"] = name
            self._emit(verdict.report_kind, detail)
        if not verdict.allowed and self._on_blocked_message is not None:
            self._on_blocked_message(PASTE_BLOCKED_MESSAGE)
        return verdict

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind not in _WATCHED or self._redispatching or not self._active:
            return False
        if self.judge.policy == "allow":
            return False
        field = self._field_of(watched)
        if field is None:
            return False
        read_only = is_read_only(field)  # nothing is pasted there, but copies count
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if is_copy_key(event):
                self.judge.note_internal_copy(selected_text(field))
                return False
            if read_only or not is_paste_key(event):
                return False
            return not self._decide(self._clipboard_text(), field).allowed
        if read_only and kind != QEvent.Type.ContextMenu:
            return False
        if isinstance(event, QMouseEvent) and event.button() == Qt.MouseButton.MiddleButton:
            return self._middle_click(field, kind)
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent):
            text = event.mimeData().text()
            if event.source() is not None:  # dragged from inside the application
                self.judge.note_internal_copy(text)
            if not self._decide(text, field).allowed:
                event.ignore()
                return True
            return False
        if kind == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            if isinstance(field, ScintillaEdit):
                self._run_editor_menu(field, watched, event)
            else:
                self._run_field_menu(field, event)
            return True
        return False

    def _middle_click(self, field: TextField, kind: QEvent.Type) -> bool:
        """X11 pastes the selection on a middle click (on the press or the release, by
        widget): judged on the press, and a refusal swallows both."""
        if not QApplication.clipboard().supportsSelection():
            return False
        if kind == QEvent.Type.MouseButtonPress:
            text = self._clipboard_text(QClipboard.Mode.Selection)
            refused = not self._decide(text, field).allowed
            self._middle_refused = field if refused else None
            return refused
        refused = self._middle_refused is field
        self._middle_refused = None
        return refused

    def _run_field_menu(self, field: TextField, event: QContextMenuEvent) -> None:
        """The field's own context menu, with its Paste guarded and its Copy/Cut noted."""
        assert not isinstance(field, ScintillaEdit)
        if isinstance(field, QLineEdit):
            menu: QMenu = field.createStandardContextMenu()
        else:
            menu = field.createStandardContextMenu(event.pos())
        chosen = selected_text(field)
        for action in menu.actions():
            name = action.objectName()
            if name == "edit-paste":
                action.triggered.disconnect()
                action.triggered.connect(lambda _c=False, f=field: self.paste(f))
            elif name in ("edit-copy", "edit-cut") and chosen:
                action.triggered.connect(lambda _c=False: self.judge.note_internal_copy(chosen))
        try:
            menu.exec(event.globalPos())
        finally:
            menu.deleteLater()

    def _run_editor_menu(self, sci: ScintillaEdit, watched: QObject, event: QEvent) -> None:
        """Let Scintilla show its own menu; a Paste chosen in it is judged as it inserts."""
        self._menu_editor, self._menu_verdict = sci, None
        self._redispatching = True
        try:
            QApplication.sendEvent(watched, event)
        finally:
            self._redispatching = False
            self._menu_editor, self._menu_verdict = None, None

    def _on_modified(self, sci: ScintillaEdit, flags: int, *rest: Any) -> None:
        if sci is not self._menu_editor or not int(flags) & _INSERT_CHECK:
            return
        # Inside the context menu the only insertion is its Paste.
        if self._menu_verdict is None:
            self._menu_verdict = self._decide(self._clipboard_text(), sci)
        if not self._menu_verdict.allowed:
            sci.changeInsertion(0, "")
