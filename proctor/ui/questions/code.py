"""A code question's panel: its files (the exam window opens them in its editor when asked),
its visible examples and cases, and Check, which runs them on the student's files through
a `CheckRunner` and lists each as passed or failed with the expected and actual output."""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Protocol

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.checks import CaseResult
from proctor.common.protocol import Question
from proctor.ui.questions.answers import AnswerWidget
from proctor.ui.questions.model import AnswerModel
from proctor.ui.style import GREEN, RED, mono_font
from proctor.ui.tasks import TaskRunner

CHECK_SHORTCUT = "Ctrl+Shift+K"
MAX_SHOWN_CHARS = 4000  # of an expected or actual output in the results list
MIN_WRAP_COLUMNS = 24

FilesSource = Callable[[], Mapping[str, str]]


class CheckRunner(Protocol):
    def check(
        self,
        question_id: str,
        files: Mapping[str, str],
        on_done: Callable[[list[CaseResult]], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run the visible checks of `question_id` on `files`, off the GUI thread; call
        `on_done(results)` or `on_error(exception)` on the GUI thread."""


class BlockingChecker(Protocol):
    def check(self, question_id: str, files: Mapping[str, str]) -> list[CaseResult]: ...


class BackgroundCheck:
    """A blocking checker (`proctor.student.check.PythonChecker`) run through a TaskRunner."""

    def __init__(self, checker: BlockingChecker, tasks: TaskRunner) -> None:
        self.checker = checker
        self.tasks = tasks

    def check(
        self,
        question_id: str,
        files: Mapping[str, str],
        on_done: Callable[[list[CaseResult]], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        snapshot = dict(files)
        self.tasks.run_task(lambda: self.checker.check(question_id, snapshot), on_done, on_error)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_SHOWN_CHARS else text[:MAX_SHOWN_CHARS] + "\n… (cut)"


def _wrapped(text: str, columns: int) -> str:
    """A message wrapped to the results list's width (its rows do not wrap by themselves)."""
    return "\n".join(
        textwrap.fill(line, columns, subsequent_indent="  ") if line else line
        for line in text.split("\n")
    )


def _shown(text: str) -> str:
    """An output as a results line shows it: line breaks kept, nothing at all said so."""
    return _clip(text.rstrip("\n")) if text else "(nothing)"


class CheckPanel(QWidget):
    """The Check button and its results. Signals: `checkStarted(qid)`,
    `checkFinished(qid, results: list[CaseResult])`, `checkFailed(qid, message)`."""

    checkStarted = Signal(str)
    checkFinished = Signal(str, object)
    checkFailed = Signal(str, str)

    def __init__(
        self,
        question: Question,
        runner: CheckRunner | None,
        files: FilesSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.runner = runner
        self.files_source = files
        self.results: list[CaseResult] = []
        self.running = False
        self._allowed = True
        count = len(question.cases) + _example_count(question)
        self.check_button = QPushButton("▶  Check")
        self.check_button.setObjectName("primary")
        self.check_button.setToolTip(f"Run the visible examples and cases ({CHECK_SHORTCUT})")
        self.check_button.setAccessibleName("Check")
        self.status = QLabel(
            f"Check runs this question's {count} visible example"
            f"{'s' if count != 1 else ''} and cases on your files. Hidden tests mark it later."
        )
        self.status.setObjectName("fieldHint")
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Check status")
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Check results")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Result", "Example or case"])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setFont(mono_font())
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.tree.setMinimumHeight(QFontMetrics(self.tree.font()).lineSpacing() * 14)
        self.tree.hide()

        row = QHBoxLayout()
        row.addWidget(self.check_button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.status, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(row)
        column.addWidget(self.tree, 1)
        self.check_button.clicked.connect(self.run_check)
        self._update_button()

    def set_runner(self, runner: CheckRunner | None) -> None:
        self.runner = runner
        self._update_button()

    def set_allowed(self, allowed: bool) -> None:
        """Check only while the student may work."""
        self._allowed = allowed
        self._update_button()

    def run_check(self) -> None:
        if self.running or self.runner is None or not self._allowed:
            return
        self.running = True
        self._update_button()
        self.status.setText("Checking…")
        question_id = self.question.id
        self.checkStarted.emit(question_id)
        self.runner.check(question_id, dict(self.files_source()), self._done, self._failed)

    def show_results(self, results: Sequence[CaseResult]) -> None:
        self.results = list(results)
        self.tree.clear()
        metrics = QFontMetrics(self.tree.font())
        width = self.tree.viewport().width() if self.tree.isVisible() else self.width() - 20
        # The verdict (and a detail's label) first, in a narrow column; the name and the
        # details get the rest of the width, so a long test name never hides the verdict.
        labels = ("✓ passed", "✗ failed", "Result", "expected", "actual", "why")
        first_column = max(metrics.horizontalAdvance(label) for label in labels) + 48
        self.tree.header().resizeSection(0, first_column)
        char = max(metrics.horizontalAdvance("m"), 1)
        columns = max(MIN_WRAP_COLUMNS, (width - first_column) // char - 2)
        for result in self.results:
            verdict = "✓ passed" if result.passed else "✗ failed"
            item = QTreeWidgetItem([verdict, result.name])
            item.setToolTip(1, result.name)
            item.setForeground(0, QBrush(QColor(GREEN if result.passed else RED)))
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{result.name}: {verdict[2:]}")
            details = []
            if result.expected or result.actual or not result.passed and result.name[:4] == "case":
                details.append(("expected", _shown(result.expected)))
                details.append(("actual", _shown(result.actual)))
            if result.message:
                details.append(("why", _wrapped(result.message, columns)))
            for label, text in details:
                child = QTreeWidgetItem([label, _clip(text)])
                child.setTextAlignment(0, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                child.setData(1, Qt.ItemDataRole.AccessibleTextRole, f"{label}: {text}")
                child.setToolTip(1, _clip(text))
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(not result.passed)
        self.tree.setVisible(bool(self.results))
        passed = sum(r.passed for r in self.results)
        self.status.setText(
            f"{passed} of {len(self.results)} passed."
            + (" Hidden tests mark your work after you hand in." if self.results else "")
        )
        first = self.tree.topLevelItem(0)
        if self.results and first is not None:
            self.tree.setCurrentItem(first)

    def texts(self) -> list[str]:
        """Every text of the results list, for tests and screen-reader checks."""
        found: list[str] = []
        for item in _children(self.tree.invisibleRootItem()):
            found += [item.text(0), item.text(1)]
            found += [child.text(1) for child in _children(item)]
        return found

    def _done(self, results: list[CaseResult]) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self._update_button()
        self.show_results(results)
        self.checkFinished.emit(self.question.id, list(results))

    def _failed(self, error: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.running = False
        self._update_button()
        message = str(error) or type(error).__name__
        self.status.setText(f"Check could not run: {message}")
        self.checkFailed.emit(self.question.id, message)

    def _update_button(self) -> None:
        usable = self.runner is not None and self._allowed and not self.running
        self.check_button.setEnabled(usable)
        if self.runner is None:
            self.check_button.setToolTip("Check runs in the student's app")


def _example_count(question: Question) -> int:
    """The test_* functions of the question's examples (a file that does not parse: 1)."""
    count = 0
    for text in (question.examples or {}).values():
        try:
            tree = ast.parse(text)
        except SyntaxError:
            count += 1
            continue
        count += sum(
            isinstance(node, ast.FunctionDef) and node.name.startswith("test") for node in tree.body
        )
    return count


class CodeAnswer(AnswerWidget):
    """A code question: its files, examples, visible cases and Check. The answer itself is
    in the files (the model's value stays None). Signals: `openFileRequested(file name)`."""

    openFileRequested = Signal(str)

    def __init__(
        self,
        question: Question,
        model: AnswerModel,
        runner: CheckRunner | None,
        files: FilesSource,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(question, model, parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)

        files_title = QLabel("&Files of this question (Enter opens one in the editor):")
        files_title.setObjectName("sectionTitle")
        files_title.setWordWrap(True)
        self.file_list = QListWidget()
        self.file_list.setAccessibleName("Files of this question")
        for name in question.files:
            QListWidgetItem(name, self.file_list)
        self.file_list.setCurrentRow(0)
        rows = max(1, min(len(question.files), 4))
        row_height = max(self.file_list.sizeHintForRow(0), 24)
        self.file_list.setFixedHeight(row_height * rows + 2 * self.file_list.frameWidth() + 14)
        files_title.setBuddy(self.file_list)
        self.open_button = QPushButton("&Open in the editor")
        self.open_button.clicked.connect(self._open_current)
        self.file_list.itemActivated.connect(lambda item: self.openFileRequested.emit(item.text()))
        files_row = QHBoxLayout()
        files_row.addWidget(self.file_list, 1)
        files_row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addWidget(files_title)
        column.addLayout(files_row)

        self.example_boxes: dict[str, QPlainTextEdit] = {}
        for name, text in (question.examples or {}).items():
            title = QLabel(f"Examples you can run with Check ({name}):")
            title.setObjectName("sectionTitle")
            title.setWordWrap(True)  # a long file name must not widen the page
            box = _code_box(text, f"Examples {name}", max_lines=9)
            self.example_boxes[name] = box
            column.addWidget(title)
            column.addWidget(box)

        self.case_boxes: list[tuple[QPlainTextEdit, QPlainTextEdit]] = []
        if question.cases:
            title = QLabel("Visible cases: standard input → the output expected:")
            title.setObjectName("sectionTitle")
            title.setWordWrap(True)
            column.addWidget(title)
            grid = QGridLayout()
            grid.setHorizontalSpacing(8)
            grid.addWidget(QLabel("Input"), 0, 1)
            grid.addWidget(QLabel("Expected output"), 0, 2)
            for number, case in enumerate(question.cases, 1):
                label = QLabel(f"Case {number}")
                given = _code_box(case.input or "(no input)", f"Case {number} input", 5)
                wanted = _code_box(case.output, f"Case {number} expected output", 5)
                grid.addWidget(label, number, 0, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(given, number, 1, Qt.AlignmentFlag.AlignTop)
                grid.addWidget(wanted, number, 2, Qt.AlignmentFlag.AlignTop)
                self.case_boxes.append((given, wanted))
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)
            column.addLayout(grid)

        self.check = CheckPanel(question, runner, files)
        column.addWidget(self.check)

    def focus_first(self) -> None:
        self.file_list.setFocus(Qt.FocusReason.TabFocusReason)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.check.set_allowed(editable)

    def _open_current(self) -> None:
        item = self.file_list.currentItem()
        if item is not None:
            self.openFileRequested.emit(item.text())


def _code_box(text: str, name: str, max_lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setReadOnly(True)
    box.setTabChangesFocus(True)
    box.setFont(mono_font())
    box.setPlainText(text)
    box.setAccessibleName(name)
    box.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
    lines = min(text.count("\n") + 1, max_lines)  # a last line break makes an empty line
    # the lines, the document's margins, the frame and the style sheet's padding
    box.setFixedHeight(QFontMetrics(box.font()).lineSpacing() * lines + 36)
    return box


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for i in range(item.childCount()) if (child := item.child(i)) is not None]
