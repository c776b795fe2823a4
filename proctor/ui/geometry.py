"""Window sizes that fit the screen and grow with the font, and remembered window geometry.

Sizes are asked for in text units (average character widths and line heights of the window's
font), so a larger system font gives a larger window; they are then cut to the screen's
available area, leaving room for the window manager's frame. A remembered geometry (Qt's
`saveGeometry`, as base64 text for a JSON file) is used only if it still fits the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize
from PySide6.QtWidgets import QWidget

FRAME_ALLOWANCE = QSize(16, 48)  # window manager borders and title bar


def text_size(widget: QWidget, columns: float, lines: float) -> QSize:
    """`columns` average characters by `lines` text lines in `widget`'s font."""
    metrics = widget.fontMetrics()
    return QSize(round(columns * metrics.averageCharWidth()), round(lines * metrics.lineSpacing()))


def available_area(widget: QWidget) -> QRect:
    screen = widget.screen()
    if screen is None:
        return QRect(0, 0, 1366, 768)
    return screen.availableGeometry()


def fitted_size(wanted: QSize, area: QRect) -> QSize:
    room = QSize(area.width() - FRAME_ALLOWANCE.width(), area.height() - FRAME_ALLOWANCE.height())
    return wanted.boundedTo(room)


def place(
    widget: QWidget, columns: float, lines: float, saved: str = "", area: QRect | None = None
) -> None:
    """Size `widget` for `columns` x `lines` of text within `area` (its screen's free area),
    or restore the `saved` geometry when that still fits; centre it when not restored."""
    area = area or available_area(widget)
    if saved and restore(widget, saved, area):
        return
    size = fitted_size(text_size(widget, columns, lines), area)
    widget.resize(size.expandedTo(widget.minimumSize()))
    # Centred with the frame the window manager will add (not known before the window is
    # shown), so the title bar does not push the bottom off the screen.
    frame = QRect(QPoint(0, 0), widget.size() + FRAME_ALLOWANCE)
    frame.moveCenter(area.center())
    widget.move(max(area.left(), frame.left()), max(area.top(), frame.top()))


def restore(widget: QWidget, saved: str, area: QRect) -> bool:
    """Restore a geometry from `record_of`; False (nothing changed) if it does not fit."""
    data = QByteArray.fromBase64(saved.encode("ascii", "ignore"))
    if data.isEmpty():
        return False
    before = widget.saveGeometry()
    if not widget.restoreGeometry(data):
        return False
    fits = widget.width() <= area.width() and widget.height() <= area.height()
    if not fits:
        widget.restoreGeometry(before)
    return fits


def record_of(widget: QWidget) -> str:
    """The window's geometry as text to keep."""
    return bytes(widget.saveGeometry().toBase64().data()).decode("ascii")
