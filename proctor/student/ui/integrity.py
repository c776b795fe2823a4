"""Qt side of the focus and paste watches: feeds the pure logic of `proctor.shield`.

- `FocusWatch(window, emit)`: the exam app losing focus (another application raised, Alt+Tab,
  the window minimised) → `focus_lost`, back → `focus_regained` with the duration. Focus moving
  between the app's own windows (a dialog of the exam app) is not a loss.
- `PasteGuard(scope, policy_paste, emit, on_blocked_message)`: one paste rule for every text
  field of the exam window (see `paste_guard`).

Both call `emit(kind, detail)` on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from proctor.common.timeutil import now_ms
from proctor.shield.focus import MIN_AWAY_MS, FocusTracker
from proctor.shield.reporting import Emit
from proctor.student.ui.paste_guard import PasteGuard

__all__ = ["FocusWatch", "PasteGuard"]


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
