"""The room's counts as tiles, and the one-line strip that replaces the top cards in the
compact view. Both show `proctor.host.standing.counts`, the numbers the filters and the
export use; which tiles show depends on the phase of the exam."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from proctor.host.dashboard.ui import labels

TILE_COLOURS = {
    "online": "#1b7f3b",
    "offline": "#b3261e",
    "flagged": "#8a4b00",
    "handed_in": "#1e5aa8",
    "not_handed_in": "#6b3fa0",
    "total": "#14213d",
}
# What matters in each phase: in the lobby who is here; while writing who is missing or
# flagged; after the end who handed in and who did not.
TILES_BY_PHASE = {
    "lobby": ("online", "offline", "total"),
    "active": ("online", "offline", "flagged", "handed_in", "total"),
    "ended": ("handed_in", "not_handed_in", "flagged", "total"),
}


class CountsPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.values: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(0)
        grid.setHorizontalSpacing(10)
        for col, (key, colour) in enumerate(TILE_COLOURS.items()):
            value = QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet(f"font-size: 22pt; font-weight: 800; color: {colour};")
            caption = QLabel(labels.TILES[key])
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setObjectName("fieldHint")
            grid.addWidget(value, 0, col)
            grid.addWidget(caption, 1, col)
            self.values[key] = value
            self.captions[key] = caption
        self.set_phase("lobby")

    def set_phase(self, phase: str) -> None:
        shown = TILES_BY_PHASE.get(phase, TILES_BY_PHASE["lobby"])
        for key in self.values:
            self.values[key].setVisible(key in shown)
            self.captions[key].setVisible(key in shown)

    def shown_keys(self) -> list[str]:
        return [key for key, label in self.values.items() if not label.isHidden()]

    def set_counts(self, counts: dict[str, int]) -> None:
        for key, label in self.values.items():
            label.setText(str(counts.get(key, 0)))


class CompactStrip(QFrame):
    """Room ID, address, time and counts on one line, for a room of many students."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.join = QLabel()
        self.join.setStyleSheet("font-weight: 700; color: #14213d;")
        self.join.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.time = QLabel()
        self.time.setStyleSheet("font-weight: 700;")
        self.counts = QLabel()
        self.join_card_button = QPushButton(labels.WINDOW["join_card"])
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 4, 12, 4)
        row.setSpacing(18)
        row.addWidget(self.join)
        row.addWidget(self.time)
        row.addWidget(self.counts, 1)
        row.addWidget(self.join_card_button)

    def set_join(self, room_id: str, address: str, join_code: str | None = None) -> None:
        if join_code:
            text = labels.WINDOW["compact_join_code"].format(code=join_code, address=address)
        else:
            text = labels.WINDOW["compact_join"].format(room=room_id, address=address)
        self.join.setText(text)

    def set_time(self, text: str) -> None:
        self.time.setText(text)

    def set_counts(self, counts: dict[str, int], shown: list[str]) -> None:
        self.counts.setText(
            "   ".join(
                labels.COMPACT_COUNT.format(label=labels.TILES[k], n=counts.get(k, 0))
                for k in shown
            )
        )
