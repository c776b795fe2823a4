"""The code editor: Scintilla with Python highlighting, line numbers, auto-indent,
brace matching, a find/replace bar, zoom and undo/redo.

Scintilla works in UTF-8 byte positions; this module keeps every position inside
Scintilla and only converts whole texts to and from `str`.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable

from lexilla import Language, create_lexer
from lexilla.pyside6_scintilla import set_lexer
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pyside6_scintilla import Scintilla, ScintillaEdit

from proctor.common.i18n import translator

tr = translator(__name__)

INDENT = 4
MIN_ZOOM = -6
MAX_ZOOM = 20
BRACES = b"()[]{}"
_TEXT_CHANGES = int(Scintilla.ModificationFlags.InsertText) | int(
    Scintilla.ModificationFlags.DeleteText
)

# Lexilla's Python lexer style numbers (SCE_P_*).
_P_DEFAULT, _P_COMMENT, _P_NUMBER, _P_STRING, _P_CHARACTER, _P_WORD = 0, 1, 2, 3, 4, 5
_P_TRIPLE, _P_TRIPLEDOUBLE, _P_CLASSNAME, _P_DEFNAME, _P_OPERATOR = 6, 7, 8, 9, 10
_P_IDENTIFIER, _P_COMMENTBLOCK, _P_STRINGEOL, _P_WORD2, _P_DECORATOR = 11, 12, 13, 14, 15
_P_FSTRING, _P_FCHARACTER, _P_FTRIPLE, _P_FTRIPLEDOUBLE, _P_ATTRIBUTE = 16, 17, 18, 19, 20

_STYLE_LINENUMBER = 33
_STYLE_BRACELIGHT = 34
_STYLE_BRACEBAD = 35

_BUILTINS = (
    "abs all any ascii bin bool bytearray bytes callable chr classmethod complex dict dir divmod "
    "enumerate eval exec filter float format frozenset getattr globals hasattr hash help hex id "
    "input int isinstance issubclass iter len list locals map max min next object oct open ord "
    "pow print property range repr reversed round set setattr slice sorted staticmethod str sum "
    "super tuple type vars zip self cls"
)


def _bgr(rgb: int) -> int:
    """Scintilla colours are 0xBBGGRR."""
    return ((rgb & 0xFF) << 16) | (rgb & 0xFF00) | ((rgb >> 16) & 0xFF)


# A light theme with enough contrast to read across a room's worth of screens.
_COLOURS = {
    _P_COMMENT: 0x5F7A5F,
    _P_COMMENTBLOCK: 0x5F7A5F,
    _P_NUMBER: 0x9A3E00,
    _P_STRING: 0xA3151A,
    _P_CHARACTER: 0xA3151A,
    _P_TRIPLE: 0xA3151A,
    _P_TRIPLEDOUBLE: 0xA3151A,
    _P_FSTRING: 0xA3151A,
    _P_FCHARACTER: 0xA3151A,
    _P_FTRIPLE: 0xA3151A,
    _P_FTRIPLEDOUBLE: 0xA3151A,
    _P_STRINGEOL: 0xA3151A,
    _P_WORD: 0x0033B3,
    _P_WORD2: 0x6F2DA8,
    _P_CLASSNAME: 0x00627A,
    _P_DEFNAME: 0x00627A,
    _P_OPERATOR: 0x333333,
    _P_DECORATOR: 0x7A5C00,
    _P_ATTRIBUTE: 0x1F1F1F,
}


# The high-contrast theme's: bright on black.
_HIGH_CONTRAST = {
    **dict.fromkeys(_COLOURS, 0xFFFFFF),
    _P_COMMENT: 0x80FFFF,
    _P_COMMENTBLOCK: 0x80FFFF,
    **dict.fromkeys(
        (_P_STRING, _P_CHARACTER, _P_TRIPLE, _P_TRIPLEDOUBLE, _P_FSTRING, _P_FCHARACTER),
        0x9CFF9C,
    ),
    **dict.fromkeys((_P_FTRIPLE, _P_FTRIPLEDOUBLE, _P_STRINGEOL), 0x9CFF9C),
    _P_NUMBER: 0xFFB0FF,
    _P_WORD: 0xFFFF00,
    _P_WORD2: 0xFFD080,
}


class FindBar(QWidget):
    """Find and replace inside one CodeEditor. Enter finds the next match, Shift+Enter
    the previous one, Escape closes the bar and returns to the text."""

    closed = Signal()

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self._editor = editor
        self.find_box = QLineEdit(placeholderText=tr("Find"))
        self.find_box.setAccessibleName(tr("Find text"))
        self.replace_box = QLineEdit(placeholderText=tr("Replace with"))
        self.replace_box.setAccessibleName(tr("Replace with"))
        self.match_case = QCheckBox(tr("Match case"))
        self.status = QLabel()
        self.status.setObjectName("findStatus")
        previous = QPushButton(tr("Previous"))
        following = QPushButton(tr("Next"))
        self.replace_button = QPushButton(tr("Replace"))
        self.replace_all_button = QPushButton(tr("Replace all"))
        close = QPushButton(tr("Close"))
        close.setToolTip(tr("Close the find bar (Esc)"))

        row = QHBoxLayout(self)
        row.setContentsMargins(4, 4, 4, 4)
        for widget in (
            QLabel(tr("Find:")),
            self.find_box,
            previous,
            following,
            self.replace_box,
            self.replace_button,
            self.replace_all_button,
            self.match_case,
            self.status,
            close,
        ):
            row.addWidget(widget)
        row.setStretch(1, 2)
        row.setStretch(4, 2)

        self.find_box.returnPressed.connect(lambda: self.find_match(forward=True))
        self.find_box.textChanged.connect(
            lambda _text: self.find_match(forward=True, from_start=True)
        )
        self.replace_box.returnPressed.connect(self.replace_current)
        previous.clicked.connect(lambda: self.find_match(forward=False))
        following.clicked.connect(lambda: self.find_match(forward=True))
        self.replace_button.clicked.connect(self.replace_current)
        self.replace_all_button.clicked.connect(self.replace_all)
        close.clicked.connect(self.close_bar)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar).setContext(
            Qt.ShortcutContext.WidgetWithChildrenShortcut
        )
        QShortcut(
            QKeySequence("Shift+Return"), self.find_box, lambda: self.find_match(forward=False)
        )

    def _flags(self) -> int:
        return int(Scintilla.FindOption.MatchCase) if self.match_case.isChecked() else 0

    def find_match(self, forward: bool = True, from_start: bool = False) -> bool:
        """Select the next (or previous) match of the find box; wraps around the text."""
        needle = self.find_box.text()
        sci = self._editor.scintilla
        if not needle:
            self.status.setText("")
            return False
        length = sci.textLength()
        if forward:
            start = sci.selectionStart() if from_start else sci.selectionEnd()
            ranges = [(start, length), (0, start)]
        else:
            start = sci.selectionStart()
            ranges = [(start, 0), (length, start)]
        for begin, end in ranges:
            found = sci.findText(self._flags(), needle, begin, end)
            if found[0] >= 0:
                sci.setSel(found[0], found[1])
                sci.scrollCaret()
                self.status.setText("")
                return True
        self.status.setText(tr("Not found"))
        return False

    def replace_current(self) -> None:
        sci = self._editor.scintilla
        if sci.readOnly() or not self.find_box.text():
            return
        selected = bytes(sci.getSelText().data()).rstrip(b"\0").decode("utf-8", "replace")
        needle = self.find_box.text()
        if not self.match_case.isChecked():
            selected, needle = selected.lower(), needle.lower()
        if selected == needle:
            sci.replaceSel(self.replace_box.text())
        self.find_match(forward=True)

    def replace_all(self) -> int:
        """Replace every match in one undo step; returns how many were replaced."""
        sci = self._editor.scintilla
        needle = self.find_box.text()
        if sci.readOnly() or not needle:
            return 0
        replacement = self.replace_box.text()
        replacement_len = len(replacement.encode("utf-8"))
        count = 0
        position = 0
        sci.beginUndoAction()
        try:
            while True:
                found = sci.findText(self._flags(), needle, position, sci.textLength())
                if found[0] < 0:
                    break
                sci.setTargetRange(found[0], found[1])
                sci.replaceTarget(replacement_len, replacement)
                position = found[0] + replacement_len
                count += 1
        finally:
            sci.endUndoAction()
        self.status.setText(
            tr("Replaced {count}").format(count=count) if count else tr("Not found")
        )
        return count

    def open_bar(self, replace: bool = False) -> None:
        sci = self._editor.scintilla
        selected = bytes(sci.getSelText().data()).rstrip(b"\0").decode("utf-8", "replace")
        if selected and "\n" not in selected:
            self.find_box.blockSignals(True)
            self.find_box.setText(selected)
            self.find_box.blockSignals(False)
        self.show()
        target = self.replace_box if replace else self.find_box
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        target.selectAll()

    def close_bar(self) -> None:
        self.hide()
        self._editor.focus_text()
        self.closed.emit()

    def set_read_only(self, read_only: bool) -> None:
        for widget in (self.replace_box, self.replace_button, self.replace_all_button):
            widget.setEnabled(not read_only)


class CodeEditor(QWidget):
    """A Python code editor. `textChanged` fires on every edit by the user (not on `set_text`)."""

    textChanged = Signal()
    zoomChanged = Signal(int)

    def __init__(self, parent: QWidget | None = None, font_size: int = 12) -> None:
        super().__init__(parent)
        self._sci = ScintillaEdit(self)
        self._sci.setObjectName("codeEditor")
        # Code reads left to right in every language (a right-to-left UI mirrors the rest).
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self._sci.setAccessibleName(tr("Code editor"))
        self._loading = False
        self._line_digits = 0
        self.find_bar = FindBar(self)
        self.find_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._sci, 1)
        layout.addWidget(self.find_bar)
        self.setFocusProxy(self._sci)

        self._configure(font_size)
        self._sci.modified.connect(self._on_modified)
        self._sci.charAdded.connect(self._on_char_added)
        self._sci.updateUi.connect(self._on_update_ui)
        self._add_shortcuts()

    # -- public API ---------------------------------------------------------------

    @property
    def scintilla(self) -> ScintillaEdit:
        return self._sci

    def text(self) -> str:
        length = self._sci.textLength()
        raw = bytes(self._sci.getText(length + 1).data())[:length]
        return raw.decode("utf-8", "replace")

    def set_text(self, text: str) -> None:
        """Replace the whole text without emitting `textChanged`; clears undo history."""
        read_only = self._sci.readOnly()
        self._loading = True
        try:
            self._sci.setReadOnly(False)
            self._sci.setText(text)
            self._sci.emptyUndoBuffer()
            self._sci.setSavePoint()
            self._sci.gotoPos(0)
        finally:
            self._sci.setReadOnly(read_only)
            self._loading = False
        self._update_line_number_margin()

    def set_read_only(self, read_only: bool) -> None:
        self._sci.setReadOnly(read_only)
        self.find_bar.set_read_only(read_only)
        self._paint_caret_line()

    def set_high_contrast(self, on: bool) -> None:
        """White and yellow on black (the high-contrast theme), or the light colours."""
        self._high_contrast = on
        sci = self._sci
        default = int(Scintilla.StylesCommon.Default)
        sci.styleSetFore(default, _bgr(0xFFFFFF if on else 0x1F1F1F))
        sci.styleSetBack(default, _bgr(0x000000 if on else 0xFFFFFF))
        sci.styleClearAll()  # every style from the default: colours, font and size
        for style, colour in (_HIGH_CONTRAST if on else _COLOURS).items():
            sci.styleSetFore(style, _bgr(colour))
        for style in (_P_WORD, _P_CLASSNAME, _P_DEFNAME):
            sci.styleSetBold(style, True)
        sci.styleSetItalic(_P_COMMENT, True)
        sci.styleSetBack(_P_STRINGEOL, _bgr(0x5A0000 if on else 0xFDECEC))
        sci.styleSetFore(_STYLE_LINENUMBER, _bgr(0xFFFFFF if on else 0x6E6E6E))
        sci.styleSetBack(_STYLE_LINENUMBER, _bgr(0x1A1A1A if on else 0xF3F3F3))
        sci.styleSetFore(_STYLE_BRACELIGHT, _bgr(0x000000 if on else 0x0B6E00))
        sci.styleSetBack(_STYLE_BRACELIGHT, _bgr(0x00FF00 if on else 0xC8F0C0))
        sci.styleSetBold(_STYLE_BRACELIGHT, True)
        sci.styleSetFore(_STYLE_BRACEBAD, _bgr(0xFFFFFF))
        sci.styleSetBack(_STYLE_BRACEBAD, _bgr(0xC62828))
        sci.setCaretFore(_bgr(0xFFFF00 if on else 0x000000))
        sci.setSelBack(True, _bgr(0xFFFF00 if on else 0xADD6FF))
        sci.setSelFore(on, _bgr(0x000000))
        self._paint_caret_line()
        self._update_line_number_margin(force=True)

    def _paint_caret_line(self) -> None:
        read_only = self._sci.readOnly()
        if getattr(self, "_high_contrast", False):
            self._sci.setCaretLineBack(_bgr(0x262626 if read_only else 0x1F1F5F))
        else:
            self._sci.setCaretLineBack(_bgr(0xEEEEEE if read_only else 0xFFF8DC))

    def is_read_only(self) -> bool:
        return self._sci.readOnly()

    def undo(self) -> None:
        self._sci.undo()

    def redo(self) -> None:
        self._sci.redo()

    def zoom_in(self) -> None:
        if self._sci.zoom() < MAX_ZOOM:
            self._sci.zoomIn()
        self._after_zoom()

    def zoom_out(self) -> None:
        if self._sci.zoom() > MIN_ZOOM:
            self._sci.zoomOut()
        self._after_zoom()

    def reset_zoom(self) -> None:
        self._sci.setZoom(0)
        self._after_zoom()

    def set_zoom(self, level: int) -> None:
        self._sci.setZoom(max(MIN_ZOOM, min(MAX_ZOOM, level)))
        self._after_zoom()

    def zoom(self) -> int:
        return self._sci.zoom()

    def show_find(self, replace: bool = False) -> None:
        self.find_bar.open_bar(replace=replace)

    def focus_text(self) -> None:
        # ScintillaEdit.setFocus(bool) is Scintilla's own message; use QWidget's.
        QWidget.setFocus(self._sci, Qt.FocusReason.OtherFocusReason)

    # -- setup --------------------------------------------------------------------

    def _configure(self, font_size: int) -> None:
        sci = self._sci
        sci.setCodePage(65001)
        family = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
        default = int(Scintilla.StylesCommon.Default)
        sci.styleSetFont(default, family)
        sci.styleSetSize(default, font_size)

        set_lexer(sci, create_lexer(Language.PYTHON))
        sci.setKeyWords(0, " ".join([*keyword.kwlist, *keyword.softkwlist]))
        sci.setKeyWords(1, _BUILTINS)
        sci.setProperty("fold", "0")
        sci.setProperty("tab.timmy.whinge.level", "1")
        sci.setProperty("lexer.python.strings.f", "1")
        self.set_high_contrast(False)

        sci.setMarginTypeN(0, int(Scintilla.MarginType.Number))
        sci.setMarginWidthN(1, 0)
        sci.setMarginLeft(6)
        self._update_line_number_margin()

        sci.setUseTabs(False)
        sci.setTabWidth(INDENT)
        sci.setIndent(INDENT)
        sci.setTabIndents(True)
        sci.setBackSpaceUnIndents(True)
        sci.setIndentationGuides(int(Scintilla.IndentView.LookBoth))
        sci.setEOLMode(int(Scintilla.EndOfLine.Lf))
        sci.setCaretLineVisible(True)
        sci.setCaretLineVisibleAlways(True)
        sci.setCaretWidth(2)
        sci.setScrollWidthTracking(True)
        sci.setScrollWidth(1)
        sci.setMarginOptions(0)

    def _add_shortcuts(self) -> None:
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        bindings: list[tuple[QKeySequence | QKeySequence.StandardKey, Callable[[], object]]] = [
            (QKeySequence.StandardKey.Find, lambda: self.show_find(False)),
            (QKeySequence.StandardKey.Replace, lambda: self.show_find(True)),
            (QKeySequence("Ctrl+H"), lambda: self.show_find(True)),
            (QKeySequence.StandardKey.FindNext, lambda: self.find_bar.find_match(forward=True)),
            (
                QKeySequence.StandardKey.FindPrevious,
                lambda: self.find_bar.find_match(forward=False),
            ),
            (QKeySequence("Ctrl+="), self.zoom_in),
            (QKeySequence("Ctrl++"), self.zoom_in),
            (QKeySequence("Ctrl+-"), self.zoom_out),
            (QKeySequence("Ctrl+0"), self.reset_zoom),
        ]
        for sequence, slot in bindings:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(context)
            shortcut.activated.connect(slot)

    # -- behaviour ----------------------------------------------------------------

    def _after_zoom(self) -> None:
        self._update_line_number_margin(force=True)
        self.zoomChanged.emit(self._sci.zoom())

    def _update_line_number_margin(self, force: bool = False) -> None:
        digits = max(3, len(str(self._sci.lineCount())))
        if digits == self._line_digits and not force:
            return
        self._line_digits = digits
        width = self._sci.textWidth(_STYLE_LINENUMBER, "9" * (digits + 1))
        self._sci.setMarginWidthN(0, width + 6)

    def _on_modified(self, flags: int, *_rest: object) -> None:
        if not int(flags) & _TEXT_CHANGES:
            return
        self._update_line_number_margin()
        if not self._loading:
            self.textChanged.emit()

    def _on_char_added(self, char: int) -> None:
        if char != ord("\n"):
            return
        sci = self._sci
        line = sci.lineFromPosition(sci.currentPos())
        if line == 0:
            return
        previous = bytes(sci.getLine(line - 1).data()).rstrip(b"\0").rstrip(b"\r\n")
        indent = sci.lineIndentation(line - 1)
        code = previous.split(b"#", 1)[0].rstrip() if b"#" in previous else previous.rstrip()
        if code.endswith(b":"):
            indent += INDENT
        elif code.lstrip().split(b" ", 1)[0] in (b"return", b"pass", b"break", b"continue"):
            indent = max(0, indent - INDENT)
        if indent:
            sci.setLineIndentation(line, indent)
            sci.gotoPos(sci.lineIndentPosition(line))

    def brace_pair(self) -> tuple[int, int] | None:
        """The brace beside the caret and its partner (-1 if unmatched); None if no brace."""
        sci = self._sci
        caret = sci.currentPos()
        if caret > 0 and sci.charAt(caret - 1) in BRACES:
            brace = caret - 1
        elif caret < sci.textLength() and sci.charAt(caret) in BRACES:
            brace = caret
        else:
            return None
        return brace, sci.braceMatch(brace, 0)

    def _on_update_ui(self, _updated: object) -> None:
        pair = self.brace_pair()
        if pair is None:
            self._sci.braceHighlight(-1, -1)
        elif pair[1] < 0:
            self._sci.braceBadLight(pair[0])
        else:
            self._sci.braceHighlight(*pair)
