"""The dashboard window: connection card, clock, counts, the student grid and the action bars.

The window only lays things out and shows state; what the buttons do lives in `actions.py`,
and everything it knows arrives through the service's signals. Its counts, tiles and filters
all come from `proctor.host.standing`, so they agree with each other and with the export.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from proctor.common.protocol import Incident, Room, StudentRow
from proctor.host.dashboard.offline_watch import OfflineWatch
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.claim_alert import ClaimAlert
from proctor.host.dashboard.ui.connection_card import ConnectionCard, host_address
from proctor.host.dashboard.ui.counts_panel import CompactStrip, CountsPanel
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_model import (
    Column,
    StudentFilterProxy,
    StudentTableModel,
    matches,
)
from proctor.host.dashboard.ui.timer_panel import TimerPanel
from proctor.host.standing import EXPECTED_ONLINE, FILTERS, counts, standing
from proctor.host.transitions import (
    OPEN_ROOM,
    RoomCommand,
    StudentCommand,
    may_act_on,
    room_may,
)
from proctor.ui import geometry
from proctor.ui.style import set_level

# Banners a passing warning must not replace (it goes to the status bar then).
BANNERS_THAT_STAY = ("over", "server_lost")

FILTER_BUTTON_STYLE = (
    "QPushButton:checked { background: #1e5aa8; color: #ffffff; border-color: #174a8b; }"
)
WINDOW_COLUMNS, WINDOW_LINES = 210, 54  # wanted size in text units, cut to the screen
# Each column as wide as a typical long entry in the grid's font; Flag takes what is left,
# and anything longer is elided with the whole text in its tooltip.
COLUMN_SAMPLES = {
    Column.NAME: "Ximena Kowalska-Dubois",
    Column.REG_NO: "CS/2021/0450",
    Column.STATUS: "Handed in 23:59",
    Column.CONNECTION: "● Offline for 59 min",
    Column.VIOLATIONS: "99",
    Column.INTEGRITY: "1 × app, 41 s unfocused",  # longer lines elide; the tooltip has all
    Column.LATEST: "Pasted text from outside",
    Column.TIME_LEFT: "1:59:59",
    Column.ADDRESS: "192.168.10.200",
}
STUDENT_BUTTONS = (
    "details",
    "pause",
    "resume",
    "flag",
    "unflag",
    "time",
    "kick",
    "readmit",
    "move",
)


def room_counts(rows: list[StudentRow]) -> dict[str, int]:
    return counts(rows)


def filter_counts(rows: list[StudentRow], search: str = "") -> dict[str, int]:
    """The count on each filter button: the room's counts among the rows the search finds."""
    found = counts(row for row in rows if matches(row, search))
    return {key: found[key] for key in FILTERS}


