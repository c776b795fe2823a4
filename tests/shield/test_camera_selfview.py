"""The student's self-view, fed from the camera monitor's thread, and the notice line."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from proctor.shield.camera_monitor import CameraMonitor
from proctor.student.ui import messages
from proctor.student.ui.selfview import (
    UNAVAILABLE_TEXT,
    CameraNotice,
    SelfView,
    frame_to_image,
)
from tests.helpers.camera import ONE

pytestmark = pytest.mark.gui


def test_frames_become_mirrored_images() -> None:
    frame = np.zeros((240, 320, 3), np.uint8)
    frame[:, :10] = (255, 0, 0)  # a blue stripe on the left (BGR)
    image = frame_to_image(frame)
    assert (image.width(), image.height()) == (320, 240)
    right, left = image.pixelColor(315, 100), image.pixelColor(5, 100)
    assert (right.blue(), right.red()) == (255, 0)  # mirrored: now on the right
    assert left.blue() == 0
    grey = frame_to_image(np.full((120, 160), 200, np.uint8))
    assert grey.pixelColor(10, 10).red() == 200


def test_a_frame_from_another_thread_is_shown(qtbot: QtBot) -> None:
    view = SelfView()
    qtbot.addWidget(view)
    view.resize(96, 72)
    view.show()
    assert view.text() == "Camera…"
    frame = np.full((240, 320, 3), 90, np.uint8)
    worker = threading.Thread(target=view.feed_frame, args=(frame,))
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: view.frames_shown == 1)
    pixmap = view.pixmap()
    assert not pixmap.isNull()
    assert pixmap.width() <= 96 and pixmap.height() <= 72
    assert view.available


def test_no_camera_is_said_plainly(qtbot: QtBot) -> None:
    view = SelfView()
    qtbot.addWidget(view)
    view.feed_frame(np.zeros((240, 320, 3), np.uint8))
    view.feed_frame(None)
    qtbot.waitUntil(lambda: not view.available)
    assert view.text() == UNAVAILABLE_TEXT
    assert view.pixmap().isNull()


def test_the_monitor_feeds_the_view(qtbot: QtBot) -> None:
    view = SelfView()
    qtbot.addWidget(view)
    monitor = CameraMonitor(str(ONE), lambda kind, detail: None, 0.05, view.feed_frame)
    monitor.start()
    try:
        qtbot.waitUntil(lambda: view.frames_shown >= 3, timeout=10_000)
    finally:
        monitor.stop()
    assert monitor.analyses >= 3


def test_the_notice_says_what_is_checked_and_what_is_sent(qtbot: QtBot) -> None:
    notice = CameraNotice()
    qtbot.addWidget(notice)
    assert notice.text() == messages.CAMERA_NOTICE
    assert (
        "every 2 seconds" in messages.CAMERA_NOTICE
        and "only a small picture" in messages.CAMERA_NOTICE
    )
    view = SelfView()
    qtbot.addWidget(view)
    assert view.toolTip() == messages.CAMERA_NOTICE


def test_the_view_fits_the_exam_top_bar(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    view = SelfView(holder)
    view.setMaximumSize(96, 72)
    view.resize(96, 72)
    view.feed_frame(np.full((180, 320, 3), 60, np.uint8))  # a wide camera
    qtbot.waitUntil(lambda: view.frames_shown == 1)
    assert view.pixmap().width() <= 96 and view.pixmap().height() <= 72
