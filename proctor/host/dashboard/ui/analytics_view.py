"""The class at a glance (GET admin/analytics): students, mean, median, standard deviation,
pass rate and Cronbach's alpha; the score histogram; per question its facility,
discrimination (below 0.3: "check this question", shaded), mean points and how many
answered; per hidden test of the chosen question the share of students who pass it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.marks import AnalyticsResponse, QuestionAnalytics
from proctor.host.dashboard.ui.charts import HistogramWidget
from proctor.host.dashboard.ui.labels import QUESTION_TYPES, RESULTS, percent_text, score_number

CHECK_FILL = QColor("#fff1c2")
LOW_PASS_FILL = QColor("#fdecec")
ID_ROLE = Qt.ItemDataRole.UserRole + 1
NUMBER_ROLE = Qt.ItemDataRole.UserRole + 2


def figure(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


class NumberItem(QTableWidgetItem):
    """A cell that sorts by its number, not its text."""

    def __lt__(self, other: QTableWidgetItem) -> bool:
        mine, theirs = self.data(NUMBER_ROLE), other.data(NUMBER_ROLE)
        if isinstance(mine, int | float) and isinstance(theirs, int | float):
            return mine < theirs
        return super().__lt__(other)


def item(text: str, number: float | None = None, right: bool = False) -> QTableWidgetItem:
    cell = NumberItem(text) if number is not None else QTableWidgetItem(text)
    if number is not None:
        cell.setData(NUMBER_ROLE, number)
    if right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def read_only_table(headers: list[str]) -> QTableWidget:
    widget = QTableWidget(0, len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().hide()
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    widget.setAlternatingRowColors(True)
    return widget


class AnalyticsView(QWidget):
    QUESTION_HEADERS = (
        "question",
        "type",
        "facility",
        "discrimination",
        "mean_points",
        "answered",
        "flag",
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analytics: AnalyticsResponse | None = None
        self.figures: dict[str, QLabel] = {}
        grid = QGridLayout()
        keys = ("students", "mean", "median", "sd", "pass_rate", "alpha")
        for i, key in enumerate(keys):
            name = QLabel(RESULTS[key])
            name.setObjectName("fieldHint")
            value = QLabel("—")
            value.setStyleSheet("font-size: 15pt; font-weight: 700; color: #14213d;")
            if key == "alpha":
                name.setToolTip(RESULTS["alpha_tip"])
                value.setToolTip(RESULTS["alpha_tip"])
            grid.addWidget(name, 0, i)
            grid.addWidget(value, 1, i)
            self.figures[key] = value
        self.histogram = HistogramWidget()
        histogram_title = QLabel(RESULTS["histogram"])
        histogram_title.setStyleSheet("font-weight: 700;")

        self.questions = read_only_table([RESULTS[k] for k in self.QUESTION_HEADERS])
        header = self.questions.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(self.QUESTION_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the paper's order first
        self.questions.setSortingEnabled(True)
        tips = {2: RESULTS["facility_tip"], 3: RESULTS["discrimination_tip"]}
        for column, tip in tips.items():
            header_item = self.questions.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.questions.itemSelectionChanged.connect(self._question_chosen)
        self.tests_title = QLabel(RESULTS["tests_none"])
        self.tests_title.setToolTip(RESULTS["tests_tip"])
        self.tests = read_only_table([RESULTS["hidden_test"], RESULTS["passed_by"], RESULTS["ran"]])
        self.tests.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(grid)
        top_layout.addWidget(histogram_title)
        top_layout.addWidget(self.histogram, 1)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.questions)
        tests_box = QWidget()
        tests_layout = QVBoxLayout(tests_box)
        tests_layout.setContentsMargins(0, 0, 0, 0)
        tests_layout.addWidget(self.tests_title)
        tests_layout.addWidget(self.tests, 1)
        bottom.addWidget(tests_box)
        bottom.setStretchFactor(0, 3)
        bottom.setStretchFactor(1, 2)
        unit = self.fontMetrics().averageCharWidth()
        bottom.setSizes([unit * 118, unit * 52])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_analytics(self, analytics: AnalyticsResponse) -> None:
        self.analytics = analytics
        rate = None if analytics.pass_rate is None else 100 * analytics.pass_rate
        values = {
            "students": str(analytics.students),
            "mean": percent_text(analytics.mean),
            "median": percent_text(analytics.median),
            "sd": figure(analytics.sd, 1),
            "pass_rate": percent_text(rate),
            "alpha": figure(analytics.alpha),
        }
        for key, text in values.items():
            self.figures[key].setText(text)
        self.histogram.set_bins(analytics.histogram)
        table = self.questions
        sorted_by = table.horizontalHeader().sortIndicatorSection()
        order = table.horizontalHeader().sortIndicatorOrder()
        table.setSortingEnabled(False)
        table.setRowCount(len(analytics.questions))
        for row, q in enumerate(analytics.questions):
            answered = RESULTS["answered_of"].format(answered=q.answered, students=q.students)
            cells = [
                item(q.id),
                item(QUESTION_TYPES.get(q.type or "", q.type or "")),
                item(figure(q.facility), q.facility if q.facility is not None else -1, True),
                item(
                    figure(q.discrimination),
                    q.discrimination if q.discrimination is not None else -2,
                    True,
                ),
                item(f"{q.mean_points:.2f} / {score_number(q.max_points)}", q.mean_points, True),
                item(answered, q.answered, True),
                item(RESULTS["check"] if q.check else ""),
            ]
            cells[0].setData(ID_ROLE, q.id)
            for column, cell in enumerate(cells):
                if q.check:
                    cell.setBackground(QBrush(CHECK_FILL))
                    cell.setToolTip(RESULTS["discrimination_tip"])
                table.setItem(row, column, cell)
        table.horizontalHeader().setSortIndicator(sorted_by, order)
        table.setSortingEnabled(True)
        self._question_chosen()

    def flagged(self) -> list[str]:
        """The ids of the questions shown with "check this question"."""
        out = []
        for row in range(self.questions.rowCount()):
            cell = self.questions.item(row, len(self.QUESTION_HEADERS) - 1)
            first = self.questions.item(row, 0)
            if cell is not None and first is not None and cell.text():
                out.append(str(first.data(ID_ROLE)))
        return out

    def select_question(self, question_id: str) -> None:
        for row in range(self.questions.rowCount()):
            cell = self.questions.item(row, 0)
            if cell is not None and cell.data(ID_ROLE) == question_id:
                self.questions.selectRow(row)
                return

    def _chosen(self) -> QuestionAnalytics | None:
        if self.analytics is None:
            return None
        rows = self.questions.selectionModel().selectedRows()
        if not rows:
            return None
        cell = self.questions.item(rows[0].row(), 0)
        qid = cell.data(ID_ROLE) if cell is not None else None
        return next((q for q in self.analytics.questions if q.id == qid), None)

    def _question_chosen(self) -> None:
        question = self._chosen()
        self.tests.setRowCount(0)
        if question is None or not question.tests:
            self.tests_title.setText(RESULTS["tests_none"])
            return
        self.tests_title.setText(RESULTS["tests_for"].format(question=question.id))
        self.tests.setRowCount(len(question.tests))
        for row, test in enumerate(question.tests):
            cells = [
                item(test.name),
                item(percent_text(100 * test.pass_rate), test.pass_rate, True),
                item(str(test.students), test.students, True),
            ]
            for column, cell in enumerate(cells):
                if test.pass_rate < 0.2:
                    cell.setBackground(QBrush(LOW_PASS_FILL))
                self.tests.setItem(row, column, cell)
