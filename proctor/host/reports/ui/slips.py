"""PIN slips on A4 with QPdfWriter and QPainter: one slip per student on the roster, eight to
a page (2 × 4), with cutting lines between them. Each slip names the exam, the student, their
registration number and seat, the PIN in large type, and where to join."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from proctor.host.reports.ui.pdf import ensure_gui_app

DPI = 300
MM = DPI / 25.4
COLUMNS, ROWS = 2, 4
INK = QColor("#1f2937")
MUTED = QColor("#4b5563")
CUT = QColor("#9ca3af")


@dataclass(frozen=True)
class Slip:
    name: str
    reg_no: str
    seat: str
    pin: str


@dataclass(frozen=True)
class SlipSheet:
    exam: str
    join_line: str  # "Room ABC234 · join at 192.168.1.20:8080"
    labels: dict[str, str]  # the words of the slip: name, reg_no, seat, pin
    slips: list[Slip]


def _font(point_size: float, bold: bool = False, mono: bool = False) -> QFont:
    font = QFont("DejaVu Sans Mono" if mono else "DejaVu Sans")
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def write_slips_pdf(sheet: SlipSheet, path: Path) -> int:
    """Write the slips to `path`; the number of pages."""
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setTitle(f"PIN slips — {sheet.exam}")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        page = writer.pageLayout().paintRectPixels(DPI)
        width, height = page.width() / COLUMNS, page.height() / ROWS
        per_page = COLUMNS * ROWS
        pages = max(1, -(-len(sheet.slips) // per_page))
        for index, slip in enumerate(sheet.slips):
            if index and index % per_page == 0:
                writer.newPage()
            place = index % per_page
            box = QRectF((place % COLUMNS) * width, (place // COLUMNS) * height, width, height)
            _draw_slip(painter, box, sheet, slip)
            if place == per_page - 1 or index == len(sheet.slips) - 1:
                _draw_cuts(painter, page.width(), page.height(), width, height)
    finally:
        painter.end()
    return pages


def _draw_cuts(painter: QPainter, page_w: float, page_h: float, w: float, h: float) -> None:
    pen = QPen(CUT)
    pen.setStyle(Qt.PenStyle.DashLine)
    pen.setWidthF(0.25 * MM)
    painter.setPen(pen)
    for col in range(1, COLUMNS):
        painter.drawLine(int(col * w), 0, int(col * w), int(page_h))
    for row in range(1, ROWS):
        painter.drawLine(0, int(row * h), int(page_w), int(row * h))


def _draw_slip(painter: QPainter, box: QRectF, sheet: SlipSheet, slip: Slip) -> None:
    inner = box.adjusted(6 * MM, 5 * MM, -6 * MM, -5 * MM)
    labels = sheet.labels
    painter.setPen(MUTED)
    painter.setFont(_font(9))
    top = QRectF(inner.left(), inner.top(), inner.width(), 6 * MM)
    exam = _elided(painter, sheet.exam, top.width())
    painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, exam)
    painter.setPen(INK)
    painter.setFont(_font(13, bold=True))
    name_box = QRectF(inner.left(), top.bottom() + 1 * MM, inner.width(), 8 * MM)
    name = _elided(painter, slip.name, name_box.width())
    painter.drawText(name_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
    painter.setFont(_font(10))
    facts = f"{labels['reg_no']}: {slip.reg_no}"
    if slip.seat:
        facts += f"     {labels['seat']}: {slip.seat}"
    facts_box = QRectF(inner.left(), name_box.bottom(), inner.width(), 7 * MM)
    painter.drawText(facts_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, facts)
    painter.setPen(MUTED)
    painter.setFont(_font(10))
    pin_label = QRectF(inner.left(), facts_box.bottom() + 2 * MM, inner.width(), 6 * MM)
    painter.drawText(
        pin_label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, labels["pin"]
    )
    painter.setPen(INK)
    painter.setFont(_font(26, bold=True, mono=True))
    pin_box = QRectF(inner.left(), pin_label.bottom(), inner.width(), 14 * MM)
    spaced = " ".join(slip.pin)
    painter.drawText(pin_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, spaced)
    painter.setPen(MUTED)
    painter.setFont(_font(8.5))
    foot = QRectF(inner.left(), inner.bottom() - 6 * MM, inner.width(), 6 * MM)
    painter.drawText(
        foot, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, sheet.join_line
    )


def _elided(painter: QPainter, text: str, width: float) -> str:
    return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, int(width))
