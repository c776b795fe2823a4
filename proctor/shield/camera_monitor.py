"""The camera presence check: a daemon thread that analyses one frame every `interval_s`.

    monitor = CameraMonitor("0", session.report, on_frame=self_view.feed_frame)
    monitor.start()   # returns at once; the camera is opened on the monitor's thread
    ...
    monitor.stop()

`emit(kind, detail)` receives `no_face`, `looking_away`, `multiple_faces`, `camera_covered`,
`camera_frozen`, `face_ok` (see camera_rules) and at most one `camera_unavailable`, after which
the monitor ends quietly and the exam goes on. Each detail carries a 160x120 JPEG thumbnail
(`thumbnail_jpeg_b64`), the face count and boxes, brightness, the source and the detector.
Nothing here raises into the application: failures are logged and, if fatal, reported once.

`on_frame(frame)` gets every analysed frame (BGR, at most 320x240) for a self-view, and `None`
once the camera is unavailable. Both callbacks are called on the monitor's thread.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from proctor.common.timeutil import now_ms
from proctor.shield import camera_frames
from proctor.shield.camera_detectors import FaceDetector, ProfileFaceDetector, make_face_detector
from proctor.shield.camera_rules import Observation, PresenceRules
from proctor.shield.camera_sources import CameraUnavailable, FrameSource, open_frame_source
from proctor.shield.monitor_thread import MonitorThread
from proctor.shield.reporting import Emit

log = logging.getLogger(__name__)

OnFrame = Callable[[np.ndarray | None], None]

DEFAULT_INTERVAL_S = 2.0


class CameraMonitor(MonitorThread):
    THREAD_NAME = "camera-monitor"

    def __init__(
        self,
        source_spec: str | int | FrameSource,
        emit: Emit,
        interval_s: float = DEFAULT_INTERVAL_S,
        on_frame: OnFrame | None = None,
        face_model: str | Path | None = None,
        rules: PresenceRules | None = None,
    ) -> None:
        super().__init__()
        self.source_spec = source_spec
        self.interval_s = interval_s
        self._emit = emit
        self._on_frame = on_frame
        self._face_model = face_model  # YuNet model file; Haar when None
        self._detector: FaceDetector | None = None  # built on the monitor's thread
        self._profiles: ProfileFaceDetector | None = None
        self._mirrored_side = False  # which side the next profile search looks at
        self.rules = rules or PresenceRules()
        self._source: FrameSource | None = None
        self._previous_grey: np.ndarray | None = None
        self._last_frame: np.ndarray | None = None
        self.analyses = 0
        self.unavailable = False
        self.last_faces: int | None = None
        self.last_profiles: int | None = None  # heads in profile (looked for only without faces)
        self.analysis_ms: list[float] = []  # the most recent analysis times, for diagnostics

    # -- the thread (start, stop and running: MonitorThread) ---------------------------------

    def _run(self) -> None:
        # One core for OpenCV: splitting a 25 ms detection over two cores every 2 s saves the
        # student nothing and costs more CPU in total. The app uses OpenCV for nothing else.
        cv2.setNumThreads(1)
        try:
            self._source = self._open()
            if self._source is None:
                return
            deadline = time.monotonic()
            while not self._stop.is_set():
                self.step()
                if self.unavailable:
                    return
                deadline += self.interval_s
                delay = deadline - time.monotonic()
                if delay < 0:  # fell behind (a suspended laptop): carry on from now
                    deadline, delay = time.monotonic(), 0.0
                self._stop.wait(delay)
        except Exception:  # never let a camera problem take the exam app down
            log.exception("The camera check stopped after an unexpected error")
        finally:
            if self._source is not None:
                try:
                    self._source.close()
                except Exception:
                    log.exception("Closing the camera failed")

    def _open(self) -> FrameSource | None:
        spec = self.source_spec
        if not isinstance(spec, str | int):
            return spec
        quiet = cv2.utils.logging.getLogLevel()
        cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
        try:
            return open_frame_source(spec)
        except CameraUnavailable as exc:
            self._report_unavailable(str(exc), str(spec))
        except Exception as exc:  # a broken driver can throw anything
            log.exception("Opening the camera %r failed", spec)
            self._report_unavailable(f"The camera could not be opened ({exc}).", str(spec))
        finally:
            cv2.utils.logging.setLogLevel(quiet)
        return None

    # -- one analysis ----------------------------------------------------------------------

    def step(self) -> list[str]:
        """Read and analyse one frame now; returns the incident kinds emitted. Never raises."""
        if self.unavailable:
            return []
        if self._source is None:
            self._source = self._open()
            if self._source is None:
                return []
        try:
            raw = self._source.read()
        except CameraUnavailable as exc:
            self._report_unavailable(str(exc), self._source.description)
            return []
        except Exception as exc:
            log.exception("Reading from %s failed", self._source.description)
            self._report_unavailable(f"The camera failed ({exc}).", self._source.description)
            return []
        try:
            return self._analyse(raw)
        except Exception:
            log.exception("Analysing a camera frame failed")
            return []

    def _analyse(self, raw: np.ndarray) -> list[str]:
        started = time.perf_counter()
        frame, grey = camera_frames.prepare(raw)
        if self._detector is None:
            self._detector = make_face_detector(self._face_model)
        faces = self._detector.detect(frame)
        profiles: list[camera_frames.Box] = []
        if not faces:  # nobody faces the camera: is a head turned away? (one side a time)
            if self._profiles is None:
                self._profiles = ProfileFaceDetector()
            profiles = self._profiles.detect_side(grey, self._mirrored_side)
            self._mirrored_side = not self._mirrored_side
        brightness, contrast = camera_frames.light(grey)
        assert self._source is not None
        change = camera_frames.change(self._previous_grey, grey) if self._source.live else None
        self._previous_grey = grey
        observation = Observation(
            at_ms=now_ms(),
            faces=faces,
            brightness=brightness,
            contrast=contrast,
            change=change,
            profiles=profiles,
        )
        incidents = self.rules.observe(observation)
        self.analysis_ms = [*self.analysis_ms[-19:], (time.perf_counter() - started) * 1000]
        self.analyses += 1
        self.last_faces = len(faces)
        self.last_profiles = len(profiles)
        self._last_frame = frame
        self._deliver_frame(frame)
        for kind, detail in incidents:
            detail.update(camera_frames.thumbnail(frame, faces + profiles), **self._context())
            self._send(kind, detail)
        return [kind for kind, _ in incidents]

    def _context(self) -> dict[str, Any]:
        return {
            "source": self._source.description if self._source else str(self.source_spec),
            "detector": self._detector.name if self._detector else None,
            "interval_s": self.interval_s,
        }

    def _report_unavailable(self, reason: str, source: str) -> None:
        if self.unavailable:
            return
        self.unavailable = True
        self._stop.set()
        detail: dict[str, Any] = {"message": reason, "source": source}
        if self._last_frame is not None:  # lost mid-exam: show the last picture it gave
            detail.update(camera_frames.thumbnail(self._last_frame))
        self._send("camera_unavailable", detail)
        self._deliver_frame(None)

    def _send(self, kind: str, detail: dict[str, Any]) -> None:
        try:
            self._emit(kind, detail)
        except Exception:
            log.exception("Reporting %s failed", kind)

    def _deliver_frame(self, frame: np.ndarray | None) -> None:
        if self._on_frame is None:
            return
        try:
            self._on_frame(frame)
        except Exception:
            log.exception("The camera self-view callback failed")
