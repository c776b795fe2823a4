"""The plain-text code editor: a `QPlainTextEdit` with line numbers in a monospace font, for
students whose screen reader cannot read the Scintilla editor (`proctor.ui.editor`).

It offers what the exam asks of `CodeEditor` (text, read-only, zoom, focus, `textChanged`,
`zoomChanged`) and writes the same text for the same keys: Tab inserts spaces to the next
multiple of four, Enter keeps the indentation (one level more after a `:`, one less after
`return`, `pass`, `break` or `continue`), the text is kept with `\\n` line ends. Ctrl+M
switches Tab between inserting spaces and moving the keyboard focus on, so the whole exam can
be taken by keyboard; the line under the editor says which it does.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QPainter, QPaintEvent, QShortcut
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from proctor.common.i18n import translator
from proctor.ui.style import mono_font

tr = translator(__name__)

INDENT = 4
MIN_ZOOM = -6
MAX_ZOOM = 20
BASE_POINT_SIZE = 12
TAB_TOGGLE = "Ctrl+M"
_DEDENT_WORDS = ("return", "pass", "break", "continue")


def next_indent(previous: str) -> int:
    """The indentation of a new line after `previous` (the rules of `CodeEditor`)."""
    indent = len(previous) - len(previous.lstrip(" "))
    code = previous.split("#", 1)[0].rstrip()
    if code.endswith(":"):
        return indent + INDENT
    if code.lstrip().split(" ", 1)[0] in _DEDENT_WORDS:
        return max(0, indent - INDENT)
    return indent


class _LineNumbers(QWidget):
    """The margin left of the text with each visible block's line number."""

    def __init__(self, edit: PlainTextField) -> None:
        super().__init__(edit)
        self.edit = edit
        self.setAccessibleName(tr("Line numbers"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(self.edit.number_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        self.edit.paint_numbers(self, event)


class PlainTextField(QPlainTextEdit):
    """The text field itself: Tab as spaces (or as focus moves), auto-indent, line numbers."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.numbers = _LineNumbers(self)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabChangesFocus(False)
        self.blockCountChanged.connect(self._fit_margin)
        self.updateRequest.connect(self._scroll_numbers)
        self._fit_margin()

    # -- line numbers ---------------------------------------------------------------

    def number_width(self) -> int:
        digits = max(3, len(str(self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * (digits + 1)

    def _fit_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.number_width(), 0, 0, 0)

    def _scroll_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self.numbers.scroll(0, dy)
        else:
            self.numbers.update(0, rect.y(), self.numbers.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._fit_margin()

    def resizeEvent(self, event: object) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)  # type: ignore[arg-type]
        area = self.contentsRect()
        self.numbers.setGeometry(QRect(area.left(), area.top(), self.number_width(), area.height()))

    def paint_numbers(self, widget: QWidget, event: QPaintEvent) -> None:
        painter = QPainter(widget)
        painter.fillRect(event.rect(), QColor(widget.palette().alternateBase().color()))
        painter.setPen(widget.palette().placeholderText().color())
        painter.setFont(self.font())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                painter.drawText(
                    0,
                    top,
                    widget.width() - 6,
                    height,
                    Qt.AlignmentFlag.AlignRight,
                    str(block.blockNumber() + 1),
                )
            block = block.next()
            top = bottom
        painter.end()

    # -- keys -----------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.key() == Qt.Key.Key_Tab and plain and not self.tabChangesFocus():
            if not self.isReadOnly():
                column = self.textCursor().positionInBlock()
                self.insertPlainText(" " * (INDENT - column % INDENT))
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain and not self.isReadOnly():
            previous = self.textCursor().block().text()[: self.textCursor().positionInBlock()]
            self.insertPlainText("\n" + " " * next_indent(previous))
            return
        super().keyPressEvent(event)


class PlainCodeEditor(QWidget):
    """A plain-text code editor with `CodeEditor`'s interface. `textChanged` fires on every
    edit by the user (not on `set_text`)."""

    textChanged = Signal()
    zoomChanged = Signal(int)
    tabModeChanged = Signal(bool)  # True: Tab moves the focus

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)  # code reads left to right
        self.edit = PlainTextField(self)
        self.edit.setObjectName("plainCodeEditor")
        self.edit.setAccessibleName(tr("Code editor (plain text)"))
        self.tab_note = QLabel()
        self.tab_note.setObjectName("fieldHint")
        self._zoom = 0
        self._loading = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.tab_note)
        self.setFocusProxy(self.edit)
        self.set_zoom(0)
        self._show_tab_mode()
        self.edit.textChanged.connect(self._on_text_changed)
        toggle = QShortcut(QKeySequence(TAB_TOGGLE), self)
        toggle.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        toggle.activated.connect(self.toggle_tab_mode)
        for sequence, slot in (
            ("Ctrl+=", self.zoom_in),
            ("Ctrl++", self.zoom_in),
            ("Ctrl+-", self.zoom_out),
            ("Ctrl+0", self.reset_zoom),
        ):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    @property
    def text_field(self) -> QPlainTextEdit:
        """The field the keys go to (the paste guard names reports after this widget)."""
        return self.edit

    def setAccessibleName(self, name: str) -> None:  # noqa: N802 (Qt API)
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)  # what a screen reader says on entering the field

    def text(self) -> str:
        return self.edit.toPlainText()

    def set_text(self, text: str) -> None:
        """Replace the whole text without emitting `textChanged`; clears undo history."""
        self._loading = True
        try:
            self.edit.setPlainText(text.replace("\r\n", "\n"))
        finally:
            self._loading = False
        cursor = self.edit.textCursor()
        cursor.setPosition(0)
        self.edit.setTextCursor(cursor)

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)

    def is_read_only(self) -> bool:
        return self.edit.isReadOnly()

    def undo(self) -> None:
        self.edit.undo()

    def redo(self) -> None:
        self.edit.redo()

    def zoom_in(self) -> None:
        self.set_zoom(self._zoom + 1)

    def zoom_out(self) -> None:
        self.set_zoom(self._zoom - 1)

    def reset_zoom(self) -> None:
        self.set_zoom(0)

    def set_zoom(self, level: int) -> None:
        """Points added to the font size, as Scintilla's zoom counts them."""
        level = max(MIN_ZOOM, min(MAX_ZOOM, level))
        changed = level != self._zoom
        self._zoom = level
        self.edit.setFont(mono_font(BASE_POINT_SIZE + level, scaled=False))  # zoom has the scale
        self.edit.setTabStopDistance(self.edit.fontMetrics().horizontalAdvance(" ") * INDENT)
        self.edit._fit_margin()
        if changed:
            self.zoomChanged.emit(level)

    def zoom(self) -> int:
        return self._zoom

    def show_find(self, replace: bool = False) -> None:
        """No find bar here: the screen reader's own search reads the field."""

    def focus_text(self) -> None:
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def tab_moves_focus(self) -> bool:
        return self.edit.tabChangesFocus()

    def toggle_tab_mode(self) -> None:
        """Ctrl+M: Tab inserts spaces, or moves the keyboard focus on."""
        self.edit.setTabChangesFocus(not self.edit.tabChangesFocus())
        self._show_tab_mode()
        self.tabModeChanged.emit(self.edit.tabChangesFocus())

    def _show_tab_mode(self) -> None:
        if self.edit.tabChangesFocus():
            note = tr("Tab moves to the next control (Ctrl+M: Tab indents)")
        else:
            note = tr("Tab indents (Ctrl+M: Tab moves to the next control)")
        self.tab_note.setText(note)
        self.edit.setAccessibleDescription(note)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.textChanged.emit()
