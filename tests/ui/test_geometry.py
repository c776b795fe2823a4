"""Window placement: a window asked for more than the screen gets the screen less the
window manager's frame, and is centred with that frame, so no part of it hangs off."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from proctor.ui import geometry

LAPTOP = QRect(0, 0, 1366, 768)


def test_a_large_window_and_its_frame_stay_on_a_laptop_screen(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    geometry.place(window, 400, 200, area=LAPTOP)  # far more than the screen
    frame = geometry.FRAME_ALLOWANCE
    assert window.width() == 1366 - frame.width() and window.height() == 768 - frame.height()
    assert window.x() >= 0 and window.y() >= 0
    assert window.y() + window.height() + frame.height() <= LAPTOP.bottom() + 1
    assert window.x() + window.width() + frame.width() <= LAPTOP.right() + 1


def test_a_small_window_is_centred_with_its_frame(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    geometry.place(window, 20, 10, area=LAPTOP)
    frame = geometry.FRAME_ALLOWANCE
    top = window.y()
    bottom = LAPTOP.height() - (top + window.height() + frame.height())
    assert abs(top - bottom) <= 1
