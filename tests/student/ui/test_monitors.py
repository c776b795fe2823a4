"""The integrity monitors the exam's policy asks for are started by the student app and their
reports reach the host: a blacklisted process (a real one) and the camera (a picture file)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.student_ui import (
    close_student,
    join_and_start,
    make_student,
    start_host,
)

pytestmark = [pytest.mark.gui, pytest.mark.slow]

DATA = Path(__file__).resolve().parents[2] / "data"


def _incident_kinds(host):
    return [i["kind"] for i in host.admin("GET", "incidents")["incidents"]]


def test_blacklisted_process_is_reported_and_shown(qtbot, tmp_path):
    sleeper = tmp_path / "examcheat"
    shutil.copy(shutil.which("sleep"), sleeper)
    policy = {
        "blacklist": [{"name": "Exam Cheat", "match": ["examcheat"]}],
        "scan_interval_s": 0.5,
    }
    host = start_host(tmp_path / "host", policy=policy)
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    process = None
    try:
        exam = join_and_start(qtbot, app, host, "Ada Lovelace", "2023CS0042")
        process = subprocess.Popen([str(sleeper), "60"])
        qtbot.waitUntil(lambda: "Close Exam Cheat" in exam.banner.text(), timeout=10_000)
        assert exam.banner.isVisible()
        qtbot.waitUntil(lambda: "process_blacklisted" in _incident_kinds(host), timeout=15_000)
    finally:
        if process is not None:
            process.kill()
            process.wait(10)
        close_student(app)
        host.stop()


def test_camera_self_view_and_presence_reports(qtbot, tmp_path):
    host = start_host(tmp_path / "host", policy={"camera": "report", "paste": "block"})
    app = make_student(tmp_path / "student", camera_source=str(DATA / "camera_no_person_cat.jpg"))
    qtbot.addWidget(app.window)
    app.start()
    try:
        exam = join_and_start(qtbot, app, host, "Grace Hopper", "2023CS0007")
        view = app.controller.monitors.self_view
        assert view is not None and view.isVisibleTo(app.window)
        qtbot.waitUntil(lambda: view.frames_shown > 0, timeout=15_000)
        assert "camera" in exam.banner.text().lower()
        guard = app.controller.monitors._paste_guard
        assert guard is not None and guard.policy == "block"
        qtbot.waitUntil(lambda: "no_face" in _incident_kinds(host), timeout=20_000)
    finally:
        close_student(app)
        host.stop()


def test_computer_wide_signals_and_the_screen_watch_start_with_the_exam(qtbot, tmp_path):
    from proctor.shield.virtual_machine import detect_virtual_machine

    host = start_host(tmp_path / "host")
    app = make_student(tmp_path / "student")
    qtbot.addWidget(app.window)
    app.start()
    try:
        join_and_start(qtbot, app, host, "Mary Somerville", "2023CS0011")
        monitors = app.controller.monitors
        qtbot.waitUntil(lambda: monitors._signals is not None, timeout=10_000)
        signals, displays = monitors._signals, monitors._displays
        qtbot.waitUntil(lambda: signals.cycles >= 1, timeout=15_000)
        assert signals.running and displays is not None
        assert displays.rules.observations >= 1 and not displays.rules.open  # one screen here
        found = detect_virtual_machine()  # what this machine shows is what the host hears
        if found is not None:
            kind = "virtual_machine_suspected" if found.suspected else "virtual_machine"
            qtbot.waitUntil(lambda: kind in _incident_kinds(host), timeout=15_000)
        assert "second_screen" not in _incident_kinds(host)
    finally:
        close_student(app)
        host.stop()
    assert not signals.running  # stopped with the exam
