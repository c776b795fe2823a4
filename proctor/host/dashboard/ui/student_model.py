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

from proctor.common.integrity import integrity_line
from proctor.common.protocol import StudentRow
from proctor.common.timeutil import now_ms
from proctor.host.dashboard.ui import labels
from proctor.host.standing import COUNT_TESTS, FILTERS, Standing, is_missing, standing

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
REMOVED_BG = QColor("#e4e7eb")
HAND_BG = QColor("#bfdbfe")

STANDING_ORDER = {standing: n for n, standing in enumerate(Standing)}

Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    NAME = 0
    REG_NO = 1
    STATUS = 2
    CONNECTION = 3
    FLAG = 4
    INTEGRITY = 5  # the one-line summary: "2 × app, 1 × paste, 40 s unfocused"
    VIOLATIONS = 6
    LATEST = 7
    TIME_LEFT = 8
    ADDRESS = 9


HEADERS = {column: labels.COLUMN_HEADERS[column.name.lower()] for column in Column}


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
        if col == Column.NAME:  # a raised hand shows by the name
            return f"☝ {row.name}" if row.hand_raised_ms is not None else row.name
        if col == Column.REG_NO:
            return row.reg_no
        if col == Column.STATUS:
            return status_text(row)
        if col == Column.CONNECTION:
            if row.move_pending:
                return labels.MOVING
            return self._connection_text(row)
        if col == Column.FLAG:  # a refused claim on the seat first, then the flags
            return "   ".join(part for part in (labels.claim_marker(row), flag_text(row)) if part)
        if col == Column.VIOLATIONS:
            return str(row.violations) if row.violations else ""
        if col == Column.INTEGRITY:
            return integrity_line(row.tally, row.unfocused_s)
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

    def _connection_text(self, row: StudentRow) -> str:
        if row.online:
            return labels.CONNECTION["online"]
        since = row.offline_since_ms or row.last_seen_ms
        if since is None:
            return labels.CONNECTION["offline"]
        if not is_missing(row):  # gone after handing in, after the end, or removed
            return labels.CONNECTION["left"].format(time=labels.clock(since)[:5])
        gone = labels.ago((self._now_ms - since) / 1000)
        return labels.CONNECTION["offline_since"].format(ago=gone)

    def _sort_key(self, row: StudentRow, col: Column) -> Any:
        if col == Column.NAME:
            return row.name.casefold()
        if col == Column.REG_NO:
            return row.reg_no.casefold()
        if col == Column.STATUS:
            return STANDING_ORDER[standing(row)]
        if col == Column.CONNECTION:
            # Missing first, longest missing first; then the others offline; then online.
            if row.online:
                return 0
            return (row.offline_since_ms or 0) - (2 * 10**15 if is_missing(row) else 10**15)
        if col == Column.FLAG:
            return -(
                4 * bool(row.refused_claims)
                + 2 * row.manual_flag
                + bool(row.shield_processes)
                + row.flagged
            )
        if col == Column.VIOLATIONS:
            return row.violations
        if col == Column.INTEGRITY:
            return (sum(row.tally.values()), row.unfocused_s)
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
            if row.online:
                return QBrush(GREEN)
            return QBrush(RED if is_missing(row) else GREY)
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
            if row.online:
                return QBrush(GREEN_BG)
            return QBrush(RED_BG) if is_missing(row) else None
        if row.refused_claims and col == Column.FLAG:
            return QBrush(RED_BG)
        if row.hand_raised_ms is not None and col == Column.NAME:
            return QBrush(HAND_BG)  # a raised hand: the proctor walks over
        if row.flagged and col in (Column.FLAG, Column.NAME):
            return QBrush(PROCTOR_FLAG_BG if row.manual_flag else ORANGE_BG)
        if col == Column.STATUS and standing(row) == Standing.HANDED_IN:
            return QBrush(SUBMITTED_BG)
        if col == Column.STATUS and standing(row) == Standing.REMOVED:
            return QBrush(REMOVED_BG)
        return None

    def _tooltip(self, row: StudentRow, col: Column) -> str | None:
        """The full text of every cell (a narrow column elides it), and a little more."""
        if col == Column.FLAG and (row.flagged or row.refused_claims):
            lines = [flag_tooltip(row)] if row.flagged else []
            if row.refused_claims:
                lines.append(f"{labels.claim_sentence(row)} {labels.MOVE_HINT}")
            return "\n".join(lines)
        if col == Column.CONNECTION:
            seen = labels.clock(row.last_seen_ms)
            text = self._connection_text(row)
            since = row.offline_since_ms or row.last_seen_ms
            if not row.online and is_missing(row) and since is not None:
                gone = labels.ago((self._now_ms - since) / 1000)
                return labels.CONNECTION["offline_tip"].format(
                    time=labels.clock(since), ago=gone, seen=seen or labels.clock(since)
                )
            return labels.CONNECTION["last_seen"].format(text=text, time=seen) if seen else text
        if col == Column.STATUS and row.submission_sha256:
            return labels.receipt_line(row.submission_sha256, row.submitted_ms)
        return self._text(row, col) or None


