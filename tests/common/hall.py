"""A hall in two network namespaces: a host and a student on the two ends of one veth.

Names are unique per run (`pxt-<pid>-<hex>-host` / `-stu`); everything is removed on close,
and namespaces left by a run that died (its pid gone) are removed when the next one opens.
Only addresses inside these namespaces are used (198.18.0.1 and .2, the test range).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import secrets
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from proctor.common import netns
from tests.helpers.constants import ROOT

HERE = Path(__file__).resolve().parent
HOST_IP, STUDENT_IP = "198.18.0.1", "198.18.0.2"
HEADLESS_ADMIN_KEY = "hall admin key 0123"
PREFIX = "pxt"
_OURS = re.compile(rf"^{PREFIX}-(\d+)-[0-9a-f]+-(host|stu)$")


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}


def remove_stale_namespaces() -> None:
    for name in netns.namespaces():
        found = _OURS.match(name)
        if found and not psutil.pid_exists(int(found.group(1))):
            netns.delete_namespace(name)


def cannot_make_namespaces() -> str | None:
    """Why this machine cannot run the hall tests, or None (tries `ip netns add` for real)."""
    reason = netns.unavailable_reason()
    if reason:
        return reason
    probe = f"{PREFIX}-{os.getpid()}-{secrets.token_hex(3)}-host"
    try:
        netns.add_namespace(probe)
    except netns.NamespaceError as exc:
        return f"`ip netns add` is not permitted here: {exc}"
    netns.delete_namespace(probe)
    return None


@dataclass
class HostProcess:
    proc: subprocess.Popen[str]
    ready: dict[str, Any]

    @property
    def port(self) -> int:
        return int(self.ready["port"])

    @property
    def fingerprint(self) -> str:
        return str(self.ready["fingerprint"])


# What was read from a process's stdout past its last whole line, by pid. Lines are read
# from the file descriptor itself: `select` on a text stream misses lines already in its
# buffer (two lines written at once: the second would wait for a third).
_UNREAD: dict[int, bytes] = {}


def _read_line(proc: subprocess.Popen[str], timeout_s: float) -> str:
    """The process's next line ("" once it closed its stdout), within `timeout_s`."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    deadline = time.monotonic() + timeout_s
    unread = _UNREAD.get(proc.pid, b"")
    while b"\n" not in unread:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, left))
        if not ready:
            _UNREAD[proc.pid] = unread
            raise TimeoutError(f"no line from {proc.args!r} within {timeout_s} s")
        chunk = os.read(fd, 65536)
        if not chunk:
            _UNREAD.pop(proc.pid, None)
            return unread.decode()
        unread += chunk
    line, _, rest = unread.partition(b"\n")
    _UNREAD[proc.pid] = rest
    return line.decode() + "\n"


def read_json(proc: subprocess.Popen[str], timeout_s: float) -> dict[str, Any]:
    line = _read_line(proc, timeout_s)
    if not line:
        raise RuntimeError(f"{proc.args!r} ended without a line")
    result: dict[str, Any] = json.loads(line)
    return result


