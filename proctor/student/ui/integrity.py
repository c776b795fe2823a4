"""Qt side of the focus and paste watches: feeds the pure logic of `proctor.shield`.

- `FocusWatch(window, emit)`: the exam app losing focus (another application raised, Alt+Tab,
  the window minimised) → `focus_lost`, back → `focus_regained` with the duration. Focus moving
  between the app's own windows (a dialog of the exam app) is not a loss.
- `PasteGuard(editor, policy_paste, emit, on_blocked_message)`: on any pyside6-scintilla
  `ScintillaEdit` (or a widget with a `.scintilla` attribute such as `CodeEditor`), pastes of text
  not copied inside the exam are reported or refused per `policy.paste`. It intercepts Ctrl+V,
  Shift+Insert, the editor's context menu, middle-click (X11 selection) and drops from other
  applications. Text the editor copies or cuts (`aboutToCopy`) and text this application puts on
  the clipboard count as internal.

Both call `emit(kind, detail)` on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt, QTimer
from PySide6.QtGui import (
    QClipboard,
    QDropEvent,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
)
from PySide6.QtWidgets import QApplication, QWidget
from pyside6_scintilla import Scintilla, ScintillaEdit

from proctor.common.timeutil import now_ms
from proctor.shield.focus import MIN_AWAY_MS, FocusTracker
from proctor.shield.notices import PASTE_BLOCKED_MESSAGE
from proctor.shield.paste import PasteJudge, PasteVerdict

Emit = Callable[[str, dict[str, Any]], None]

_INSERT_CHECK = int(Scintilla.ModificationFlags.InsertCheck)


class FocusWatch(QObject):
    """Watches whether the exam application has the keyboard focus."""

    def __init__(
        self, window: QWidget, emit: Emit, min_away_ms: int = MIN_AWAY_MS, start: bool = True
    ) -> None:
        super().__init__(window)
        self._window = window
        self.tracker = FocusTracker(emit, min_away_ms)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_deadline)
        self._active = False
        if start:
            self.start()

    def start(self) -> None:
        if self._active:
            return
        self._active = True
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.applicationStateChanged.connect(self._sample)
        app.focusWindowChanged.connect(self._sample)
        self._window.installEventFilter(self)
        self._sample()

    def stop(self) -> None:
        """Stop watching (the exam is over). A pending absence is not reported."""
        if not self._active:
            return
        self._active = False
        self._timer.stop()
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.applicationStateChanged.disconnect(self._sample)
            app.focusWindowChanged.disconnect(self._sample)
        self._window.removeEventFilter(self)

    def has_focus(self) -> bool:
        if self._window.isMinimized() or not self._window.isVisible():
            return False
        return QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.WindowStateChange, QEvent.Type.Hide, QEvent.Type.Show):
            # Sampled once the change has been applied.
            QTimer.singleShot(0, self._sample)
        return False

    def _sample(self, *_args: object) -> None:
        if not self._active:
            return
        self.tracker.update(self.has_focus(), now_ms())
        self._arm_timer()

    def _on_deadline(self) -> None:
        if self._active:
            self.tracker.poll(now_ms())
            self._arm_timer()

    def _arm_timer(self) -> None:
        deadline = self.tracker.deadline_ms
        if deadline is None:
            self._timer.stop()
        elif not self._timer.isActive():
            self._timer.start(max(0, deadline - now_ms()))


def _scintilla_of(editor: QWidget) -> ScintillaEdit:
    if isinstance(editor, ScintillaEdit):
        return editor
    inner = getattr(editor, "scintilla", None)
    if isinstance(inner, ScintillaEdit):
        return inner
    raise TypeError("PasteGuard needs a ScintillaEdit or a widget with a .scintilla editor")


def _is_paste_key(event: QKeyEvent) -> bool:
    if event.matches(QKeySequence.StandardKey.Paste):
        return True
    key = event.key()
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return (key == Qt.Key.Key_Insert and mods == Qt.KeyboardModifier.ShiftModifier) or (
        key == Qt.Key.Key_V and mods == Qt.KeyboardModifier.ControlModifier
    )


class PasteGuard(QObject):
    """Reports or refuses pastes into Scintilla editors of text copied outside the exam."""

    def __init__(
        self,
        editor: QWidget,
        policy_paste: str,
        emit: Emit,
        on_blocked_message: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(editor)
        self.judge = PasteJudge(policy_paste)
        self._emit = emit
        self._on_blocked_message = on_blocked_message
        self._editors: list[ScintillaEdit] = []
        self._menu_editor: ScintillaEdit | None = None  # editor whose context menu is open
        self._menu_verdict: PasteVerdict | None = None
        self._redispatching = False
        self._active = True
        clipboard = QApplication.clipboard()
        clipboard.dataChanged.connect(self._on_clipboard_changed)
        clipboard.selectionChanged.connect(self._on_selection_changed)
        self.attach(editor)

    # -- public ---------------------------------------------------------------------------

    @property
    def policy(self) -> str:
        return self.judge.policy

    def set_policy(self, policy_paste: str) -> None:
        self.judge.set_policy(policy_paste)

    def attach(self, editor: QWidget) -> None:
        """Guard one more editor; copies in any guarded editor may be pasted in any other."""
        sci = _scintilla_of(editor)
        if not self._active or sci in self._editors:
            return
        self._editors.append(sci)
        sci.installEventFilter(self)
        sci.viewport().installEventFilter(self)
        sci.aboutToCopy.connect(self._on_editor_copy)
        sci.modified.connect(lambda flags, *rest, s=sci: self._on_modified(s, flags, *rest))
        sci.destroyed.connect(lambda *_a, s=sci: self._forget(s))

    def stop(self) -> None:
        """Stop guarding (the exam is over): pastes are no longer judged or reported."""
        if not self._active:
            return
        self._active = False
        clipboard = QApplication.clipboard()
        clipboard.dataChanged.disconnect(self._on_clipboard_changed)
        clipboard.selectionChanged.disconnect(self._on_selection_changed)
        for sci in self._editors:
            sci.removeEventFilter(self)
            sci.viewport().removeEventFilter(self)
        self._editors = []

    def note_internal_copy(self, text: str) -> None:
        """Text copied from another part of the exam (the paper) may be pasted freely."""
        self.judge.note_internal_copy(text)

    def paste(self, editor: QWidget | None = None) -> bool:
        """A guarded paste for menus and buttons; False when it was refused."""
        if editor is None and not self._editors:
            return False
        sci = _scintilla_of(editor) if editor is not None else self._editors[0]
        if self._active and not self._decide(QApplication.clipboard().text()).allowed:
            return False
        sci.paste()
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

    def _forget(self, sci: ScintillaEdit) -> None:
        self._editors = [e for e in self._editors if e is not sci]

    # -- pastes ---------------------------------------------------------------------------

    def _decide(self, text: str) -> PasteVerdict:
        verdict = self.judge.judge(text, now_ms())
        if verdict.report_kind:
            self._emit(verdict.report_kind, verdict.detail)
        if not verdict.allowed and self._on_blocked_message is not None:
            self._on_blocked_message(PASTE_BLOCKED_MESSAGE)
        return verdict

    def _editor_of(self, watched: QObject) -> ScintillaEdit | None:
        for sci in self._editors:
            if watched is sci or watched is sci.viewport():
                return sci
        return None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._redispatching or not self._active or self.judge.policy == "allow":
            return False
        sci = self._editor_of(watched)
        if sci is None or sci.readOnly():
            return False
        kind = event.type()
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and _is_paste_key(event):
            return not self._decide(QApplication.clipboard().text()).allowed
        if (
            kind == QEvent.Type.MouseButtonPress
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.MiddleButton
            and QApplication.clipboard().supportsSelection()
        ):  # X11: a middle click pastes the selection
            selection = QApplication.clipboard().text(QClipboard.Mode.Selection)
            return not self._decide(selection).allowed
        if kind == QEvent.Type.Drop and isinstance(event, QDropEvent) and event.source() is None:
            if not self._decide(event.mimeData().text()).allowed:
                event.ignore()
                return True
            return False
        if kind == QEvent.Type.ContextMenu:
            self._run_context_menu(sci, watched, event)
            return True
        return False

    def _run_context_menu(self, sci: ScintillaEdit, watched: QObject, event: QEvent) -> None:
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
            self._menu_verdict = self._decide(QApplication.clipboard().text())
        if not self._menu_verdict.allowed:
            sci.changeInsertion(0, "")