def status_text(row: StudentRow) -> str:
    """Where the student stands: "Handed in 14:05" stays after the end; removed says why."""
    where = standing(row)
    if where == Standing.HANDED_IN and row.submitted_ms:
        return labels.HANDED_IN_AT.format(time=labels.clock(row.submitted_ms)[:5])
    if where == Standing.REMOVED and row.removed_reason:
        return labels.REMOVED_BECAUSE.format(reason=row.removed_reason)
    return labels.STANDING_LABELS[where]


def shield_apps(row: StudentRow) -> tuple[list[str], list[str]]:
    """(apps running now, apps seen that are closed again) of the shield's flag."""
    running = list(row.shield_processes)
    closed = [name for name in row.shield_seen if name not in running]
    return running, closed


def flag_text(row: StudentRow) -> str:
    """The flag cell: the shield's finding (running now, or seen and closed) and the proctor's
    own flag, told apart by their marks."""
    running, closed = shield_apps(row)
    parts = []
    if running:
        parts.append(labels.FLAG["running"].format(apps=", ".join(running)))
    if closed:
        parts.append(labels.FLAG["was_running"].format(apps=", ".join(closed)))
    if row.manual_flag:
        reasons = "; ".join(row.manual_reasons)
        parts.append(
            labels.FLAG["proctor"].format(reasons=reasons)
            if reasons
            else labels.FLAG["proctor_plain"]
        )
    return "   ".join(parts)


def flag_tooltip(row: StudentRow) -> str:
    running, closed = shield_apps(row)
    lines = [flag_text(row), ""]  # the whole cell first, then what each part means
    lines += [labels.FLAG["running_tip"].format(app=name) for name in running]
    lines += [labels.FLAG["was_running_tip"].format(app=name) for name in closed]
    lines += [labels.FLAG["proctor_tip"].format(reason=r) for r in row.manual_reasons]
    if closed or row.manual_flag:
        lines.append(labels.FLAG["clear_hint"])
    return "\n".join(lines)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Contiguous runs of sorted row numbers: [1,2,3,7] -> [(1,3),(7,7)]."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and r == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


# The proctor's filters are the room's counts (proctor.host.standing), so they always agree.
FILTER_TESTS: dict[str, Callable[[StudentRow], bool]] = {key: COUNT_TESTS[key] for key in FILTERS}


def matches(row: StudentRow, search: str) -> bool:
    """Does `row` match a search (already stripped and casefolded)? Name or reg. no."""
    return not search or search in f"{row.name}\n{row.reg_no}".casefold()


class StudentFilterProxy(QSortFilterProxyModel):
    """Sorting by each column's natural order, and the proctor's filters."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)
        self._mode = "total"
        self._search = ""

    @property
    def search(self) -> str:
        return self._search

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
        return FILTER_TESTS[self._mode](row) and matches(row, self._search)

    def student_id_at(self, proxy_row: int) -> str:
        return str(self.index(proxy_row, 0).data(STUDENT_ID_ROLE))