@dataclass
class Hall:
    tag: str
    host_ns: str
    student_ns: str
    _procs: list[subprocess.Popen[str]] = field(default_factory=list)

    def start_host(self, data_dir: Path, *, port: int = 8443, plain: bool = False) -> HostProcess:
        argv = [
            sys.executable,
            str(HERE / "hall_host.py"),
            "--data-dir",
            str(data_dir),
            "--bind",
            HOST_IP,
            "--port",
            str(port),
            *(["--plain"] if plain else []),
        ]
        proc = subprocess.Popen(
            netns.run_in(self.host_ns, argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        self._procs.append(proc)
        line = _read_line(proc, 30)
        if not line:
            proc.wait(5)
            assert proc.stderr is not None
            raise RuntimeError(f"the hall's host did not start: {proc.stderr.read()}")
        return HostProcess(proc, json.loads(line))

    def start_headless(
        self, data_dir: Path, *, port: int = 8443, extra: tuple[str, ...] = ()
    ) -> HostProcess:
        """The real room server, `proctor host --headless`, on the host's side of the veth
        (TLS by default, announced from that address); its ready line."""
        argv = [sys.executable, "-m", "proctor", "host", "--headless", "--name", "Hall 3"]
        argv += ["--duration", "60", "--bind", HOST_IP, "--port", str(port)]
        argv += ["--data-dir", str(data_dir), *extra]
        proc = subprocess.Popen(
            netns.run_in(self.host_ns, argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env={**_env(), "PROCTOR_ADMIN_KEY": HEADLESS_ADMIN_KEY},
            cwd=ROOT,
        )
        self._procs.append(proc)
        ready = read_json(proc, 60)
        assert ready["event"] == "ready", ready
        return HostProcess(proc, ready)

    def stop_headless(self, host: HostProcess) -> int:
        """SIGTERM the room server and wait for it; its exit status."""
        host.proc.send_signal(signal.SIGTERM)
        host.proc.communicate(timeout=30)
        self._procs.remove(host.proc)
        _UNREAD.pop(host.proc.pid, None)
        return host.proc.returncode

    def stop_host(self, host: HostProcess) -> dict[str, Any]:
        """SIGTERM, then its last line (the stopped event)."""
        host.proc.send_signal(signal.SIGTERM)
        out, err = host.proc.communicate(timeout=15)
        assert host.proc.returncode == 0, err
        self._procs.remove(host.proc)
        out = _UNREAD.pop(host.proc.pid, b"").decode() + out
        return json.loads(out.strip().splitlines()[-1])

    def run(self, namespace: str, argv: list[str], timeout_s: float = 60) -> dict[str, Any]:
        done = subprocess.run(
            netns.run_in(namespace, argv),
            capture_output=True,
            text=True,
            env=_env(),
            timeout=timeout_s,
            check=False,
        )
        lines = done.stdout.strip().splitlines()
        if not lines:
            raise RuntimeError(f"{argv!r} printed nothing (rc {done.returncode}): {done.stderr}")
        result: dict[str, Any] = json.loads(lines[-1])
        result["_rc"] = done.returncode
        return result

    def start_student(self, *args: str) -> subprocess.Popen[str]:
        """A student process left running; read its lines with `read_json`."""
        argv = [sys.executable, str(HERE / "hall_student.py"), *args]
        proc = subprocess.Popen(
            netns.run_in(self.student_ns, argv),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        self._procs.append(proc)
        return proc

    def end(self, proc: subprocess.Popen[str]) -> None:
        """Stop a process this hall started (SIGTERM, then SIGKILL after 10 s)."""
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        proc.communicate()
        self._procs.remove(proc)
        _UNREAD.pop(proc.pid, None)

    def student(self, *args: str, timeout_s: float = 60) -> dict[str, Any]:
        return self.run(
            self.student_ns, [sys.executable, str(HERE / "hall_student.py"), *args], timeout_s
        )

    def close(self) -> None:
        for proc in self._procs:  # only the processes this hall started, by their handle
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(5)
            for stream in (proc.stdout, proc.stderr):
                if stream is not None:
                    stream.close()
        self._procs.clear()
        netns.delete_namespace(self.host_ns)
        netns.delete_namespace(self.student_ns)


def open_hall() -> Hall:
    remove_stale_namespaces()
    tag = secrets.token_hex(3)
    base = f"{PREFIX}-{os.getpid()}-{tag}"
    hall = Hall(tag, f"{base}-host", f"{base}-stu")
    try:
        netns.add_namespace(hall.host_ns)
        netns.add_namespace(hall.student_ns)
        netns.add_veth(
            netns.VethEnd(hall.host_ns, f"pxh{tag}", f"{HOST_IP}/24"),
            netns.VethEnd(hall.student_ns, f"pxs{tag}", f"{STUDENT_IP}/24"),
        )
    except BaseException:
        with contextlib.suppress(Exception):
            hall.close()
        raise
    return hall
