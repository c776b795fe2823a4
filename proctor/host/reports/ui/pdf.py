"""Documents (proctor.host.reports.document) laid out on A4 PDF pages with Qt's own
QPdfWriter and QPainter: the exam's name and date in every page's header, "Page n of N" in
the footer, readable fonts, a table's header repeated on each page and its rows never split,
code with line numbers (highlighted lines shaded), the histogram drawn as bars.

Layout runs first (every block measured and placed on pages), painting after, so the
footer knows the page count. `ensure_gui_app()` gives the offline exporter the
Qt application that fonts need (offscreen where there is no display).
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QApplication

from proctor.host.reports.document import (
    Code,
    Column,
    Document,
    Facts,
    Heading,
    Histogram,
    PageBreak,
    Paragraph,
    Row,
    Table,
)

DPI = 300
MM = DPI / 25.4
MARGINS_MM = QMarginsF(16, 14, 16, 14)
MAX_CELL_LINES = 14  # a longer cell is cut (with "…"): a row always fits a page
KEEP_LINES = 6  # a paragraph this short is never split across pages
INK = QColor("#1f2937")
MUTED = QColor("#6b7280")
ACCENT = QColor("#1e3a5f")
RULE = QColor("#d1d5db")
HEADER_FILL = QColor("#eef2f7")
TONE_FILLS = {
    "good": QColor("#e9f6ec"),
    "bad": QColor("#fdecec"),
    "flag": QColor("#fff1c2"),
}
WARNING_FILL = QColor("#fff6dc")
WARNING_BAR = QColor("#d69e2e")
MARK_FILL = QColor("#fff1a8")
CODE_FILL = QColor("#f6f7f9")

Op = Callable[[QPainter], None]

_app: QApplication | None = None


def ensure_gui_app() -> QCoreApplication:
    """The running Qt application, or a new one (offscreen on a Linux machine without a
    display) for an offline tool such as the exporter. A QApplication, not the lighter
    QGuiApplication: the process (the dashboard's, a test run) may show widgets after it."""
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if sys.platform.startswith("linux") and no_display:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication(["proctor-reports"])
    return _app


class Fonts:
    def __init__(self) -> None:
        base = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

        def make(source: QFont, size: float, bold: bool = False, italic: bool = False) -> QFont:
            font = QFont(source)
            font.setPointSizeF(size)
            font.setBold(bold)
            font.setItalic(italic)
            return font

        self.body = make(base, 10)
        self.bold = make(base, 10, bold=True)
        self.small = make(base, 8.5)
        self.muted = make(base, 10, italic=True)
        self.h1 = make(base, 14, bold=True)
        self.h2 = make(base, 11.5, bold=True)
        self.h3 = make(base, 10, bold=True)
        self.header = make(base, 8.5, bold=True)
        self.footer = make(base, 8)
        self.cell = make(base, 9)
        self.cell_bold = make(base, 9, bold=True)
        self.mono = make(fixed, 8.5)
        self.mono_bold = make(fixed, 8.5, bold=True)
        self.bar = make(base, 7.5)


class PdfLayout:
    """Places a document's blocks on pages; `paint()` draws them."""

    def __init__(self, writer: QPdfWriter, document: Document) -> None:
        self.writer = writer
        self.document = document
        self.fonts = Fonts()
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width = float(rect.width())
        self.height = float(rect.height())
        self.top = 10 * MM  # below the header
        self.bottom = self.height - 8 * MM  # above the footer
        self.pages: list[list[Op]] = [[]]
        self.y = self.top

    # -- measuring ----------------------------------------------------------------------

    def metrics(self, font: QFont) -> QFontMetricsF:
        return QFontMetricsF(font, self.writer)

    def line_height(self, font: QFont) -> float:
        return self.metrics(font).lineSpacing()

    def wrap(self, text: str, font: QFont, width: float) -> list[str]:
        """Lines of `text` at `width`, broken at word boundaries (or anywhere in a word too
        long for a line); its own line breaks kept, tabs as four spaces."""
        lines: list[str] = []
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        for part in text.replace("\t", "    ").split("\n"):
            if not part:
                lines.append("")
                continue
            layout = QTextLayout(part, font, self.writer)
            layout.setTextOption(option)
            layout.beginLayout()
            while True:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(max(width, 1.0))
                lines.append(part[line.textStart() : line.textStart() + line.textLength()])
            layout.endLayout()
        return [line.rstrip() for line in lines]

    # -- placing ------------------------------------------------------------------------

    @property
    def room(self) -> float:
        return self.bottom - self.y

    def new_page(self) -> None:
        self.pages.append([])
        self.y = self.top

    def ensure(self, height: float) -> None:
        if height > self.room and self.y > self.top:
            self.new_page()

    def add(self, op: Op) -> None:
        self.pages[-1].append(op)

    def text_op(self, x: float, y: float, text: str, font: QFont, color: QColor) -> Op:
        ascent = self.metrics(font).ascent()

        def draw(p: QPainter) -> None:
            p.setFont(font)
            p.setPen(color)
            p.drawText(QPointF(x, y + ascent), text)

        return draw

    def fill_op(self, rect: QRectF, color: QColor) -> Op:
        return lambda p: p.fillRect(rect, color)

    def line_op(self, x1: float, y1: float, x2: float, y2: float, color: QColor) -> Op:
        def draw(p: QPainter) -> None:
            p.setPen(QPen(color, 0.25 * MM))
            p.drawLine(QPointF(x1, y1), QPointF(x2, y2))

        return draw

    # -- blocks ---------------------------------------------------------------------------

    def layout(self) -> None:
        for block in self.document.blocks:
            if isinstance(block, Heading):
                self.heading(block)
            elif isinstance(block, Paragraph):
                self.paragraph(block)
            elif isinstance(block, Facts):
                self.facts(block)
            elif isinstance(block, Table):
                self.table(block)
            elif isinstance(block, Histogram):
                self.histogram(block)
            elif isinstance(block, Code):
                self.code(block)
            elif isinstance(block, PageBreak) and self.y > self.top:
                self.new_page()

    def heading(self, block: Heading) -> None:
        font = {1: self.fonts.h1, 2: self.fonts.h2}.get(block.level, self.fonts.h3)
        before = {1: 6 * MM, 2: 5 * MM}.get(block.level, 2.5 * MM)
        lines = self.wrap(block.text, font, self.width)
        height = len(lines) * self.line_height(font)
        # Keep a heading with what follows it: never alone at the foot of a page.
        self.ensure(before + height + 22 * MM)
        if self.y > self.top:
            self.y += before
        if block.level == 2:
            self.add(self.line_op(0, self.y - 2 * MM, self.width, self.y - 2 * MM, RULE))
        for line in lines:
            self.add(self.text_op(0, self.y, line, font, ACCENT))
            self.y += self.line_height(font)
        self.y += 1.5 * MM

    def paragraph(self, block: Paragraph) -> None:
        font, color = {
            "small": (self.fonts.small, MUTED),
            "muted": (self.fonts.muted, MUTED),
            "mono": (self.fonts.mono, INK),
            "warning": (self.fonts.body, INK),
        }.get(block.style, (self.fonts.body, INK))
        indent = 3 * MM if block.style in ("warning", "mono") else 0.0
        lines = self.wrap(block.text, font, self.width - 2 * indent)
        step = self.line_height(font)
        pad = 1.2 * MM if indent else 0.0
        fill = WARNING_FILL if block.style == "warning" else CODE_FILL
        if len(lines) <= KEEP_LINES:
            self.ensure(len(lines) * step + 2 * pad)
        for i, line in enumerate(lines):
            self.ensure(step + 2 * pad)
            top_pad = pad if i == 0 or self.y == self.top else 0.0
            bottom_pad = pad if i == len(lines) - 1 else 0.0
            if indent:
                band = QRectF(0, self.y, self.width, step + top_pad + bottom_pad)
                self.add(self.fill_op(band, fill))
                if block.style == "warning":
                    self.add(self.fill_op(QRectF(0, self.y, 0.8 * MM, band.height()), WARNING_BAR))
            self.add(self.text_op(indent, self.y + top_pad, line, font, color))
            self.y += step + top_pad + bottom_pad
        self.y += 2 * MM

    def facts(self, block: Facts) -> None:
        label_font, value_font = self.fonts.bold, self.fonts.body
        widest = max(
            (self.metrics(label_font).horizontalAdvance(k) for k, _ in block.rows), default=0.0
        )
        label_width = min(widest + 4 * MM, self.width * 0.35)
        step = self.line_height(value_font)
        for label, value in block.rows:
            font = self.fonts.mono if label in block.mono_labels else value_font
            lines = self.wrap(value, font, self.width - label_width)
            height = max(1, len(lines)) * step
            self.ensure(height)
            self.add(self.text_op(0, self.y, label, label_font, MUTED))
            for i, line in enumerate(lines):
                self.add(self.text_op(label_width, self.y + i * step, line, font, INK))
            self.y += height + 0.8 * MM
        self.y += 2 * MM

    def table(self, block: Table) -> None:
        if not block.rows:
            if block.empty:
                self.paragraph(Paragraph(block.empty, "muted"))
            return
        pad = 1.4 * MM
        widths = self.column_widths(block, pad)
        header = Row([c.title for c in block.columns])
        header_cells = self.cells(header, block.columns, widths, pad, header=True)
        header_height = self.row_height(header_cells, block.columns, pad, header=True)

        def draw_header() -> None:
            self.add(self.fill_op(QRectF(0, self.y, self.width, header_height), HEADER_FILL))
            self.row_ops(header_cells, block.columns, widths, pad, header=True)
            self.y += header_height

        self.ensure(header_height + 12 * MM)
        draw_header()
        for row in block.rows:
            cells = self.cells(row, block.columns, widths, pad)
            height = self.row_height(cells, block.columns, pad)
            if height > self.room:
                self.new_page()
                draw_header()
            fill = TONE_FILLS.get(row.tone)
            if fill is not None:
                self.add(self.fill_op(QRectF(0, self.y, self.width, height), fill))
            self.row_ops(cells, block.columns, widths, pad, muted=row.tone == "muted")
            self.y += height
            self.add(self.line_op(0, self.y, self.width, self.y, RULE))
        self.y += 3 * MM

    def column_widths(self, block: Table, pad: float) -> list[float]:
        """Shares of the width by weight, but never narrower than a header's longest word
        or, right-aligned (numbers), than the longest cell: those never break."""
        total = sum(c.weight for c in block.columns) or 1.0
        shares = [self.width * c.weight / total for c in block.columns]
        header = self.metrics(self.fonts.cell_bold)
        needs = []
        for i, column in enumerate(block.columns):
            words = column.title.split() or [""]
            need = max(header.horizontalAdvance(w) for w in words)
            if column.align == "right":
                cells = self.metrics(self.cell_font(column, False))
                need = max(
                    [need]
                    + [cells.horizontalAdvance(r.cells[i]) for r in block.rows if i < len(r.cells)]
                )
            needs.append(need + 2 * pad + 0.5 * MM)
        widths = [max(share, need) for share, need in zip(shares, needs, strict=True)]
        over = sum(widths) - self.width
        spare = sum(w - n for w, n in zip(widths, needs, strict=True) if w > n)
        if over > 0 and spare > 0:
            cut = min(1.0, over / spare)
            widths = [w - (w - n) * cut if w > n else w for w, n in zip(widths, needs, strict=True)]
        return widths

    def cell_font(self, column: Column, header: bool) -> QFont:
        if header:
            return self.fonts.cell_bold
        return self.fonts.mono if column.mono else self.fonts.cell

    def cells(
        self, row: Row, columns: list[Column], widths: list[float], pad: float, header: bool = False
    ) -> list[list[str]]:
        out = []
        for text, column, width in zip(row.cells, columns, widths, strict=False):
            lines = self.wrap(text, self.cell_font(column, header), width - 2 * pad)
            if len(lines) > MAX_CELL_LINES:
                lines = lines[: MAX_CELL_LINES - 1] + ["…"]
            out.append(lines)
        return out

    def row_height(
        self, cells: list[list[str]], columns: list[Column], pad: float, header: bool = False
    ) -> float:
        heights = [
            len(lines) * self.line_height(self.cell_font(column, header))
            for lines, column in zip(cells, columns, strict=False)
        ]
        return max(heights, default=0.0) + 2 * pad

    def row_ops(
        self,
        cells: list[list[str]],
        columns: list[Column],
        widths: list[float],
        pad: float,
        header: bool = False,
        muted: bool = False,
    ) -> None:
        x = 0.0
        for lines, column, width in zip(cells, columns, widths, strict=False):
            font = self.cell_font(column, header)
            step = self.line_height(font)
            metrics = self.metrics(font)
            for i, line in enumerate(lines):
                advance = metrics.horizontalAdvance(line)
                if column.align == "right":
                    left = x + width - pad - advance
                elif column.align == "center":
                    left = x + (width - advance) / 2
                else:
                    left = x + pad
                color = MUTED if muted or header else INK
                self.add(self.text_op(left, self.y + pad + i * step, line, font, color))
            x += width

    def histogram(self, block: Histogram) -> None:
        height = 62 * MM
        self.ensure(height + 10 * MM)
        top = self.y
        small, bar_font = self.fonts.small, self.fonts.bar
        step = self.line_height(small)
        left = 12 * MM
        caption_height = self.line_height(self.fonts.h3) + 1 * MM if block.caption else 0.0
        plot_top = top + caption_height + step + self.line_height(bar_font) + 1 * MM
        plot_bottom = top + height - 2 * step - 2 * MM
        plot_width = self.width - left - 2 * MM
        most = max((b.count for b in block.bars), default=0)
        scale_max = max(1, most)
        ticks = _ticks(scale_max)
        scale_max = max(scale_max, ticks[-1])
        if block.caption:
            self.add(self.text_op(0, top, block.caption, self.fonts.h3, ACCENT))
        for tick in ticks:
            y = plot_bottom - (plot_bottom - plot_top) * tick / scale_max
            self.add(self.line_op(left, y, left + plot_width, y, RULE))
            label = str(tick)
            advance = self.metrics(small).horizontalAdvance(label)
            self.add(self.text_op(left - advance - 1.5 * MM, y - step / 2, label, small, MUTED))
        n = max(1, len(block.bars))
        slot = plot_width / n
        for i, bar in enumerate(block.bars):
            x = left + i * slot
            h = (plot_bottom - plot_top) * bar.count / scale_max
            rect = QRectF(x + slot * 0.12, plot_bottom - h, slot * 0.76, h)
            self.add(self.fill_op(rect, ACCENT))
            if bar.count:
                text = str(bar.count)
                advance = self.metrics(bar_font).horizontalAdvance(text)
                y = plot_bottom - h - self.line_height(bar_font)
                self.add(self.text_op(x + (slot - advance) / 2, y, text, bar_font, INK))
            advance = self.metrics(bar_font).horizontalAdvance(bar.label)
            self.add(
                self.text_op(
                    x + (slot - advance) / 2, plot_bottom + 1 * MM, bar.label, bar_font, MUTED
                )
            )
        self.add(self.line_op(left, plot_bottom, left + plot_width, plot_bottom, INK))
        if block.x_title:
            advance = self.metrics(small).horizontalAdvance(block.x_title)
            y = plot_bottom + 1 * MM + self.line_height(bar_font)
            self.add(
                self.text_op(left + (plot_width - advance) / 2, y, block.x_title, small, MUTED)
            )
        if block.y_title:
            self.add(self.text_op(0, top + caption_height, block.y_title, small, MUTED))
        self.y = top + height + 3 * MM

    def code(self, block: Code) -> None:
        font, bold = self.fonts.mono, self.fonts.mono_bold
        step = self.line_height(font)
        lines = block.text.rstrip("\n").split("\n")
        gutter = self.metrics(font).horizontalAdvance(f"{len(lines):>3} ") + 2 * MM
        text_width = self.width - gutter - 2 * MM

        def title(continued: bool) -> None:
            text = block.title + ("  (continued)" if continued else "")
            self.add(self.fill_op(QRectF(0, self.y, self.width, step + 1.5 * MM), HEADER_FILL))
            self.add(self.text_op(1.5 * MM, self.y + 0.75 * MM, text, bold, ACCENT))
            self.y += step + 1.5 * MM

        self.ensure(4 * step)
        title(False)
        for number, line in enumerate(lines, start=1):
            pieces = self.wrap(line, font, text_width) or [""]
            for k, piece in enumerate(pieces):
                if step > self.room:
                    self.new_page()
                    title(True)
                fill = MARK_FILL if number in block.marked else CODE_FILL
                self.add(self.fill_op(QRectF(0, self.y, self.width, step), fill))
                if k == 0:
                    label = f"{number:>3}"
                    self.add(self.text_op(0.5 * MM, self.y, label, font, MUTED))
                self.add(self.text_op(gutter, self.y, piece, font, INK))
                self.y += step
        self.y += 3 * MM

    # -- painting -------------------------------------------------------------------------

    def paint(self, painter: QPainter) -> None:
        count = len(self.pages)
        for index, ops in enumerate(self.pages):
            if index:
                self.writer.newPage()
            self.frame(painter, index + 1, count)
            for op in ops:
                op(painter)

    def frame(self, painter: QPainter, page: int, count: int) -> None:
        font, small = self.fonts.header, self.fonts.footer
        doc = self.document
        self.text_op(0, 0, doc.header_left, font, ACCENT)(painter)
        right = doc.header_right
        advance = self.metrics(font).horizontalAdvance(right)
        self.text_op(self.width - advance, 0, right, font, MUTED)(painter)
        rule_y = self.line_height(font) + 1 * MM
        self.line_op(0, rule_y, self.width, rule_y, RULE)(painter)
        footer_y = self.height - self.line_height(small)
        title = self.metrics(small).elidedText(
            doc.title, Qt.TextElideMode.ElideRight, self.width * 0.7
        )
        self.text_op(0, footer_y, title, small, MUTED)(painter)
        number = f"Page {page} of {count}"
        advance = self.metrics(small).horizontalAdvance(number)
        self.text_op(self.width - advance, footer_y, number, small, MUTED)(painter)


def _ticks(most: int) -> list[int]:
    """Round steps for the count axis: 0..most in at most six steps."""
    step = max(1, math.ceil(most / 5))
    for nice in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if nice >= step:
            step = nice
            break
    return list(range(0, most + step, step))


def render_pdf(document: Document, path: Path) -> int:
    """Write `document` to `path` as an A4 PDF; the number of pages. Needs a Qt application
    (`ensure_gui_app()`)."""
    if QCoreApplication.instance() is None:
        raise RuntimeError("render_pdf needs a Qt application: call ensure_gui_app() first")
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    writer.setTitle(document.title)
    writer.setCreator("Proctor")
    layout = PdfLayout(writer, document)
    layout.layout()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot write {path}")
    try:
        layout.paint(painter)
    finally:
        painter.end()
    return len(layout.pages)
