"""The question navigator: every question of the paper with its state (answered, not
answered, marked for review), as a list a screen reader names item by item ("Question 3 of
9, short answer, 1 point: not answered, marked for review"). The arrow keys, Home and End
move through it and show the question; Enter also moves the focus into the question."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.ui.questions.model import AnswerModel, type_label
from proctor.ui.style import GREEN, GREY

tr = translator(__name__)

ICON_SIZE = 18


def points_text(value: float) -> str:
    number = f"{value:g}"
    return (tr("{n} point") if number == "1" else tr("{n} points")).format(n=number)


def state_text(answered: bool, marked: bool) -> str:
    if marked:
        return (
            tr("answered, marked for review") if answered else tr("not answered, marked for review")
        )
    return tr("answered") if answered else tr("not answered")


def state_icon(answered: bool, marked: bool) -> QIcon:
    """A filled green dot (answered) or a grey ring (not answered). Colour is never the
    only sign: the item's text says it too, and a flag (⚑) follows a marked question."""
    scale = 2
    pixmap = QPixmap(ICON_SIZE * scale, ICON_SIZE * scale)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(scale, scale)
    dot = QRectF(2, 2, ICON_SIZE - 4, ICON_SIZE - 4)
    if answered:
        painter.setPen(QPen(QColor(GREEN), 1.5))
        painter.setBrush(QBrush(QColor(GREEN)))
    else:
        painter.setPen(QPen(QColor(GREY), 2))
        painter.setBrush(QBrush(QColor("#ffffff")))  # visible on a selected row too
    painter.drawEllipse(dot)
    painter.end()
    return QIcon(pixmap)


class QuestionNavigator(QWidget):
    """Signals: `questionChosen(index)` when the student moves to another question in the
    list; `questionActivated(index)` on Enter or a double click (focus into the question)."""

    questionChosen = Signal(int)
    questionActivated = Signal(int)

    def __init__(self, model: AnswerModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.title = QLabel(tr("&Questions"))
        self.title.setObjectName("sectionTitle")
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Questions"))
        self.list.setAccessibleDescription(
            tr(
                "Every question and its state. Ctrl+Page Down and Ctrl+Page Up go to the next and "
                "previous question, Alt+1 to Alt+9 to the first nine."
            )
        )
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.list.setUniformItemSizes(True)
        self.title.setBuddy(self.list)
        self.progress = QLabel()
        self.progress.setObjectName("fieldHint")
        self.progress.setAccessibleName(tr("Progress"))
        self.progress.setWordWrap(True)
        # One entry a line: the column is narrow, and an entry split over two lines misleads.
        legend = tr("● answered   ○ not answered   ⚑ marked for review")
        self.legend = QLabel("\n".join(part.strip() for part in legend.split("   ")))
        self.legend.setObjectName("fieldHint")
        self.legend.setWordWrap(True)
        for _question in model.questions:
            QListWidgetItem(self.list)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.title)
        column.addWidget(self.list, 1)
        column.addWidget(self.progress)
        column.addWidget(self.legend)
        self._moving = False
        for index in range(len(model.questions)):
            self._update(index)
        self._update_progress()
        self.list.currentRowChanged.connect(self._on_row)
        self.list.itemActivated.connect(self._on_activated)
        model.answerChanged.connect(self._on_state)
        model.reviewChanged.connect(lambda qid, _marked: self._on_state(qid))
        if model.questions:
            self.set_current(0)

    def current(self) -> int:
        return self.list.currentRow()

    def set_current(self, index: int) -> None:
        """Show `index` as the current question without announcing it."""
        self._moving = True
        try:
            self.list.setCurrentRow(index)
        finally:
            self._moving = False

    def item_text(self, index: int) -> str:
        return self.list.item(index).text()

    def accessible_text(self, index: int) -> str:
        return str(self.list.item(index).data(Qt.ItemDataRole.AccessibleTextRole))

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.questionActivated.emit(self.list.row(item))

    def _on_row(self, row: int) -> None:
        if not self._moving and row >= 0:
            self.questionChosen.emit(row)

    def _on_state(self, question_id: str) -> None:
        self._update(self.model.index_of(question_id))
        self._update_progress()

    def _update(self, index: int) -> None:
        question = self.model.questions[index]
        answered = self.model.is_answered(question.id)
        marked = self.model.is_marked(question.id)
        total = len(self.model.questions)
        item = self.list.item(index)
        flag = "  ⚑" if marked else ""
        item.setText(f"{index + 1}.  {type_label(question.type)}{flag}")
        item.setIcon(state_icon(answered, marked))
        spoken = (
            f"Question {index + 1} of {total}, {type_label(question.type)}, "
            f"{points_text(question.points)}: {state_text(answered, marked)}"
        )
        item.setData(Qt.ItemDataRole.AccessibleTextRole, spoken)
        item.setToolTip(spoken)

    def _update_progress(self) -> None:
        summary = self.model.summary()
        done = summary.total - len(summary.unanswered)
        text = f"{done} of {summary.total} answered"
        if summary.marked:
            text += f", {len(summary.marked)} marked for review"
        self.progress.setText(text)
