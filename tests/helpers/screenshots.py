"""Screenshots for a person to look at, in artifacts/screenshots/: under xvfb-run (xcb) the
whole screen, as a window manager shows it; offscreen, the widget alone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from tests.helpers.constants import ROOT

SHOTS = ROOT / "artifacts" / "screenshots"


def screen_size() -> str:
    """The primary screen as "1366x768" ("window" without one), for the file name."""
    screen = QGuiApplication.primaryScreen()
    if screen is None:
        return "window"
    return f"{screen.geometry().width()}x{screen.geometry().height()}"


def save_screenshot(widget: QWidget, name: str) -> Path:
    """artifacts/screenshots/`name`.png, `{size}` in the name replaced by the screen's."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name.format(size=screen_size())}.png"
    QGuiApplication.processEvents()
    screen = QGuiApplication.primaryScreen()
    if QGuiApplication.platformName() == "xcb" and screen is not None:
        assert screen.grabWindow(0).save(str(path))
    else:
        assert widget.grab().save(str(path))
    return path
