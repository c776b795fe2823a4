"""The dashboard window: connection card, clock, counts, the student grid and the action bars.

The window only lays things out and shows state; what the buttons do lives in `actions.py`,
and everything it knows arrives through the service's signals.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from proctor.common.protocol import Incident, Room, StudentRow
from proctor.host.dashboard.ui.claim_alert import ClaimAlert
from proctor.host.dashboard.ui.connection_card import ConnectionCard
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_model import (
    FILTER_TESTS,
    Column,
    StudentFilterProxy,
    StudentTableModel,
)
from proctor.host.dashboard.ui.timer_panel import TimerPanel
from proctor.ui.style import set_level

COUNT_KEYS = (
    ("online", "Online", "#1b7f3b"),
    ("offline", "Offline", "#b3261e"),
    ("flagged", "Flagged", "#8a4b00"),
    ("submitted", "Handed in", "#1e5aa8"),
    ("total", "Students", "#14213d"),
)


def room_counts(rows: list[StudentRow]) -> dict[str, int]:
    counts = {key: 0 for key, _label, _color in COUNT_KEYS}
    counts["total"] = len(rows)
    for row in rows:
        if row.status == "kicked":
            continue
        counts["online" if row.online else "offline"] += 1
        counts["flagged"] += row.flagged
        counts["submitted"] += row.status == "submitted"
    return counts


FILTER_BUTTON_STYLE = (
    "QPushButton:checked { background: #1e5aa8; color: #ffffff; border-color: #174a8b; }"
)


def filter_counts(rows: list[StudentRow]) -> dict[str, int]:
    return {mode: sum(test(r) for r in rows) for mode, test in FILTER_TESTS.items()}


class CountsPanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.values: dict[str, QLabel] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(14, 8, 14, 8)
        grid.setVerticalSpacing(0)
        for col, (key, label, color) in enumerate(COUNT_KEYS):
            value = QLabel("0")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value.setStyleSheet(f"font-size: 28pt; font-weight: 800; color: {color};")
            caption = QLabel(label)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption.setObjectName("fieldHint")
            grid.addWidget(value, 0, col)
            grid.addWidget(caption, 1, col)
            self.values[key] = value

    def set_counts(self, counts: dict[str, int]) -> None:
        for key, label in self.values.items():
            label.setText(str(counts.get(key, 0)))


class DashboardWindow(QMainWindow):
    close_requested = Signal()
    detail_requested = Signal(str)

    def __init__(
        self, service: DashboardService, addresses: list[str], session_name: str = ""
    ) -> None:
        super().__init__()
        self.service = service
        self.addresses = addresses
        self.room: Room | None = None
        self.allow_close = False
        self.setWindowTitle("Proctor: dashboard")
        self.resize(1400, 880)

        self.model = StudentTableModel(self)
        self.proxy = StudentFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.connection = ConnectionCard()
        self.connection.set_room(session_name, service.info.room_id, service.info.port, addresses)
        self.timer = TimerPanel()
        self.counts = CountsPanel()
        top = QHBoxLayout()
        top.addWidget(self.connection, 3)
        top.addWidget(self.timer, 1)
        top.addWidget(self.counts, 2)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner_button = QPushButton()
        self.banner_button.hide()
        self._banner_action: Callable[[], None] | None = None
        self.banner_button.clicked.connect(self._banner_clicked)
        banner_row = QHBoxLayout()
        banner_row.addWidget(self.banner, 1)
        banner_row.addWidget(self.banner_button)
        self.hide_banner()
        self.claim_alert = ClaimAlert()
        self.claim_alert.show_requested.connect(self.show_student)

        self.start_button = _button("Start exam", "primary")
        self.all_time_button = _button("Extra time for everyone…")
        self.end_button = _button("End session for all…", "danger")
        self.export_button = _button("Export results…")
        room_bar = QHBoxLayout()
        room_bar.addWidget(self.start_button)
        room_bar.addWidget(self.all_time_button)
        room_bar.addStretch(1)
        room_bar.addWidget(self.export_button)
        room_bar.addWidget(self.end_button)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Search name or reg. no")
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(300)
        self.search.textChanged.connect(self.proxy.set_search)
        self.filter_buttons: dict[str, QPushButton] = {}
        self.filter_group = QButtonGroup(self)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.search)
        for mode, label in StudentFilterProxy.FILTERS.items():
            button = QPushButton(label)
            button.setCheckable(True)
            button.setStyleSheet(FILTER_BUTTON_STYLE)
            button.setChecked(mode == "all")
            button.clicked.connect(lambda _c=False, m=mode: self.set_filter(m))
            self.filter_group.addButton(button)
            self.filter_buttons[mode] = button
            filter_bar.addWidget(button)
        filter_bar.addStretch(1)

        self.selection_label = QLabel()
        self.selection_label.setObjectName("fieldHint")
        self.student_buttons: dict[str, QPushButton] = {}
        selection_bar = QHBoxLayout()
        selection_bar.addWidget(self.selection_label)
        for key, label in (
            ("details", "Details"),
            ("pause", "Pause"),
            ("resume", "Resume"),
            ("flag", "Flag…"),
            ("unflag", "Unflag"),
            ("time", "Extra time…"),
            ("kick", "Remove…"),
            ("readmit", "Readmit"),
            ("move", "Move to another computer…"),
        ):
            button = _button(label)
            self.student_buttons[key] = button
            selection_bar.addWidget(button)
        selection_bar.addStretch(1)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(30)
        self.table.setStyleSheet("QTableView { font-size: 12pt; }")
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        widths = {
            Column.NAME: 200, Column.REG_NO: 120, Column.STATUS: 160, Column.CONNECTION: 240,
            Column.VIOLATIONS: 90, Column.LATEST: 200, Column.TIME_LEFT: 100, Column.ADDRESS: 150,
        }  # fmt: skip
        for col, width in widths.items():
            header.resizeSection(col, width)
        header.setSectionResizeMode(Column.FLAG, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.empty_label = QLabel(
            "No students yet. Show the join card so they can type the address and room ID."
        )
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 14pt; color: #4a5565; padding: 20px;")

        central = QWidget()
        central.setObjectName("page")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addLayout(top)
        layout.addLayout(banner_row)
        layout.addWidget(self.claim_alert)
        layout.addLayout(room_bar)
        layout.addLayout(filter_bar)
        layout.addLayout(selection_bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        select_all = QAction("Select all", self)
        select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
        select_all.triggered.connect(self.table.selectAll)
        self.addAction(select_all)

        service.snapshot.connect(self.on_snapshot)
        service.students_changed.connect(self.on_students)
        service.room_changed.connect(self.on_room)
        service.connection_changed.connect(self.on_connection)
        service.incidents_arrived.connect(self.on_incidents)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self.update_enabled()

    # -- data in ----------------------------------------------------------------------------

    def on_snapshot(self, room: Room, rows: list[StudentRow]) -> None:
        self.model.set_server_time(room.server_time_ms)
        self.model.replace_all(rows)
        self.on_room(room)
        self._after_rows()

    def on_students(self, rows: list[StudentRow]) -> None:
        self.model.apply(rows)
        self._after_rows()

    def on_room(self, room: Room) -> None:
        self.room = room
        self.setWindowTitle(f"{room.name} · room {room.id} · Proctor")
        self.model.set_server_time(room.server_time_ms)
        self.timer.set_room(room)
        self.connection.set_room(room.name, room.id, self.service.info.port, self.addresses)
        self.update_enabled()

    def on_connection(self, connected: bool, why: str) -> None:
        if connected:
            if self.banner.property("level") == "warning":
                self.hide_banner()
        elif not self.service.server_down:
            self.show_banner(
                "warning", "Reconnecting to the room server… Students are not affected."
            )

    def on_incidents(self, incidents: list[Incident]) -> None:
        for incident in incidents:
            if incident.kind == "seat_claim_refused":
                self.claim_alert.add(incident, self.model.student_by_id(incident.student_id))

    def _after_rows(self) -> None:
        rows = self.model.students()
        self.counts.set_counts(room_counts(rows))
        for mode, n in filter_counts(rows).items():
            self.filter_buttons[mode].setText(f"{StudentFilterProxy.FILTERS[mode]} ({n})")
        self.empty_label.setVisible(not rows)
        self.update_enabled()

    def _tick(self) -> None:
        self.model.tick()
        self.timer.refresh()

    # -- banner -----------------------------------------------------------------------------

    def show_banner(
        self, level: str, text: str, button: str = "", action: Callable[[], None] | None = None
    ) -> None:
        set_level(self.banner, level)
        self.banner.setText(text)
        self.banner.show()
        self._banner_action = action
        self.banner_button.setText(button)
        self.banner_button.setVisible(bool(button and action))

    def hide_banner(self) -> None:
        self.banner.hide()
        self.banner_button.hide()
        set_level(self.banner, "")
        self._banner_action = None

    def _banner_clicked(self) -> None:
        if self._banner_action is not None:
            self._banner_action()

    # -- selection --------------------------------------------------------------------------

    def set_filter(self, mode: str) -> None:
        self.proxy.set_mode(mode)
        self.filter_buttons[mode].setChecked(True)

    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.student_id_at(index.row()) for index in rows]

    def selected_students(self) -> list[StudentRow]:
        found = (self.model.student_by_id(sid) for sid in self.selected_ids())
        return [s for s in found if s is not None]

    def select_ids(self, student_ids: list[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for sid in student_ids:
            row = self.model.row_of(sid)
            if row is None:
                continue
            proxy_index = self.proxy.mapFromSource(self.model.index(row, 0))
            if proxy_index.isValid():
                selection.select(proxy_index, flags)

    def show_student(self, student_id: str) -> None:
        """Select a student in the grid, showing everyone if a filter hides them."""
        if self.model.row_of(student_id) is None:
            return
        self.search.clear()
        self.set_filter("all")
        self.select_ids([student_id])
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0])

    def _selection_changed(self) -> None:
        self.update_enabled()

    def _double_clicked(self, index: QModelIndex) -> None:
        self.detail_requested.emit(self.proxy.student_id_at(index.row()))

    def _context_menu(self, pos: object) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        for button in self.student_buttons.values():
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(self.table.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

    def update_enabled(self) -> None:
        room_status = self.room.status if self.room else ""
        down = self.service.server_down
        self.start_button.setEnabled(
            not down and room_status == "lobby" and self.model.rowCount() > 0
        )
        self.start_button.setVisible(room_status in ("lobby", ""))
        self.all_time_button.setEnabled(not down and room_status in ("lobby", "active"))
        self.end_button.setEnabled(not down and room_status in ("lobby", "active"))
        chosen = self.selected_students()
        n = len(chosen)
        self.selection_label.setText(
            f"{n} selected:" if n > 1 else "1 selected:" if n == 1 else "Select students to act:"
        )
        statuses = {s.status for s in chosen}
        able = {
            "details": n == 1,
            "pause": "active" in statuses,
            "resume": "paused" in statuses,
            "flag": n > 0,
            "unflag": any(s.manual_flag for s in chosen),
            "time": bool(statuses - {"ended"}) and room_status in ("lobby", "active"),
            "kick": bool(statuses - {"kicked"}),
            "readmit": "kicked" in statuses,
            "move": n == 1 and chosen[0].status != "kicked",
        }
        for key, button in self.student_buttons.items():
            button.setEnabled(not down and able[key])

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            self.connection.close_join_card()
            event.accept()
            return
        event.ignore()
        self.close_requested.emit()


def _button(text: str, object_name: str = "") -> QPushButton:
    button = QPushButton(text)
    if object_name:
        button.setObjectName(object_name)
    return button
