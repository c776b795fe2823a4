"""The camera monitor end to end on real photographs and video files, in its own thread."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from proctor.shield.camera_frames import decode_thumbnail
from proctor.shield.camera_monitor import CameraMonitor
from proctor.shield.camera_rules import PresenceRules
from proctor.shield.camera_sources import CameraUnavailable, PictureSource, open_frame_source
from tests.helpers.camera import (
    CAT,
    COFFEE,
    FAST,
    ONE,
    TWO,
    Recorder,
    assert_evidence,
    run_monitor,
    write_video,
)
from tests.helpers.waiting import wait_until


def test_one_face_raises_no_alarm() -> None:
    recorder = Recorder()
    monitor = run_monitor(str(ONE), 8, recorder)
    assert monitor.analyses >= 8
    assert monitor.last_faces == 1
    assert recorder.incidents == []
    frames = [f for f in recorder.frames if f is not None]
    assert len(frames) >= 8 and frames[0].shape == (240, 320, 3)


def test_two_people_are_reported_as_multiple_faces_with_a_picture() -> None:
    recorder = Recorder()
    run_monitor(str(TWO), 6, recorder)
    assert recorder.kinds == ["multiple_faces"]
    detail = recorder.incidents[0][1]
    assert detail["faces"] == 2 and len(detail["face_boxes"]) == 2
    assert detail["analyses"] == 2
    assert detail["source"] == "picture camera_two_faces.jpg"
    assert recorder.threads == {"camera-monitor"}  # analysed off the caller's thread
    assert_evidence(detail)


@pytest.mark.parametrize("scene", [COFFEE, CAT], ids=["coffee", "cat"])
def test_a_scene_without_people_is_no_face(scene: Path) -> None:
    recorder = Recorder()
    run_monitor(str(scene), 8, recorder)
    assert recorder.kinds == ["no_face"]
    detail = recorder.incidents[0][1]
    assert detail["faces"] == 0 and detail["analyses"] == 3
    assert_evidence(detail)


def test_a_black_frame_is_a_covered_camera(tmp_path: Path) -> None:
    black = tmp_path / "black.png"
    cv2.imwrite(str(black), np.zeros((480, 640, 3), np.uint8))
    recorder = Recorder()
    run_monitor(str(black), 8, recorder)
    assert recorder.kinds == ["camera_covered"]
    detail = recorder.incidents[0][1]
    assert detail["brightness"] == 0.0
    image = assert_evidence(detail)
    assert image.max() < 20  # the thumbnail shows the black picture


def test_a_student_in_a_dim_room_is_not_a_covered_camera(tmp_path: Path) -> None:
    picture = cv2.imread(str(ONE))
    assert picture is not None
    dim = tmp_path / "dim.png"
    cv2.imwrite(str(dim), cv2.convertScaleAbs(picture, alpha=0.15))  # mean brightness ~19
    recorder = Recorder()
    monitor = run_monitor(str(dim), 6, recorder)
    assert monitor.last_faces == 1
    assert recorder.incidents == []


def test_a_video_of_a_student_leaving_and_a_visitor(tmp_path: Path) -> None:
    scenes = [ONE] * 3 + [COFFEE] * 4 + [ONE] * 2 + [TWO] * 3 + [ONE] * 3
    video = write_video(tmp_path / "exam.avi", scenes)
    recorder = Recorder()
    source = open_frame_source(video, realtime=False)  # one video frame per analysis
    run_monitor(source, len(scenes), recorder)
    assert recorder.kinds == ["no_face", "face_ok", "multiple_faces", "face_ok"]
    details = [detail for _, detail in recorder.incidents]
    assert details[0]["source"] == "video exam.avi"
    assert details[1]["closed"][0]["kind"] == "no_face"
    assert details[2]["faces"] == 2
    for detail in details:
        assert_evidence(detail)


def test_a_video_file_given_by_path_plays_in_real_time(tmp_path: Path) -> None:
    video = write_video(tmp_path / "empty-seat.avi", [COFFEE] * 10, fps=2)
    recorder = Recorder()
    run_monitor(str(video), 5, recorder)
    assert recorder.kinds == ["no_face"]


def test_an_unchanging_live_feed_is_frozen(tmp_path: Path) -> None:
    video = write_video(tmp_path / "still.avi", [ONE] * 40)
    recorder = Recorder()
    source = open_frame_source(video, realtime=False)
    run_monitor(source, 12, recorder, rules=PresenceRules(frozen_after_s=0.2))
    assert recorder.kinds == ["camera_frozen"]
    assert recorder.incidents[0][1]["faces"] == 1
    assert_evidence(recorder.incidents[0][1])


def test_no_camera_is_reported_once_and_the_monitor_ends_quietly(tmp_path: Path) -> None:
    recorder = Recorder()
    monitor = CameraMonitor(
        str(tmp_path / "no-such-camera.avi"), recorder.emit, FAST, recorder.on_frame
    )
    monitor.start()
    wait_until(lambda: not monitor.running, 10, "the monitor to end")
    assert monitor.unavailable
    assert recorder.kinds == ["camera_unavailable"]
    assert "was not found" in recorder.incidents[0][1]["message"]
    assert recorder.frames == [None]  # the self-view learns there is no picture
    assert monitor.step() == []  # and nothing more happens
    assert recorder.kinds == ["camera_unavailable"]
    monitor.stop()


class UnpluggedAfter(PictureSource):
    """A real picture source that stops delivering after a few frames, as an unplugged camera."""

    live = True

    def __init__(self, path: Path, frames: int) -> None:
        super().__init__(path)
        self.left = frames

    def read(self) -> np.ndarray:
        if self.left <= 0:
            raise CameraUnavailable("The camera stopped delivering pictures.")
        self.left -= 1
        return super().read()


def test_a_camera_lost_mid_exam_is_reported_once_with_its_last_picture() -> None:
    recorder = Recorder()
    monitor = run_monitor(UnpluggedAfter(TWO, 3), 100, recorder)
    assert monitor.unavailable
    assert recorder.kinds == ["multiple_faces", "camera_unavailable"]
    lost = recorder.incidents[1][1]
    assert lost["message"] == "The camera stopped delivering pictures."
    assert decode_thumbnail(lost["thumbnail_jpeg_b64"]).shape[1] == 160
    assert recorder.frames[-1] is None


def test_a_failing_emit_does_not_stop_the_checks(caplog: pytest.LogCaptureFixture) -> None:
    calls: list[str] = []

    def broken_emit(kind: str, detail: dict[str, Any]) -> None:
        calls.append(kind)
        raise OSError("disk full")

    monitor = CameraMonitor(str(COFFEE), broken_emit, interval_s=FAST)
    monitor.start()
    wait_until(lambda: monitor.analyses >= 6, 10, "six analyses")
    assert monitor.running  # still analysing after the report failed
    monitor.stop()
    assert calls == ["no_face"]
    assert "Reporting no_face failed" in caplog.text


def test_stop_is_prompt_even_with_a_long_interval() -> None:
    monitor = CameraMonitor(str(ONE), lambda kind, detail: None, interval_s=60)
    monitor.start()
    wait_until(lambda: monitor.analyses >= 1, 10, "a first analysis")
    started = time.monotonic()
    monitor.stop()
    assert time.monotonic() - started < 1.0
    assert not monitor.running


def test_step_analyses_on_demand_without_a_thread() -> None:
    recorder = Recorder()
    monitor = CameraMonitor(str(TWO), recorder.emit)
    assert monitor.step() == []
    assert monitor.step() == ["multiple_faces"]
    assert monitor.step() == []
    assert monitor.analysis_ms and all(ms > 0 for ms in monitor.analysis_ms)
