"""The answer widgets of choice, multi and short questions. Each shows the `AnswerModel`'s
answer to its question and writes the student's changes to it; the model is the one truth,
so a restore sets every widget through it.

Keyboard: Tab reaches the options (the checked radio button of a choice, every check box of
a multi); the arrow keys move between options (a choice's arrows also choose, as Qt's radio
groups do); Space chooses or ticks; Enter chooses a radio button. A short answer is one line,
where Enter goes on to the next question, unless the question's tags ask for a text field:
`answer_lines = N` (2 to 12) gives an N-line field, where Enter is a line break and Tab
moves on. (The student's view carries no accepted answers, so their length cannot decide.)"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QMouseEvent, QTextCursor
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.common.protocol import MAX_ANSWER_CHARS, Question
from proctor.ui.questions.model import AnswerModel, AnswerValue, clean_short_answer
from proctor.ui.style import set_level

tr = translator(__name__)

ANSWER_LINES_TAG = "answer_lines"
MAX_ANSWER_LINES = 12
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_KEYPAD = Qt.KeyboardModifier.KeypadModifier

_OPTION_STYLE = """
#option { border: 1px solid transparent; border-radius: 6px; }
#option[focused="true"] { background: #e8f0fb; border: 1px solid #1e5aa8; }
"""


def answer_lines(question: Question) -> int:
    """1 for a line edit, else the height of the short answer's text field in lines."""
    value = question.tags.get(ANSWER_LINES_TAG)
    if isinstance(value, int | float) and not isinstance(value, bool) and value >= 2:
        return min(int(value), MAX_ANSWER_LINES)
    return 1


class AnswerWidget(QWidget):
    """One question's answer. Signals: `nextRequested()` (Enter in a one-line answer)."""

    nextRequested = Signal()

    def __init__(self, question: Question, model: AnswerModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.model = model
        self.editable = True
        model.answerChanged.connect(self._on_answer_changed)

    def refresh(self) -> None:
        """Show the model's answer."""

    def focus_first(self) -> None:
        """Give the keyboard focus to the first thing to answer with."""
        self.focusNextChild()

    def set_editable(self, editable: bool) -> None:
        self.editable = editable

    def _on_answer_changed(self, question_id: str) -> None:
        if question_id == self.question.id:
            self.refresh()


class _ClickLabel(QLabel):
    """An option's text: wraps, and clicking it clicks its button."""

    def __init__(self, text: str, button: QAbstractButton) -> None:
        super().__init__(text)
        self.button = button
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 (Qt API)
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            self.button.click()


class OptionRow(QWidget):
    """A radio button or check box with its option's text beside it, wrapped; the row is
    highlighted while its button has the keyboard focus."""

    def __init__(self, text: str, button: QAbstractButton, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("option")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_OPTION_STYLE)
        self.text = text
        self.button = button
        button.setAccessibleName(text)
        button.setToolTip(text if len(text) > 80 else "")
        self.label = _ClickLabel(text, button)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.label, 1)
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.button and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            set_level(self, "true" if event.type() == QEvent.Type.FocusIn else "false", "focused")
        return False


class _OptionsAnswer(AnswerWidget):
    """Shared by choice and multi: one OptionRow per option in the student's order."""

    exclusive = True

    def __init__(self, question: Question, model: AnswerModel, parent: QWidget | None = None):
        super().__init__(question, model, parent)
        self.group = QButtonGroup(self)
        self.group.setExclusive(self.exclusive)
        self.rows: list[OptionRow] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for index, text in enumerate(question.options or []):
            button: QAbstractButton = QRadioButton() if self.exclusive else QCheckBox()
            row = OptionRow(text, button)
            self.group.addButton(button, index)
            self.rows.append(row)
            column.addWidget(row)
            button.installEventFilter(self)
        self.extra = QHBoxLayout()
        column.addLayout(self.extra)
        self.group.buttonToggled.connect(self._on_toggled)
        self._showing = False
        self.refresh()

    @property
    def buttons(self) -> list[QAbstractButton]:
        return [row.button for row in self.rows]

    def focus_first(self) -> None:
        checked = [b for b in self.buttons if b.isChecked()]
        target = checked[0] if checked else (self.buttons[0] if self.buttons else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        for button in self.buttons:
            button.setEnabled(editable)

    def chosen(self) -> list[str]:
        return [row.text for row in self.rows if row.button.isChecked()]

    def _show(self, chosen: set[str]) -> None:
        self._showing = True
        try:
            self.group.setExclusive(False)  # an exclusive group cannot be emptied
            for row in self.rows:
                row.button.setChecked(row.text in chosen)
            self.group.setExclusive(self.exclusive)
        finally:
            self._showing = False

    def _on_toggled(self, _button: QAbstractButton, _checked: bool) -> None:
        if not self._showing:
            self._write()

    def _write(self) -> None:
        raise NotImplementedError


class ChoiceAnswer(_OptionsAnswer):
    """Radio buttons; "Clear answer" leaves the question not answered again."""

    exclusive = True

    def __init__(self, question: Question, model: AnswerModel, parent: QWidget | None = None):
        super().__init__(question, model, parent)
        self.clear_button = QPushButton(tr("Clear answer"))
        self.clear_button.setToolTip(tr("Leave this question not answered"))
        self.clear_button.clicked.connect(self._clear)
        self.extra.addWidget(self.clear_button)
        self.extra.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        value = self.model.answer(self.question.id)
        self._show({value} if isinstance(value, str) else set())
        if hasattr(self, "clear_button"):
            self.clear_button.setEnabled(self.editable and value is not None)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in _ENTER
            and isinstance(watched, QRadioButton)
            and watched.isEnabled()
        ):
            if not watched.isChecked():
                watched.click()
            return True
        return False

    def _write(self) -> None:
        chosen = self.chosen()
        self.model.set_answer(self.question.id, chosen[0] if chosen else None)

    def _clear(self) -> None:
        self.model.set_answer(self.question.id, None)
        self.focus_first()


