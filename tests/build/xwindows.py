"""Windows of a process tree on an X display, seen with xdotool: is the window really mapped,
and how long did it take to appear. A one-file build runs the app in a child of the process
that was started, so the whole tree is searched."""

from __future__ import annotations

import os
import subprocess
import time

import psutil


def process_tree(pid: int) -> list[int]:
    try:
        return [pid, *(child.pid for child in psutil.Process(pid).children(recursive=True))]
    except psutil.Error:
        return [pid]


def xdotool(display: str, *args: str, check: bool = False) -> str:
    done = subprocess.run(
        ["xdotool", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, DISPLAY=display),
        timeout=15,
        check=check,
    )
    return done.stdout if done.returncode == 0 else ""


def mapped_windows(pid: int, display: str, name: str | None = None) -> list[str]:
    """Ids of the visible (mapped) windows of `pid` and its children, optionally by title."""
    found: list[str] = []
    for member in process_tree(pid):
        args = ["search", "--all", "--onlyvisible", "--pid", str(member)]  # all: and, not or
        if name is not None:
            args += ["--name", name]
        found += xdotool(display, *args).split()
    return found


def time_to_window(
    proc: subprocess.Popen[bytes], started: float, display: str, timeout_s: float
) -> tuple[str, float]:
    """(window id, seconds from `started`) once `proc` maps a window; AssertionError if it exits
    or `timeout_s` passes first."""
    deadline = started + timeout_s
    while time.perf_counter() < deadline:
        windows = mapped_windows(proc.pid, display)
        if windows:
            return windows[0], time.perf_counter() - started
        if proc.poll() is not None:
            raise AssertionError(f"the app exited ({proc.returncode}) before showing a window")
        time.sleep(0.01)
    raise AssertionError(f"no window within {timeout_s:.0f} s")


def window_title(window: str, display: str) -> str:
    return xdotool(display, "getwindowname", window).strip()
