"""End to end: a real headless host with the camera check on, and two real student apps whose
"camera" is a photograph. The one sitting alone raises nothing; the one with somebody beside
them shows up on the host as `multiple_faces`, with a picture, within about ten seconds."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from proctor.shield.camera_frames import decode_thumbnail
from tests.helpers.constants import ADMIN_KEY, DATA, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def start_student(
    port: int, room_id: str, reg_no: str, picture: Path, data_dir: Path
) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{port}"]
        + ["--room", room_id, "--name", f"Student {reg_no}", "--reg-no", reg_no]
        + ["--data-dir", str(data_dir), "--camera-source", str(picture), "--windowed"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=child_env(QT_QPA_PLATFORM="offscreen"),
        cwd=ROOT,
    )


def test_a_second_person_reaches_the_proctor_with_a_picture(tmp_path: Path) -> None:
    host = HeadlessHost(
        tmp_path / "host", name="Camera check", duration_min=30, extra=["--camera", "report"]
    )
    ready = host.start()
    students: list[subprocess.Popen[bytes]] = []
    try:
        port, room_id = ready["port"], ready["join_code"]  # what a student types
        admin = AdminHttp(ready, host.data_dir, ADMIN_KEY)
        assert admin.call("GET", "room")["policy"]["camera"] == "report"

        for reg_no, picture in (
            ("CAM-ALONE", "camera_one_face.jpg"),
            ("CAM-PAIR", "camera_two_faces.jpg"),
        ):
            students.append(start_student(port, room_id, reg_no, DATA / picture, tmp_path / reg_no))
        for reg_no in ("CAM-ALONE", "CAM-PAIR"):
            wait_until(lambda r=reg_no: admin.student(r), 30, f"{reg_no} to join")
        started_ms = admin.call("POST", "start")["started_ms"]

        (incident,) = wait_until(
            lambda: admin.incidents(reg_no="CAM-PAIR", source="camera"), 20, "the camera report"
        )
        assert incident["kind"] == "multiple_faces"
        detail = incident["detail"]
        assert detail["faces"] == 2 and len(detail["face_boxes"]) == 2
        assert detail["source"] == "picture camera_two_faces.jpg"
        assert len(detail["thumbnail_jpeg_b64"]) <= 12 * 1024
        assert decode_thumbnail(detail["thumbnail_jpeg_b64"]).shape[1] == 160
        # Two analyses 2 s apart after the exam starts, then the trip to the host.
        assert incident["at_ms"] - started_ms < 10_000

        time.sleep(6)  # three more analyses for everyone
        assert [i["kind"] for i in admin.incidents(reg_no="CAM-PAIR", source="camera")] == [
            "multiple_faces"
        ]
        assert admin.incidents(reg_no="CAM-ALONE", source="camera") == []
        assert all(
            (admin.student(r) or {}).get("status") == "active" for r in ("CAM-ALONE", "CAM-PAIR")
        )
        assert all(s.poll() is None for s in students), "a student app exited"
    finally:
        for student in students:
            stop(student)
        assert host.stop() == 0
