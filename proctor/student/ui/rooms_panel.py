"""The join screen's list of rooms heard on this network (name, room ID, address, how long
ago), or, when none is heard, why that can happen. Shows what it is given (`show`, a
`RoomsHeard` from the session's loop, forwarded by `RoomsSignals`); does no I/O.

Keyboard: the arrow keys move in the list and Enter (or a click) picks a room: `roomPicked`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.discovery import HeardRoom
from proctor.student.rooms_heard import RoomsHeard
from proctor.student.ui.messages import ROOM_COLUMNS, ROOMS, heard_ago

NOTHING_HEARD_AFTER_S = 5.0  # five beacons' worth of silence before saying why
VISIBLE_ROWS = 3


def room_label(room: HeardRoom, conflicting: bool) -> str:
    if conflicting:
        return ROOMS["imitated"].format(name=room.name)
    if not room.tls:
        return ROOMS["not_encrypted"].format(name=room.name)
    return room.name


class RoomsPanel(QFrame):
    roomPicked = Signal(object)  # HeardRoom

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heard: RoomsHeard | None = None
        self.title = QLabel(ROOMS["title"])
        self.title.setObjectName("sectionTitle")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(list(ROOM_COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName(ROOMS["list_name"])
        self.tree.setTabKeyNavigation(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.title.setBuddy(self.tree)
        self.note = QLabel(ROOMS["listening"])
        self.note.setObjectName("fieldHint")
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.note)
        self.stack.addWidget(self.tree)
        self.hint = QLabel(ROOMS["pick_hint"])
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        self.hint.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.stack)
        layout.addWidget(self.hint)
        self._fix_height()
        self.tree.itemActivated.connect(self._picked)
        self.tree.itemClicked.connect(self._picked)

    def _fix_height(self) -> None:
        """One height for the list and the note, so nothing below moves when rooms come."""
        lines = self.fontMetrics().lineSpacing()
        rows = (VISIBLE_ROWS + 1) * (lines + 8) + 6
        self.stack.setFixedHeight(max(rows, 6 * lines))

    # -- what the loop heard ------------------------------------------------------------------

    def set_heard(self, heard: RoomsHeard) -> None:
        self.heard = heard
        if not heard.rooms:
            if heard.problems:
                text = ROOMS["cannot_listen"].format(problems=" ".join(heard.problems))
                text += "\n\n" + ROOMS["none_heard"]
            elif heard.listening_s < NOTHING_HEARD_AFTER_S:
                text = ROOMS["listening"]
            else:
                text = ROOMS["none_heard"]
            self.note.setText(text)
            self.note.setAccessibleDescription(text)
            if self.tree.hasFocus():
                self.tree.clearFocus()
            self.tree.clear()
            self.stack.setCurrentWidget(self.note)
            self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.hint.hide()
            return
        rows = [
            (room, [room_label(room, room.room_id in heard.conflicting), room.room_id,
                    f"{room.address}:{room.port}", heard_ago(age)])
            for room, age in zip(heard.rooms, heard.ages_s, strict=True)
        ]  # fmt: skip
        items = self._items()
        if [r.key for r, _ in rows] == [r.key if (r := _room_of(item)) else None for item in items]:
            for item, (room, texts) in zip(items, rows, strict=True):  # the same rooms: ages
                item.setData(0, Qt.ItemDataRole.UserRole, room)
                for column, text in enumerate(texts):
                    item.setText(column, text)
        else:
            current = self.current_room()
            keep = current.key if current is not None else None
            self.tree.clear()
            for room, texts in rows:
                item = QTreeWidgetItem(texts)
                item.setData(0, Qt.ItemDataRole.UserRole, room)
                item.setToolTip(0, room.name)
                self.tree.addTopLevelItem(item)
                if room.key == keep:
                    self.tree.setCurrentItem(item)
        self.tree.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.stack.setCurrentWidget(self.tree)
        self.hint.show()

    @property
    def rooms(self) -> tuple[HeardRoom, ...]:
        return self.heard.rooms if self.heard is not None else ()

    def current_room(self) -> HeardRoom | None:
        item = self.tree.currentItem()
        return _room_of(item) if item is not None else None

    def row_texts(self) -> list[list[str]]:
        """What the list shows, row by row (for people reading it aloud, and for tests)."""
        return [[item.text(c) for c in range(4)] for item in self._items()]

    def _items(self) -> list[QTreeWidgetItem]:
        count = self.tree.topLevelItemCount()
        return [item for i in range(count) if (item := self.tree.topLevelItem(i)) is not None]

    def _picked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        room = _room_of(item)
        if room is not None:
            self.roomPicked.emit(room)


def _room_of(item: QTreeWidgetItem) -> HeardRoom | None:
    room = item.data(0, Qt.ItemDataRole.UserRole)
    return room if isinstance(room, HeardRoom) else None
