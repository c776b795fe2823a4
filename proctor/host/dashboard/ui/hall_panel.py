"""The hall panel beside the student table: the queue of raised hands with how long each has
waited, the announcements with who acknowledged them, and the roster's summary. Widgets only:
they show what `HallDesk` gives them and emit what the proctor asks for."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.hall import AdminAnnouncement, Hand, RosterResponse
from proctor.common.protocol import StudentRow, StudentStatus
from proctor.common.receipt import local_time
from proctor.host.dashboard.ui.labels_hall import HALL, HAND_COLUMNS

LONG_WAIT_S = 120  # a hand waiting longer is shown in red


def waited(seconds: int) -> str:
    minutes, secs = divmod(max(0, seconds), 60)
    return f"{minutes}:{secs:02d}"


def _who(row: StudentRow | None, fallback: str) -> str:
    return fallback if row is None else f"{row.name} ({row.reg_no})"


class HandsView(QWidget):
    answerRequested = Signal(str)  # student id
    dismissRequested = Signal(str)
    detailRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(HAND_COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setAccessibleName(HALL["hands_tab"].format(n=""))
        self.empty = QLabel(HALL["no_hands"])
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.answer_button = QPushButton(HALL["answer"])
        self.dismiss_button = QPushButton(HALL["dismiss"])
        self.show_button = QPushButton(HALL["show"])
        buttons = QHBoxLayout()
        for button in (self.answer_button, self.dismiss_button, self.show_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.empty)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.student_ids: list[str] = []
        self.answer_button.clicked.connect(lambda: self._emit(self.answerRequested))
        self.dismiss_button.clicked.connect(lambda: self._emit(self.dismissRequested))
        self.show_button.clicked.connect(lambda: self._emit(self.detailRequested))
        self.table.cellDoubleClicked.connect(lambda r, _c: self._emit(self.answerRequested, r))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def _emit(self, signal: SignalInstance, row: int | None = None) -> None:
        index = self.table.currentRow() if row is None else row
        if 0 <= index < len(self.student_ids):
            signal.emit(self.student_ids[index])

    def _update_buttons(self) -> None:
        chosen = 0 <= self.table.currentRow() < len(self.student_ids)
        for button in (self.answer_button, self.dismiss_button, self.show_button):
            button.setEnabled(chosen)

    def set_hands(self, hands: list[Hand], rows: dict[str, StudentRow], now_ms: int) -> None:
        """The waiting hands, longest waiting first."""
        waiting = sorted((h for h in hands if h.status == "waiting"), key=lambda h: h.raised_ms)
        chosen = self.student_ids[self.table.currentRow()] if self.table.currentRow() >= 0 else ""
        self.student_ids = [h.student_id for h in waiting]
        self.table.setRowCount(len(waiting))
        for index, hand in enumerate(waiting):
            row = rows.get(hand.student_id)
            seconds = (now_ms - hand.raised_ms) // 1000
            cells = [
                hand.student_id if row is None else row.name,
                row.seat if row is not None else "",
                waited(seconds),
                hand.text or "—",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 2 and seconds >= LONG_WAIT_S:
                    item.setForeground(QColor("#b3261e"))
                if col == 3:
                    item.setToolTip(hand.text)
                elif col == 0 and row is not None:
                    item.setToolTip(f"{row.name} ({row.reg_no})")
                self.table.setItem(index, col, item)
        if chosen in self.student_ids:
            self.table.selectRow(self.student_ids.index(chosen))
        self.empty.setVisible(not waiting)
        self.table.setVisible(bool(waiting))
        self._update_buttons()


class AnnouncementsView(QWidget):
    announceRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAccessibleName(HALL["announcements_tab"].format(n=""))
        self.pending = QLabel()
        self.pending.setWordWrap(True)
        self.pending.setTextFormat(Qt.TextFormat.PlainText)
        self.announce_button = QPushButton(HALL["announce"])
        self.announce_button.setToolTip(HALL["announce_tip"])
        self.announce_button.clicked.connect(self.announceRequested.emit)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.list, 1)
        column.addWidget(self.pending)
        row = QHBoxLayout()
        row.addWidget(self.announce_button)
        row.addStretch(1)
        column.addLayout(row)
        self.items: list[AdminAnnouncement] = []
        self.rows: dict[str, StudentRow] = {}
        self.list.currentRowChanged.connect(lambda _r: self._show_pending())

    def set_announcements(
        self, items: list[AdminAnnouncement], rows: dict[str, StudentRow]
    ) -> None:
        """Newest first, each with how many of those it is for acknowledged it."""
        current = self.list.currentRow()
        self.items, self.rows = list(reversed(items)), rows
        self.list.clear()
        for item in self.items:
            done, meant = self.counts(item)
            state = (
                HALL["acked_all"].format(m=meant)
                if done >= meant
                else HALL["acked"].format(n=done, m=meant)
            )
            row = rows.get(item.student_id or "")
            to = (
                HALL["to_all"]
                if item.student_id is None
                else HALL["to_one"].format(name=_who(row, item.student_id or ""))
            )
            text = f"{local_time(item.at_ms)} · {to} · {state}\n{item.text}"
            entry = QListWidgetItem(text)
            if done < meant:
                entry.setForeground(QColor("#8a4b00"))
            self.list.addItem(entry)
        if self.items:
            self.list.setCurrentRow(min(max(current, 0), len(self.items) - 1))
        else:
            self.list.addItem(QListWidgetItem(HALL["no_announcements"]))
        self._show_pending()

    def meant_for(self, item: AdminAnnouncement) -> list[str]:
        """The students it is for now: one, or every student not removed."""
        if item.student_id is not None:
            return [item.student_id]
        return [sid for sid, r in self.rows.items() if r.status != StudentStatus.KICKED]

    def counts(self, item: AdminAnnouncement) -> tuple[int, int]:
        acked = {a.student_id for a in item.acknowledged}
        meant = self.meant_for(item)
        return sum(sid in acked for sid in meant), len(meant)

    def not_acknowledged(self, item: AdminAnnouncement) -> list[str]:
        acked = {a.student_id for a in item.acknowledged}
        return [sid for sid in self.meant_for(item) if sid not in acked]

    def _show_pending(self) -> None:
        index = self.list.currentRow()
        if not (0 <= index < len(self.items)):
            self.pending.setText("")
            return
        missing = self.not_acknowledged(self.items[index])
        if not missing:
            self.pending.setText(HALL["not_acked_none"])
            return
        names = ", ".join(_who(self.rows.get(sid), sid) for sid in missing[:30])
        more = f" … (+{len(missing) - 30})" if len(missing) > 30 else ""
        self.pending.setText(HALL["not_acked"].format(names=names + more))


class RosterView(QWidget):
    rosterRequested = Signal()
    slipsRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(HALL["roster_none"])
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("font-weight: 600;")
        self.never = QLabel()
        self.never.setWordWrap(True)
        self.off = QLabel()
        self.off.setWordWrap(True)
        self.roster_button = QPushButton(HALL["roster"])
        self.roster_button.setToolTip(HALL["roster_tip"])
        self.slips_button = QPushButton(HALL["roster_slips"])
        self.roster_button.clicked.connect(self.rosterRequested.emit)
        self.slips_button.clicked.connect(self.slipsRequested.emit)
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        for widget in (self.summary, self.never, self.off):
            column.addWidget(widget)
        column.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.roster_button)
        row.addWidget(self.slips_button)
        row.addStretch(1)
        column.addLayout(row)
        self.set_roster(None)

    def set_roster(self, roster: RosterResponse | None) -> None:
        if roster is None or not roster.entries:
            self.summary.setText(HALL["roster_none"])
            self.never.setText("")
            self.off.setText("")
            self.slips_button.setEnabled(False)
            return
        never = len(roster.never_came)
        self.summary.setText(
            HALL["roster_summary"].format(
                n=len(roster.entries), came=len(roster.entries) - never, never=never,
                off=len(roster.off_roster),
            )
        )  # fmt: skip
        names = {e.reg_no: e.name for e in roster.entries}
        listed = ", ".join(f"{names.get(r, r)} ({r})" for r in roster.never_came)
        self.never.setText(
            HALL["never_came"].format(names=listed) if never else HALL["never_came_none"]
        )
        off = ", ".join(roster.off_roster)
        self.off.setText(HALL["off_roster"].format(names=off) if off else "")
        self.slips_button.setEnabled(roster.pins)


class HallPanel(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(HALL["panel"])
        self.hands = HandsView()
        self.announcements = AnnouncementsView()
        self.roster = RosterView()
        self.addTab(self.hands, HALL["hands_tab"].format(n=0))
        self.addTab(self.announcements, HALL["announcements_tab"].format(n=0))
        self.addTab(self.roster, HALL["roster_tab"])

    def set_counts(self, hands: int, announcements: int) -> None:
        """The tabs' counts; waiting hands in the hall's warning colour."""
        text = HALL["hands_tab"].format(n=hands)
        self.setTabText(0, f"☝ {text}" if hands else text)
        self.tabBar().setTabTextColor(0, QColor("#b3261e" if hands else "#1f2937"))
        self.setTabText(1, HALL["announcements_tab"].format(n=announcements))
