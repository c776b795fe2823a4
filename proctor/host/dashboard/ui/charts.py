"""The score histogram, drawn with QPainter (no charting module): one bar per band of
percent, its count above it, the bands below, a light grid of round counts."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from proctor.common.i18n import translator
from proctor.common.marks import HistogramBin
from proctor.host.dashboard.ui.labels import score_number

tr = translator(__name__)

BAR = QColor("#1e5aa8")
GRID = QColor("#d5dbe3")
TEXT = QColor("#3d4a5c")


def nice_ticks(most: int) -> list[int]:
    """0..most (or a little more) in at most six round steps: 0, 5, 10 … or 0, 1, 2 …"""
    step = max(1, math.ceil(most / 5))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    return list(range(0, max(most, 1) + step, step))


class HistogramWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bins: list[HistogramBin] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(self.fontMetrics().height() * 8)

    def set_bins(self, bins: list[HistogramBin]) -> None:
        self.bins = list(bins)
        total = sum(b.count for b in bins)
        bands = ", ".join(
            f"{score_number(b.from_)}–{score_number(b.to)}%: {b.count}" for b in bins if b.count
        )
        self.setToolTip(
            tr("{total} students · {bands}").format(total=total, bands=bands) if bands else ""
        )
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 60, metrics.height() * 11)

    def bar_rects(self) -> list[QRectF]:
        """Where each bar is drawn (also what the tests measure)."""
        plot = self._plot_area()
        top = max(1, max((b.count for b in self.bins), default=0))
        scale = max(top, nice_ticks(top)[-1])
        slot = plot.width() / max(1, len(self.bins))
        rects = []
        for i, b in enumerate(self.bins):
            height = plot.height() * b.count / scale
            rects.append(
                QRectF(
                    plot.left() + i * slot + slot * 0.12,
                    plot.bottom() - height,
                    slot * 0.76,
                    height,
                )
            )
        return rects

    def _plot_area(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("0000") + 8
        top = metrics.height() + 4
        bottom = self.height() - metrics.height() - 6
        return QRectF(left, top, max(1.0, self.width() - left - 6), max(1.0, bottom - top))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), self.palette().base())
        metrics = self.fontMetrics()
        plot = self._plot_area()
        top = max(1, max((b.count for b in self.bins), default=0))
        ticks = nice_ticks(top)
        scale = max(top, ticks[-1])
        painter.setPen(QPen(GRID, 1))
        for tick in ticks:
            y = plot.bottom() - plot.height() * tick / scale
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(TEXT)
            label = QRectF(0, y - metrics.height() / 2, plot.left() - 4, metrics.height())
            painter.drawText(
                label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(tick)
            )
            painter.setPen(QPen(GRID, 1))
        slot = plot.width() / max(1, len(self.bins))
        for b, rect in zip(self.bins, self.bar_rects(), strict=True):
            painter.fillRect(rect, BAR)
            painter.setPen(TEXT)
            if b.count:
                above = QRectF(
                    rect.left() - 8,
                    rect.top() - metrics.height() - 1,
                    rect.width() + 16,
                    metrics.height(),
                )
                painter.drawText(above, Qt.AlignmentFlag.AlignCenter, str(b.count))
            band = QRectF(rect.center().x() - slot / 2, plot.bottom() + 2, slot, metrics.height())
            text = f"{score_number(b.from_)}–{score_number(b.to)}"
            elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(slot))
            painter.drawText(band, Qt.AlignmentFlag.AlignCenter, elided)
        painter.setPen(QPen(TEXT, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        painter.end()
