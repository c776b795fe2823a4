"""Face detectors for the camera check: OpenCV's Haar cascade by default, YuNet when configured.

A detector takes the 320x240 BGR analysis frame and returns face boxes (x, y, w, h). Haar ships
inside `opencv-python-headless` 4.x, so nothing is downloaded. YuNet (`cv2.FaceDetectorYN`) is
far more accurate but its model file ships in no wheel; it is used only when a path is given.
`ProfileFaceDetector` finds heads turned to either side (OpenCV's profile cascade, run on the
frame and its mirror image); the camera check runs it only when no face looks at the camera.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import cv2
import numpy as np

from proctor.shield.camera_frames import Box

log = logging.getLogger(__name__)

# Tuned at 320x240, where a student at a laptop shows a face of 60-120 px and a neighbour one of
# 30 px or more: of OpenCV's frontal-face cascades, "alt" kept the right count on every test
# photograph (with noise, dimming, cropping, blur) over the widest range of settings, and these
# settings cost about 25 ms of one core per frame on a slow server core.
HAAR_CASCADE = "haarcascade_frontalface_alt.xml"
HAAR_SCALE_FACTOR = 1.15
HAAR_MIN_NEIGHBORS = 4
HAAR_MIN_SIZE = (30, 30)

# Profile faces, tuned on the CC0 photograph in tests/data (a man in profile, two framings, both
# ways round, with noise, dimming, a shifted crop, blur, 640x480) and photographs without one:
# these settings find the head in 23 of 24 such pictures and nothing where there is nobody.
# minNeighbors=2 is lenient, so only heads of the student's own size count (>= 50 px at 320x240;
# a neighbour's is smaller) and the rules want several finds. One side costs about as much as the
# frontal search (~20 ms of a core); the camera check looks at one side per analysis, turn about.
PROFILE_CASCADE = "haarcascade_profileface.xml"
PROFILE_SCALE_FACTOR = 1.1
PROFILE_MIN_NEIGHBORS = 2
PROFILE_MIN_SIZE = (50, 50)


@runtime_checkable
class FaceDetector(Protocol):
    name: str

    def detect(self, frame_bgr: np.ndarray) -> list[Box]:
        """Face boxes in `frame_bgr` (the 320x240 analysis frame)."""
        ...


class HaarFaceDetector:
    name = "haar"

    def __init__(
        self,
        cascade_file: str | Path | None = None,
        scale_factor: float = HAAR_SCALE_FACTOR,
        min_neighbors: int = HAAR_MIN_NEIGHBORS,
        min_size: tuple[int, int] = HAAR_MIN_SIZE,
    ) -> None:
        self._cascade = _load_cascade(cascade_file, HAAR_CASCADE)
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors
        self.min_size = min_size

    def detect(self, frame_bgr: np.ndarray) -> list[Box]:
        grey = cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2GRAY) if frame_bgr.ndim == 3 else frame_bgr
        # Equalising evens out dim or backlit rooms, where the cascade otherwise misses faces.
        grey = cv2.equalizeHist(grey)
        found = self._cascade.detectMultiScale(
            grey,
            scaleFactor=self.scale_factor,
            minNeighbors=self.min_neighbors,
            minSize=self.min_size,
        )
        return [(int(x), int(y), int(w), int(h)) for x, y, w, h in found]


class ProfileFaceDetector:
    """Faces seen from the side. The cascade knows one side; the mirrored frame gives the other."""

    name = "haar-profile"

    def __init__(
        self,
        cascade_file: str | Path | None = None,
        scale_factor: float = PROFILE_SCALE_FACTOR,
        min_neighbors: int = PROFILE_MIN_NEIGHBORS,
        min_size: tuple[int, int] = PROFILE_MIN_SIZE,
    ) -> None:
        self._cascade = _load_cascade(cascade_file, PROFILE_CASCADE)
        self.scale_factor = scale_factor
        self.min_neighbors = min_neighbors
        self.min_size = min_size

    def detect(self, frame_bgr: np.ndarray) -> list[Box]:
        """Heads turned either way."""
        grey = _equalised_grey(frame_bgr)
        return _without_overlaps(self._side(grey, False) + self._side(grey, True))

    def detect_side(self, frame_bgr: np.ndarray, mirrored: bool) -> list[Box]:
        """Heads turned one way: the cascade's own (`mirrored=False`) or the other (True)."""
        return _without_overlaps(self._side(_equalised_grey(frame_bgr), mirrored))

    def _side(self, grey: np.ndarray, mirrored: bool) -> list[Box]:
        if not mirrored:
            return [(int(x), int(y), int(w), int(h)) for x, y, w, h in self._find(grey)]
        width = grey.shape[1]
        found = self._find(cv2.flip(grey, 1))
        return [(int(width - x - w), int(y), int(w), int(h)) for x, y, w, h in found]

    def _find(self, grey: np.ndarray) -> Any:
        return self._cascade.detectMultiScale(
            grey,
            scaleFactor=self.scale_factor,
            minNeighbors=self.min_neighbors,
            minSize=self.min_size,
        )


