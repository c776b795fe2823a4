"""Where camera frames come from: a camera device, or for demos and tests a picture, a folder of
pictures, or a video file (`proctor student --camera-source PATH|INDEX`).

`open_frame_source(spec)` returns a `FrameSource`; `read()` gives the next BGR frame. A source
that cannot be opened or stops delivering raises `CameraUnavailable`. All of this blocks (a
camera can take a second to open), so it runs on the camera monitor's thread, never the GUI's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

PICTURE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff"})
CAMERA_REQUEST_SIZE = (640, 480)
_FAILED_READS_BEFORE_LOST = 10  # 0.2 s apart: some cameras take a moment to warm up


class CameraUnavailable(Exception):
    """No camera, access refused, or the source stopped delivering frames."""


class FrameSource(Protocol):
    description: str  # e.g. "camera 0", "picture desk.jpg"
    live: bool  # a real camera: frames are expected to change, so a frozen feed is suspicious

    def read(self) -> np.ndarray:
        """The next frame (BGR). Raises CameraUnavailable when there is none to be had."""
        ...

    def close(self) -> None: ...


def _load_picture(path: Path) -> np.ndarray:
    data = np.fromfile(str(path), dtype=np.uint8)  # imread cannot open non-ASCII paths on Windows
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise CameraUnavailable(f"{path.name} is not a picture that can be read.")
    return image


class PictureSource:
    """One still picture, the same frame on every read."""

    live = False

    def __init__(self, path: Path) -> None:
        self._frame = _load_picture(path)
        self.description = f"picture {path.name}"

    def read(self) -> np.ndarray:
        return self._frame

    def close(self) -> None:
        pass


class FolderSource:
    """The pictures in a folder, in name order, one per read, starting over after the last."""

    live = False

    def __init__(self, folder: Path) -> None:
        self._paths = sorted(
            p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in PICTURE_SUFFIXES
        )
        if not self._paths:
            raise CameraUnavailable(f"The folder {folder.name} holds no pictures.")
        self._next = 0
        self.description = f"pictures in {folder.name}"

    def read(self) -> np.ndarray:
        path = self._paths[self._next % len(self._paths)]
        self._next += 1
        return _load_picture(path)

    def close(self) -> None:
        pass


class VideoFileSource:
    """A video file, looped. In real time (the default) a read gives the frame for the time since
    the source opened, as a camera would; otherwise each read gives the next frame."""

    live = True

    def __init__(
        self, path: Path, realtime: bool = True, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._capture = cv2.VideoCapture(str(path))
        if not self._capture.isOpened():
            raise CameraUnavailable(f"{path.name} is not a video that can be played.")
        self._frames = int(self._capture.get(cv2.CAP_PROP_FRAME_COUNT))
        self._fps = self._capture.get(cv2.CAP_PROP_FPS) or 25.0
        self._realtime = realtime
        self._clock = clock
        self._started = clock()
        self._position = 0  # index of the frame the next sequential read returns
        self.description = f"video {path.name}"

    def _wanted_index(self) -> int:
        if not self._realtime:
            return self._position
        index = int((self._clock() - self._started) * self._fps)
        return index % self._frames if self._frames > 0 else index

    def read(self) -> np.ndarray:
        wanted = self._wanted_index()
        if self._frames > 0:
            wanted %= self._frames
        if wanted < self._position or wanted - self._position > 50:
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, wanted)
        else:
            for _ in range(wanted - self._position):  # skipping forward: no decoding needed
                self._capture.grab()
        self._position = wanted
        ok, frame = self._capture.read()
        if not ok:  # past the end (some files misreport their length): start over
            self._capture.set(cv2.CAP_PROP_POS_FRAMES, 0)
            self._position, self._started = 0, self._clock()
            ok, frame = self._capture.read()
            if not ok:
                raise CameraUnavailable(f"{self.description} has no frames that can be read.")
        self._position += 1
        return frame

    def close(self) -> None:
        self._capture.release()


class CameraDeviceSource:
    """A camera by index. Keeps OpenCV's buffer small, so each read is a fresh picture."""

    live = True

    def __init__(self, index: int) -> None:
        self.description = f"camera {index}"
        self._capture = cv2.VideoCapture(index)
        if not self._capture.isOpened():
            self._capture.release()
            raise CameraUnavailable("No camera was found, or access to it was refused.")
        self._capture.set(cv2.CAP_PROP_FRAME_WIDTH, CAMERA_REQUEST_SIZE[0])
        self._capture.set(cv2.CAP_PROP_FRAME_HEIGHT, CAMERA_REQUEST_SIZE[1])
        self._capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)

    def read(self) -> np.ndarray:
        for _ in range(_FAILED_READS_BEFORE_LOST):
            self._capture.grab()  # drop a frame the driver may have queued long ago
            ok, frame = self._capture.read()
            if ok and frame is not None and frame.size:
                return frame
            time.sleep(0.2)
        raise CameraUnavailable("The camera stopped delivering pictures.")

    def close(self) -> None:
        self._capture.release()


def open_frame_source(spec: str | int | Path, realtime: bool = True) -> FrameSource:
    """A frame source for a camera index (0, "1"), a picture, a folder of pictures or a video.

    Raises CameraUnavailable when it cannot be opened.
    """
    if isinstance(spec, int):
        return CameraDeviceSource(spec)
    text = str(spec).strip()
    if text.isdigit():
        return CameraDeviceSource(int(text))
    path = Path(text).expanduser()
    if path.is_dir():
        return FolderSource(path)
    if not path.is_file():
        raise CameraUnavailable(f"{path.name or text} was not found.")
    if path.suffix.lower() in PICTURE_SUFFIXES:
        return PictureSource(path)
    return VideoFileSource(path, realtime=realtime)
