"""On opening: rooms on this computer that are still running (or whose server stopped
unexpectedly), to go back to, or a new room."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proctor.host.dashboard.supervisor import FoundRoom

ROOM_ROLE = Qt.ItemDataRole.UserRole + 1


class RoomsDialog(QDialog):
    """`chosen` is the room picked, or None for a new room."""

    def __init__(self, rooms: list[FoundRoom], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Proctor: exam rooms on this computer")
        self.setMinimumWidth(620)
        self.chosen: FoundRoom | None = None
        title = QLabel("Go back to a room?")
        title.setObjectName("title")
        text = QLabel(
            "These rooms were not closed. A running room goes on serving its students; a room "
            "whose server stopped can be started again with everything it had."
        )
        text.setObjectName("subtitle")
        text.setWordWrap(True)
        self.list = QListWidget()
        for room in rooms:
            state = "running" if room.running else "server stopped unexpectedly"
            item = QListWidgetItem(f"Room {room.room_id}   ·   opened {room.opened}   ·   {state}")
            item.setData(ROOM_ROLE, room)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton("Open this room")
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton("Set up a new room")
        self.new_button.clicked.connect(self.new_room)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)

    def open_selected(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        self.chosen = item.data(ROOM_ROLE)
        self.accept()

    def new_room(self) -> None:
        self.chosen = None
        self.accept()
