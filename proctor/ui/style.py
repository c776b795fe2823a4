"""The shared look of Proctor's windows: one style sheet, a readable base font, the
high-contrast theme laid over it (white and yellow on black, `set_high_contrast`), and
helpers for widgets that change their look through dynamic properties."""

from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from proctor.common.i18n import translator
from proctor.common.paths import assets_dir
from proctor.ui import language

tr = translator(__name__)

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11
STYLE_SHEET_NAME = "style.qss"
HIGH_CONTRAST_SHEET_NAME = "high_contrast.qss"
HIGH_CONTRAST_PROPERTY = "proctorHighContrast"

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
    font = app.font()
    if font.pointSizeF() < BASE_POINT_SIZE:
        font.setPointSizeF(BASE_POINT_SIZE)
        app.setFont(font)
    app.setStyleSheet(style_sheet())


def mono_font(point_size: float = BASE_POINT_SIZE) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(point_size)
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
    sheet = style_sheet()
    if on:
        sheet += "\n" + style_sheet(HIGH_CONTRAST_SHEET_NAME)
        app.setPalette(_high_contrast_palette())
    else:
        app.setPalette(app.style().standardPalette())
    app.setStyleSheet(sheet)


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
