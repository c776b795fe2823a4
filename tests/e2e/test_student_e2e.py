"""End to end, under Xvfb: the real `proctor student` against a real `proctor host --headless`.

The student joins from the command line, the proctor starts the exam through the admin API,
keystrokes typed into the student's window (xdotool) reach the host as a snapshot, the proctor
ends the exam, and the host holds the student's handed-in work.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import stop

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ADMIN_KEY = "e2e admin key 2024"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
TYPED = "# typed in the exam window"


def _wait(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Admin:
    def __init__(self, port: int, room_id: str) -> None:
        self.base = f"http://127.0.0.1:{port}/api/v1/rooms/{room_id}/admin/"
        self.token = self.call("POST", "login", {"admin_key": ADMIN_KEY}, auth=False)["token"]

    def call(self, method: str, path: str, body: Any = None, auth: bool = True) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if auth:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def _screenshot(name: str) -> None:
    if shutil.which("import") is None:
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["import", "-window", "root", str(SCREENSHOTS / f"e2e_{name}.png")],
        check=False,
        timeout=20,
        capture_output=True,
    )


@pytest.fixture
def headless_host(tmp_path: Path) -> Iterator[tuple[dict[str, Any], subprocess.Popen[str]]]:
    env = {**os.environ, "PROCTOR_ADMIN_KEY": ADMIN_KEY}
    command = [sys.executable, "-m", "proctor", "host", "--headless", "--name", "E2E exam"]
    command += ["--duration", "30", "--port", "0", "--bind", "127.0.0.1"]
    command += ["--data-dir", str(tmp_path / "host")]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        ready = json.loads(line)
        assert ready["event"] == "ready", line
        yield ready, process
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (run under Xvfb)")
def test_student_sits_the_exam_against_a_headless_host(headless_host, tmp_path):
    ready, host_process = headless_host
    port, room_id = ready["port"], ready["room_id"]
    admin = Admin(port, room_id)

    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    student = subprocess.Popen(
        [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{port}"]
        + ["--room", room_id, "--name", "Ada Lovelace", "--reg-no", "2023CS0042"]
        + ["--data-dir", str(tmp_path / "student")],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        rows = _wait(
            lambda: [r for r in admin.call("GET", "students")["students"] if r["online"]],
            30,
            "the student to join and connect",
        )
        student_id = rows[0]["student_id"]
        assert rows[0]["status"] == "waiting"
        time.sleep(0.5)
        _screenshot("lobby")

        admin.call("POST", "start")
        _wait(
            lambda: admin.call("GET", "students")["students"][0]["status"] == "active",
            10,
            "the exam to start",
        )
        time.sleep(2.0)  # the paper arrives and the editor takes the keyboard focus
        window = subprocess.run(
            ["xdotool", "search", "--name", "Proctor — Student"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.split()
        assert window, "the student window is not on the display"
        subprocess.run(["xdotool", "windowfocus", "--sync", window[0]], check=False, timeout=10)
        subprocess.run(["xdotool", "key", "ctrl+End"], check=True, timeout=10)
        subprocess.run(["xdotool", "key", "Return"], check=True, timeout=10)
        subprocess.run(["xdotool", "type", "--delay", "15", TYPED], check=True, timeout=30)
        _screenshot("exam")

        def snapshot_has_typing() -> bool:
            work = admin.call("GET", f"students/{student_id}/work")
            snapshot = work.get("snapshot") or {}
            return TYPED in (snapshot.get("files") or {}).get("solution.py", "")

        _wait(snapshot_has_typing, 20, "the typed text to reach the host as a snapshot")

        # Ctrl+C in the terminal is a request to close: refused while the exam runs.
        student.send_signal(signal.SIGINT)
        time.sleep(1.5)
        assert student.poll() is None, "Ctrl+C closed the app in the middle of the exam"
        _screenshot("ctrl_c_refused")

        admin.call("POST", "end", {"admin_key": ADMIN_KEY})

        def handed_in() -> dict[str, Any] | None:
            return admin.call("GET", f"students/{student_id}/work").get("submission")

        submission = _wait(handed_in, 30, "the automatic hand-in")
        assert TYPED in submission["files"]["solution.py"]
        assert "def word_counts" in submission["files"]["solution.py"]
        row = admin.call("GET", "students")["students"][0]
        assert row["status"] == "ended"
        assert row["submission_sha256"] == submission["sha256"]
        time.sleep(1.0)
        _screenshot("ended")
        assert student.poll() is None, "the student app exited during the exam"
        assert host_process.poll() is None
        # Handed in and ended: now Ctrl+C closes the app.
        student.send_signal(signal.SIGINT)
        assert student.wait(timeout=15) == 0
    finally:
        stop(student)
        _, stderr = student.communicate(timeout=10)
    assert "Traceback" not in stderr, stderr
