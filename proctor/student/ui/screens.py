"""The student's side of the wall of screens: while the policy says "thumbnail" and the exam
is open, a picture of this app's own window (`QWidget.grab`: the exam window only, never the
rest of the screen) every few seconds, scaled down and encoded as a JPEG of at most 40 KB,
sent only when it changed. The grab is on the GUI thread (a few milliseconds); scaling and
encoding run off it (`run_task`), sending on the loop (`submit`)."""

from __future__ import annotations

import hashlib
import logging

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from proctor.common.hall import MAX_SCREEN_BYTES, ScreenAnswer
from proctor.student.hall import StudentHall
from proctor.ui.bridge import AsyncBridge

log = logging.getLogger(__name__)

THUMB_WIDTH = 800  # px: text stays legible on a tile and in the live view
QUALITIES = (70, 55, 40, 28, 18)
MIN_WIDTH = 320


def encode_thumbnail(image: QImage, max_bytes: int = MAX_SCREEN_BYTES) -> bytes:
    """`image` as a JPEG of at most `max_bytes`: scaled to THUMB_WIDTH, then lower quality,
    then smaller, until it fits (thread-safe: QImage only)."""
    width = min(THUMB_WIDTH, image.width())
    while True:
        scaled = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        for quality in QUALITIES:
            data = QByteArray()
            buffer = QBuffer(data)
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            scaled.save(buffer, "JPEG", quality)  # type: ignore[call-overload]  # PySide6 takes a str here; its stubs say bytes
            buffer.close()
            raw = bytes(data.data())
            if len(raw) <= max_bytes:
                return raw
        if width <= MIN_WIDTH:
            return raw[:0]
        width = max(MIN_WIDTH, width * 3 // 4)


def picture_digest(image: QImage) -> str:
    """Of a small copy of the picture: a blinking cursor alone is no change worth sending."""
    small = image.scaled(160, 90, Qt.AspectRatioMode.IgnoreAspectRatio)
    small = small.convertToFormat(QImage.Format.Format_Grayscale8)
    return hashlib.blake2b(bytes(small.constBits()), digest_size=16).hexdigest()


class ScreenSender(QObject):
    def __init__(
        self, bridge: AsyncBridge, hall: StudentHall, window: QWidget, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.hall = hall
        self.window = window
        self.interval_s = 10.0
        self.on = False
        self.last_digest = ""
        self.sent = 0
        self.bytes_sent = 0
        self._busy = False
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.capture)

    def set_policy(self, on: bool, interval_s: float) -> None:
        """Screens on or off (the policy), and the usual interval."""
        if on and not self.on:
            self.last_digest = ""
        self.on = on
        if on:
            self.set_interval(interval_s)
            if not self.timer.isActive():
                self.timer.start()
                QTimer.singleShot(500, self.capture)  # the first picture soon after the start
        else:
            self.timer.stop()

    def set_interval(self, interval_s: float) -> None:
        self.interval_s = max(1.0, interval_s)
        self.timer.setInterval(int(self.interval_s * 1000))

    def capture(self) -> None:
        if not self.on or self._busy or not self.window.isVisible():
            return
        image = self.window.grab().toImage()
        digest = picture_digest(image)
        if digest == self.last_digest:
            return  # unchanged: nothing is sent
        self._busy = True
        self.bridge.run_task(
            encode_thumbnail,
            image,
            on_done=lambda jpeg: self._send(jpeg, digest),
            on_error=self._failed,
        )

    def _send(self, jpeg: bytes, digest: str) -> None:
        if not jpeg or not self.on:
            self._busy = False
            return
        self.bridge.submit(
            self.hall.send_screen(jpeg),
            on_done=lambda answer: self._sent(answer, digest, len(jpeg)),
            on_error=self._failed,
        )

    def _sent(self, answer: ScreenAnswer, digest: str, size: int) -> None:
        self._busy = False
        self.last_digest = digest
        self.sent += 1
        self.bytes_sent += size
        if abs(answer.interval_s - self.interval_s) > 0.01:
            self.set_interval(answer.interval_s)

    def _failed(self, error: BaseException) -> None:
        self._busy = False  # the next tick tries again with a fresh picture
        log.info("thumbnail not sent: %s", error)
