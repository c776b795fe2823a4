"""Real processes with chosen names: copies of `sleep` started under the names to be detected,
and copies of the Python interpreter that listen on real TCP ports."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.helpers import listening

SLEEP = shutil.which("sleep") or "/bin/sleep"

Spawn = Callable[..., subprocess.Popen[bytes]]


@pytest.fixture
def program(tmp_path: Path) -> Callable[[str], Path]:
    """`program("Discord")` is a copy of `sleep` called Discord (made once per name)."""
    folder = tmp_path / "apps"
    folder.mkdir()

    def make(name: str) -> Path:
        path = folder / name
        if not path.exists():
            shutil.copy2(SLEEP, path)
        return path

    return make


@pytest.fixture
def spawn(program: Callable[[str], Path]) -> Iterator[Spawn]:
    """`spawn("Discord", seconds=60)` starts it; every process is killed and reaped at the end."""
    started: list[subprocess.Popen[bytes]] = []

    def start(name: str, seconds: float = 60) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [str(program(name)), str(seconds)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
    for proc in started:
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()


class Recorder:
    """An `emit` that keeps every report; safe to call from the monitor thread."""

    def __init__(self) -> None:
        self.events: list[tuple[str, dict]] = []

    def __call__(self, kind: str, detail: dict) -> None:
        self.events.append((kind, dict(detail)))

    def of(self, kind: str) -> list[dict]:
        return [d for k, d in self.events if k == kind]

    def pids(self, kind: str) -> list[int]:
        return [d["pid"] for d in self.of(kind)]


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


# Real listening servers (a copy of Python under a chosen name): see tests/helpers/listening.py
serve = listening.serve
