"""The shared look of Proctor's windows: one style sheet, a readable base font, and
helpers for widgets that change their look through dynamic properties."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

from proctor.common.i18n import translator
from proctor.common.paths import assets_dir
from proctor.ui import language

tr = translator(__name__)

log = logging.getLogger(__name__)

BASE_POINT_SIZE = 11
STYLE_SHEET_NAME = "style.qss"

# Colours used from code (status dots, etc.); the style sheet uses the same values.
GREEN = "#2e7d32"
AMBER = "#b26a00"
RED = "#c62828"
GREY = "#6b7785"


def style_sheet() -> str:
    """The shared style sheet, or an empty one if the asset is missing."""
    path = assets_dir() / STYLE_SHEET_NAME
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
