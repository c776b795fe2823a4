"""What the camera check costs on this machine: one analysis of a 640x480 camera-sized frame
(scaled to 320x240, face detection, light and change checks, smoothing), and one thumbnail.
A frame with nobody facing the camera costs more: the profile check runs on it too, so that case
is measured as well (a photograph of a head in profile)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from proctor.shield import camera_frames
from proctor.shield.camera_monitor import DEFAULT_INTERVAL_S, CameraMonitor
from proctor.shield.measure import percentile

_DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
_PHOTO = _DATA / "camera_one_face.jpg"
_PROFILE_PHOTO = _DATA / "camera_profile.jpg"
CAPTURE_SIZE = (640, 480)


class _StillSource:
    description = "benchmark frame"
    live = True  # so the frozen-picture comparison is part of what is measured

    def __init__(self, frame: np.ndarray) -> None:
        self._frame = frame

    def read(self) -> np.ndarray:
        return self._frame

    def close(self) -> None:
        pass


def _benchmark_frame(path: Path = _PHOTO) -> tuple[np.ndarray, str]:
    """A photograph at camera size; a textured synthetic frame if it is absent."""
    photo = cv2.imread(str(path)) if path.is_file() else None
    if photo is not None:
        return cv2.resize(photo, CAPTURE_SIZE, interpolation=cv2.INTER_LINEAR), path.name
    rng = np.random.default_rng(0)
    noise = rng.integers(0, 256, (CAPTURE_SIZE[1] // 8, CAPTURE_SIZE[0] // 8, 3), dtype=np.uint8)
    return cv2.resize(noise, CAPTURE_SIZE, interpolation=cv2.INTER_CUBIC), "synthetic"


def measure_camera_cost(frames: int = 50) -> dict[str, Any]:
    """Analyse `frames` frames back to back and encode one incident thumbnail per frame.

    Returns ms per analysed frame (wall p50/p95, CPU p50 of the whole process, which includes
    OpenCV's worker threads), the share of one core at one frame every 2 s, and the thumbnail's
    size in bytes (JPEG and its base64 text).
    """
    cv2.setNumThreads(1)  # as the camera monitor runs it
    frame, picture = _benchmark_frame()
    monitor, wall_ms, cpu_ms = _analyse(frame, frames)
    profile_frame, profile_picture = _benchmark_frame(_PROFILE_PHOTO)
    turned, turned_wall_ms, turned_cpu_ms = _analyse(profile_frame, frames)
    small, _ = camera_frames.prepare(frame)
    thumb_ms: list[float] = []
    thumb: dict[str, Any] = {}
    for _ in range(frames):
        started = time.perf_counter()
        thumb = camera_frames.thumbnail(small, [(100, 40, 80, 80)])
        thumb_ms.append((time.perf_counter() - started) * 1000)
    b64 = thumb["thumbnail_jpeg_b64"]
    cpu_p50 = statistics.median(cpu_ms)
    return {
        "frames": frames,
        "picture": picture,
        "capture_size": list(CAPTURE_SIZE),
        "analysis_size": list(camera_frames.ANALYSIS_SIZE),
        "detector": "haar",
        "faces_found": monitor.last_faces,
        "opencv_threads": cv2.getNumThreads(),
        "ms_per_frame_p50": round(statistics.median(wall_ms), 2),
        "ms_per_frame_p95": round(percentile(wall_ms, 0.95), 2),
        "cpu_ms_per_frame_p50": round(cpu_p50, 2),
        "interval_s": DEFAULT_INTERVAL_S,
        "core_share_percent": round(cpu_p50 / (DEFAULT_INTERVAL_S * 1000) * 100, 2),
        "thumbnail_ms_p50": round(statistics.median(thumb_ms), 2),
        "thumbnail_size": thumb["thumbnail_size"],
        "thumbnail_jpeg_bytes": len(b64) * 3 // 4 - b64.count("=", -2),
        "thumbnail_b64_bytes": len(b64),
        "head_turned_picture": profile_picture,
        "head_turned_faces_found": turned.last_faces,
        "head_turned_profiles_found": turned.last_profiles,
        "head_turned_ms_per_frame_p50": round(statistics.median(turned_wall_ms), 2),
        "head_turned_ms_per_frame_p95": round(percentile(turned_wall_ms, 0.95), 2),
        "head_turned_cpu_ms_per_frame_p50": round(statistics.median(turned_cpu_ms), 2),
    }


def _analyse(frame: np.ndarray, frames: int) -> tuple[CameraMonitor, list[float], list[float]]:
    """Analyse `frame` `frames` times after a warm-up: (monitor, wall ms, CPU ms) per analysis."""
    monitor = CameraMonitor(_StillSource(frame), lambda kind, detail: None)
    monitor.step()  # warm up: loads the cascades
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    for _ in range(frames):
        wall, cpu = time.perf_counter(), time.process_time()
        monitor.step()
        cpu_ms.append((time.process_time() - cpu) * 1000)
        wall_ms.append((time.perf_counter() - wall) * 1000)
    return monitor, wall_ms, cpu_ms


if __name__ == "__main__":
    import json

    print(json.dumps(measure_camera_cost(), indent=2))
