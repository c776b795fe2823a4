"""What is left before Submit: "2 questions not answered", "1 marked for review", and the list
of those questions; Enter (or a double click, or "Go to question") on one goes back to it.

`SummaryPanel` is the widget; `SummaryDialog` asks before a hand-in: `exec()` returns
Accepted for Submit, Rejected for "Back to the paper", and `chosen` is the question picked
to go back to (None otherwise)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.ui import style
from proctor.ui.questions.model import AnswerModel, type_label
from proctor.ui.questions.navigator import state_icon, state_text

tr = translator(__name__)

_QID = Qt.ItemDataRole.UserRole


class SummaryPanel(QWidget):
    """Signals: `questionChosen(qid)`."""

    questionChosen = Signal(str)

    def __init__(self, model: AnswerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.headline = QLabel()
        self.headline.setObjectName("sectionTitle")
        style.set_scaled_sheet(self.headline, "font-size: 13pt; font-weight: 600;")
        self.headline.setWordWrap(True)
        self.headline.setAccessibleName(tr("Summary"))
        self.list_title = QLabel(tr("&Left to do (Enter goes back to a question):"))
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Questions left to do"))
        self.list_title.setBuddy(self.list)
        self.go_button = QPushButton(tr("&Go to question"))
        self.go_button.setAutoDefault(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.headline)
        column.addWidget(self.list_title)
        column.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.go_button)
        column.addLayout(row)
        self.list.itemActivated.connect(self._choose)
        self.go_button.clicked.connect(lambda: self._choose(self.list.currentItem()))
        model.answerChanged.connect(lambda _qid: self.refresh())
        model.reviewChanged.connect(lambda _qid, _on: self.refresh())
        self.refresh()

    def lines(self) -> list[str]:
        return self.model.summary().lines()

    def refresh(self) -> None:
        summary = self.model.summary()
        self.headline.setText("\n".join(summary.lines()))
        self.list.clear()
        left = [q for q in self.model.questions if q.id in summary.unanswered + summary.marked]
        for question in left:
            index = self.model.index_of(question.id)
            answered = self.model.is_answered(question.id)
            marked = self.model.is_marked(question.id)
            text = (
                f"Question {index + 1} ({type_label(question.type)}): "
                f"{state_text(answered, marked)}" + ("  ⚑" if marked else "")
            )
            item = QListWidgetItem(state_icon(answered, marked), text, self.list)
            item.setData(_QID, question.id)
        has_items = self.list.count() > 0
        self.list_title.setVisible(has_items)
        self.list.setVisible(has_items)
        self.go_button.setVisible(has_items)
        if has_items:
            self.list.setCurrentRow(0)

    def item_texts(self) -> list[str]:
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _choose(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.questionChosen.emit(str(item.data(_QID)))


class SummaryDialog(QDialog):
    """Before a hand-in. Submit is not the default button: Enter in the list goes back to a
    question, and only a deliberate Submit (Alt+S or a click) hands in."""

    def __init__(self, model: AnswerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Before you hand in"))
        self.setModal(True)
        self.chosen: str | None = None
        self.panel = SummaryPanel(model)
        note = QLabel(
            tr("You may still change your answers after you submit, until the exam ends.")
        )
        note.setObjectName("fieldHint")
        note.setWordWrap(True)
        self.back_button = QPushButton(tr("&Back to the paper"))
        self.submit_button = QPushButton(tr("&Submit"))
        self.submit_button.setObjectName("primary")
        for button in (self.back_button, self.submit_button):
            button.setAutoDefault(False)
            button.setDefault(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.submit_button)
        column = QVBoxLayout(self)
        column.addWidget(self.panel, 1)
        column.addWidget(note)
        column.addLayout(row)
        self.back_button.clicked.connect(self.reject)
        self.submit_button.clicked.connect(self.accept)
        self.panel.questionChosen.connect(self._go_to)
        self.resize(520, 380 if self.panel.list.count() else 200)
        if self.panel.list.count():
            self.panel.list.setFocus()
        else:
            self.submit_button.setFocus()

    def _go_to(self, question_id: str) -> None:
        self.chosen = question_id
        self.reject()
