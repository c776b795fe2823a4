"""The paper editor's other panels: the paper's settings and pools, the problems the loader
finds (file:line, as a host would refuse the paper for them), and the preview of exactly
what one sample student is sent, shown with the students' own question widgets."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from tomlkit.toml_document import TOMLDocument

from proctor.common.i18n import translator
from proctor.host.dashboard.paper_editing import preview
from proctor.paper.exam import ExamPaper
from proctor.paper.model import Pool
from proctor.paper.problems import Problem
from proctor.ui.questions import AnswerModel, QuestionsView

tr = translator(__name__)

_QUESTION_ID = Qt.ItemDataRole.UserRole


class SettingsPanel(QWidget):
    """Signals: `settingChanged(name, value)` (None: back to the default),
    `poolPut(Pool)`, `poolDeleted(id)`."""

    settingChanged = Signal(str, object)
    poolPut = Signal(object)
    poolDeleted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self.title = QLineEdit()
        self.title.setPlaceholderText(tr("default: the first heading of the instructions"))
        self.instructions = QLineEdit()
        self.instructions.setPlaceholderText("instructions.md")
        self.has_pass = QCheckBox(tr("Pass mark:"))
        self.pass_percent = QDoubleSpinBox()
        self.pass_percent.setRange(0, 100)
        self.pass_percent.setSuffix(" %")
        self.shuffle_questions = QCheckBox(tr("Each student gets their own &question order"))
        self.shuffle_options = QCheckBox(tr("Each student gets their own &option order"))
        self.feedback = QComboBox()
        self.feedback.addItems(["none", "score", "full"])
        self.feedback.setToolTip(tr("What a student sees once results are released"))
        self.include = QLineEdit()
        self.include.setPlaceholderText(tr("bank/*.toml, more/*.toml"))
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)

        settings = QGroupBox(tr("Paper"))
        form = QFormLayout(settings)
        form.addRow(tr("&Title:"), self.title)
        form.addRow(tr("I&nstructions file:"), self.instructions)
        passing = QHBoxLayout()
        passing.addWidget(self.has_pass)
        passing.addWidget(self.pass_percent)
        passing.addStretch(1)
        form.addRow("", passing)
        form.addRow("", self.shuffle_questions)
        form.addRow("", self.shuffle_options)
        form.addRow(tr("&Feedback:"), self.feedback)
        form.addRow(tr("Question &banks:"), self.include)

        self.pools = QTableWidget(0, 2)
        self.pools.setAccessibleName(tr("Pools"))
        self.pools.setHorizontalHeaderLabels([tr("Pool id"), tr("Each student draws")])
        self.pools.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.pools.verticalHeader().setVisible(False)
        self.pools.setMaximumHeight(160)
        self.pool_id = QLineEdit()
        self.pool_id.setPlaceholderText(tr("pool id"))
        self.pool_draw = QSpinBox()
        self.pool_draw.setRange(1, 2000)
        self.put_pool_button = QPushButton(tr("&Set pool"))
        self.delete_pool_button = QPushButton(tr("&Delete pool"))
        pools = QGroupBox(tr("Pools: questions naming a pool are drawn from it"))
        pools_column = QVBoxLayout(pools)
        pools_column.addWidget(self.pools)
        pool_row = QHBoxLayout()
        pool_row.addWidget(self.pool_id, 1)
        pool_row.addWidget(QLabel(tr("draws")))
        pool_row.addWidget(self.pool_draw)
        pool_row.addWidget(self.put_pool_button)
        pool_row.addWidget(self.delete_pool_button)
        pools_column.addLayout(pool_row)

        column = QVBoxLayout(self)
        column.addWidget(settings)
        column.addWidget(pools)
        column.addWidget(self.error)
        column.addStretch(1)

        self.title.editingFinished.connect(lambda: self._text("title", self.title))
        self.instructions.editingFinished.connect(
            lambda: self._text("instructions", self.instructions)
        )
        self.include.editingFinished.connect(self._include)
        self.has_pass.toggled.connect(lambda _on: self._pass())
        self.pass_percent.editingFinished.connect(self._pass)
        self.shuffle_questions.toggled.connect(
            lambda on: self._emit("shuffle_questions", on or None)
        )
        self.shuffle_options.toggled.connect(lambda on: self._emit("shuffle_options", on or None))
        self.feedback.activated.connect(
            lambda _i: self._emit(
                "feedback",
                None if self.feedback.currentText() == "none" else self.feedback.currentText(),
            )
        )
        self.pools.currentCellChanged.connect(lambda row, _c, _r, _p: self._pick_pool(row))
        self.put_pool_button.clicked.connect(self._put_pool)
        self.delete_pool_button.clicked.connect(
            lambda: self.poolDeleted.emit(self.pool_id.text().strip())
        )

    def show_paper(self, paper: TOMLDocument) -> None:
        """Show the settings and pools written in paper.toml."""
        self._loading = True
        try:
            values = paper.unwrap()
            self.title.setText(str(values.get("title") or ""))
            self.instructions.setText(str(values.get("instructions") or ""))
            percent = values.get("pass_percent")
            self.has_pass.setChecked(isinstance(percent, int | float))
            self.pass_percent.setValue(float(percent) if isinstance(percent, int | float) else 50)
            self.pass_percent.setEnabled(self.has_pass.isChecked())
            self.shuffle_questions.setChecked(values.get("shuffle_questions") is True)
            self.shuffle_options.setChecked(values.get("shuffle_options") is True)
            self.feedback.setCurrentText(str(values.get("feedback") or "none"))
            include = values.get("include")
            self.include.setText(", ".join(map(str, include)) if isinstance(include, list) else "")
            pools = [p for p in values.get("pools", []) if isinstance(p, dict)]
            self.pools.setRowCount(len(pools))
            for row, pool in enumerate(pools):
                for column, key in enumerate(("id", "draw")):
                    item = QTableWidgetItem(str(pool.get(key, "")))
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    self.pools.setItem(row, column, item)
        finally:
            self._loading = False

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def _emit(self, name: str, value: Any) -> None:
        if not self._loading:
            self.settingChanged.emit(name, value)

    def _text(self, name: str, edit: QLineEdit) -> None:
        self._emit(name, edit.text().strip() or None)

    def _include(self) -> None:
        globs = [g.strip() for g in self.include.text().split(",") if g.strip()]
        self._emit("include", globs or None)

    def _pass(self) -> None:
        self.pass_percent.setEnabled(self.has_pass.isChecked())
        value = self.pass_percent.value()
        self._emit(
            "pass_percent",
            (int(value) if value == int(value) else value) if self.has_pass.isChecked() else None,
        )

    def _pick_pool(self, row: int) -> None:
        pool, draw = self.pools.item(row, 0), self.pools.item(row, 1)
        if pool is not None and draw is not None:
            self.pool_id.setText(pool.text())
            self.pool_draw.setValue(int(draw.text() or 1))

    def _put_pool(self) -> None:
        try:
            pool = Pool(id=self.pool_id.text().strip(), draw=self.pool_draw.value())
        except ValueError:
            self.show_error(tr("A pool id is letters, digits, _ and - (at most 40)."))
            return
        self.show_error("")
        self.poolPut.emit(pool)


class ProblemsPanel(QWidget):
    """The loader's problems as `file:line: message`; Enter on one naming a question
    selects that question. Signals: `questionChosen(qid)`."""

    questionChosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(tr("Paper check"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Problems"))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.note = QLabel()
        self.note.setObjectName("fieldHint")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(tr("What saving cannot keep"))
        self.note.hide()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.status)
        column.addWidget(self.list, 1)
        column.addWidget(self.note)
        self.list.itemActivated.connect(self._choose)

    def show_problems(self, problems: list[Problem], ok_text: str, pending: bool) -> None:
        self.list.clear()
        for problem in problems:
            item = QListWidgetItem(str(problem), self.list)
            ident = _question_named(problem.message)
            if ident:
                item.setData(_QUESTION_ID, ident)
        self.list.setVisible(bool(problems))
        suffix = tr(" (with the question's changes not yet applied)") if pending else ""
        if problems:
            count = len(problems)
            self.status.setText(
                (
                    tr(
                        "1 problem: a host would refuse this paper{suffix}. Enter on a problem "
                        "goes to its question."
                    )
                    if count == 1
                    else tr(
                        "{count} problems: a host would refuse this paper{suffix}. Enter on a "
                        "problem goes to its question."
                    )
                ).format(count=count, suffix=suffix)
            )
        else:
            self.status.setText(tr("No problems{suffix}. {ok}").format(suffix=suffix, ok=ok_text))
        _restyle(self.status, "fieldError" if problems else "fieldHint")
        self._fit()

    def _fit(self) -> None:
        """Only as tall as the status line and the note while there is no problem."""
        if self.list.count():  # room for a few problems, more when the teacher drags
            rows = min(self.list.count(), 5)
            self.setMinimumHeight(self.status.heightForWidth(max(self.width(), 600)) + 30 * rows)
            self.setMaximumHeight(16_777_215)
            return
        self.setMinimumHeight(0)
        width = max(self.width(), 600)
        height = self.status.heightForWidth(width)
        if self.note.isVisibleTo(self):
            height += self.note.heightForWidth(width) + 6
        self.setMaximumHeight(height + 4)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()

    def texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
        self._fit()

    def _choose(self, item: QListWidgetItem) -> None:
        ident = item.data(_QUESTION_ID)
        if ident:
            self.questionChosen.emit(str(ident))


def _restyle(widget: QWidget, object_name: str) -> None:
    """Give `widget` the style sheet's look of another object name."""
    if widget.objectName() != object_name:
        widget.setObjectName(object_name)
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def _question_named(message: str) -> str | None:
    if message.startswith('question "'):
        end = message.find('"', 10)
        return message[10:end] if end > 10 else None
    return None


