"""The Results window: every student's points, percent and pass (sortable, "marking…" while
marks are still coming), the chosen student's answer sheet with an Override… per question,
the class analytics and the similar pairs side by side; Re-mark… and Release results…

It is opened from the dashboard's "Results…" button and reads everything through a
`ResultsService`; marking progress arrives on the admin stream (`gradingProgressed`), and
the results are read again as it goes (at most every few seconds) and when it ends.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.marks import (
    AnalyticsResponse,
    AnswerSheet,
    GradeResponse,
    ReleaseResponse,
    ResultsResponse,
    SimilarityDetail,
    SimilarityResponse,
    StudentResult,
)
from proctor.host.dashboard.ui.analytics_view import AnalyticsView
from proctor.host.dashboard.ui.answer_sheet import AnswerSheetView
from proctor.host.dashboard.ui.labels import (
    RESULTS,
    error_text,
    percent_text,
    plural,
    score_number,
)
from proctor.host.dashboard.ui.results_dialogs import OverrideDialog, release_dialog, remark_dialog
from proctor.host.dashboard.ui.results_model import (
    ResultColumn,
    ResultsFilterProxy,
    ResultsTableModel,
)
from proctor.host.dashboard.ui.results_service import ResultsService
from proctor.host.dashboard.ui.similarity_view import SimilarityView
from proctor.ui import geometry
from proctor.ui.style import set_level

WINDOW_COLUMNS, WINDOW_LINES = 180, 46  # text units, cut to the screen
REFRESH_WHILE_MARKING_MS = 3000


class ResultsWindow(QMainWindow):
    def __init__(self, service: ResultsService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.results: ResultsResponse | None = None
        self.dialog: QDialog | None = None
        self._sheet_for: str | None = None  # the student whose sheet was asked for last
        self._status_kind = ""
        self.setWindowTitle(RESULTS["title"].format(title=""))

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14pt; font-weight: 700; color: #14213d;")
        self.summary = QLabel(RESULTS["loading"])
        self.status = QLabel()
        self.status.setObjectName("banner")
        self.status.setWordWrap(True)
        self.status.hide()
        self.refresh_button = QPushButton(RESULTS["refresh"])
        self.refresh_button.clicked.connect(self.refresh)
        self.remark_button = QPushButton(RESULTS["remark_all"])
        self.remark_button.clicked.connect(lambda: self.ask_remark(None))
        self.release_button = QPushButton(RESULTS["release"])
        self.release_button.setObjectName("primary")
        self.release_button.clicked.connect(self.ask_release)
        bar = QHBoxLayout()
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.summary)
        bar.addLayout(heading, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.remark_button)
        bar.addWidget(self.release_button)

        self.model = ResultsTableModel(self)
        self.proxy = ResultsFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = self._make_table()
        self.search = QLineEdit()
        self.search.setPlaceholderText(RESULTS["search"])
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.sheet = AnswerSheetView()
        self.sheet.overrideRequested.connect(self.ask_override)
        self.remark_one_button = QPushButton(RESULTS["remark_one"])
        self.remark_one_button.setEnabled(False)
        self.remark_one_button.clicked.connect(self._remark_chosen)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.sheet, 1)
        right_layout.addWidget(self.remark_one_button, 0, Qt.AlignmentFlag.AlignRight)
        students = QSplitter(Qt.Orientation.Horizontal)
        students.addWidget(left)
        students.addWidget(right)
        students.setStretchFactor(0, 2)
        students.setStretchFactor(1, 3)
        unit = self.fontMetrics().averageCharWidth()
        students.setSizes([unit * 78, unit * 100])  # the whole table, the sheet the rest
        self.students_split = students
        self.analytics_view = AnalyticsView()
        self.similarity_view = SimilarityView()
        self.similarity_view.pairRequested.connect(self.load_pair)
        self.tabs = QTabWidget()
        self.tabs.addTab(students, RESULTS["students_tab"])
        self.tabs.addTab(self.analytics_view, RESULTS["analytics_tab"])
        self.tabs.addTab(self.similarity_view, RESULTS["similarity_tab"])

        central = QWidget()
        central.setObjectName("page")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 10, 12, 8)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_WHILE_MARKING_MS)
        self._refresh_timer.timeout.connect(self.refresh)
        service.gradingProgressed.connect(self.on_progress)

    def _make_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(ResultColumn.REG_NO, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResultColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(table.fontMetrics().averageCharWidth() * 4)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        return table

    def place(self, saved: str = "") -> None:
        geometry.place(self, WINDOW_COLUMNS, WINDOW_LINES, saved)

    # -- reading ------------------------------------------------------------------------

    def refresh(self) -> None:
        self._refresh_timer.stop()
        self.service.results(self.on_results, self.on_error)
        self.service.analytics(self.on_analytics, self.on_error)
        self.service.similarity(self.on_similarity, self.on_error)

    def on_results(self, results: ResultsResponse) -> None:
        self.results = results
        chosen = self.chosen_id()
        self.setWindowTitle(RESULTS["title"].format(title=results.title))
        self.title.setText(results.title)
        self.model.set_students(results.students)
        self.summary.setText(self.summary_text(results))
        self.release_button.setEnabled(not results.released and bool(results.questions))
        self.release_button.setText(RESULTS["released"] if results.released else RESULTS["release"])
        self.remark_button.setEnabled(bool(results.questions))
        if not results.questions:
            self.say("info", RESULTS["no_questions"], "paper")
        elif results.pending:
            waiting = plural(results.pending, RESULTS["pending_one"], RESULTS["pending_many"])
            self.say("info", waiting, "pending")
        elif self._status_kind in ("pending", "paper", "load"):
            self.say("", "")
        if chosen is not None and self.model.student(chosen) is not None:
            self.select_student(chosen)

    def on_analytics(self, analytics: AnalyticsResponse) -> None:
        self.analytics_view.show_analytics(analytics)

    def on_similarity(self, similarity: SimilarityResponse) -> None:
        names = {s.student_id: f"{s.name} ({s.reg_no})" for s in self.model.students()}
        self.similarity_view.show_pairs(similarity, names)

    def on_error(self, exc: BaseException) -> None:
        self.say("error", RESULTS["load_failed"].format(error=error_text(exc)), "load")

    def summary_text(self, results: ResultsResponse) -> str:
        students = results.students
        if not students:
            return RESULTS["no_students"]
        done = [s for s in students if not s.pending]
        percents = sorted(s.percent for s in done)
        mean = sum(percents) / len(percents) if percents else None
        median = None
        if percents:
            mid = len(percents) // 2
            median = percents[mid] if len(percents) % 2 else (percents[mid - 1] + percents[mid]) / 2
        if results.pass_percent is None:
            passed = RESULTS["no_pass_mark"]
        else:
            n = sum(1 for s in done if s.passed)
            passed = RESULTS["passed_of"].format(passed=n, n=len(done))
        return RESULTS["summary"].format(
            n=len(students), mean=percent_text(mean), median=percent_text(median), passed=passed
        )

    def on_progress(self, done: int, total: int) -> None:
        if total and done >= total:
            self.say("info", RESULTS["marking_done"].format(total=total))
            self.refresh()
            return
        self.say("info", RESULTS["marking"].format(done=done, total=total))
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def say(self, level: str, text: str, kind: str = "") -> None:
        """The line under the title; `kind` says what it is about, so that reading the
        results again clears only what they answer (a pending count, a failed load)."""
        self._status_kind = kind
        self.status.setText(text)
        self.status.setVisible(bool(text))
        set_level(self.status, level)

    # -- one student --------------------------------------------------------------------

    def chosen_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.proxy.student_id_at(rows[0].row()) if rows else None

    def select_student(self, student_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.student_id_at(row) == student_id:
                self.table.selectRow(row)
                return

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        student_id = self.chosen_id()
        self.remark_one_button.setEnabled(student_id is not None)
        if student_id is None:
            return
        self.load_sheet(student_id)

    def load_sheet(self, student_id: str, question_id: str | None = None) -> None:
        self._sheet_for = student_id

        def shown(sheet: AnswerSheet) -> None:
            if sheet.student_id == self._sheet_for:
                self.sheet.show_sheet(sheet, question_id)

        self.service.answer_sheet(student_id, shown, self.on_error)

    def ask_override(self, student_id: str, question_id: str) -> None:
        sheet = self.sheet.sheet
        if sheet is None or sheet.student_id != student_id:
            return
        question = next((q for q in sheet.questions if q.id == question_id), None)
        if question is None:
            return
        dialog = OverrideDialog(sheet.name, question, self)
        dialog.accepted.connect(lambda: self._override(sheet, question_id, dialog))
        self._open(dialog)

    def _override(self, sheet: AnswerSheet, question_id: str, dialog: OverrideDialog) -> None:
        points, reason = dialog.choice()

        def done(student: StudentResult) -> None:
            self.model.update_student(student)
            mark = student.questions.get(question_id)
            shown = score_number(mark.points) if mark else "?"
            self.say(
                "info",
                RESULTS["override_done"].format(
                    name=student.name, question=question_id, points=shown
                ),
            )
            self.load_sheet(student.student_id, question_id)
            self.service.analytics(self.on_analytics, self.on_error)

        def failed(exc: BaseException) -> None:
            self.say("error", RESULTS["override_failed"].format(error=error_text(exc)))

        self.service.set_override(sheet.student_id, question_id, points, reason, done, failed)

    # -- the class ------------------------------------------------------------------------

    def _remark_chosen(self) -> None:
        student_id = self.chosen_id()
        if student_id is not None:
            self.ask_remark(student_id)

    def ask_remark(self, student_id: str | None) -> None:
        student = self.model.student(student_id) if student_id else None
        dialog = remark_dialog(student.name if student else None, self)
        dialog.accepted.connect(lambda: self._remark(student_id))
        self._open(dialog)

    def _remark(self, student_id: str | None) -> None:
        def done(answer: GradeResponse) -> None:
            self.say(
                "info",
                plural(answer.queued, RESULTS["remark_done_one"], RESULTS["remark_done_many"]),
            )
            self._refresh_timer.start()

        def failed(exc: BaseException) -> None:
            self.say("error", RESULTS["remark_failed"].format(error=error_text(exc)))

        self.service.grade(student_id, done, failed)

    def ask_release(self) -> None:
        if self.results is None:
            return
        dialog = release_dialog(self.results.feedback, self.results.pending, self)
        dialog.accepted.connect(self._release)
        self._open(dialog)

    def _release(self) -> None:
        def done(answer: ReleaseResponse) -> None:
            self.say("info", RESULTS["release_done"])
            self.release_button.setEnabled(not answer.released)
            self.release_button.setText(
                RESULTS["released"] if answer.released else RESULTS["release"]
            )
            if self.results is not None:
                self.results.released = answer.released

        def failed(exc: BaseException) -> None:
            self.say("error", RESULTS["release_failed"].format(error=error_text(exc)))

        self.service.release(done, failed)

    def load_pair(self, question_id: str, a: str, b: str) -> None:
        def shown(detail: SimilarityDetail) -> None:
            self.similarity_view.show_detail(detail)

        self.service.similarity_pair(question_id, a, b, shown, self.on_error)

    # -- dialogs ------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> None:
        self.dialog = dialog
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()

    def _closed(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._refresh_timer.stop()
        if self.dialog is not None:
            self.dialog.reject()
        super().closeEvent(event)
