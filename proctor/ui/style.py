"""The shared look of Proctor's windows: one style sheet, a readable base font, the
high-contrast theme laid over it (white and yellow on black, `set_high_contrast`), the
font scale of 100–200 % (`set_font_scale`: the base font and every size in the style sheet),
and helpers for widgets that change their look through dynamic properties."""

from __future__ import annotations

import logging
import re

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from proctor.common.i18n import translator
from proctor.common.paths import assets_dir
from proctor.common.protocol import MAX_FONT_SCALE, MIN_FONT_SCALE
from proctor.ui import language

tr = translator(__name__)

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11
STYLE_SHEET_NAME = "style.qss"
HIGH_CONTRAST_SHEET_NAME = "high_contrast.qss"
HIGH_CONTRAST_PROPERTY = "proctorHighContrast"
FONT_SCALE_PROPERTY = "proctorFontScale"
SCALED_SHEET_PROPERTY = "proctorScaledSheet"  # a widget's own sheet, before scaling
EDITOR_POINT_SIZE = 12  # the code editors' font at 100 %
_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")

# Colours used from code (status dots, etc.); the style sheet uses the same values.
GREEN = "#2e7d32"
AMBER = "#b26a00"
RED = "#c62828"
GREY = "#6b7785"


def style_sheet(name: str = STYLE_SHEET_NAME) -> str:
    """The shared style sheet, or an empty one if the asset is missing."""
    path = assets_dir() / name
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        log.warning("style sheet %s not readable: %s", path, exc)
        return ""


def apply_style(app: QApplication) -> None:
    """Fusion style (the same everywhere), a base font of at least 11 pt, the style sheet."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    base = max(_base_point_size(app), BASE_POINT_SIZE)  # a scale set before stays right
    font = app.font()
    if font.pointSizeF() != base * font_scale() / 100:
        font.setPointSizeF(base * font_scale() / 100)
        app.setFont(font)
    _apply_sheet(app)


def _base_point_size(app: QApplication) -> float:
    """The app's font size at 100 %: the font as it is now, less the scale on it."""
    return app.font().pointSizeF() * 100 / font_scale()


def mono_font(point_size: float = BASE_POINT_SIZE, scaled: bool = True) -> QFont:
    """The monospace font at `point_size`, times the font scale unless `scaled` is False."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size * font_scale() / 100 if scaled else point_size)
    return font


def high_contrast() -> bool:
    """Whether the high-contrast theme is on."""
    app = QApplication.instance()
    return bool(app is not None and app.property(HIGH_CONTRAST_PROPERTY))


def _high_contrast_palette() -> QPalette:
    palette = QPalette()
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(role, black)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.BrightText,
        QPalette.ColorRole.PlaceholderText,
    ):
        palette.setColor(role, white)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#1a1a1a"))
    palette.setColor(QPalette.ColorRole.Highlight, yellow)
    palette.setColor(QPalette.ColorRole.HighlightedText, black)
    palette.setColor(QPalette.ColorRole.ToolTipBase, yellow)
    palette.setColor(QPalette.ColorRole.ToolTipText, black)
    palette.setColor(QPalette.ColorRole.Link, QColor("#00ffff"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#b0b0b0"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#b0b0b0"))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor("#b0b0b0"))
    return palette


# Laid over a rich-text document's own style sheet in the high-contrast theme.
HIGH_CONTRAST_DOCUMENT_CSS = """
body, p, li, td, th, i, b, em, strong { color: #ffffff; }
h1, h2, h3, h4 { color: #ffff00; }
code, pre { color: #ffffff; background: #000000; }
td, th { border: 1px solid #ffffff; }
a { color: #00ffff; }
"""


def document_css(css: str) -> str:
    """A rich-text document's style sheet in the theme that is on."""
    return css + HIGH_CONTRAST_DOCUMENT_CSS if high_contrast() else css


def set_high_contrast(on: bool) -> None:
    """Lay the high-contrast theme over the shared style (or take it off), app-wide."""
    app = QApplication.instance()
    if not isinstance(app, QApplication) or high_contrast() == on:
        return
    app.setProperty(HIGH_CONTRAST_PROPERTY, on)
    app.setPalette(_high_contrast_palette() if on else app.style().standardPalette())
    _apply_sheet(app)


def font_scale() -> int:
    """The font scale in percent (100 unless `set_font_scale` changed it)."""
    app = QApplication.instance()
    scale = app.property(FONT_SCALE_PROPERTY) if app is not None else None
    return int(scale) if scale else MIN_FONT_SCALE


def scaled_sheet(sheet: str, percent: int) -> str:
    """`sheet` with every size in points scaled to `percent`."""
    if percent == 100:
        return sheet
    return _POINTS.sub(lambda m: f"{float(m[1]) * percent / 100:g}pt", sheet)


def set_scaled_sheet(widget: QWidget, sheet: str) -> None:
    """Give `widget` its own `sheet`, its sizes scaled now and again whenever the scale
    changes (the proctor may grant a larger one mid-exam)."""
    widget.setProperty(SCALED_SHEET_PROPERTY, sheet)
    widget.setStyleSheet(scaled_sheet(sheet, font_scale()))


def editor_zoom() -> int:
    """The code editors' zoom (points added to their font) for the font scale."""
    return round(EDITOR_POINT_SIZE * (font_scale() - 100) / 100)


def set_font_scale(percent: int) -> None:
    """Scale the base font and the style sheet's sizes to `percent` (100–200), app-wide."""
    if not MIN_FONT_SCALE <= percent <= MAX_FONT_SCALE:
        raise ValueError(f"the font scale is {MIN_FONT_SCALE}–{MAX_FONT_SCALE} %, not {percent}")
    app = QApplication.instance()
    if not isinstance(app, QApplication) or percent == font_scale():
        return
    base = _base_point_size(app)
    app.setProperty(FONT_SCALE_PROPERTY, percent)
    font = app.font()
    font.setPointSizeF(base * percent / 100)
    app.setFont(font)
    _apply_sheet(app)
    for widget in app.allWidgets():
        own = widget.property(SCALED_SHEET_PROPERTY)
        if own:
            widget.setStyleSheet(scaled_sheet(str(own), percent))


def _apply_sheet(app: QApplication) -> None:
    sheet = style_sheet()
    if high_contrast():
        sheet += "\n" + style_sheet(HIGH_CONTRAST_SHEET_NAME)
    app.setStyleSheet(scaled_sheet(sheet, font_scale()))


def set_level(widget: QWidget, level: str, name: str = "level") -> None:
    """Set a dynamic property used by the style sheet and re-apply the style."""
    if widget.property(name) == level:
        return
    widget.setProperty(name, level)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()


def ensure_application() -> QApplication:
    """The running QApplication, or a new one with the shared style."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setApplicationName("Proctor")
    QGuiApplication.setApplicationDisplayName("Proctor")
    QGuiApplication.setDesktopFileName("proctor")
    app = QApplication(["proctor"])
    apply_style(app)
    language.install(language.choose(language.requested()))
    return app
