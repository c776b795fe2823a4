"""Frame arithmetic for the camera check: scale to the analysis size, light, change, thumbnails.

Everything here is plain NumPy/OpenCV on BGR `uint8` arrays; nothing keeps state.
"""

from __future__ import annotations

import base64
from typing import Any

import cv2
import numpy as np

ANALYSIS_SIZE = (320, 240)  # width, height: frames are scaled to fit inside this box
THUMBNAIL_SIZE = (160, 120)
THUMBNAIL_MAX_B64 = 12 * 1024  # characters of base64 text
_THUMBNAIL_QUALITIES = (70, 55, 40, 30, 20)

Box = tuple[int, int, int, int]  # x, y, width, height in analysis-frame pixels


def fit_within(frame: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """Scale `frame` to fit inside `size` (width, height), keeping its aspect ratio."""
    height, width = frame.shape[:2]
    box_w, box_h = size
    scale = min(box_w / width, box_h / height)
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    if target == (width, height):
        return frame
    interpolation = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
    return cv2.resize(frame, target, interpolation=interpolation)


def as_bgr(frame: np.ndarray) -> np.ndarray:
    """A 3-channel BGR `uint8` view of any frame a source may hand over (grey, BGRA, 16-bit)."""
    if frame.dtype != np.uint8:
        frame = cv2.convertScaleAbs(frame, alpha=255.0 / max(1.0, float(frame.max())))
    if frame.ndim == 2:
        return cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    if frame.shape[2] == 4:
        return cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return frame


def prepare(frame: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The analysis frame (BGR, fitted to 320x240) and its grey version."""
    small = fit_within(as_bgr(frame), ANALYSIS_SIZE)
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    return small, grey


def light(grey: np.ndarray) -> tuple[float, float]:
    """Mean brightness and contrast (standard deviation), both on the 0-255 scale."""
    mean, std = cv2.meanStdDev(grey)
    return float(mean[0][0]), float(std[0][0])


def change(previous: np.ndarray | None, grey: np.ndarray) -> float | None:
    """Mean absolute difference from the previous grey frame (None if there is none to compare)."""
    if previous is None or previous.shape != grey.shape:
        return None
    return float(cv2.mean(cv2.absdiff(previous, grey))[0])


def thumbnail(frame: np.ndarray, boxes: list[Box] | None = None) -> dict[str, Any]:
    """A small JPEG of `frame` as base64, at most 160x120 and 12 KB of text.

    Face boxes (analysis-frame pixels) are outlined so a proctor sees what was counted.
    """
    small = fit_within(as_bgr(frame), THUMBNAIL_SIZE)
    if boxes:
        small = small.copy()
        scale = small.shape[1] / frame.shape[1]
        for x, y, w, h in boxes:
            top_left = (round(x * scale), round(y * scale))
            bottom_right = (round((x + w) * scale), round((y + h) * scale))
            cv2.rectangle(small, top_left, bottom_right, (0, 220, 0), 1)
    text = ""
    for quality in _THUMBNAIL_QUALITIES:
        ok, encoded = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, quality])
        if not ok:
            continue
        text = base64.b64encode(encoded.tobytes()).decode("ascii")
        if len(text) <= THUMBNAIL_MAX_B64:
            break
    return {
        "thumbnail_jpeg_b64": text,
        "thumbnail_size": [int(small.shape[1]), int(small.shape[0])],
    }


def decode_thumbnail(text: str) -> np.ndarray:
    """The picture inside a `thumbnail_jpeg_b64` value (for tests and the dashboard's checks)."""
    data = np.frombuffer(base64.b64decode(text), dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not a JPEG picture")
    return image
