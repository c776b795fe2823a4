"""Fields of the paper editor's question form that are lists: a choice or multi question's
options with the right one(s) ticked, and a code question's stdin/stdout cases with their
hidden flags. Both are keyboard-first: the lists take the arrow keys, Space ticks, and
Alt-keys reach the buttons."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from proctor.common.i18n import translator
from proctor.ui.style import mono_font

tr = translator(__name__)


def _buttons(*labels: str) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    buttons = [QPushButton(label) for label in labels]
    for button in buttons:
        button.setAutoDefault(False)
        row.addWidget(button)
    row.addStretch(1)
    return row, buttons


class OptionsEditor(QWidget):
    """Options in the teacher's order; the tick says which are right (one for a choice
    question: ticking one unticks the others). Signals: `edited()`."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.multi = False
        self._loading = False
        self.table = QTableWidget(0, 2)
        self.table.setAccessibleName(tr("Options"))
        self.table.setHorizontalHeaderLabels([tr("Right"), tr("Option (as the student reads it)")])
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(150)
        self.hint = QLabel()
        self.hint.setObjectName("fieldHint")
        row, (self.add_button, self.remove_button, self.up_button, self.down_button) = _buttons(
            tr("Add o&ption"), tr("Remove option"), tr("Move up"), tr("Move down")
        )
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.table)
        column.addWidget(self.hint)
        column.addLayout(row)
        self.table.itemChanged.connect(self._on_item)
        self.add_button.clicked.connect(lambda: self._add("new option"))
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self._update_hint()

    def set_mode(self, multi: bool) -> None:
        self.multi = multi
        if not multi:  # keep the first ticked one only
            ticked = [r for r in range(self.table.rowCount()) if self._ticked(r)]
            for row in ticked[1:]:
                self._set_tick(row, False)
        self._update_hint()

    def set_options(self, options: list[str], answer: str | list[str] | None) -> None:
        right = set(answer) if isinstance(answer, list) else {answer}
        self._loading = True
        try:
            self.table.setRowCount(0)
            for text in options:
                self._add(text, text in right, announce=False)
        finally:
            self._loading = False
        if self.table.rowCount():
            self.table.setCurrentCell(0, 1)

    def options(self) -> list[str]:
        return [self._text(row) for row in range(self.table.rowCount())]

    def answer(self) -> str | list[str] | None:
        ticked = [self._text(r) for r in range(self.table.rowCount()) if self._ticked(r)]
        if self.multi:
            return ticked
        return ticked[0] if ticked else None

    # -- rows ----------------------------------------------------------------------------

    def _text(self, row: int) -> str:
        item = self.table.item(row, 1)
        return item.text() if item is not None else ""

    def _set_text(self, row: int, text: str) -> None:
        item = self.table.item(row, 1)
        if item is not None:
            item.setText(text)

    def _ticked(self, row: int) -> bool:
        item = self.table.item(row, 0)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _set_tick(self, row: int, on: bool) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def _add(self, text: str, right: bool = False, announce: bool = True) -> None:
        row = self.table.rowCount()
        was_loading, self._loading = self._loading, True
        self.table.insertRow(row)
        tick = QTableWidgetItem()
        tick.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
        )
        tick.setCheckState(Qt.CheckState.Checked if right else Qt.CheckState.Unchecked)
        self.table.setItem(row, 0, tick)
        text_item = QTableWidgetItem(text)
        self.table.setItem(row, 1, text_item)
        self._loading = was_loading
        if announce:
            self.table.setCurrentCell(row, 1)
            self.table.editItem(text_item)
            self._changed()

    def _remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self._changed()

    def _move(self, step: int) -> None:
        row = self.table.currentRow()
        target = row + step
        if row < 0 or not 0 <= target < self.table.rowCount():
            return
        text, ticked = self._text(row), self._ticked(row)
        self._loading = True
        try:
            self._set_text(row, self._text(target))
            self._set_tick(row, self._ticked(target))
            self._set_text(target, text)
            self._set_tick(target, ticked)
        finally:
            self._loading = False
        self.table.setCurrentCell(target, self.table.currentColumn())
        self._changed()

    def _on_item(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if item.column() == 0 and not self.multi and item.checkState() == Qt.CheckState.Checked:
            self._loading = True
            try:
                for row in range(self.table.rowCount()):
                    if row != item.row():
                        self._set_tick(row, False)
            finally:
                self._loading = False
        self._changed()

    def _changed(self) -> None:
        self._update_hint()
        self.edited.emit()

    def _update_hint(self) -> None:
        self.hint.setText(
            tr("Tick every right option (none ticked: no option is right).")
            if self.multi
            else tr("Tick the one right option. Space ticks; F2 or typing edits a text.")
        )


class CasesEditor(QWidget):
    """stdin → stdout cases; hidden ones mark but are never sent to students.
    Signals: `edited()`."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cases: list[dict[str, Any]] = []
        self._loading = False
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Cases"))
        self.list.setMaximumHeight(120)
        self.input = QPlainTextEdit()
        self.output = QPlainTextEdit()
        for box, name in ((self.input, tr("Case input")), (self.output, tr("Expected output"))):
            box.setFont(mono_font())
            box.setTabChangesFocus(True)
            box.setAccessibleName(name)
            box.setMaximumHeight(110)
        self.hidden = QCheckBox(tr("&Hidden: marks the work, never sent to students"))
        row, (self.add_button, self.remove_button, self.up_button, self.down_button) = _buttons(
            tr("Add &case"), tr("Remove case"), tr("Move up"), tr("Move down")
        )
        input_label = QLabel(tr("Standard input:"))
        input_label.setBuddy(self.input)
        output_label = QLabel(tr("Expected standard output:"))
        output_label.setBuddy(self.output)
        boxes = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(input_label)
        left.addWidget(self.input)
        right.addWidget(output_label)
        right.addWidget(self.output)
        boxes.addLayout(left)
        boxes.addLayout(right)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.list)
        column.addLayout(row)
        column.addLayout(boxes)
        column.addWidget(self.hidden)
        self.list.currentRowChanged.connect(self._show)
        self.input.textChanged.connect(lambda: self._write("input", self.input.toPlainText()))
        self.output.textChanged.connect(lambda: self._write("output", self.output.toPlainText()))
        self.hidden.toggled.connect(lambda on: self._write("hidden", on))
        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(1))
        self._show(-1)

    def set_cases(self, cases: list[dict[str, Any]]) -> None:
        self.cases = [
            {
                "input": c.get("input", ""),
                "output": c.get("output", ""),
                "hidden": bool(c.get("hidden", False)),
            }
            for c in cases
        ]
        self._relist(0 if self.cases else -1)

    def values(self) -> list[dict[str, Any]]:
        return [dict(case) for case in self.cases]

    def _label(self, index: int) -> str:
        case = self.cases[index]
        first = case["input"].split("\n", 1)[0]
        first = (first[:30] + "…" if len(first) > 30 else first) or "(no input)"
        return f"Case {index + 1} · {'hidden' if case['hidden'] else 'visible'} · {first}"

    def _relist(self, current: int) -> None:
        self._loading = True
        try:
            self.list.clear()
            for index in range(len(self.cases)):
                self.list.addItem(self._label(index))
        finally:
            self._loading = False
        self.list.setCurrentRow(current)
        self._show(current)

    def _show(self, index: int) -> None:
        if self._loading:
            return
        case = self.cases[index] if 0 <= index < len(self.cases) else None
        self._loading = True
        try:
            self.input.setPlainText(case["input"] if case else "")
            self.output.setPlainText(case["output"] if case else "")
            self.hidden.setChecked(bool(case and case["hidden"]))
        finally:
            self._loading = False
        for widget in (self.input, self.output, self.hidden, self.remove_button):
            widget.setEnabled(case is not None)

    def _write(self, key: str, value: Any) -> None:
        index = self.list.currentRow()
        if self._loading or not 0 <= index < len(self.cases):
            return
        self.cases[index][key] = value
        self.list.item(index).setText(self._label(index))
        self.edited.emit()

    def _add(self) -> None:
        self.cases.append({"input": "", "output": "", "hidden": False})
        self._relist(len(self.cases) - 1)
        self.input.setFocus()
        self.edited.emit()

    def _remove(self) -> None:
        index = self.list.currentRow()
        if 0 <= index < len(self.cases):
            del self.cases[index]
            self._relist(min(index, len(self.cases) - 1))
            self.edited.emit()

    def _move(self, step: int) -> None:
        index = self.list.currentRow()
        target = index + step
        if index < 0 or not 0 <= target < len(self.cases):
            return
        self.cases[index], self.cases[target] = self.cases[target], self.cases[index]
        self._relist(target)
        self.edited.emit()
