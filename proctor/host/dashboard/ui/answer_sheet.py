"""One student's answer sheet (GET admin/results/{sid}): their variant's questions in their
order, each with their answer next to the right one; code with their files, every case
passed or failed with its reason, a visible case with its input, the output expected and
theirs; the proctor's marks with their reasons, and an Override… button per question."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from proctor.common.marks import AnswerSheet, SheetQuestion
from proctor.common.receipt import local_time, receipt_code
from proctor.host.dashboard.ui.code_view import CodeView
from proctor.host.dashboard.ui.labels import (
    MARK_STATUS,
    MATCH_HOW,
    QUESTION_TYPES,
    RESULTS,
    percent_text,
    score_number,
)
from proctor.host.dashboard.ui.results_model import FAIL_COLOUR, PASS_COLOUR
from proctor.ui.style import mono_font

GOOD_FILL = QColor("#e7f5ea")
BAD_FILL = QColor("#fdecec")
STATUS_MARKS = {
    "correct": "✓",
    "partial": "◐",
    "wrong": "✗",
    "unanswered": "–",
    "error": "!",
    "pending": "…",
}
QUESTION_ROLE = Qt.ItemDataRole.UserRole + 1
SMALL_HEADINGS = re.compile(r"^#{1,3} ", re.MULTILINE)


def question_head(number: int, q: SheetQuestion) -> str:
    return RESULTS["question_head"].format(
        number=number,
        id=q.id,
        type=QUESTION_TYPES.get(q.type, q.type),
        points=score_number(q.points),
        max_points=score_number(q.max_points),
        status=MARK_STATUS[q.status],
    )


def override_text(q: SheetQuestion) -> str:
    if q.override is None:
        return ""
    return RESULTS["overridden"].format(
        points=score_number(q.override.points),
        auto=score_number(q.auto_points),
        reason=q.override.reason,
    )


def table(
    headers: list[str],
    rows: list[list[str]],
    fills: Sequence[QColor | None],
    mono: set[int] | None = None,
) -> QTableWidget:
    """A read-only table sized to its rows."""
    widget = QTableWidget(len(rows), len(headers))
    widget.setHorizontalHeaderLabels(headers)
    widget.verticalHeader().hide()
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    widget.setWordWrap(True)
    widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    font = mono_font(10)
    for r, (cells, fill) in enumerate(zip(rows, fills, strict=True)):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if fill is not None:
                item.setBackground(QBrush(fill))
            if mono and c in mono:
                item.setFont(font)
            widget.setItem(r, c, item)
    header = widget.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    widget.resizeRowsToContents()
    height = header.height() + sum(widget.rowHeight(r) for r in range(len(rows))) + 4
    widget.setFixedHeight(height)
    return widget


class QuestionPanel(QWidget):
    """One question of the sheet, in full."""

    overrideRequested = Signal(str)  # question id

    def __init__(self, number: int, q: SheetQuestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = q
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.head = QLabel(question_head(number, q))
        self.head.setStyleSheet("font-size: 12pt; font-weight: 700; color: #14213d;")
        self.head.setWordWrap(True)
        top.addWidget(self.head, 1)
        self.override_button = QPushButton(RESULTS["override"])
        self.override_button.setToolTip(RESULTS["override_tip"])
        self.override_button.clicked.connect(lambda: self.overrideRequested.emit(q.id))
        top.addWidget(self.override_button)
        layout.addLayout(top)
        self.override_label = QLabel(override_text(q))
        self.override_label.setObjectName("banner")
        self.override_label.setProperty("level", "warning")
        self.override_label.setWordWrap(True)
        self.override_label.setVisible(q.override is not None)
        layout.addWidget(self.override_label)
        text = QLabel(SMALL_HEADINGS.sub("#### ", q.text))  # the question's own title stays small
        text.setTextFormat(Qt.TextFormat.MarkdownText)
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(text)
        self.answer_widgets: list[QWidget] = []
        if q.type in ("choice", "multi"):
            self._options(layout)
        elif q.type == "short":
            self._short(layout)
        else:
            self._code(layout)
        if q.message and q.status in ("error", "unanswered", "wrong"):
            note = QLabel(q.message)
            note.setObjectName("fieldHint")
            note.setWordWrap(True)
            layout.addWidget(note)
        layout.addStretch(1)

    def _add(self, layout: QVBoxLayout, widget: QWidget) -> None:
        self.answer_widgets.append(widget)
        layout.addWidget(widget)

    def _options(self, layout: QVBoxLayout) -> None:
        q = self.question
        theirs = q.answer if isinstance(q.answer, list) else [q.answer] if q.answer else []
        right = q.right_answer if isinstance(q.right_answer, list) else [q.right_answer]
        rows, fills = [], []
        for option in q.options or []:
            chosen, correct = option in theirs, option in right
            rows.append(
                [option, RESULTS["chosen"] if chosen else "", RESULTS["right"] if correct else ""]
            )
            fills.append(GOOD_FILL if chosen and correct else BAD_FILL if chosen else None)
        headers = [RESULTS["option"], RESULTS["their_answer"], RESULTS["right_answer"]]
        self.options_table = table(headers, rows, fills)
        self._add(layout, self.options_table)
        if not theirs:
            self._add(layout, QLabel(RESULTS["not_answered"]))

    def _short(self, layout: QVBoxLayout) -> None:
        q = self.question
        answer = QLabel(
            f"{RESULTS['their_answer']}: “{q.answer}”" if q.answer else RESULTS["not_answered"]
        )
        colour = PASS_COLOUR if q.status == "correct" else FAIL_COLOUR
        answer.setStyleSheet(f"font-weight: 600; color: {colour.name()};")
        answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._add(layout, answer)
        how = MATCH_HOW.get(q.match or "", "")
        if q.match == "number" and q.tolerance:
            how += f", ± {score_number(q.tolerance)}"
        accepted = ", ".join(f"“{a}”" for a in q.right_answer or [])
        self._add(layout, QLabel(RESULTS["accepted"].format(answers=accepted, how=how)))

    def _code(self, layout: QVBoxLayout) -> None:
        q = self.question
        self.files = QTabWidget()
        for name, text in q.files.items():
            view = CodeView()
            view.show_code(text)
            lines = max(4, min(18, text.count("\n") + 2))
            view.setMinimumHeight(view.fontMetrics().lineSpacing() * lines + 12)
            self.files.addTab(view, name)
        if any(text.strip() for text in q.files.values()):
            self._add(layout, self.files)
        else:
            self._add(layout, QLabel(RESULTS["no_code"]))
        if not q.cases:
            return
        rows, fills = [], []
        for case in q.cases:
            rows.append(
                [
                    case.name,
                    RESULTS["hidden"] if case.hidden else RESULTS["visible"],
                    RESULTS["passed"] if case.passed else RESULTS["failed"],
                    case.message,
                ]
            )
            fills.append(GOOD_FILL if case.passed else BAD_FILL)
        headers = [RESULTS["case"], RESULTS["kind"], RESULTS["result"], RESULTS["reason"]]
        self.cases_table = table(headers, rows, fills, mono={0})
        header = self.cases_table.horizontalHeader()
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.cases_table.resizeRowsToContents()
        self._add(layout, self.cases_table)
        visible = [c for c in q.cases if c.input is not None]
        if visible:
            headers = [RESULTS["case"], RESULTS["input"], RESULTS["expected"], RESULTS["output"]]
            rows = [[c.name, c.input or "", c.expected or "", c.output or ""] for c in visible]
            fills = [GOOD_FILL if c.passed else BAD_FILL for c in visible]
            self.visible_table = table(headers, rows, fills, mono={1, 2, 3})
            self._add(layout, self.visible_table)


class AnswerSheetView(QWidget):
    """The sheet of the student chosen in the results table."""

    overrideRequested = Signal(str, str)  # student id, question id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sheet: AnswerSheet | None = None
        self.head = QLabel(RESULTS["choose"])
        self.head.setStyleSheet("font-size: 13pt; font-weight: 700; color: #14213d;")
        self.head.setWordWrap(True)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The questions as chips that wrap, above the chosen one: the question gets the
        # sheet's whole width (code needs it).
        self.questions = QListWidget()
        self.questions.setFlow(QListView.Flow.LeftToRight)
        self.questions.setWrapping(True)
        self.questions.setResizeMode(QListView.ResizeMode.Adjust)
        self.questions.setSpacing(3)
        self.questions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        line = self.questions.fontMetrics().height() + 12
        self.questions.setMaximumHeight(line * 3 + 8)
        self.questions.setMinimumHeight(line + 8)
        self.questions.currentRowChanged.connect(self._show_question)
        self.detail = QScrollArea()
        self.detail.setWidgetResizable(True)
        self.panel: QuestionPanel | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.head)
        layout.addWidget(self.facts)
        layout.addWidget(self.questions)
        layout.addWidget(self.detail, 1)

    def clear(self) -> None:
        self.sheet = None
        self.head.setText(RESULTS["choose"])
        self.facts.setText("")
        self.questions.clear()
        self._set_panel(None)

    def show_sheet(self, sheet: AnswerSheet, question_id: str | None = None) -> None:
        """Show `sheet`, on `question_id` (or the question shown before, or the first)."""
        keep = question_id or (self.panel.question.id if self.panel else None)
        self.sheet = sheet
        self.head.setText(RESULTS["sheet_head"].format(name=sheet.name, reg_no=sheet.reg_no))
        self.facts.setText(" · ".join(self.fact_lines(sheet)))
        self.questions.blockSignals(True)
        self.questions.clear()
        chosen = 0
        for n, q in enumerate(sheet.questions, start=1):
            text = (
                f"{STATUS_MARKS[q.status]} {n}. {q.id} "
                f"{score_number(q.points)}/{score_number(q.max_points)}"
            )
            if q.override is not None:
                text += "  ✎"
            item = QListWidgetItem(text)
            item.setData(QUESTION_ROLE, q.id)
            item.setToolTip(question_head(n, q))
            self.questions.addItem(item)
            if q.id == keep:
                chosen = n - 1
        self.questions.blockSignals(False)
        if sheet.questions:
            self.questions.setCurrentRow(chosen)
            self._show_question(chosen)

    @staticmethod
    def fact_lines(sheet: AnswerSheet) -> list[str]:
        result = (
            RESULTS["pending"]
            if sheet.pending
            else RESULTS["no_mark"]
            if sheet.passed is None
            else RESULTS["pass"]
            if sheet.passed
            else RESULTS["fail"]
        )
        lines = [
            RESULTS["sheet_points"].format(
                points=score_number(sheet.points),
                max_points=score_number(sheet.max_points),
                percent=percent_text(sheet.percent),
                result=result,
            )
        ]
        when = local_time(sheet.received_ms, with_date=True)
        if not sheet.sha256:
            lines.append(RESULTS["sheet_work_nothing"])
        elif sheet.from_snapshot:
            lines.append(RESULTS["sheet_work_snapshot"].format(time=when))
        else:
            lines.append(RESULTS["sheet_work_handed"].format(time=when))
        if sheet.sha256:
            lines.append(RESULTS["sheet_receipt"].format(code=receipt_code(sheet.sha256)))
        return lines

    def _show_question(self, row: int) -> None:
        if self.sheet is None or not 0 <= row < len(self.sheet.questions):
            self._set_panel(None)
            return
        panel = QuestionPanel(row + 1, self.sheet.questions[row])
        student_id = self.sheet.student_id
        panel.overrideRequested.connect(lambda qid: self.overrideRequested.emit(student_id, qid))
        self._set_panel(panel)

    def _set_panel(self, panel: QuestionPanel | None) -> None:
        old = self.detail.takeWidget()
        if old is not None:
            old.deleteLater()
        self.panel = panel
        if panel is not None:
            self.detail.setWidget(panel)
