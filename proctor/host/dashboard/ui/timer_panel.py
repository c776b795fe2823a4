"""The room's clock in large type, and what state the room is in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from proctor.common.protocol import Room
from proctor.common.timeutil import now_ms
from proctor.host.dashboard.ui import labels

WARNING_S = 5 * 60
CRITICAL_S = 60

_LOOKS = {
    "lobby": ("#4a5565", "#eef1f5"),
    "normal": ("#14213d", "#ffffff"),
    "warning": ("#3d2e00", "#ffe08a"),
    "critical": ("#ffffff", "#c62828"),
    "over": ("#ffffff", "#14213d"),
}


class TimerPanel(QFrame):
    """Shows the time left; says so when the room ends (by time or by the proctor)."""

    timeUp = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.room: Room | None = None
        self._offset_ms = 0
        self._look = ""
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.clock = QLabel("--:--")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(32)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setMinimumWidth(QFontMetrics(font).horizontalAdvance("0:00:00") + 28)
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setObjectName("fieldHint")
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 8, 14, 8)
        layout.setSpacing(0)
        layout.addWidget(self.caption)
        layout.addWidget(self.clock)
        layout.addWidget(self.detail)
        self._set_look("lobby")

    def set_room(self, room: Room) -> None:
        """Show `room`; `timeUp` is emitted once when it is (or is first seen) ended."""
        was_ended = self.room is not None and self.room.status == "ended"
        self.room = room
        self._offset_ms = room.server_time_ms - now_ms()
        self.refresh()
        if room.status == "ended" and not was_ended:
            self.timeUp.emit()

    def seconds_left(self) -> float | None:
        if self.room is None or self.room.status != "active" or self.room.ends_ms is None:
            return None
        return (self.room.ends_ms - (now_ms() + self._offset_ms)) / 1000

    def refresh(self) -> None:
        room = self.room
        if room is None:
            return
        self.caption.setText(labels.ROOM_STATUS_LABELS.get(room.status, room.status))
        if room.status == "lobby":
            self.clock.setText(labels.duration(room.duration_s))
            self.detail.setText(labels.TIMER["lobby"])
            self._set_look("lobby")
        elif room.status == "active":
            left = self.seconds_left() or 0.0
            self.clock.setText(labels.duration(left))
            ends = labels.clock(room.ends_ms)[:5]
            if left > 0:
                self.detail.setText(labels.TIMER["ends_at"].format(time=ends))
            else:
                self.detail.setText(labels.TIMER["last_hand_ins"])
            look = "critical" if left < CRITICAL_S else "warning" if left < WARNING_S else "normal"
            self._set_look(look)
        else:
            self.clock.setText("00:00")
            self.detail.setText(labels.TIMER["ended"])
            self._set_look("over")

    def short_text(self) -> str:
        """One line for the compact view: "Writing · 1:02:03 left", "Exam over"."""
        room = self.room
        if room is None:
            return ""
        if room.status == "active":
            return labels.TIMER["short_active"].format(
                left=labels.duration(self.seconds_left() or 0)
            )
        if room.status == "lobby":
            return labels.TIMER["short_lobby"].format(duration=labels.duration(room.duration_s))
        return labels.ROOM_STATUS_LABELS["ended"]

    def _set_look(self, look: str) -> None:
        if look == self._look:
            return
        self._look = look
        fg, bg = _LOOKS[look]
        self.clock.setStyleSheet(
            f"color: {fg}; background: {bg}; border-radius: 8px; padding: 0 12px;"
        )

    @property
    def look(self) -> str:
        return self._look
