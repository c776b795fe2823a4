"""The wall of screens: one tile per student with the latest thumbnail of their exam window,
their name, a status colour, their flags and time left; flagged and offline students first.
A click opens the live view of one student, refreshed at the live rate while it is open.
Widgets only; `WallDesk` fetches the pictures through the service (the visible tiles first,
a few at a time) when the stream says a new one came."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QGridLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from proctor.common.hall import LIVE_SCREEN_INTERVAL_S, ScreenMessage
from proctor.common.protocol import Policy, StudentRow
from proctor.common.receipt import local_time
from proctor.host.dashboard import hall_client
from proctor.host.dashboard.ui import labels
from proctor.host.dashboard.ui.labels_hall import HALL
from proctor.host.dashboard.ui.service import DashboardService
from proctor.host.dashboard.ui.student_model import status_text
from proctor.host.standing import Standing, standing

TILE_PICTURE = QSize(256, 144)
FETCHES_AT_ONCE = 6
STANDING_COLOURS = {
    Standing.WAITING: "#6b7280",
    Standing.WRITING: "#2e7d32",
    Standing.PAUSED: "#b7791f",
    Standing.HANDED_IN: "#1d4ed8",
    Standing.NOT_HANDED_IN: "#b3261e",
    Standing.REMOVED: "#4b5563",
}
OFFLINE_COLOUR = "#9ca3af"
FLAG_COLOUR = "#c2410c"
HAND_COLOUR = "#2563eb"


def wall_order(row: StudentRow) -> tuple[int, str]:
    """Flagged first, then offline, then everyone else; by name within each."""
    rank = 0 if row.flagged else 1 if not row.online else 2
    return rank, row.name.casefold()


class ScreenTile(QFrame):
    clicked = Signal(str)

    def __init__(self, student_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.student_id = student_id
        self.setObjectName("screenTile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.picture = QLabel(HALL["wall_waiting"])
        self.picture.setFixedSize(TILE_PICTURE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #1f2937; color: #d1d5db;")
        self.name = QLabel()
        self.name.setStyleSheet("font-weight: 700; font-size: 11pt;")
        self.line = QLabel()
        self.line.setStyleSheet("font-size: 10pt;")
        self.flags = QLabel()
        self.flags.setStyleSheet(f"color: {FLAG_COLOUR}; font-weight: 600; font-size: 10pt;")
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.setSpacing(2)
        for widget in (self.picture, self.name, self.line, self.flags):
            column.addWidget(widget)
        self.setFixedWidth(TILE_PICTURE.width() + 12 + 8)

    def show_row(self, row: StudentRow, time_left: str) -> None:
        where = standing(row)
        colour = STANDING_COLOURS.get(where, "#6b7280")
        if not row.online:
            colour = OFFLINE_COLOUR
        border = FLAG_COLOUR if row.flagged else colour
        if row.hand_raised_ms is not None and not row.flagged:
            border = HAND_COLOUR
        self.setStyleSheet(
            f"#screenTile {{ border: 4px solid {border}; border-radius: 6px;"
            f" background: {'#fff4ec' if row.flagged else '#ffffff'}; }}"
        )
        self.name.setText(self.name.fontMetrics().elidedText(
            f"{row.name} · {row.reg_no}", Qt.TextElideMode.ElideRight, TILE_PICTURE.width()
        ))  # fmt: skip
        online = labels.CONNECTION["online"] if row.online else labels.CONNECTION["offline"]
        parts = [status_text(row), online]
        if time_left:
            parts.append(time_left)
        self.line.setText("  ·  ".join(parts))
        self.line.setStyleSheet(f"font-size: 10pt; color: {colour}; font-weight: 600;")
        flags = ", ".join(row.flag_reasons[:2]) if row.flagged else ""
        if row.hand_raised_ms is not None:
            flags = "☝ " + (flags or "hand raised")
        self.flags.setText(self.flags.fontMetrics().elidedText(
            flags, Qt.TextElideMode.ElideRight, TILE_PICTURE.width()
        ))  # fmt: skip
        self.setToolTip("\n".join(row.flag_reasons))

    def show_picture(self, pixmap: QPixmap) -> None:
        self.picture.setPixmap(
            pixmap.scaled(
                TILE_PICTURE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.student_id)
        super().mouseReleaseEvent(event)


class WallView(QScrollArea):
    tileClicked = Signal(str)
    turnOnRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName(HALL["view_wall"].replace("&", ""))
        self.inner = QWidget()
        self.grid = QGridLayout(self.inner)
        self.grid.setSpacing(8)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.note = QLabel(HALL["wall_off"])
        self.note.setWordWrap(True)
        self.note.setStyleSheet("font-size: 13pt; color: #4a5565; padding: 16px;")
        self.turn_on = QPushButton(HALL["wall_turn_on"])
        self.turn_on.setObjectName("primary")
        self.turn_on.clicked.connect(self.turnOnRequested.emit)
        self.turn_on.hide()
        self.setWidget(self.inner)
        self.tiles: dict[str, ScreenTile] = {}
        self.order: list[str] = []
        self._columns = 0

    def set_rows(self, rows: list[StudentRow], time_left: Callable[[StudentRow], str]) -> None:
        ordered = sorted(rows, key=wall_order)
        ids = [r.student_id for r in ordered]
        for row in ordered:
            tile = self.tiles.get(row.student_id)
            if tile is None:
                tile = self.tiles[row.student_id] = ScreenTile(row.student_id)
                tile.clicked.connect(self.tileClicked.emit)
            tile.show_row(row, time_left(row))
        for sid in [s for s in self.tiles if s not in ids]:
            self.tiles.pop(sid).deleteLater()
        columns = self._fitting_columns()
        if ids != self.order or columns != self._columns:
            self.order, self._columns = ids, columns
            self._lay_out()

    def show_note(self, off: bool, lobby: bool = True) -> None:
        """Screens off: say so, and offer to turn them on while the room is in the lobby."""
        self.note.setText(HALL["wall_off"] if lobby else HALL["wall_off_started"])
        self.note.setVisible(off)
        self.turn_on.setVisible(off and lobby)
        if off and self.grid.indexOf(self.note) < 0:
            self.grid.addWidget(self.note, 0, 0, 1, -1)
            self.grid.addWidget(self.turn_on, 1, 0, 1, 1)
        self._lay_out()

    def _fitting_columns(self) -> int:
        tile_width = TILE_PICTURE.width() + 20 + self.grid.spacing()
        return max(1, (self.viewport().width() - 8) // tile_width)

    def _lay_out(self) -> None:
        for sid in self.order:
            self.grid.removeWidget(self.tiles[sid])
        offset = 2 if self.note.isVisible() else 0
        for n, sid in enumerate(self.order):
            self.grid.addWidget(self.tiles[sid], offset + n // self._columns, n % self._columns)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        columns = self._fitting_columns()
        if columns != self._columns:
            self._columns = columns
            self._lay_out()

    def visible_ids(self) -> list[str]:
        """The tiles the proctor can see now (in the viewport), first to fetch."""
        area = self.viewport().rect()
        top = self.verticalScrollBar().value()
        seen = []
        for sid in self.order:
            tile = self.tiles[sid]
            y = tile.y() - top
            if y + tile.height() >= 0 and y <= area.height():
                seen.append(sid)
        return seen


class LiveView(QDialog):
    """One student's exam window, larger, refreshed at the live rate while open."""

    def __init__(self, row: StudentRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.student_id = row.student_id
        self.setWindowTitle(HALL["wall_live_title"].format(name=row.name, reg_no=row.reg_no))
        self.picture = QLabel(HALL["wall_waiting"])
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setMinimumSize(800, 450)
        self.picture.setStyleSheet("background: #111827; color: #d1d5db;")
        self.note = QLabel()
        column = QVBoxLayout(self)
        column.addWidget(self.picture, 1)
        column.addWidget(self.note)
        self.resize(960, 600)

    def show_picture(self, pixmap: QPixmap, at_ms: int) -> None:
        self.picture.setPixmap(
            pixmap.scaled(
                self.picture.size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )
        self.note.setText(
            HALL["wall_live_note"].format(s=int(LIVE_SCREEN_INTERVAL_S), at=local_time(at_ms))
        )


class WallDesk(QObject):
    """Keeps the wall's pictures: which are stale, fetching them, the live view."""

    def __init__(
        self,
        service: DashboardService,
        view: WallView,
        row_of: Callable[[str], StudentRow | None],
    ) -> None:
        super().__init__(view)
        self.service = service
        self.view = view
        self.row_of = row_of
        self.policy: Policy | None = None
        self.stale: dict[str, int] = {}  # student -> the newest picture's at_ms
        self.shown: dict[str, int] = {}
        self.in_flight: set[str] = set()
        self.live: LiveView | None = None
        self.fetched = 0
        self._timer = QTimer(self)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self.fetch_some)
        self._timer.start()
        self._live_timer = QTimer(self)
        self._live_timer.setInterval(int(LIVE_SCREEN_INTERVAL_S * 1000))
        self._live_timer.timeout.connect(self._fetch_live)
        view.tileClicked.connect(self.open_live)

    def reload(self) -> None:
        self.service.run(
            hall_client.screens,
            lambda r: self._mark([(s.student_id, s.at_ms) for s in r.screens]),
            self._quiet,
        )

    def on_screen(self, message: ScreenMessage) -> None:
        self._mark([(message.screen.student_id, message.screen.at_ms)])
        if self.live is not None and message.screen.student_id == self.live.student_id:
            self._fetch_live()

    def _mark(self, items: list[tuple[str, int]]) -> None:
        for sid, at in items:
            if at > self.shown.get(sid, -1):
                self.stale[sid] = at

    def fetch_some(self) -> None:
        if not self.view.isVisible() or not self.stale:
            return
        visible = self.view.visible_ids()
        order = [s for s in visible if s in self.stale]
        order += [s for s in self.view.order if s in self.stale and s not in visible]
        for sid in order[: max(0, FETCHES_AT_ONCE - len(self.in_flight))]:
            if sid in self.in_flight:
                continue
            self.in_flight.add(sid)
            self._fetch(sid, self.stale.pop(sid))

    def _fetch(self, sid: str, at: int) -> None:
        self.service.run(
            lambda c: hall_client.screen(c, sid),
            lambda data: self._got(sid, at, data),
            lambda _e: self.in_flight.discard(sid),
        )

    def _got(self, sid: str, at: int, data: bytes | None) -> None:
        self.in_flight.discard(sid)
        tile = self.view.tiles.get(sid)
        if data is None or tile is None:
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data, "JPEG"):
            tile.show_picture(pixmap)
            self.shown[sid] = at
            self.fetched += 1

    def open_live(self, student_id: str) -> None:
        row = self.row_of(student_id)
        if row is None:
            return
        if self.live is not None:
            self.live.close()
        self.live = LiveView(row, self.view.window())
        self.live.finished.connect(lambda _r, s=student_id: self._closed_live(s))
        self.service.run(lambda c: hall_client.watch_live(c, student_id, True), None, self._quiet)
        self.live.show()
        self._fetch_live()
        self._live_timer.start()

    def _fetch_live(self) -> None:
        live = self.live
        if live is None:
            return
        sid = live.student_id
        self.service.run(
            lambda c: hall_client.screen(c, sid),
            lambda data: self._got_live(sid, data),
            self._quiet,
        )

    def _got_live(self, sid: str, data: bytes | None) -> None:
        live = self.live
        if live is None or live.student_id != sid or data is None:
            return
        pixmap = QPixmap()
        if pixmap.loadFromData(data, "JPEG"):
            live.show_picture(pixmap, self.stale.get(sid) or self.shown.get(sid) or 0)

    @staticmethod
    def _quiet(error: BaseException) -> None:
        """A picture that did not come: the next one will (the connection says why)."""

    def _closed_live(self, student_id: str) -> None:
        self._live_timer.stop()
        self.service.run(lambda c: hall_client.watch_live(c, student_id, False), None, self._quiet)
        self.live = None
