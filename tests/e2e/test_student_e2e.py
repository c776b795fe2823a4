"""End to end, under Xvfb: the real `proctor student` against a real `proctor host --headless`.

The student joins from the command line, the proctor starts the exam through the admin API,
keystrokes typed into the student's window (xdotool) reach the host as a snapshot, the proctor
ends the exam, and the host holds the student's handed-in work.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.e2e import AdminHttp, child_env, stop
from tests.helpers.headless import HeadlessHost
from tests.helpers.waiting import wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
TYPED = "# typed in the exam window"


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
def headless_host(tmp_path: Path) -> Iterator[HeadlessHost]:
    host = HeadlessHost(tmp_path / "host", name="E2E exam", duration_min=30)
    host.start()
    try:
        yield host
    finally:
        assert host.stop() == 0


@pytest.mark.skipif(not os.environ.get("DISPLAY"), reason="needs an X display (run under Xvfb)")
def test_student_sits_the_exam_against_a_headless_host(headless_host, tmp_path):
    port, join_code = headless_host.info["port"], headless_host.info["join_code"]
    admin = AdminHttp(headless_host.info, headless_host.data_dir, ADMIN_KEY)

    env = child_env()
    env.pop("QT_QPA_PLATFORM", None)
    errors = tmp_path / "student-stderr.txt"
    with errors.open("w") as stderr:
        student = subprocess.Popen(
            [sys.executable, "-m", "proctor", "student", "--host", f"127.0.0.1:{port}"]
            + ["--room", join_code, "--name", "Ada Lovelace", "--reg-no", "2023CS0042"]
            + ["--data-dir", str(tmp_path / "student")],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        rows = wait_until(
            lambda: [r for r in admin.call("GET", "students")["students"] if r["online"]],
            30,
            "the student to join and connect",
        )
        student_id = rows[0]["student_id"]
        assert rows[0]["status"] == "waiting"
        time.sleep(0.5)
        _screenshot("lobby")

        admin.call("POST", "start")
        wait_until(
            lambda: admin.call("GET", "students")["students"][0]["status"] == "active",
            10,
            "the exam to start",
        )
        time.sleep(2.0)  # the paper arrives and the editor takes the keyboard focus
        window = subprocess.run(  # titled by the exam: "<exam name> — Proctor"
            ["xdotool", "search", "--onlyvisible", "--pid", str(student.pid), "--name", "Proctor"],
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

        wait_until(snapshot_has_typing, 20, "the typed text to reach the host as a snapshot")

        # Ctrl+C in the terminal is a request to close: refused while the exam runs.
        student.send_signal(signal.SIGINT)
        time.sleep(1.5)
        assert student.poll() is None, "Ctrl+C closed the app in the middle of the exam"
        _screenshot("ctrl_c_refused")

        admin.call("POST", "end", {"admin_key": ADMIN_KEY})

        def handed_in() -> dict[str, Any] | None:
            return admin.call("GET", f"students/{student_id}/work").get("submission")

        submission = wait_until(handed_in, 30, "the automatic hand-in")
        assert TYPED in submission["files"]["solution.py"]
        assert "def word_counts" in submission["files"]["solution.py"]
        row = admin.call("GET", "students")["students"][0]
        assert row["status"] == "ended"
        assert row["submission_sha256"] == submission["sha256"]
        time.sleep(1.0)
        _screenshot("ended")
        assert student.poll() is None, "the student app exited during the exam"
        assert headless_host.proc is not None and headless_host.proc.poll() is None
        # Handed in and ended: now Ctrl+C closes the app.
        student.send_signal(signal.SIGINT)
        assert student.wait(timeout=15) == 0
    finally:
        stop(student)
    log = errors.read_text(errors="replace")
    assert "Traceback" not in log, log
