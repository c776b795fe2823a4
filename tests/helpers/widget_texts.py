"""Every text a widget tree shows or tells a screen reader: labels, buttons, fields, rendered
documents, list, tree and table items, tooltips and accessible names. Tests search it for
text that must not be there (an answer, a hidden test) or must be."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
)


def widget_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        texts.append(widget.windowTitle())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.placeholderText()]
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QTextEdit):
            texts += [widget.toPlainText(), widget.toHtml()]
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                texts += [str(widget.item(i).data(role) or "") for role in _ROLES]
        elif isinstance(widget, QTreeWidget):
            for i in range(widget.topLevelItemCount()):
                texts += _tree_item_texts(widget.topLevelItem(i), widget.columnCount())
        elif isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        texts += [str(item.data(role) or "") for role in _ROLES]
        elif isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
    return [t for t in texts if t]


def _tree_item_texts(item: QTreeWidgetItem, columns: int) -> list[str]:
    texts = []
    for column in range(columns):
        texts += [str(item.data(column, role) or "") for role in _ROLES]
    for index in range(item.childCount()):
        texts += _tree_item_texts(item.child(index), columns)
    return texts
