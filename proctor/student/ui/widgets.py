"""Small widgets shared by the student screens: connection indicator, countdown, banner."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from proctor.common.i18n import translator
from proctor.student.ui.messages import CONNECTION_LEVEL, connection_text
from proctor.ui.style import AMBER, GREEN, GREY, RED, set_level

tr = translator(__name__)

WARNING_S = 5 * 60
CRITICAL_S = 60

BANNER_PADDING = 20  # the style sheet's padding above and below a banner's text
_DOT_COLOURS = {"ok": GREEN, "warning": AMBER, "error": RED, "unknown": GREY}


class ConnectionIndicator(QWidget):
    """A coloured dot and a word: Connected, Reconnecting…, Not connected."""

    def __init__(self, parent: QWidget | None = None, on_dark: bool = False) -> None:
        super().__init__(parent)
        self.status = ""
        self._dot = QLabel("●")
        self._dot.setAccessibleName(tr("Connection status"))
        self.label = QLabel()
        if on_dark:
            self.label.setStyleSheet("color: #ffffff;")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self._dot)
        row.addWidget(self.label)
        self.set_status("reconnecting", "")

    def set_status(self, status: str, detail: str) -> None:
        self.status = status
        level = CONNECTION_LEVEL.get(status, "unknown")
        self._dot.setStyleSheet(f"color: {_DOT_COLOURS[level]}; font-size: 14pt;")
        self.label.setText(connection_text(status))
        self.setToolTip(detail or connection_text(status))


def format_remaining(seconds: float) -> str:
    whole = max(0, int(seconds + 0.999))  # round up: never show 0:00 while time is left
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def countdown_level(seconds: float) -> str:
    if seconds < CRITICAL_S:
        return "critical"
    if seconds < WARNING_S:
        return "warning"
    return "normal"


class Countdown(QLabel):
    """Time left until `ends_ms` on the host's clock; amber under 5 minutes, red under 1.

    `now_ms` is the session's estimate of the host clock, so a wrong local clock does not
    change the countdown. `expired` fires once when the time runs out.
    """

    expired = Signal()

    def __init__(self, now_ms: Callable[[], int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("countdown")
        self.setAccessibleName(tr("Time left"))
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._now_ms = now_ms
        self._ends_ms: int | None = None
        self._frozen_s: float | None = None
        self._expired = False
        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)
        self.setText("--:--")
        set_level(self, "normal")

    def set_end(self, ends_ms: int | None) -> None:
        self._ends_ms = ends_ms
        self._frozen_s = None
        if ends_ms is not None and ends_ms > self._now_ms():
            self._expired = False
        self._timer.start()
        self.refresh()

    def freeze(self) -> None:
        """Stop counting (the student is paused); the time left is shown greyed."""
        if self._ends_ms is not None and self._frozen_s is None:
            self._frozen_s = self.remaining_s()
        self.refresh()

    def show_final(self, text: str) -> None:
        """Stop counting and show `text` (e.g. "Ended") instead of a time."""
        self._timer.stop()
        self._ends_ms = None
        self._frozen_s = None
        self.setText(text)
        set_level(self, "paused")

    def remaining_s(self) -> float:
        if self._frozen_s is not None:
            return self._frozen_s
        if self._ends_ms is None:
            return 0.0
        return max(0.0, (self._ends_ms - self._now_ms()) / 1000)

    def refresh(self) -> None:
        if self._ends_ms is None:
            self.setText("--:--")
            set_level(self, "normal")
            return
        remaining = self.remaining_s()
        self.setText(format_remaining(remaining))
        if self._frozen_s is not None:
            set_level(self, "paused")
            self.setToolTip(tr("Paused — the clock is stopped"))
            return
        set_level(self, countdown_level(remaining))
        self.setToolTip(tr("Time left: {remaining}").format(remaining=format_remaining(remaining)))
        if remaining <= 0 and not self._expired:
            self._expired = True
            self.expired.emit()


class Banner(QLabel):
    """A full-width message strip. Levels: info, success, warning, error.

    Hidden when empty; with `keep_space` it keeps one line's height even then, so the panels
    below do not jump when a message comes (a longer message still makes it taller)."""

    def __init__(self, parent: QWidget | None = None, keep_space: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keep_space = keep_space
        if keep_space:
            self.ensurePolished()
            self.setMinimumHeight(self.fontMetrics().lineSpacing() + BANNER_PADDING)
        self.clear_message()

    def show_message(self, text: str, level: str = "info") -> None:
        set_level(self, level if text else "")
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text) or self.keep_space)

    def clear_message(self) -> None:
        self.show_message("")

    def has_message(self) -> bool:
        return bool(self.text())


def add_centred_card(outer: QVBoxLayout, card: QWidget, space_below: int = 2) -> None:
    """Put `card` in the middle of `outer`, a little above centre when `space_below` > 1."""
    outer.addStretch(1)
    centre = QHBoxLayout()
    centre.addStretch(1)
    centre.addWidget(card, 4)
    centre.addStretch(1)
    outer.addLayout(centre)
    outer.addStretch(space_below)


def centred_row(widget: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


def toggle_action(
    text: str, tip: str, on_toggled: Callable[[bool], None], parent: QWidget
) -> QAction:
    """A checkable entry of the top bar's View menu that switches a way of showing the exam."""
    action = QAction(text, parent)
    action.setCheckable(True)
    action.setToolTip(tip)
    action.setStatusTip(tip)
    action.toggled.connect(on_toggled)
    return action


def menu_button(text: str, tip: str, actions: list[QAction]) -> QPushButton:
    """A top-bar button that opens a menu of `actions` (one narrow button for several)."""
    button = QPushButton(text)
    button.setToolTip(tip)
    menu = QMenu(button)
    menu.setToolTipsVisible(True)
    menu.addActions(actions)
    button.setMenu(menu)
    return button
