"""Drives `x11_app.py` windows in their own processes on the X server of the test run."""

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

import pytest

from tests.helpers.constants import ROOT

APP = Path(__file__).resolve().parents[1] / "shield" / "x11_app.py"

needs_x11 = pytest.mark.skipif(
    not os.environ.get("DISPLAY") or not shutil.which("xdotool"),
    reason="needs an X server (run under xvfb-run) and xdotool",
)


def xdotool(*args: str) -> None:
    subprocess.run(["xdotool", *args], check=True, timeout=10)


class X11App:
    """A window in its own process (platform xcb); its JSON output lines arrive on a queue."""

    def __init__(self, *args: str) -> None:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_QPA")}
        env["QT_QPA_PLATFORM"] = "xcb"
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.proc = subprocess.Popen(
            [sys.executable, str(APP), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
            text=True,
        )
        self.lines: queue.Queue[dict] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        ready = self.next(timeout=20)
        assert ready["event"] == "ready"
        self.window = str(ready["window"])

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def send(self, command: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()

    def next(self, timeout: float, event: str | None = None) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            try:
                message = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {event or 'message'} within {timeout} s") from None
            if event is None or message["event"] == event:
                return message

    def drain(self, wait: float) -> list[dict]:
        time.sleep(wait)
        out = []
        while not self.lines.empty():
            out.append(self.lines.get())
        return out

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._reader.join(timeout=5)
        if self.proc.stdout:
            self.proc.stdout.close()