def _equalised_grey(frame: np.ndarray) -> np.ndarray:
    grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY) if frame.ndim == 3 else frame
    return cv2.equalizeHist(grey)


def _load_cascade(cascade_file: str | Path | None, default: str) -> cv2.CascadeClassifier:
    cascades = cv2.data.haarcascades  # type: ignore[attr-defined]  # not in the stubs
    path = Path(cascade_file) if cascade_file else Path(cascades) / default
    cascade = cv2.CascadeClassifier(str(path))
    if cascade.empty():
        raise ValueError(f"Could not load the face cascade {path}.")
    return cascade


def _without_overlaps(boxes: list[Box]) -> list[Box]:
    """One box per head: a head seen by both passes (or twice by one) is kept once."""
    kept: list[Box] = []
    for box in sorted(boxes, key=lambda b: -b[2] * b[3]):
        if all(_overlap(box, other) < 0.3 for other in kept):
            kept.append(box)
    return kept


def _overlap(a: Box, b: Box) -> float:
    """Intersection over the smaller box's area."""
    ix = max(0, min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1]))
    smaller = min(a[2] * a[3], b[2] * b[3]) or 1
    return ix * iy / smaller


class YuNetFaceDetector:
    """`cv2.FaceDetectorYN` with a model file the proctor supplies (e.g. face_detection_yunet)."""

    name = "yunet"

    def __init__(
        self, model_path: str | Path, score_threshold: float = 0.8, nms_threshold: float = 0.3
    ) -> None:
        path = Path(model_path)
        if not path.is_file():
            raise FileNotFoundError(f"The face model {path} does not exist.")
        try:
            self._net = cv2.FaceDetectorYN.create(
                str(path), "", (320, 240), score_threshold, nms_threshold, 50
            )
        except cv2.error as exc:
            raise ValueError(f"{path} is not a face detection model OpenCV can load.") from exc
        self._input_size = (320, 240)

    def detect(self, frame_bgr: np.ndarray) -> list[Box]:
        if frame_bgr.ndim == 2:
            frame_bgr = cv2.cvtColor(frame_bgr, cv2.COLOR_GRAY2BGR)
        size = (int(frame_bgr.shape[1]), int(frame_bgr.shape[0]))
        if size != self._input_size:
            self._net.setInputSize(size)
            self._input_size = size
        _, faces = self._net.detect(frame_bgr)
        if faces is None:
            return []
        return [(int(f[0]), int(f[1]), int(f[2]), int(f[3])) for f in faces]


def make_face_detector(model_path: str | Path | None = None) -> FaceDetector:
    """YuNet when a usable model file is configured, otherwise (or if it fails to load) Haar."""
    if model_path:
        try:
            return YuNetFaceDetector(model_path)
        except (OSError, ValueError) as exc:
            log.warning("Face model not used, falling back to the Haar cascade: %s", exc)
    return HaarFaceDetector()
