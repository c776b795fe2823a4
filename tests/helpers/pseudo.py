"""A pseudo-language for tests: every translated text comes back inside ‹ ›, so a text a
window shows without the marks never went through translation."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QTreeWidget,
    QWidget,
)

from proctor.common import i18n

OPEN, CLOSE = "‹", "›"
QT_OWN = {"ScrollLeftButton", "ScrollRightButton"}
_WORD = re.compile(r"[^\W\d_]{2,}")


@contextmanager
def pseudo_language() -> Iterator[None]:
    i18n.install(lambda _context, text: f"{OPEN}{text}{CLOSE}")
    try:
        yield
    finally:
        i18n.install(None)


def outside_marks(text: str) -> str:
    """`text` without what lies inside ‹ › (nested marks included)."""
    depth, kept = 0, []
    for ch in text:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE and depth:
            depth -= 1
        elif not depth:
            kept.append(ch)
    return "".join(kept)


def chrome_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for each text the app itself puts on a widget tree: labels, buttons,
    placeholders, tooltips, accessible names and descriptions, titles, tabs, headers, combo
    items. Not what a user typed or the paper holds (line edit and editor contents)."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if widget.objectName() in QT_OWN or widget.objectName().startswith("qt_"):
            continue  # Qt's own widgets speak through Qt's own translations
        name = f"{type(widget).__name__}({widget.objectName()})"
        texts = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel) and widget.textFormat() != Qt.TextFormat.RichText:
            texts.append(widget.text())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
            texts.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            texts += [header.text(c) for c in range(widget.columnCount())]
        elif isinstance(widget, QTableView | QTreeView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.headerData(c, Qt.Orientation.Horizontal) or "")
                for c in range(model.columnCount())
            ]
        found += [(name, t) for t in texts if t]
    return found


def untranslated(root: QWidget, data: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The texts of `root` with words outside the marks (after removing `data`: names,
    addresses and other values the test itself put in)."""
    values = sorted((d for d in data if d), key=len, reverse=True)
    bad = []
    for where, text in chrome_texts(root):
        rest = outside_marks(text)
        for value in values:
            rest = rest.replace(value, " ")
        if _WORD.search(rest):
            bad.append((where, text))
    return bad


def assert_translated(root: QWidget, data: Iterable[str] = ()) -> None:
    bad = untranslated(root, data)
    assert not bad, "not translated:\n" + "\n".join(f"  {w}: {t!r}" for w, t in bad)