class DashboardWindow(QMainWindow):
    closeRequested = Signal()
    detailRequested = Signal(str)

    def __init__(
        self, service: DashboardService, addresses: list[str], session_name: str = ""
    ) -> None:
        super().__init__()
        self.service = service
        self.addresses = addresses
        self.room: Room | None = None
        self.allow_close = False
        self.compact = False
        self.offline_watch = OfflineWatch()
        self.setWindowTitle(labels.WINDOW["title"])

        self.model = StudentTableModel(self)
        self.proxy = StudentFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.connection = ConnectionCard()
        self.connection.set_room(
            session_name,
            service.info.room_id,
            service.info.port,
            addresses,
            join_code=service.info.join_code,
            fingerprint=service.info.fingerprint,
        )
        self.timer = TimerPanel()
        self.counts = CountsPanel()
        self.top = QWidget()
        top = QHBoxLayout(self.top)
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.connection, 3)
        top.addWidget(self.timer, 1)
        top.addWidget(self.counts, 2)
        self.strip = CompactStrip()
        self.strip.join_card_button.clicked.connect(self.connection.show_join_card)
        self.strip.hide()

        # The banner lives in the room bar, between its buttons: no row appears or goes, so
        # nothing below it moves when a message comes.
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.banner_button = QPushButton()
        self.banner_button.hide()
        self._banner_action: Callable[[], None] | None = None
        self.banner_button.clicked.connect(self._banner_clicked)
        self.claim_alert = ClaimAlert()
        self.claim_alert.showRequested.connect(self.show_student)

        self.start_button = _button(labels.WINDOW["start"], "primary")
        self.all_time_button = _button(labels.WINDOW["extra_time_all"])
        self.end_button = _button(labels.WINDOW["end"], "danger")
        self.export_button = _button(labels.WINDOW["export"])
        self.results_button = _button(labels.RESULTS["open"])
        self.results_button.setToolTip(labels.RESULTS["open_tip"])
        room_bar = QHBoxLayout()
        room_bar.addWidget(self.start_button)
        room_bar.addWidget(self.all_time_button)
        room_bar.addWidget(self.banner, 1)
        room_bar.addWidget(self.banner_button)
        room_bar.addWidget(self.results_button)
        room_bar.addWidget(self.export_button)
        room_bar.addWidget(self.end_button)
        self.room_bar = room_bar
        self.hide_banner()

        self.search = QLineEdit()
        self.search.setPlaceholderText(labels.WINDOW["search"])
        self.search.setAccessibleName(labels.WINDOW["search"])  # a placeholder is not a name
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(geometry.text_size(self.search, 30, 1).width())
        self.search.textChanged.connect(self._search_changed)
        self.filter_buttons: dict[str, QPushButton] = {}
        self.filter_group = QButtonGroup(self)
        filter_bar = QHBoxLayout()
        filter_bar.addWidget(self.search)
        for mode in FILTERS:
            button = QPushButton(labels.FILTERS[mode].format(n=0))
            button.setCheckable(True)
            button.setStyleSheet(FILTER_BUTTON_STYLE)
            button.setChecked(mode == "total")
            button.clicked.connect(lambda _c=False, m=mode: self.set_filter(m))
            self.filter_group.addButton(button)
            self.filter_buttons[mode] = button
            filter_bar.addWidget(button)
        filter_bar.addStretch(1)
        self.compact_check = QCheckBox(labels.WINDOW["compact"])
        self.compact_check.setToolTip(labels.WINDOW["compact_tip"])
        self.compact_check.toggled.connect(self.set_compact)
        filter_bar.addWidget(self.compact_check)

        # The label before the buttons is as wide as its widest text, so the buttons never
        # move when the selection changes.
        self.selection_label = QLabel()
        self.selection_label.setObjectName("fieldHint")
        widest = max(
            self.selection_label.fontMetrics().horizontalAdvance(text)
            for text in (labels.SELECTION["none"], labels.SELECTION["many"].format(n=9999))
        )
        self.selection_label.setFixedWidth(widest + 12)
        self.student_buttons: dict[str, QPushButton] = {}
        selection_bar = QHBoxLayout()
        selection_bar.addWidget(self.selection_label)
        for key in STUDENT_BUTTONS:
            button = _button(labels.STUDENT_BUTTONS[key])
            self.student_buttons[key] = button
            selection_bar.addWidget(button)
        selection_bar.addStretch(1)

        self.table = self._make_table()
        self.empty_label = QLabel(labels.WINDOW["empty"])
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("font-size: 14pt; color: #4a5565; padding: 20px;")

        central = QWidget()
        central.setObjectName("page")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 6)
        layout.addWidget(self.top)
        layout.addWidget(self.strip)
        layout.addWidget(self.claim_alert)
        layout.addLayout(room_bar)
        layout.addLayout(filter_bar)
        layout.addLayout(selection_bar)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)

        select_all = QAction(labels.WINDOW["select_all"], self)
        select_all.setShortcut(QKeySequence.StandardKey.SelectAll)
        select_all.triggered.connect(self.table.selectAll)
        self.addAction(select_all)

        service.snapshotArrived.connect(self.on_snapshot)
        service.studentsChanged.connect(self.on_students)
        service.roomChanged.connect(self.on_room)
        service.connectionChanged.connect(self.on_connection)
        service.incidentsArrived.connect(self.on_incidents)

        self._clock = QTimer(self)
        self._clock.setInterval(1000)
        self._clock.timeout.connect(self._tick)
        self._clock.start()
        self._set_row_height()
        self._after_rows()

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setAccessibleName(labels.TILES["total"])  # "Students"
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)  # the full text is the tooltip
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(Column.FLAG, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        # Time left beside the status: in view on a 1366-px laptop, where the last columns
        # scroll (the model's order, which exports and tests use, stays).
        header.moveSection(
            header.visualIndex(Column.TIME_LEFT), header.visualIndex(Column.CONNECTION)
        )
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._context_menu)
        table.doubleClicked.connect(self._double_clicked)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    def _set_row_height(self) -> None:
        """Rows and columns sized from the grid's font (smaller in the compact view)."""
        self.table.setStyleSheet(f"QTableView {{ font-size: {10 if self.compact else 11}pt; }}")
        self.table.ensurePolished()
        metrics = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(
            metrics.height() + (2 if self.compact else 10)
        )
        header = self.table.horizontalHeader()
        for col, sample in COLUMN_SAMPLES.items():
            title = header.fontMetrics().horizontalAdvance(labels.COLUMN_HEADERS[col.name.lower()])
            text = metrics.horizontalAdvance(sample)
            header.resizeSection(col, max(text + 16, title + 20))

    def place(self, saved: str = "") -> None:
        geometry.place(self, WINDOW_COLUMNS, WINDOW_LINES, saved)

    # -- data in ----------------------------------------------------------------------------

    def on_snapshot(self, room: Room, rows: list[StudentRow]) -> None:
        self.model.set_server_time(room.server_time_ms)
        self.model.replace_all(rows)
        self.on_room(room)
        self.offline_watch.update(rows, self._expected_online())
        self._after_rows()

    def on_students(self, rows: list[StudentRow]) -> None:
        self.model.apply(rows)
        self.offline_watch.update(rows, self._expected_online())
        self._after_rows()
        self._check_offline_burst()

    def on_room(self, room: Room) -> None:
        self.room = room
        self.setWindowTitle(labels.WINDOW["title_room"].format(name=room.name, room=room.id))
        self.model.set_server_time(room.server_time_ms)
        self.timer.set_room(room)
        info = self.service.info
        self.connection.set_room(
            room.name,
            room.id,
            info.port,
            self.addresses,
            join_code=info.join_code,
            fingerprint=info.fingerprint,
        )
        address = host_address(self.connection.addresses[0], info.port)
        self.strip.set_join(room.id, address, info.join_code)
        self.counts.set_phase(room.status)
        self._after_rows()

    def on_incidents(self, incidents: list[Incident]) -> None:
        for incident in incidents:
            if incident.kind == "seat_claim_refused":
                self.claim_alert.add(incident, self.model.student_by_id(incident.student_id))
            elif incident.kind == "admin_key_refused":
                address = str(incident.detail.get("address", ""))
                text = labels.admin_key_refused_text(address, incident.at_ms)
                self.statusBar().showMessage(text, 30_000)
                self.show_banner(
                    "warning", text, labels.WINDOW["dismiss"], self.hide_banner, passing=True
                )

    def on_connection(self, connected: bool, why: str) -> None:
        if connected:
            if self.banner.property("kind") == "link":
                self.hide_banner()
        elif not self.service.server_down:
            self.show_banner("warning", labels.WINDOW["reconnecting"], kind="link", passing=True)

    def _expected_online(self) -> int:
        return sum(standing(row) in EXPECTED_ONLINE for row in self.model.students())

    def _check_offline_burst(self) -> None:
        group = self.offline_watch.burst()
        showing = self.banner.property("kind") == "offline_burst"
        if group:
            text = labels.WINDOW["offline_burst"].format(n=len(group))
            self.show_banner(
                "warning",
                text,
                labels.WINDOW["dismiss"],
                self._dismiss_burst,
                kind="offline_burst",
                passing=True,
            )
        elif showing:
            self.hide_banner()

    def _dismiss_burst(self) -> None:
        self.offline_watch.forget()
        self.hide_banner()

    def _after_rows(self) -> None:
        rows = self.model.students()
        room_wide = counts(rows)
        self.counts.set_counts(room_wide)
        self.strip.set_counts(room_wide, self.counts.shown_keys())
        for mode, n in filter_counts(rows, self.proxy.search).items():
            self.filter_buttons[mode].setText(labels.FILTERS[mode].format(n=n))
        self.empty_label.setVisible(not rows)
        self.update_enabled()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._after_rows()

    def _tick(self) -> None:
        self.model.tick()
        self.timer.refresh()
        self.strip.set_time(self.timer.short_text())

    # -- views --------------------------------------------------------------------------------

    def set_compact(self, compact: bool) -> None:
        """Many students: one line instead of the top cards, smaller rows."""
        self.compact = compact
        self.top.setVisible(not compact)
        self.strip.setVisible(compact)
        if self.compact_check.isChecked() != compact:
            self.compact_check.setChecked(compact)
        self.strip.set_time(self.timer.short_text())
        self._set_row_height()

    # -- banner -----------------------------------------------------------------------------

    def show_banner(
        self,
        level: str,
        text: str,
        button: str = "",
        action: Callable[[], None] | None = None,
        kind: str = "",
        passing: bool = False,
    ) -> None:
        """`passing`: a notice that never covers what matters more (the exam's end, a lost
        server); it is left out then (the status bar may carry it)."""
        if passing and self.banner.property("kind") in BANNERS_THAT_STAY:
            return
        set_level(self.banner, level)
        self.banner.setProperty("kind", kind)
        self.banner.setText(text)
        self.banner.setToolTip(text)
        self.banner.show()
        self._banner_action = action
        self.banner_button.setText(button)
        self.banner_button.setVisible(bool(button and action))

    def hide_banner(self) -> None:
        # Hidden by emptying it, so it keeps its room in the bar and nothing moves.
        self.banner.setText("")
        self.banner.setToolTip("")
        self.banner.setProperty("kind", "")
        self.banner_button.hide()
        set_level(self.banner, "")
        self._banner_action = None

    def banner_shown(self) -> bool:
        return bool(self.banner.text())

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
        self.set_filter("total")
        self.select_ids([student_id])
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.scrollTo(rows[0])

    def _selection_changed(self) -> None:
        self.update_enabled()

    def _double_clicked(self, index: QModelIndex) -> None:
        self.detailRequested.emit(self.proxy.student_id_at(index.row()))

    def _context_menu(self, pos: QPoint) -> None:
        if not self.selected_ids():
            return
        menu = QMenu(self)
        for button in self.student_buttons.values():
            action = menu.addAction(button.text())
            action.setEnabled(button.isEnabled())
            action.triggered.connect(button.click)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def update_enabled(self) -> None:
        room_status = self.room.status if self.room else ""
        down = self.service.server_down
        # Student actions while the room is open: after the end only what matters then, who
        # handed in and the export (the host would still take some: `transitions`).
        running = room_status in OPEN_ROOM
        self.start_button.setEnabled(
            not down and room_may(RoomCommand.START, room_status) and self.model.rowCount() > 0
        )
        self.start_button.setVisible(room_status in ("lobby", ""))
        self.all_time_button.setVisible(room_status != "ended")
        self.end_button.setVisible(room_status != "ended")
        self.all_time_button.setEnabled(not down and room_may(RoomCommand.EXTRA_TIME, room_status))
        self.end_button.setEnabled(not down and room_may(RoomCommand.END, room_status))
        _set_object_name(self.export_button, "primary" if room_status == "ended" else "")
        self.results_button.setVisible(room_status in ("active", "ended"))
        self.results_button.setEnabled(not down)
        chosen = self.selected_students()
        n = len(chosen)
        self.selection_label.setText(
            labels.SELECTION["none"] if n == 0 else labels.SELECTION["many"].format(n=n)
        )

        def offered(command: StudentCommand) -> bool:
            return running and any(may_act_on(command, s) for s in chosen)

        able = {key: offered(StudentCommand(key)) for key in STUDENT_BUTTONS if key != "details"}
        able["details"] = n == 1
        able["move"] = n == 1 and offered(StudentCommand.MOVE)
        for key, button in self.student_buttons.items():
            button.setEnabled(not down and able.get(key, n > 0))

    # -- closing ----------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.allow_close:
            self.connection.close_join_card()
            event.accept()
            return
        event.ignore()
        self.closeRequested.emit()


def _set_object_name(widget: QWidget, name: str) -> None:
    """Change the style sheet's name of `widget` (and so its look)."""
    if widget.objectName() != name:
        widget.setObjectName(name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _button(text: str, object_name: str = "") -> QPushButton:
    button = QPushButton(text)
    if object_name:
        button.setObjectName(object_name)
    return button
