"""The host under test: a real `proctor host --headless` process on loopback.

It serves HTTPS, as in a hall (`insecure_http=True`: plain HTTP, to measure what TLS costs);
every client of the bench pins the fingerprint from its ready line (`fingerprint`,
`connector`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

import aiohttp

from proctor.common.tls import pin

BENCH_ADMIN_KEY = "bench admin key 0123"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_S = 60.0


class HostStartError(RuntimeError):
    pass


def pinned_connector(fingerprint: str | None, **options: Any) -> aiohttp.TCPConnector:
    """A connector that pins `fingerprint` (None: a plain-HTTP host, nothing to pin)."""
    if fingerprint:
        options["ssl"] = pin(fingerprint)
    return aiohttp.TCPConnector(**options)


def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child Python: this checkout first on the import path."""
    env = dict(os.environ)
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = str(PROJECT_ROOT) + (os.pathsep + path if path else "")
    env.update(extra)
    return env


class HostProcess:
    """Start the headless host, read its ready line, and stop it cleanly."""

    def __init__(
        self,
        data_dir: Path,
        *,
        name: str = "Benchmark",
        duration_min: int = 600,
        paper: Path | None = None,
        insecure_http: bool = False,
        bind: str = "127.0.0.1",
        wrap: Callable[[list[str]], list[str]] | None = None,
        extra_args: tuple[str, ...] = (),
    ) -> None:
        """`wrap` turns the host's argv into the one to run (e.g. inside a network
        namespace, `hall.Hall.in_host`); `extra_args` are more host options."""
        self.data_dir = data_dir
        self.paper = paper
        self.insecure_http = insecure_http
        self.bind = bind
        self.wrap = wrap
        self.extra_args = extra_args
        self.name = name
        self.duration_min = duration_min
        self.admin_key = BENCH_ADMIN_KEY
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}
        self.stderr_tail: list[str] = []
        self._readers: list[threading.Thread] = []

    @property
    def pid(self) -> int:
        return int(self.info["pid"])

    @property
    def fingerprint(self) -> str | None:
        """The host's certificate, from its ready line (None: plain HTTP)."""
        fingerprint = self.info.get("fingerprint")
        return str(fingerprint) if fingerprint else None

    @property
    def join_code(self) -> str:
        """What a student types: the join code (the room ID of a plain-HTTP host)."""
        return str(self.info.get("join_code") or self.info["room_id"])

    @property
    def base_url(self) -> str:
        scheme = "https" if self.fingerprint else "http"
        return f"{scheme}://{self.bind}:{self.info['port']}"

    def connector(self, **options: Any) -> aiohttp.TCPConnector:
        """An aiohttp connector pinned to the host's certificate (plain for plain HTTP)."""
        return pinned_connector(self.fingerprint, **options)

    @property
    def room_id(self) -> str:
        return str(self.info["room_id"])

    def start(self, timeout_s: float = READY_TIMEOUT_S) -> dict[str, Any]:
        cmd = [
            sys.executable,
            "-m",
            "proctor",
            "host",
            "--headless",
            "--name",
            self.name,
            "--duration",
            str(self.duration_min),
            "--port",
            "0",
            "--bind",
            self.bind,
            "--data-dir",
            str(self.data_dir),
            *(["--paper", str(self.paper)] if self.paper is not None else []),
            "--no-announce",  # nobody on the network is meant to join the benchmark's room
            *(["--insecure-http"] if self.insecure_http else []),
            *self.extra_args,
        ]
        if self.wrap is not None:
            cmd = self.wrap(cmd)
        env = child_env(PROCTOR_ADMIN_KEY=self.admin_key)
        self.proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stderr is not None
        threading.Thread(target=self._drain_stderr, args=(self.proc.stderr,), daemon=True).start()
        ready = self._read_ready_line(timeout_s)
        if ready is None:
            self.stop()
            tail = "\n".join(self.stderr_tail[-20:])
            raise HostStartError(f"the host did not report ready within {timeout_s:.0f} s\n{tail}")
        self.info = ready
        return ready

    def _read_ready_line(self, timeout_s: float) -> dict[str, Any] | None:
        assert self.proc is not None and self.proc.stdout is not None
        found: list[dict[str, Any]] = []
        stdout = self.proc.stdout

        def read() -> None:
            for line in stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if isinstance(message, dict) and message.get("event") == "ready":
                    found.append(message)
                    break
            for _ in stdout:  # keep the pipe drained
                pass

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        self._readers.append(reader)
        deadline = time.monotonic() + timeout_s
        while not found and time.monotonic() < deadline and self.proc.poll() is None:
            time.sleep(0.05)
        return found[0] if found else None

    def _drain_stderr(self, stream: IO[str]) -> None:
        for line in stream:
            self.stderr_tail.append(line.rstrip())
            if len(self.stderr_tail) > 200:
                del self.stderr_tail[:100]

    def stop(self, timeout_s: float = 20.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        for thread in self._readers:
            thread.join(5)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return self.proc.returncode

    def __enter__(self) -> HostProcess:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
