"""What a screen reader is told about each control: Qt's accessible name (set, or taken from
the control's own text or its label's buddy), for every control a student or proctor can
reach with the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

CONTROLS = (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
)


def accessible_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def _inside_a_control(widget: QWidget) -> bool:
    """Qt's own parts of a control (a spin box's line edit, a combo's list, a tab bar's
    scroll buttons) are named through the control they belong to."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox | QTabBar):
            return True
        parent = parent.parentWidget()
    return False


def controls(root: QWidget) -> list[QWidget]:
    """The keyboard-reachable controls shown under `root`, Qt's own parts of them aside."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not isinstance(widget, CONTROLS) or isinstance(widget, QScrollBar):
            continue
        if not widget.isVisibleTo(root) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if widget.objectName().startswith("qt_") or _inside_a_control(widget):
            continue
        found.append(widget)
    return found


def unnamed(found: list[QWidget]) -> list[str]:
    """Those of `found` that a screen reader could not name."""
    return [
        f"{type(w).__name__} {w.objectName() or '(no object name)'} in "
        f"{type(w.parentWidget()).__name__}"
        for w in found
        if not accessible_name(w)
    ]
