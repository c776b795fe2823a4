"""The second-screen watch on real screens: Qt's offscreen platform configured with two screens,
and a real X server (Xvfb) whose monitors are changed with xrandr while the watch runs."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from proctor.shield.displays import SECOND_SCREEN_MESSAGE
from proctor.student.ui.displays import DisplayWatch

APP = Path(__file__).resolve().parent / "display_app.py"
ROOT = Path(__file__).resolve().parents[3]


class DisplayApp:
    """display_app.py in its own process; its JSON lines arrive on a queue."""

    def __init__(self, env: dict[str, str], settle_ms: int = 300) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(APP), str(settle_ms)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        self.lines: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.ready = self.next(20, "ready")

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def next(self, timeout: float, event: str | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {event or 'message'} within {timeout} s") from None
            if event is None or message["event"] == event:
                return message

    def drain(self, wait: float) -> list[dict[str, Any]]:
        time.sleep(wait)
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)
        self.proc.stdout.close()


def child_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def test_one_screen_reports_nothing(qapp) -> None:
    events: list[tuple[str, dict]] = []
    notices: list[tuple[str, str]] = []
    watch = DisplayWatch(lambda k, d: events.append((k, d)), lambda k, t: notices.append((k, t)))
    watch.start()
    try:
        assert len(qapp.screens()) == 1
        assert events == [] and notices == []
        assert watch.rules.observations == 1
    finally:
        watch.stop()


def test_two_screens_at_the_start_are_reported_and_the_student_told(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    screen = {"x": 0, "y": 0, "width": 1280, "height": 800, "logicalDpi": 96, "dpr": 1}
    second = {**screen, "name": "HDMI-1", "x": 1280, "width": 1920, "height": 1080}
    config.write_text(json.dumps({"screens": [{**screen, "name": "Built-in"}, second]}))
    app = DisplayApp(child_env(QT_QPA_PLATFORM=f"offscreen:configfile={config}"))
    try:
        assert app.ready["screens"] == 2
        incident = app.next(10, "incident")
        assert incident["kind"] == "second_screen"
        detail = incident["detail"]
        assert detail["screens"] == 2 and detail["added"] is False
        assert [d["name"] for d in detail["displays"]] == ["Built-in", "HDMI-1"]
        assert detail["displays"][1]["geometry"] == [1280, 0, 1920, 1080]
        notice = app.next(10, "notice")
        assert notice["text"] == SECOND_SCREEN_MESSAGE
    finally:
        app.close()


needs_xrandr = pytest.mark.skipif(
    not (shutil.which("Xvfb") and shutil.which("xrandr")),
    reason="needs Xvfb and xrandr (x11-xserver-utils)",
)


@pytest.fixture
def x_server():
    """A private Xvfb (its own display number), stopped at the end."""
    read, write = os.pipe()
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    try:
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def xrandr(display: str, *args: str) -> None:
    subprocess.run(
        ["xrandr", *args], env={**os.environ, "DISPLAY": display}, check=True, timeout=10
    )


@needs_xrandr
def test_a_monitor_plugged_in_during_the_exam_then_unplugged(x_server: str) -> None:
    app = DisplayApp(child_env(QT_QPA_PLATFORM="xcb", DISPLAY=x_server))
    try:
        assert app.ready["screens"] == 1
        # Split the one output into a left half (the "laptop"): X adds the new monitor before
        # it drops the old one, so Qt briefly lists two screens. That is not a second screen.
        xrandr(x_server, "--setmonitor", "left", "960/254x1080/286+0+0", "screen")
        assert [m for m in app.drain(1.5) if m["event"] == "incident"] == []

        xrandr(x_server, "--setmonitor", "right", "960/254x1080/286+960+0", "none")
        incident = app.next(10, "incident")
        assert incident["kind"] == "second_screen" and incident["detail"]["added"] is True
        assert sorted(d["name"] for d in incident["detail"]["displays"]) == ["left", "right"]
        assert app.next(5, "notice")["text"] == SECOND_SCREEN_MESSAGE

        xrandr(x_server, "--delmonitor", "right")
        cleared = app.next(10, "incident")
        assert cleared["kind"] == "second_screen_cleared"
        assert cleared["detail"]["screens"] == 1
        assert app.next(5, "notice")["text"] == ""  # the notice goes
    finally:
        app.close()