class MultiAnswer(_OptionsAnswer):
    """Check boxes: every option ticked is part of the answer. The arrow keys move between
    them (Qt moves only between the buttons of exclusive groups)."""

    exclusive = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        step = {
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_Right: 1,
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Left: -1,
        }.get(Qt.Key(event.key()))
        buttons = self.buttons
        if step is None or watched not in buttons or event.modifiers() & ~_KEYPAD:
            return False
        target = buttons.index(watched) + step
        if 0 <= target < len(buttons):
            reason = (
                Qt.FocusReason.TabFocusReason if step > 0 else Qt.FocusReason.BacktabFocusReason
            )
            buttons[target].setFocus(reason)
        return True

    def refresh(self) -> None:
        value = self.model.answer(self.question.id)
        self._show(set(value) if isinstance(value, list) else set())

    def _write(self) -> None:
        self.model.set_answer(self.question.id, self.chosen())


class ShortAnswer(AnswerWidget):
    """A line edit, or a text field of `answer_lines` lines."""

    def __init__(self, question: Question, model: AnswerModel, parent: QWidget | None = None):
        super().__init__(question, model, parent)
        self.lines = answer_lines(question)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.line: QLineEdit | None = None
        self.field: QPlainTextEdit | None = None
        if self.lines == 1:
            self.line = QLineEdit()
            self.line.setMaxLength(MAX_ANSWER_CHARS)
            self.line.setPlaceholderText(tr("Type your answer"))
            self.line.textEdited.connect(self._write)
            self.line.returnPressed.connect(self.nextRequested.emit)
            editor: QWidget = self.line
            hint = "Enter goes on to the next question."
        else:
            self.field = QPlainTextEdit()
            self.field.setTabChangesFocus(True)
            self.field.setPlaceholderText(tr("Type your answer"))
            self.field.textChanged.connect(self._write)
            height = QFontMetrics(self.field.font()).lineSpacing() * self.lines + 18
            self.field.setFixedHeight(height)
            editor = self.field
            hint = f"Up to {MAX_ANSWER_CHARS} characters; Tab moves on."
        editor.setAccessibleName(tr("Your answer"))
        self.editor = editor
        self.hint = QLabel(hint)
        self.hint.setObjectName("fieldHint")
        column.addWidget(editor)
        column.addWidget(self.hint)
        self._showing = False
        self.refresh()

    def text(self) -> str:
        if self.line is not None:
            return self.line.text()
        assert self.field is not None
        return self.field.toPlainText()

    def focus_first(self) -> None:
        self.editor.setFocus(Qt.FocusReason.TabFocusReason)

    def set_editable(self, editable: bool) -> None:
        super().set_editable(editable)
        if self.line is not None:
            self.line.setReadOnly(not editable)
        if self.field is not None:
            self.field.setReadOnly(not editable)

    def refresh(self) -> None:
        value: AnswerValue = self.model.answer(self.question.id)
        shown = clean_short_answer(self.text())
        if (shown if shown.strip() else None) == value:
            return  # the same answer: keep the cursor where the student is typing
        self._showing = True
        try:
            text = value if isinstance(value, str) else ""
            if self.line is not None:
                self.line.setText(text)
            elif self.field is not None:
                self.field.setPlainText(text)
        finally:
            self._showing = False

    def _write(self) -> None:
        if self._showing:
            return
        text = self.text()
        if self.field is not None and len(text) > MAX_ANSWER_CHARS:
            self._showing = True
            try:
                self.field.setPlainText(text[:MAX_ANSWER_CHARS])
                self.field.moveCursor(QTextCursor.MoveOperation.End)
            finally:
                self._showing = False
            text = text[:MAX_ANSWER_CHARS]
        self.model.set_answer(self.question.id, text, typing=True)
