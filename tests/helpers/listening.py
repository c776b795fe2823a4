"""Real listening servers for the shield's tests: a copy of the Python interpreter under a
chosen name (so that is its process name), listening on a TCP port of this machine."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

_LISTEN_SCRIPT = """
import socket, sys, time
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
server = socket.socket(family, socket.SOCK_STREAM)
try:
    server.bind((sys.argv[1], int(sys.argv[2])))
except OSError as exc:
    print("busy", exc.errno, flush=True)
    sys.exit(0)
server.listen(4)
print("port", server.getsockname()[1], flush=True)
time.sleep(float(sys.argv[3]))
"""


class Server:
    def __init__(self, proc: subprocess.Popen[str], port: int | None, reason: str = "") -> None:
        self.proc = proc
        self.port = port
        self.reason = reason

    @property
    def pid(self) -> int:
        return self.proc.pid


Serve = Callable[..., Server]


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Serve]:
    """`serve(port=0, name="ollama")` starts a listening process and waits until it listens.

    `name` makes the interpreter a copy called that (its process name); `script` runs the
    listener from that file path instead of `-c` (so it is in the command line). A port that
    is taken gives a Server whose `port` is None and `reason` says why (the machine is shared).
    """
    started: list[subprocess.Popen[str]] = []
    folder = tmp_path / "servers"
    folder.mkdir()

    def start(
        port: int = 0,
        name: str | None = None,
        script: str | None = None,
        host: str = "127.0.0.1",
        seconds: float = 120,
    ) -> Server:
        python = sys.executable
        if name is not None:
            python = str(folder / name)
            if not Path(python).exists():
                shutil.copy2(sys.executable, python)
        if script is not None:
            path = folder / script
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_LISTEN_SCRIPT, encoding="utf-8")
            command = [python, "-S", str(path)]
        else:
            command = [python, "-S", "-c", _LISTEN_SCRIPT]
        proc = subprocess.Popen(
            [*command, host, str(port), str(seconds)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        started.append(proc)
        assert proc.stdout is not None
        line = proc.stdout.readline().split()
        assert len(line) >= 2, f"the listening process {command[0]} did not start"
        word, value = line[:2]
        if word == "busy":
            proc.wait(timeout=10)
            return Server(proc, None, f"port {port} is in use on this shared machine")
        return Server(proc, int(value))

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
    for proc in started:
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
