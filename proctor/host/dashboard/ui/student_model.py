"""The student grid's model: one row per student, updated in place from the admin stream.

Rows are kept in join order and found by student_id through an index, so an update touches
one row; a batch of updates becomes one dataChanged per run of rows. The proxy does sorting
and the proctor's filters. Time-dependent cells (time left, offline since) are refreshed by
`tick`, once a second, as one dataChanged per column.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from proctor.common.protocol import StudentRow
from proctor.common.timeutil import now_ms
from proctor.host.dashboard.ui import labels

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
STUDENT_ID_ROLE = Qt.ItemDataRole.UserRole + 2

GREEN = QColor("#1b7f3b")
GREEN_BG = QColor("#d9f2df")
RED = QColor("#b3261e")
RED_BG = QColor("#fbd9d6")
ORANGE = QColor("#8a4b00")
ORANGE_BG = QColor("#ffd699")
PROCTOR_FLAG_BG = QColor("#ffc7a1")
GREY = QColor("#6b6b6b")
SUBMITTED_BG = QColor("#dce8fb")

STATUS_ORDER = {"waiting": 0, "active": 1, "paused": 2, "submitted": 3, "ended": 4, "kicked": 5}

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    REG_NO = 1
    STATUS = 2
    CONNECTION = 3
    FLAG = 4
    VIOLATIONS = 5
    LATEST = 6
    TIME_LEFT = 7
    ADDRESS = 8


HEADERS = {
    Column.NAME: "Name",
    Column.REG_NO: "Reg. no",
    Column.STATUS: "Status",
    Column.CONNECTION: "Connection",
    Column.FLAG: "Flag",
    Column.VIOLATIONS: "Violations",
    Column.LATEST: "Latest incident",
    Column.TIME_LEFT: "Time left",
    Column.ADDRESS: "Address",
}


class StudentTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StudentRow] = []
        self._index: dict[str, int] = {}
        self._paused_left_s: dict[str, float] = {}
        self._clock_offset_ms = 0
        self._now_ms = now_ms()
        self._bold = QFont()
        self._bold.setBold(True)

    # -- feeding ----------------------------------------------------------------------------

    def set_server_time(self, server_time_ms: int) -> None:
        """Align the countdowns with the server's clock."""
        self._clock_offset_ms = server_time_ms - now_ms()
        self._now_ms = server_time_ms

    def server_now_ms(self) -> int:
        return now_ms() + self._clock_offset_ms

    def replace_all(self, rows: list[StudentRow]) -> None:
        """A fresh snapshot: keep rows (and the view's selection) when the set is the same."""
        if {r.student_id for r in rows} >= self._index.keys():
            self.apply(rows)
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {r.student_id: i for i, r in enumerate(self._rows)}
        self._paused_left_s.clear()
        for r in self._rows:
            self._note_pause(r)
        self.endResetModel()

    def apply(self, rows: list[StudentRow]) -> None:
        """Insert new students and update known ones in place."""
        self._now_ms = self.server_now_ms()
        changed: list[int] = []
        added: list[StudentRow] = []
        for row in rows:
            i = self._index.get(row.student_id)
            if i is None:
                if not any(a.student_id == row.student_id for a in added):
                    added.append(row)
                else:
                    added = [row if a.student_id == row.student_id else a for a in added]
                self._note_pause(row)
                continue
            self._rows[i] = row
            self._note_pause(row)
            changed.append(i)
        if added:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(added) - 1)
            for offset, row in enumerate(added):
                self._rows.append(row)
                self._index[row.student_id] = first + offset
            self.endInsertRows()
        last_col = len(Column) - 1
        for start, end in _runs(sorted(set(changed))):
            self.dataChanged.emit(self.index(start, 0), self.index(end, last_col))

    def tick(self) -> None:
        """Refresh the cells that change with time alone."""
        self._now_ms = self.server_now_ms()
        if not self._rows:
            return
        last = len(self._rows) - 1
        for col in (Column.CONNECTION, Column.TIME_LEFT):
            self.dataChanged.emit(self.index(0, col), self.index(last, col))

    def _note_pause(self, row: StudentRow) -> None:
        if row.status == "paused":
            if row.student_id not in self._paused_left_s and row.ends_ms is not None:
                left = (row.ends_ms - self.server_now_ms()) / 1000
                self._paused_left_s[row.student_id] = left
        else:
            self._paused_left_s.pop(row.student_id, None)

    # -- reading ----------------------------------------------------------------------------

    def row_of(self, student_id: str) -> int | None:
        return self._index.get(student_id)

    def student(self, row: int) -> StudentRow:
        return self._rows[row]

    def student_by_id(self, student_id: str) -> StudentRow | None:
        i = self._index.get(student_id)
        return None if i is None else self._rows[i]

    def students(self) -> list[StudentRow]:
        return list(self._rows)

    def time_left_s(self, row: StudentRow) -> float | None:
        if row.status == "paused" and row.student_id in self._paused_left_s:
            return self._paused_left_s[row.student_id]
        if row.status != "active" or row.ends_ms is None:
            return None
        return (row.ends_ms - self._now_ms) / 1000

    # -- Qt model API -----------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        col = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == SORT_ROLE:
            return self._sort_key(row, col)
        if role == STUDENT_ID_ROLE:
            return row.student_id
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._background(row, col)
        if role == Qt.ItemDataRole.FontRole and col in (Column.NAME, Column.FLAG):
            return self._bold if col == Column.NAME or row.flagged else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        return None

    def _text(self, row: StudentRow, col: Column) -> str:
        if col == Column.NAME:
            return row.name
        if col == Column.REG_NO:
            return row.reg_no
        if col == Column.STATUS:
            text = labels.STATUS_LABELS.get(row.status, row.status)
            if row.status == "submitted" and row.submitted_ms:
                text += f" {labels.clock(row.submitted_ms)[:5]}"
            return text
        if col == Column.CONNECTION:
            if row.move_pending:
                return labels.MOVING
            if row.online:
                return "● Online"
            since = row.offline_since_ms or row.last_seen_ms
            if since is None:
                return "● Offline"
            gone = labels.ago((self._now_ms - since) / 1000)
            return f"● Offline since {labels.clock(since)[:5]} ({gone})"
        if col == Column.FLAG:  # a refused claim on the seat first, then the flags
            return "   ".join(part for part in (labels.claim_marker(row), flag_text(row)) if part)
        if col == Column.VIOLATIONS:
            return str(row.violations) if row.violations else ""
        if col == Column.LATEST:
            return labels.incident_label(row.latest_incident)
        if col == Column.TIME_LEFT:
            left = self.time_left_s(row)
            if left is None:
                return "" if row.status in ("waiting", "kicked") else "—"
            return labels.duration(left)
        if col == Column.ADDRESS:
            return row.address
        return ""

    def _sort_key(self, row: StudentRow, col: Column) -> Any:
        if col == Column.NAME:
            return row.name.casefold()
        if col == Column.REG_NO:
            return row.reg_no.casefold()
        if col == Column.STATUS:
            return STATUS_ORDER.get(row.status, 9)
        if col == Column.CONNECTION:
            # Offline first, longest offline first.
            return (row.offline_since_ms or 0) - 10**15 if not row.online else 0
        if col == Column.FLAG:
            return -(
                4 * bool(row.refused_claims)
                + 2 * row.manual_flag
                + bool(row.shield_processes)
                + row.flagged
            )
        if col == Column.VIOLATIONS:
            return row.violations
        if col == Column.LATEST:
            return labels.incident_label(row.latest_incident)
        if col == Column.TIME_LEFT:
            left = self.time_left_s(row)
            return 10**9 if left is None else left
        return self._text(row, col)

    def _foreground(self, row: StudentRow, col: Column) -> QBrush | None:
        if col == Column.CONNECTION:
            if row.move_pending:
                return QBrush(ORANGE)
            return QBrush(GREEN if row.online else RED)
        if col == Column.FLAG and row.refused_claims:
            return QBrush(RED)
        if col == Column.FLAG and row.flagged:
            return QBrush(ORANGE)
        if col == Column.TIME_LEFT:
            left = self.time_left_s(row)
            if row.status == "paused":
                return QBrush(GREY)
            if left is not None and left < 60:
                return QBrush(RED)
        if row.status == "kicked":
            return QBrush(GREY)
        return None

    def _background(self, row: StudentRow, col: Column) -> QBrush | None:
        if col == Column.CONNECTION:
            if row.move_pending:
                return QBrush(ORANGE_BG)
            return QBrush(GREEN_BG if row.online else RED_BG)
        if row.refused_claims and col == Column.FLAG:
            return QBrush(RED_BG)
        if row.flagged and col in (Column.FLAG, Column.NAME):
            return QBrush(PROCTOR_FLAG_BG if row.manual_flag else ORANGE_BG)
        if col == Column.STATUS and row.status == "submitted":
            return QBrush(SUBMITTED_BG)
        return None

    def _tooltip(self, row: StudentRow, col: Column) -> str | None:
        if col == Column.FLAG and (row.flagged or row.refused_claims):
            lines = list(row.flag_reasons)
            if row.refused_claims:
                lines.append(
                    labels.claim_sentence(row) + " If they really changed computers, use "
                    "“Move to another computer…”."
                )
            return "\n".join(lines)
        if col == Column.CONNECTION:
            seen = labels.clock(row.last_seen_ms)
            return f"Last seen {seen}" if seen else None
        if col == Column.STATUS and row.submission_sha256:
            return f"Receipt {row.submission_sha256[:16]}…"
        return None


