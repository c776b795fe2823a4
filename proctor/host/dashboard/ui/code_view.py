"""Read-only code with line numbers, some lines shaded: a student's files on the answer
sheet, and two students' files side by side with the lines they share."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from proctor.ui.style import mono_font

SHARED_LINE = QColor("#ffe9a8")
GUTTER = QColor("#eef1f5")
GUTTER_TEXT = QColor("#6b7785")


class _Gutter(QWidget):
    def __init__(self, view: CodeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.view.paint_gutter(event)


class CodeView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None, point_size: float = 10) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setFont(mono_font(point_size))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.marked: set[int] = set()
        self._gutter = _Gutter(self)
        self.blockCountChanged.connect(lambda _n: self._update_margin())
        self.updateRequest.connect(self._on_update)
        self._update_margin()

    def show_code(self, text: str, marked: set[int] | None = None) -> None:
        """`text` with the 1-based lines in `marked` shaded."""
        self.setPlainText(text)
        self.set_marked(marked or set())

    def set_marked(self, lines: set[int]) -> None:
        self.marked = set(lines)
        selections = []
        document = self.document()
        for number in sorted(self.marked):
            block = document.findBlockByNumber(number - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(SHARED_LINE)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            selection.cursor = cursor
            selections.append(selection)
        self.setExtraSelections(selections)
        if self.marked:
            first = document.findBlockByNumber(min(self.marked) - 1)
            if first.isValid():
                self.setTextCursor(QTextCursor(first))
                self.centerCursor()

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return self.fontMetrics().horizontalAdvance("9" * max(3, digits)) + 12

    def _update_margin(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _on_update(self, rect: QRect, dy: int) -> None:
        if dy:
            self._gutter.scroll(0, dy)
        else:
            self._gutter.update(0, rect.y(), self._gutter.width(), rect.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        area = self.contentsRect()
        self._gutter.setGeometry(QRect(area.left(), area.top(), self.gutter_width(), area.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self._gutter)
        painter.fillRect(event.rect(), GUTTER)
        block = self.firstVisibleBlock()
        top = self.blockBoundingGeometry(block).translated(self.contentOffset()).top()
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible():
                number = block.blockNumber() + 1
                if number in self.marked:
                    painter.fillRect(0, int(top), self._gutter.width(), height, SHARED_LINE)
                painter.setPen(GUTTER_TEXT)
                painter.drawText(
                    0,
                    int(top),
                    self._gutter.width() - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(number),
                )
            top += self.blockBoundingRect(block).height()
            block = block.next()
        painter.end()
