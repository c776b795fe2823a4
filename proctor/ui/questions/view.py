"""The questions of a paper as a student works through them: the navigator beside one page
per question. Keys (anywhere inside the view, or in a window given to `install_shortcuts`):
Ctrl+Page Down / Ctrl+Page Up the next / previous question, Alt+1 … Alt+9 the first nine,
Ctrl+Shift+K Check on a code question."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QStackedWidget, QWidget

from proctor.common.protocol import Paper
from proctor.ui.questions.code import CHECK_SHORTCUT, CheckRunner, CodeAnswer
from proctor.ui.questions.model import AnswerModel
from proctor.ui.questions.navigator import QuestionNavigator
from proctor.ui.questions.page import QuestionPage

NEXT_KEYS = "Ctrl+PgDown"
PREVIOUS_KEYS = "Ctrl+PgUp"


class QuestionsView(QWidget):
    """Signals: `currentChanged(qid)`; `openFileRequested(qid, file name)` (a code
    question's file, for the exam window's editor); `checkFinished(qid, results)`."""

    currentChanged = Signal(str)
    openFileRequested = Signal(str, str)
    checkFinished = Signal(str, object)

    def __init__(
        self,
        paper: Paper,
        model: AnswerModel,
        runner: CheckRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.paper = paper
        self.model = model
        self._files_source: Callable[[], Mapping[str, str]] = lambda: dict(paper.files)
        self.navigator = QuestionNavigator(model)
        self.stack = QStackedWidget()
        self.pages: list[QuestionPage] = []
        total = len(model.questions)
        for index, question in enumerate(model.questions):
            page = QuestionPage(question, index, total, model, runner, self._files)
            page.previousRequested.connect(lambda: self.previous_question(focus=True))
            page.nextRequested.connect(lambda: self.next_question(focus=True))
            if isinstance(page.answer, CodeAnswer):
                page.answer.openFileRequested.connect(
                    lambda name, qid=question.id: self.openFileRequested.emit(qid, name)
                )
                page.answer.check.checkFinished.connect(self.checkFinished.emit)
            self.pages.append(page)
            self.stack.addWidget(page)
        self.navigator.questionChosen.connect(lambda i: self.show_question(i))
        self.navigator.questionActivated.connect(lambda i: self.show_question(i, focus=True))

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.navigator)
        self.split.addWidget(self.stack)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setChildrenCollapsible(False)
        self.split.setSizes([230, 800])
        self.navigator.setMinimumWidth(190)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 0, 6)
        row.addWidget(self.split)
        self.shortcuts: list[QShortcut] = []
        self.install_shortcuts(self, Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if self.pages:
            self.stack.setCurrentIndex(0)

    # -- moving --------------------------------------------------------------------------

    def install_shortcuts(
        self,
        widget: QWidget,
        context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
    ) -> None:
        """Ctrl+PgDown/PgUp, Alt+1..9 and Ctrl+Shift+K on `widget` (the exam window: they
        then work from its editors too)."""
        keys: list[tuple[str, Callable[[], None]]] = [
            (NEXT_KEYS, lambda: self.next_question(focus=True)),
            (PREVIOUS_KEYS, lambda: self.previous_question(focus=True)),
            (CHECK_SHORTCUT, self.check_current),
        ]
        for number in range(1, min(len(self.pages), 9) + 1):
            keys.append((f"Alt+{number}", partial(self.show_question, number - 1, focus=True)))
        for sequence, action in keys:
            shortcut = QShortcut(QKeySequence(sequence), widget)
            shortcut.setContext(context)
            shortcut.activated.connect(action)
            self.shortcuts.append(shortcut)

    def current_index(self) -> int:
        return self.stack.currentIndex()

    def current_id(self) -> str:
        return self.model.questions[self.current_index()].id

    def show_question(self, which: int | str, focus: bool = False) -> None:
        """Show a question (by index or id); `focus` moves the keyboard focus to its answer."""
        index = which if isinstance(which, int) else self.model.index_of(which)
        if not 0 <= index < len(self.pages):
            return
        changed = index != self.stack.currentIndex()
        self.stack.setCurrentIndex(index)
        self.navigator.set_current(index)
        if focus:
            self.pages[index].focus_answer()
        if changed:
            self.currentChanged.emit(self.model.questions[index].id)

    def next_question(self, focus: bool = False) -> None:
        self.show_question(min(self.current_index() + 1, len(self.pages) - 1), focus)

    def previous_question(self, focus: bool = False) -> None:
        self.show_question(max(self.current_index() - 1, 0), focus)

    # -- the rest ------------------------------------------------------------------------

    def check_current(self) -> None:
        """Check the current question, when it is a code question."""
        if self.pages:
            answer = self.pages[self.current_index()].answer
            if isinstance(answer, CodeAnswer):
                answer.check.run_check()

    def page(self, question_id: str) -> QuestionPage:
        return self.pages[self.model.index_of(question_id)]

    def set_editable(self, editable: bool) -> None:
        """Answers can change only while the exam runs (not after the end or a hand-in)."""
        for page in self.pages:
            page.set_editable(editable)

    def set_files_source(self, source: Callable[[], Mapping[str, str]]) -> None:
        """Where Check takes the student's current files from (default: the starter files)."""
        self._files_source = source

    def _files(self) -> Mapping[str, str]:
        return self._files_source()