class PreviewPanel(QWidget):
    """What a sample student sees: their variant, with the students' own widgets. Answers
    typed here are kept nowhere; Check runs only in the student's app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.number = 1
        self.exam: ExamPaper | None = None
        self.view: QuestionsView | None = None
        self.student = QLabel()
        self.student.setWordWrap(True)
        self.student.setAccessibleName(tr("Previewed student"))
        self.next_button = QPushButton(tr("Ne&xt student"))
        self.next_button.setToolTip(tr("See another student's variant (pools, orders)"))
        self.message = QLabel(tr("Open a paper that loads to preview it."))
        self.message.setObjectName("fieldHint")
        self.message.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.student, 1)
        row.addWidget(self.next_button)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addLayout(row)
        self.column.addWidget(self.message)
        self.next_button.clicked.connect(self.next_student)
        self.next_button.setEnabled(False)

    def show_exam(self, exam: ExamPaper | None, problems: bool = False) -> None:
        self.exam = exam
        if exam is None:
            self._clear_view()
            self.message.setText(
                tr("The paper has problems: fix them to preview it.")
                if problems
                else tr("Open a paper that loads to preview it.")
            )
            self.message.show()
            self.next_button.setEnabled(False)
            self.student.setText("")
            return
        self._build()

    def next_student(self) -> None:
        self.number += 1
        self._build()

    def _clear_view(self) -> None:
        if self.view is not None:
            self.view.setParent(None)
            self.view.deleteLater()
            self.view = None

    def _build(self) -> None:
        if self.exam is None:
            return
        shown = preview(self.exam, self.number)
        self._clear_view()
        model = AnswerModel(shown.paper.questions, shown.paper.files)
        self.view = QuestionsView(shown.paper, model)
        model.setParent(self.view)  # goes with the view
        self.column.addWidget(self.view, 1)
        self.message.hide()
        self.next_button.setEnabled(True)
        order = ", ".join(shown.variant.questions)
        self.student.setText(
            f"<b>{shown.student_id}</b> sees {len(shown.variant.questions)} questions: {order}"
        )
