"""One question on its page: its number, kind, points and tags, its Markdown text, its answer
widget, "Mark for review", and Previous / Next. The page scrolls as one when it is long."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.common.protocol import Question
from proctor.ui import style
from proctor.ui.questions.answers import (
    ANSWER_LINES_TAG,
    AnswerWidget,
    ChoiceAnswer,
    MultiAnswer,
    ShortAnswer,
)
from proctor.ui.questions.code import CheckRunner, CodeAnswer
from proctor.ui.questions.markdown import MarkdownView
from proctor.ui.questions.model import AnswerModel, type_instruction
from proctor.ui.questions.navigator import points_text

tr = translator(__name__)

FOLLOW_RESULTS_S = 1.0
_HIDDEN_TAGS = {ANSWER_LINES_TAG}  # layout hints, not metadata a student needs


def answer_widget(
    question: Question,
    model: AnswerModel,
    runner: CheckRunner | None,
    files: Callable[[], Mapping[str, str]],
) -> AnswerWidget:
    """The answer widget of a question's type."""
    if question.type == "choice":
        return ChoiceAnswer(question, model)
    if question.type == "multi":
        return MultiAnswer(question, model)
    if question.type == "short":
        return ShortAnswer(question, model)
    return CodeAnswer(question, model, runner, files)


def tags_text(question: Question) -> str:
    shown = [(k, v) for k, v in question.tags.items() if k not in _HIDDEN_TAGS]
    return " · ".join(f"{key}: {value}" for key, value in shown)


class QuestionPage(QScrollArea):
    """Signals: `previousRequested()`, `nextRequested()`."""

    previousRequested = Signal()
    nextRequested = Signal()

    def __init__(
        self,
        question: Question,
        index: int,
        total: int,
        model: AnswerModel,
        runner: CheckRunner | None,
        files: Callable[[], Mapping[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.question = question
        self.model = model
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        body = QWidget()
        body.setObjectName("questionPage")
        column = QVBoxLayout(body)
        column.setContentsMargins(14, 10, 14, 10)
        column.setSpacing(8)

        self.heading = QLabel(
            tr("Question {value} of {total}").format(value=index + 1, total=total)
        )
        self.heading.setObjectName("sectionTitle")
        style.set_scaled_sheet(self.heading, "font-size: 14pt; font-weight: 600;")
        meta = f"{type_instruction(question.type)} · {points_text(question.points)}"
        self.meta = QLabel(meta)
        self.meta.setObjectName("fieldHint")
        tags = tags_text(question)
        self.tags = QLabel(tags)
        self.tags.setObjectName("fieldHint")
        self.tags.setWordWrap(True)
        self.tags.setVisible(bool(tags))
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addWidget(self.meta)
        header.addStretch(1)
        column.addLayout(header)
        column.addWidget(self.tags)

        self.text = MarkdownView(question.text)
        self.text.setAccessibleName(tr("Question {value}").format(value=index + 1))
        column.addWidget(self.text)

        self.answer = answer_widget(question, model, runner, files)
        self.answer.nextRequested.connect(self.nextRequested.emit)
        self._follow_results_until = 0.0
        if isinstance(self.answer, CodeAnswer):
            self.answer.check.checkFinished.connect(lambda _qid, _r: self._show_results())
            self.verticalScrollBar().rangeChanged.connect(self._on_range)
        column.addWidget(self.answer)

        self.review = QCheckBox(tr("&Mark for review"))
        self.review.setToolTip(tr("Flag this question to come back to before you hand in"))
        self.review.setChecked(model.is_marked(question.id))
        self.review.toggled.connect(lambda on: model.set_marked(question.id, on))
        model.reviewChanged.connect(self._on_review)

        self.previous_button = QPushButton(tr("← &Previous"))
        self.next_button = QPushButton(tr("&Next →"))
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(True)  # Enter presses the focused button
        self.previous_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < total - 1)
        self.previous_button.clicked.connect(self.previousRequested.emit)
        self.next_button.clicked.connect(self.nextRequested.emit)
        row = QHBoxLayout()
        row.addWidget(self.review)
        row.addStretch(1)
        row.addWidget(self.previous_button)
        row.addWidget(self.next_button)
        column.addSpacing(4)
        column.addLayout(row)
        column.addStretch(1)
        self.setWidget(body)

    def focus_answer(self) -> None:
        self.answer.focus_first()
        focused = self.focusWidget()
        if focused is not None:
            self.ensureWidgetVisible(focused)

    def _show_results(self) -> None:
        """Scroll Check's results into view, also once the layout has made room for them
        (the scroll range grows a moment after the results arrive)."""
        self._follow_results_until = time.monotonic() + FOLLOW_RESULTS_S
        QTimer.singleShot(0, self._scroll_to_results)

    def _on_range(self, _low: int, _high: int) -> None:
        if time.monotonic() < self._follow_results_until:
            self._scroll_to_results()

    def _scroll_to_results(self) -> None:
        if shiboken6.isValid(self) and isinstance(self.answer, CodeAnswer):
            self.ensureWidgetVisible(self.answer.check, 0, 0)  # the whole panel

    def set_editable(self, editable: bool) -> None:
        self.answer.set_editable(editable)
        self.review.setEnabled(editable)

    def _on_review(self, question_id: str, marked: bool) -> None:
        if question_id == self.question.id and self.review.isChecked() != marked:
            self.review.blockSignals(True)
            self.review.setChecked(marked)
            self.review.blockSignals(False)
