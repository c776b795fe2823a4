"""The camera tests' pictures (tests/data), videos written from them, and a recorder for the
camera monitor's callbacks with a way to run the monitor for a number of analyses."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from proctor.shield.camera_frames import THUMBNAIL_MAX_B64, decode_thumbnail
from proctor.shield.camera_monitor import CameraMonitor
from tests.helpers.constants import DATA
from tests.helpers.waiting import wait_until

ONE = DATA / "camera_one_face.jpg"
TWO = DATA / "camera_two_faces.jpg"
COFFEE = DATA / "camera_no_person_coffee.jpg"
CAT = DATA / "camera_no_person_cat.jpg"
VIDEO_SIZE = (320, 240)
FAST = 0.05  # seconds between analyses in the monitor tests


def read_picture(path: Path) -> np.ndarray:
    picture = cv2.imread(str(path))
    assert picture is not None, path
    return cv2.resize(picture, VIDEO_SIZE, interpolation=cv2.INTER_AREA)


def write_video(path: Path, pictures: list[Path], fps: float = 10.0) -> Path:
    """An MJPG/AVI file with one frame per entry of `pictures`."""
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, VIDEO_SIZE)
    assert writer.isOpened()
    for picture in pictures:
        writer.write(read_picture(picture))
    writer.release()
    assert path.stat().st_size > 0
    return path


class Recorder:
    """The `emit` and `on_frame` callbacks, called from the monitor's thread."""

    def __init__(self) -> None:
        self.incidents: list[tuple[str, dict[str, Any]]] = []
        self.frames: list[np.ndarray | None] = []
        self.threads: set[str] = set()
        self.lock = threading.Lock()

    def emit(self, kind: str, detail: dict[str, Any]) -> None:
        with self.lock:
            self.incidents.append((kind, detail))
            self.threads.add(threading.current_thread().name)

    def on_frame(self, frame: np.ndarray | None) -> None:
        with self.lock:
            self.frames.append(frame)

    @property
    def kinds(self) -> list[str]:
        with self.lock:
            return [kind for kind, _ in self.incidents]


def run_monitor(source: Any, analyses: int, recorder: Recorder, **kwargs: Any) -> CameraMonitor:
    """Run a monitor until it has analysed `analyses` frames (or ended by itself), then stop it."""
    monitor = CameraMonitor(
        source, recorder.emit, interval_s=FAST, on_frame=recorder.on_frame, **kwargs
    )
    monitor.start()
    wait_until(
        lambda: monitor.analyses >= analyses or not monitor.running, 30, f"{analyses} analyses"
    )
    monitor.stop()
    assert not monitor.running
    return monitor


def assert_evidence(detail: dict[str, Any]) -> np.ndarray:
    text = detail["thumbnail_jpeg_b64"]
    assert 0 < len(text) <= THUMBNAIL_MAX_B64
    image = decode_thumbnail(text)
    assert image.shape[1] == 160 and image.shape[0] <= 120
    assert detail["detector"] == "haar"
    assert detail["message"]
    return image
