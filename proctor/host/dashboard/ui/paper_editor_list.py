"""The paper editor's question list: every question of the paper and its banks with id,
type, points, pool and tags, a filter by tag (`difficulty=easy`, `topic=`, a word), and the
Add and Delete buttons. The Tags column shows the values (course · topic · difficulty); each
row's tooltip names the file it is kept in and the tags' keys."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.host.dashboard.paper_editing import QuestionRow, matches_filter, tag_choices

tr = translator(__name__)

COLUMNS = ("Id", "Type", "Points", "Pool", "Tags")  # translated where shown
KINDS = (
    ("choice", "&Choice (one right option)"),
    ("multi", "&Multi (every right option)"),
    ("short", "&Short answer"),
    ("code", "C&ode"),
)
_ID = Qt.ItemDataRole.UserRole


class QuestionList(QWidget):
    """Signals: `questionSelected(qid)` when the teacher moves to another question,
    `addRequested(kind)`, `deleteRequested()` (the Delete button or key)."""

    questionSelected = Signal(str)
    addRequested = Signal(str)
    deleteRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QuestionRow] = []
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(tr("difficulty=easy, topic=, or any word"))
        self.filter_edit.setAccessibleName(tr("Filter questions by tag"))
        self.filter_edit.setClearButtonEnabled(True)
        filter_label = QLabel(tr("&Filter:"))
        filter_label.setBuddy(self.filter_edit)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName(tr("Questions"))
        self.table.setHorizontalHeaderLabels(
            [tr("Id"), tr("Type"), tr("Points"), tr("Pool"), tr("Tags")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        for index in range(len(COLUMNS)):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(tr("&Add question"))
        self.add_menu = QMenu(self.add_button)
        for kind, label in KINDS:
            self.add_menu.addAction(label, partial(self.addRequested.emit, kind))
        self.add_button.setMenu(self.add_menu)
        self.delete_button = QPushButton(tr("&Delete question"))
        self.count_label = QLabel()
        self.count_label.setObjectName("fieldHint")

        filter_row = QHBoxLayout()
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.count_label, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(filter_row)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)

        self.filter_edit.textChanged.connect(lambda _t: self.apply_filter())
        self.table.currentCellChanged.connect(lambda row, _c, _r, _p: self._on_row(row))
        self.delete_button.clicked.connect(self.deleteRequested.emit)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.deleteRequested.emit)

    def show_rows(self, rows: list[QuestionRow], current: str | None) -> None:
        """List `rows`, keeping `current` selected, without announcing a selection."""
        self.rows = list(rows)
        self.table.blockSignals(True)
        try:
            self.table.setRowCount(len(rows))
            for index, row in enumerate(rows):
                points = "" if row.points is None else f"{row.points:g}"
                values = " · ".join(str(v) for v in row.tags.values())
                cells = (row.id, row.type, points, row.pool, values)
                note = "" if row.valid else ": has problems of its own (see the problems)"
                for column, text in enumerate(cells):
                    item = QTableWidgetItem(text)
                    item.setData(_ID, row.id)
                    item.setToolTip(
                        tr("{id} in {file}{note}\n{tags}").format(
                            id=row.id, file=row.file, note=note, tags=row.tags_text
                        )
                    )
                    self.table.setItem(index, column, item)
            self.set_current(current)
        finally:
            self.table.blockSignals(False)
        completer = QCompleter(tag_choices(rows), self.filter_edit)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter_edit.setCompleter(completer)
        self.apply_filter()

    def apply_filter(self) -> None:
        query = self.filter_edit.text()
        shown = 0
        for index, row in enumerate(self.rows):
            hide = not matches_filter(row, query)
            self.table.setRowHidden(index, hide)
            shown += not hide
        self.count_label.setText(
            tr("{shown} of {len} questions shown").format(shown=shown, len=len(self.rows))
        )

    def visible_ids(self) -> list[str]:
        return [r.id for i, r in enumerate(self.rows) if not self.table.isRowHidden(i)]

    def row_of(self, question_id: str | None) -> int | None:
        for index, row in enumerate(self.rows):
            if question_id and row.id == question_id:
                return index
        return None

    def set_current(self, question_id: str | None) -> None:
        """Select `question_id` without announcing it."""
        index = self.row_of(question_id)
        if index is not None:
            was = self.table.blockSignals(True)
            self.table.setRowHidden(index, False)
            self.table.setCurrentCell(index, 0)
            self.table.blockSignals(was)

    def choose(self, question_id: str) -> None:
        """Select `question_id` as the teacher would (announced)."""
        index = self.row_of(question_id)
        if index is not None:
            self.table.setRowHidden(index, False)
            if self.table.currentRow() == index:
                self.questionSelected.emit(question_id)  # no change of row to announce it
            else:
                self.table.setCurrentCell(index, 0)

    def choose_row(self, index: int) -> None:
        if self.rows:
            self.choose(self.rows[max(0, min(index, len(self.rows) - 1))].id)

    def _on_row(self, index: int) -> None:
        if 0 <= index < len(self.rows):
            self.questionSelected.emit(self.rows[index].id)
