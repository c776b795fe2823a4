"""The Results view's table: one row a student (reg. no, name, points, percent, result,
the work marked, overrides), sorted by any column (numbers as numbers), found by name or
reg. no. Rows come from GET admin/results (StudentResult)."""

from __future__ import annotations

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
from PySide6.QtGui import QBrush, QColor

from proctor.common.marks import StudentResult
from proctor.host.dashboard.ui.labels import RESULTS, percent_text, score_number

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
PASS_COLOUR = QColor("#1f6f33")
FAIL_COLOUR = QColor("#b42318")
PENDING_COLOUR = QColor("#6b7785")
AnyIndex = QModelIndex | QPersistentModelIndex


class ResultColumn(IntEnum):
    REG_NO = 0
    NAME = 1
    POINTS = 2
    PERCENT = 3
    RESULT = 4
    WORK = 5
    OVERRIDES = 6


HEADERS = {
    ResultColumn.REG_NO: RESULTS["col_reg_no"],
    ResultColumn.NAME: RESULTS["col_name"],
    ResultColumn.POINTS: RESULTS["col_points"],
    ResultColumn.PERCENT: RESULTS["col_percent"],
    ResultColumn.RESULT: RESULTS["col_result"],
    ResultColumn.WORK: RESULTS["col_work"],
    ResultColumn.OVERRIDES: RESULTS["col_overrides"],
}
NUMERIC = (ResultColumn.POINTS, ResultColumn.PERCENT, ResultColumn.OVERRIDES)


def result_text(student: StudentResult) -> str:
    if student.pending:
        return RESULTS["pending"]
    if student.passed is None:
        return RESULTS["no_mark"]
    return RESULTS["pass"] if student.passed else RESULTS["fail"]


def overrides_of(student: StudentResult) -> int:
    return sum(1 for mark in student.questions.values() if mark.override is not None)


class ResultsTableModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[StudentResult] = []

    def set_students(self, students: list[StudentResult]) -> None:
        self.beginResetModel()
        self._rows = list(students)
        self.endResetModel()

    def update_student(self, student: StudentResult) -> None:
        for row, old in enumerate(self._rows):
            if old.student_id == student.student_id:
                self._rows[row] = student
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(ResultColumn) - 1))
                return

    def students(self) -> list[StudentResult]:
        return list(self._rows)

    def student(self, student_id: str) -> StudentResult | None:
        return next((s for s in self._rows if s.student_id == student_id), None)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ResultColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[ResultColumn(section)]
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.ToolTipRole
            and section == ResultColumn.OVERRIDES
        ):
            return RESULTS["col_overrides_tip"]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.TextAlignmentRole:
            if section in NUMERIC:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        student = self._rows[index.row()]
        column = ResultColumn(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(student, column)
        if role == SORT_ROLE:
            return self._sort_key(student, column)
        if role == ID_ROLE:
            return student.student_id
        if role == Qt.ItemDataRole.TextAlignmentRole and column in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column == ResultColumn.RESULT:
            if student.pending:
                return QBrush(PENDING_COLOUR)
            if student.passed is not None:
                return QBrush(PASS_COLOUR if student.passed else FAIL_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ResultColumn.RESULT and student.pending:
                return RESULTS["pending_one"]
            if column == ResultColumn.WORK and student.from_snapshot:
                return RESULTS["snapshot_tip"]
            if column == ResultColumn.NAME:
                return student.name
        return None

    def _text(self, student: StudentResult, column: ResultColumn) -> str:
        if column == ResultColumn.REG_NO:
            return student.reg_no
        if column == ResultColumn.NAME:
            return student.name
        if column == ResultColumn.POINTS:
            return f"{score_number(student.points)} / {score_number(student.max_points)}"
        if column == ResultColumn.PERCENT:
            return percent_text(student.percent)
        if column == ResultColumn.RESULT:
            return result_text(student)
        if column == ResultColumn.WORK:
            return RESULTS["snapshot"] if student.from_snapshot else RESULTS["hand_in"]
        n = overrides_of(student)
        return str(n) if n else ""

    def _sort_key(self, student: StudentResult, column: ResultColumn) -> Any:
        if column == ResultColumn.POINTS:
            return student.points
        if column == ResultColumn.PERCENT:
            return student.percent
        if column == ResultColumn.RESULT:
            return -1 if student.pending else (2 if student.passed else 1)
        if column == ResultColumn.OVERRIDES:
            return overrides_of(student)
        return self._text(student, column).casefold()


class ResultsFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's key (numbers as numbers) and finds students by name or reg. no."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.search = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self.search = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:
        if not self.search:
            return True
        model = self.sourceModel()
        for column in (ResultColumn.REG_NO, ResultColumn.NAME):
            text = model.index(source_row, column, source_parent).data()
            if isinstance(text, str) and self.search in text.casefold():
                return True
        return False

    def student_id_at(self, row: int) -> str:
        return str(self.index(row, 0).data(ID_ROLE))
