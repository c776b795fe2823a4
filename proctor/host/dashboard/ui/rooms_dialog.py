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
from proctor.host.dashboard.ui import labels
from proctor.ui import geometry

ROOM_ROLE = Qt.ItemDataRole.UserRole + 1


class RoomsDialog(QDialog):
    """`chosen` is the room picked, or None for a new room."""

    def __init__(self, rooms: list[FoundRoom], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(labels.ROOMS["window_title"])
        self.setMinimumWidth(geometry.text_size(self, 90, 1).width())
        self.chosen: FoundRoom | None = None
        title = QLabel(labels.ROOMS["title"])
        title.setObjectName("title")
        text = QLabel(labels.ROOMS["text"])
        text.setObjectName("subtitle")
        text.setWordWrap(True)
        self.list = QListWidget()
        for room in rooms:
            item = QListWidgetItem(labels.room_entry(room))
            item.setToolTip(str(room.data_dir))
            item.setData(ROOM_ROLE, room)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton(labels.ROOMS["open"])
        self.open_button.setObjectName("primary")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.new_button = QPushButton(labels.ROOMS["new"])
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
