"""The student's camera self-view, and the line that says what the camera check does.

`SelfView.feed_frame(frame)` is the camera monitor's `on_frame` callback: it runs on the monitor's
thread, turns the BGR frame into a QImage there and hands it to the GUI thread by a queued
signal. `None` means the camera is not available.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from proctor.common.i18n import translator
from proctor.student.ui import messages

tr = translator(__name__)

STARTING_TEXT = "Camera…"
UNAVAILABLE_TEXT = "No camera"


def frame_to_image(frame: np.ndarray) -> QImage:
    """A QImage copy of a BGR (or grey) `uint8` frame, mirrored like a mirror."""
    mirrored = np.ascontiguousarray(frame[:, ::-1])
    height, width = mirrored.shape[:2]
    if mirrored.ndim == 2:
        image = QImage(
            mirrored.data, width, height, mirrored.strides[0], QImage.Format.Format_Grayscale8
        )
    else:
        image = QImage(
            mirrored.data, width, height, mirrored.strides[0], QImage.Format.Format_BGR888
        )
    return image.copy()  # own the pixels: the array goes away with this function


class SelfView(QLabel):
    """A small live picture from the student's camera (one frame per analysis)."""

    _imageArrived = Signal(object)  # QImage, or None when the camera is unavailable
    availabilityChanged = Signal(bool)  # on the GUI thread, when the camera comes or goes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(tr(STARTING_TEXT), parent)
        self.setObjectName("selfView")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(64, 48)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setStyleSheet("#selfView { background: #20262e; color: #c8d0da; font-size: 8pt; }")
        self.setToolTip(messages.CAMERA_NOTICE)
        self.setAccessibleName(tr("Camera self-view"))
        self.setAccessibleDescription(messages.CAMERA_NOTICE)
        self.available = True
        self.frames_shown = 0
        self._image: QImage | None = None
        self._imageArrived.connect(self._show_image, Qt.ConnectionType.QueuedConnection)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt naming)
        return QSize(96, 72)

    def feed_frame(self, frame: np.ndarray | None) -> None:
        """Show `frame` (BGR), or that there is no camera for `None`. Safe from any thread."""
        self._imageArrived.emit(None if frame is None else frame_to_image(frame))

    @Slot(object)
    def _show_image(self, image: QImage | None) -> None:
        if image is None:
            was = self.available
            self.available = False
            self._image = None
            self.clear()
            self.setText(tr(UNAVAILABLE_TEXT))
            if was:
                self.availabilityChanged.emit(False)
            return
        if not self.available:
            self.availabilityChanged.emit(True)
        self.available = True
        self._image = image
        self.frames_shown += 1
        self._rescale()

    def _rescale(self) -> None:
        if self._image is None:
            return
        pixmap = QPixmap.fromImage(self._image)
        self.setPixmap(
            pixmap.scaled(
                self.contentsRect().size(),
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt naming)
        super().resizeEvent(event)
        self._rescale()


class CameraNotice(QLabel):
    """The one line telling the student what the camera check does and what is sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(messages.CAMERA_NOTICE, parent)
        self.setObjectName("cameraNotice")
        self.setWordWrap(True)
        self.setStyleSheet("#cameraNotice { font-size: 9pt; }")
