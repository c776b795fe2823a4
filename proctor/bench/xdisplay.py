"""An X display to watch an app's window appear on: the current one, or a private Xvfb."""

from __future__ import annotations

import os
import shutil
import subprocess


class PrivateDisplay:
    """`name` is $DISPLAY if set; else a private Xvfb's display while in the `with` block;
    None when neither is possible."""

    def __init__(self) -> None:
        self.name: str | None = os.environ.get("DISPLAY") or None
        self._xvfb: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> PrivateDisplay:
        if self.name is None and shutil.which("Xvfb"):
            read_fd, write_fd = os.pipe()
            try:
                self._xvfb = subprocess.Popen(
                    ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x800x24"]
                    + ["-nolisten", "tcp"],
                    pass_fds=(write_fd,),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                os.close(write_fd)
                write_fd = -1
                with os.fdopen(read_fd, "rb") as pipe:
                    read_fd = -1
                    number = pipe.readline().strip().decode()
                if number.isdigit():
                    self.name = f":{number}"
            finally:
                for fd in (read_fd, write_fd):
                    if fd >= 0:
                        os.close(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._xvfb is not None:
            self._xvfb.terminate()
            try:
                self._xvfb.wait(10)
            except subprocess.TimeoutExpired:
                self._xvfb.kill()
                self._xvfb.wait(5)


def window_visible(pid: int, display: str) -> bool:
    """Does process `pid` have a mapped top-level window on `display`? (needs xdotool)"""
    if not shutil.which("xdotool"):
        return False
    done = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--pid", str(pid)],
        capture_output=True,
        text=True,
        env=dict(os.environ, DISPLAY=display),
        timeout=10,
    )
    return done.returncode == 0 and bool(done.stdout.strip())
