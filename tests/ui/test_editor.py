"""The code editor on a real Scintilla widget, offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from proctor.ui.editor import CodeEditor

pytestmark = pytest.mark.gui


@pytest.fixture
def editor(qtbot):
    widget = CodeEditor()
    qtbot.addWidget(widget)
    widget.resize(800, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_set_text_round_trips_unicode_without_signalling(editor, qtbot):
    text = "naïve = 'héllo wörld ✓'\nprint(naïve)\n"
    with qtbot.assertNotEmitted(editor.textChanged):
        editor.set_text(text)
    assert editor.text() == text
    assert not editor.scintilla.canUndo()


def test_typing_emits_text_changed_and_undo_redo_work(editor, qtbot):
    editor.set_text("")
    editor.setFocus()
    with qtbot.waitSignal(editor.textChanged, timeout=1000):
        qtbot.keyClicks(editor.scintilla, "x = 1")
    assert editor.text() == "x = 1"
    editor.undo()
    assert editor.text() == ""
    editor.redo()
    assert editor.text() == "x = 1"


def test_auto_indent_after_colon_and_keeps_indent(editor, qtbot):
    editor.set_text("")
    sci = editor.scintilla
    qtbot.keyClicks(sci, "def f():")
    qtbot.keyClick(sci, Qt.Key.Key_Return)
    qtbot.keyClicks(sci, "x = 1")
    qtbot.keyClick(sci, Qt.Key.Key_Return)
    qtbot.keyClicks(sci, "return x")
    qtbot.keyClick(sci, Qt.Key.Key_Return)
    qtbot.keyClicks(sci, "y = 2")
    assert editor.text() == "def f():\n    x = 1\n    return x\ny = 2"


def test_python_lexer_styles_keywords_and_strings(editor, qtbot):
    editor.set_text("def f():\n    return 'text'  # note\n")
    sci = editor.scintilla
    sci.colourise(0, -1)
    assert sci.styleAt(0) == 5  # keyword "def"
    assert sci.styleAt(4) == 9  # function name
    assert sci.styleAt(editor.text().index("'")) == 4  # single-quoted string
    assert sci.styleAt(len(editor.text().encode()) - 3) == 1  # comment


def test_line_numbers_margin_is_visible(editor):
    editor.set_text("x = 1\n")
    short = editor.scintilla.marginWidthN(0)
    editor.set_text("\n".join(str(n) for n in range(20000)))
    grown = editor.scintilla.marginWidthN(0)
    assert grown > editor.scintilla.textWidth(33, "999")
    assert grown > short and grown >= editor.scintilla.textWidth(33, "99999")


def test_brace_matching_highlights_the_pair(editor, qtbot):
    editor.set_text("print((1, 2))")
    sci = editor.scintilla
    sci.gotoPos(5)
    qtbot.wait(20)
    assert sci.braceMatch(5, 0) == 12
    assert editor.brace_pair() == (5, 12)
    editor._on_update_ui(0)
    assert sci.styleAt(5) in (0, 10)  # brace highlight is an overlay, text style unchanged
    sci.gotoPos(2)
    assert editor.brace_pair() is None

    editor.set_text("print((1, 2)")
    sci.gotoPos(5)
    assert editor.brace_pair() == (5, -1)


def test_find_and_replace(editor, qtbot):
    editor.set_text("alpha beta alpha gamma Alpha")
    editor.show_find()
    bar = editor.find_bar
    assert bar.isVisible()
    qtbot.keyClicks(bar.find_box, "alpha")
    sci = editor.scintilla
    assert (sci.selectionStart(), sci.selectionEnd()) == (0, 5)
    assert bar.find_match(forward=True)
    assert sci.selectionStart() == 11
    bar.replace_box.setText("delta")
    bar.match_case.setChecked(True)
    assert bar.replace_all() == 2
    assert editor.text() == "delta beta delta gamma Alpha"
    editor.undo()
    assert editor.text() == "alpha beta alpha gamma Alpha"
    bar.find_box.setText("nothing here")
    assert not bar.find_match()
    assert bar.status.text() == "Not found"
    qtbot.keyClick(bar.find_box, Qt.Key.Key_Escape)
    assert not bar.isVisible()


def test_ctrl_f_opens_find_bar_from_the_editor(editor, qtbot):
    editor.set_text("some text")
    editor.focus_text()
    qtbot.keyClick(editor.scintilla, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert editor.find_bar.isVisible()
    assert editor.find_bar.find_box.hasFocus()


def test_zoom_in_out_and_limits(editor, qtbot):
    editor.set_text("x")
    start = editor.zoom()
    qtbot.keyClick(editor.scintilla, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom() == start + 1
    qtbot.keyClick(editor.scintilla, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert editor.zoom() == start
    for _ in range(100):
        editor.zoom_in()
    assert editor.zoom() == 20
    editor.reset_zoom()
    assert editor.zoom() == 0


def test_read_only_blocks_typing_and_replace(editor, qtbot):
    editor.set_text("keep")
    editor.set_read_only(True)
    with qtbot.assertNotEmitted(editor.textChanged):
        qtbot.keyClicks(editor.scintilla, "more")
    assert editor.text() == "keep"
    assert not editor.find_bar.replace_all_button.isEnabled()
    editor.set_text("replaced by program")
    assert editor.is_read_only()
    assert editor.text() == "replaced by program"
