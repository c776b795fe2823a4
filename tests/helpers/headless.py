"""A real `python -m proctor host --headless` process for end-to-end tests."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp

from tests.helpers.constants import ADMIN_KEY, ROOT
from tests.helpers.hosts import PinnedClients

_STARTED: list[HeadlessHost] = []


def reap_hosts() -> None:
    """Kill every host a test started and left running (a failed assertion, say)."""
    while _STARTED:
        host = _STARTED.pop()
        if host.proc is not None and host.proc.poll() is None:
            host.kill()


def proctor_env(admin_key: str | None = ADMIN_KEY) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PROCTOR_ADMIN_KEY", None)
    if admin_key is not None:
        env["PROCTOR_ADMIN_KEY"] = admin_key
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_proctor(*args: str, admin_key: str | None = ADMIN_KEY, timeout: float = 60):
    """Run `proctor ARGS` to completion; returns the CompletedProcess (text)."""
    return subprocess.run(
        [sys.executable, "-m", "proctor", *args],
        cwd=ROOT,
        env=proctor_env(admin_key),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


class HeadlessHost(PinnedClients):
    """One host process; `start()` waits for its ready line. It serves HTTPS (pin its
    `fingerprint`: `http()`, `connector()`), or plain HTTP with `tls=False`."""

    def __init__(
        self,
        data_dir: Path,
        *,
        name: str | None = "Durability exam",
        duration_min: float | None = 60,
        port: int = 0,
        admin_key: str | None = ADMIN_KEY,
        extra: list[str] | None = None,
        open_files: int | None = None,
        tls: bool = True,
    ) -> None:
        self.data_dir = data_dir
        self.open_files = open_files  # a soft open-file limit to start the process under
        args = ["host", "--headless", "--bind", "127.0.0.1", "--port", str(port)]
        args += ["--data-dir", str(data_dir)]
        if name is not None:
            args += ["--name", name]
        if duration_min is not None:
            args += ["--duration", str(duration_min)]
        self.args = args + ([] if tls else ["--insecure-http"]) + (extra or [])
        self.admin_key = admin_key
        self.proc: subprocess.Popen[str] | None = None
        self.info: dict[str, Any] = {}
        self.log_path = data_dir.parent / f"{data_dir.name}-host-{time.monotonic_ns()}.log"

    @property
    def fingerprint(self) -> str | None:  # type: ignore[override]
        """The certificate's, from the ready line (None: plain HTTP)."""
        return self.info.get("fingerprint")

    @property
    def join_code(self) -> str:
        return str(self.info.get("join_code") or self.info["room_id"])

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.info['port']}"

    @property
    def room_url(self) -> str:
        return f"{self.base_url}/api/v1/rooms/{self.info['room_id']}"

    def start(self, timeout: float = 30) -> dict[str, Any]:
        self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "w")  # noqa: SIM115 - kept for the process's lifetime
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proctor", *self.args],
            cwd=ROOT,
            env=proctor_env(self.admin_key),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            preexec_fn=None if self.open_files is None else self._limit_open_files,
        )
        log.close()
        _STARTED.append(self)
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.2)
            if ready:
                line = self.proc.stdout.readline()
                if line.strip():
                    self.info = json.loads(line)
                    assert self.info["event"] == "ready", self.info
                    return self.info
            if self.proc.poll() is not None:
                break
        raise AssertionError(f"no ready line; exit {self.proc.poll()}; log:\n{self.log()}")

    def _limit_open_files(self) -> None:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (self.open_files, hard))

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        self.proc.send_signal(sig)

    def wait(self, timeout: float = 20) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout)
        if self.proc.stdout is not None:
            self.proc.stdout.close()
        return code

    def stop(self) -> int:
        """SIGTERM and wait: the clean way out."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else 0
        self.signal(signal.SIGTERM)
        return self.wait()

    def kill(self) -> None:
        """SIGKILL: no cleanup at all."""
        self.signal(signal.SIGKILL)
        self.wait()


class HttpError(Exception):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body


async def call(
    http: aiohttp.ClientSession, method: str, url: str, token: str | None = None, json: Any = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with http.request(method, url, json=json, headers=headers) as resp:
        body = await resp.json()
        if resp.status >= 400:
            raise HttpError(resp.status, body)
        return body