def flag_text(row: StudentRow) -> str:
    """The shield's finding and the proctor's own flag, told apart."""
    parts = []
    if row.shield_processes:
        parts.append("⚠ Shield: " + ", ".join(row.shield_processes))
    if row.manual_flag:
        parts.append("⚑ Proctor: " + ("; ".join(row.manual_reasons) or "flagged"))
    return "   ".join(parts)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted row numbers: [1,2,3,7] -> [(1,3),(7,7)]."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


FILTER_TESTS: dict[str, Callable[[StudentRow], bool]] = {
    "all": lambda row: True,
    "flagged": lambda row: row.flagged,
    "offline": lambda row: not row.online,
    "not_submitted": lambda row: (
        row.status not in ("submitted", "kicked") and row.submitted_ms is None
    ),  # a hand-in stands after the end too
}


class StudentFilterProxy(QSortFilterProxyModel):
    """Sorting by each column's natural order, and the proctor's filters."""

    FILTERS = {
        "all": "Everyone",
        "flagged": "Flagged",
        "offline": "Offline",
        "not_submitted": "Not submitted",
    }

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._mode = "all"
        self._search = ""

    def set_mode(self, mode: str) -> None:
        if mode not in FILTER_TESTS:
            raise ValueError(f"unknown filter {mode!r}")
        self.beginFilterChange()
        self._mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._search = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, StudentTableModel)
        row = model.student(source_row)
        if not FILTER_TESTS[self._mode](row):
            return False
        if self._search:
            haystack = f"{row.name}\n{row.reg_no}".casefold()
            return self._search in haystack
        return True

    def student_id_at(self, proxy_row: int) -> str:
        return str(self.index(proxy_row, 0).data(STUDENT_ID_ROLE))
