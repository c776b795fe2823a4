"""The host's side of the sandbox: start and talk to a zygote (the isolated interpreter that
forks every case), decide the confinement mode for this OS and user, and describe how strong
the sandbox is here.

Code never runs in the caller's process: `Sandbox.run_job` hands a job to the zygote over a
pipe and reads back one report per case.
"""

from __future__ import annotations

import json
import os
import secrets
import selectors
import shutil
import signal
import stat
import struct
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

HERE = Path(__file__).resolve().parent
ZYGOTE = HERE / "_zygote.py"
UID_BASE = 1_900_000_000  # the case uid as root: UID_BASE + slot (no passwd entry needed)


@dataclass(frozen=True)
class Limits:
    cpu_s: int = 5
    wall_s: float = 11.0
    memory_mb: int = 256
    fsize_mb: int = 16
    output_bytes: int = 64 * 1024
    nproc: int = 32

    @classmethod
    def for_case(cls, cpu_s: int, memory_mb: int) -> Limits:
        """Wall time: three times the CPU seconds plus two (a case that sleeps uses no CPU;
        a busy host gives a case less than a core)."""
        return cls(cpu_s=cpu_s, wall_s=3.0 * cpu_s + 2.0, memory_mb=memory_mb)

    def to_dict(self) -> dict[str, Any]:
        return {
            "cpu_s": self.cpu_s,
            "wall_s": self.wall_s,
            "memory_mb": self.memory_mb,
            "fsize_mb": self.fsize_mb,
            "output_bytes": self.output_bytes,
            "nproc": self.nproc,
        }


@dataclass(frozen=True)
class SandboxSettings:
    mode: str = "auto"  # auto | root | userns | plain | spawn
    uid_base: int = UID_BASE
    landlock: bool = True
    seccomp: bool = True
    audit: bool = True  # the Python audit hook (off only to test the OS layers alone)
    interpreter: tuple[str, ...] = ()  # default: this Python with -I -S


@dataclass(frozen=True)
class SandboxStrength:
    """What confines a case on this machine, as the zygote found it."""

    platform: str
    mode: str
    uid_drop: bool
    netns: bool
    pidns: bool
    landlock_abi: int
    seccomp: bool
    process_limit: str
    audit_hook: bool = True
    weaker: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def default_mode() -> str:
    if sys.platform.startswith("linux"):
        return "root" if os.geteuid() == 0 else "userns"
    return "plain"


def expose_plan(paths: list[str]) -> list[dict[str, Any]]:
    """For root mode: the private ancestors (no o+x, like /root) of the folders the case must
    read, each with the folders to bind back under it."""
    covers: dict[str, list[str]] = {}
    for raw in paths:
        path = os.path.realpath(raw)
        if not os.path.isdir(path):
            continue
        parts = Path(path).parts
        for depth in range(2, len(parts) + 1):
            ancestor = str(Path(*parts[:depth]))
            if not os.stat(ancestor).st_mode & stat.S_IXOTH:
                covers.setdefault(ancestor, [])
                if path not in covers[ancestor]:
                    covers[ancestor].append(path)
                break
    return [{"cover": c, "keep": keep} for c, keep in covers.items()]


def frozen() -> bool:
    """A packaged build (PyInstaller): `sys.executable` is the app, not a Python."""
    return bool(getattr(sys, "frozen", False))


def default_interpreter() -> list[str]:
    """The isolated interpreter a sandbox's harness script runs in: this Python with -I -S,
    or in a packaged build the app itself through its hidden `_sandbox-python` command."""
    if frozen():
        return [sys.executable, "_sandbox-python"]
    return [sys.executable, "-I", "-S"]


def frozen_library() -> list[str]:
    """In a packaged build, where its standard library is read from: the bundle's folder
    (its modules, extensions and base_library.zip) and the executable's (which holds the
    archive of compiled modules)."""
    meipass = getattr(sys, "_MEIPASS", None)
    found = {os.path.dirname(os.path.abspath(sys.executable))}
    if meipass:
        found.add(os.path.abspath(meipass))
    return sorted(found)


def _read_roots() -> list[str]:
    """The standard library's folders, as the zygote's `-I -S` interpreter will use them."""
    if frozen():
        return frozen_library()
    found = {
        sysconfig.get_path("stdlib"),
        sysconfig.get_path("platstdlib"),
        os.path.dirname(os.__file__),
    }
    return sorted(p for p in found if p and os.path.isdir(p))


def strength_of(ready: dict[str, Any], mode: str, audit: bool = True) -> SandboxStrength:
    weaker: list[str] = []
    netns, pidns = bool(ready.get("netns")), bool(ready.get("pidns"))
    abi, seccomp = int(ready.get("landlock") or 0), bool(ready.get("seccomp"))
    mode = ready.get("mode", mode)
    if not netns:
        weaker.append(
            "no network namespace: the network is refused by seccomp (no sockets)"
            + (" and Landlock (no TCP)" if abi >= 4 else "")
        )
    if not pidns:
        weaker.append("no PID namespace: a case's processes are killed by process group")
    if not abi:
        weaker.append(
            "no Landlock: files outside the case folder are guarded by "
            + ("the case uid's permissions" if mode == "root" else "the Python audit hook only")
        )
    if not seccomp:
        weaker.append("no seccomp: new processes are bounded by RLIMIT_NPROC only")
    if mode == "root":
        limit = "RLIMIT_NPROC on a uid of its own per worker, seccomp forbids processes"
    elif mode == "userns" and pidns:
        limit = "RLIMIT_NPROC counted in a user namespace of its own, seccomp forbids processes"
    else:
        limit = "RLIMIT_NPROC counts all of this user's processes; seccomp forbids processes"
        weaker.append("RLIMIT_NPROC is shared with the user's other processes")
    return SandboxStrength(
        platform=sys.platform,
        mode=mode,
        uid_drop=mode == "root",
        netns=netns,
        pidns=pidns,
        landlock_abi=abi,
        seccomp=seccomp,
        process_limit=limit,
        audit_hook=audit,
        weaker=tuple(weaker),
    )


def remove_tree(path: Path) -> None:
    """rmtree that also clears folders a case or the zygote left without write permission."""

    def retry(func: Any, target: str, _exc: object) -> None:
        try:
            os.chmod(os.path.dirname(target), 0o700)
            if os.path.isdir(target) and not os.path.islink(target):
                os.chmod(target, 0o700)
            func(target)
        except OSError:
            pass

    if not os.path.lexists(path):
        return
    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


def probe_strength(settings: SandboxSettings | None = None) -> SandboxStrength:
    """Start a throwaway sandbox to learn what confines a case on this machine (for the
    dashboard and the log); about a tenth of a second."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="proctor-probe-"))
    os.chmod(base, 0o711)
    box = open_sandbox(base, 0, settings)
    try:
        return box.start()
    finally:
        box.stop()
        remove_tree(base)


class SandboxError(RuntimeError):
    """The sandbox itself failed (not the student's code)."""


class JobRunner(Protocol):
    """What marking needs of a sandbox (the zygote `Sandbox` or the `SpawnSandbox`)."""

    strength: SandboxStrength | None

    def start(self) -> SandboxStrength: ...

    def run_job(self, job: dict[str, Any], timeout: float) -> list[dict[str, Any]]: ...

    def stop(self) -> None: ...


def open_sandbox(
    work_dir: Path, slot: int = 0, settings: SandboxSettings | None = None
) -> JobRunner:
    """The zygote sandbox where fork exists (Linux, macOS), the spawn sandbox elsewhere or
    when settings.mode is "spawn". Not started yet."""
    settings = settings or SandboxSettings()
    if settings.mode == "spawn" or not hasattr(os, "fork"):
        from proctor.marking.sandbox.spawn import SpawnSandbox

        return SpawnSandbox(work_dir, slot, settings)
    return Sandbox(work_dir, slot, settings)


class Sandbox:
    """One zygote, used by one worker for one job at a time."""

    def __init__(self, work_dir: Path, slot: int = 0, settings: SandboxSettings | None = None):
        self.settings = settings or SandboxSettings()
        self.slot = slot
        self.work_dir = Path(work_dir) / f"w{slot}"
        self.mode = self.settings.mode if self.settings.mode != "auto" else default_mode()
        self.strength: SandboxStrength | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._jobs = 0

    def start(self) -> SandboxStrength:
        if self.mode not in ("root", "userns", "plain"):
            raise SandboxError(f"no zygote sandbox for mode {self.mode!r} on {sys.platform}")
        self.work_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.work_dir, 0o711)
        if self.mode == "root":
            private = [p for p in self.work_dir.parents if not p.stat().st_mode & stat.S_IXOTH]
            if private:
                raise SandboxError(
                    f"the case uid cannot reach {self.work_dir}: {private[0]} is private"
                )
        reads = _read_roots()
        conf = {
            "mode": self.mode,
            "uid": self.settings.uid_base + self.slot,
            "gid": self.settings.uid_base + self.slot,
            "landlock": self.settings.landlock,
            "seccomp": self.settings.seccomp,
            "audit": self.settings.audit,
            "expose": expose_plan(reads) if self.mode == "root" else [],
        }
        argv = list(self.settings.interpreter) or default_interpreter()
        log = open(self.work_dir / "zygote.log", "ab")  # noqa: SIM115 - handed to the child
        try:
            self._proc = subprocess.Popen(
                [*argv, str(ZYGOTE)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                cwd=self.work_dir,
                env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
                start_new_session=True,
            )
        finally:
            log.close()
        self._send({"confine": conf, "work_dir": str(self.work_dir)})
        ready = self._receive(timeout=30.0)
        if ready.get("type") != "ready":
            raise SandboxError(f"the zygote did not start: {ready}")
        self.strength = strength_of(ready, self.mode, self.settings.audit)
        return self.strength

    def run_job(self, job: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
        """Send one job; return the build report (if any) and one report per case. On a
        timeout or a dead zygote raise SandboxError (the zygote is stopped)."""
        if self._proc is None or self._proc.poll() is not None:
            self.start()
        job_dir = self.work_dir / f"j{self._jobs}-{secrets.token_hex(4)}"
        self._jobs += 1
        job_dir.mkdir(mode=0o711)
        os.chmod(job_dir, 0o711)
        message = dict(job, job_dir=str(job_dir), nonce=secrets.token_hex(16))
        reports: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        try:
            self._send(message)
            while True:
                report = self._receive(timeout=max(0.1, deadline - time.monotonic()))
                if report.get("type") == "done":
                    return [dict(r, nonce=message["nonce"]) for r in reports]
                reports.append(report)
        except SandboxError:
            self.stop()
            raise
        finally:
            remove_tree(job_dir)

    def _send(self, message: dict[str, Any]) -> None:
        assert self._proc is not None and self._proc.stdin is not None
        body = json.dumps(message).encode()
        try:
            self._proc.stdin.write(struct.pack("!I", len(body)) + body)
            self._proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SandboxError(f"the zygote is gone: {exc}") from exc

    def _receive(self, timeout: float) -> dict[str, Any]:
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        with selectors.DefaultSelector() as sel:
            sel.register(fd, selectors.EVENT_READ)
            while True:
                if len(self._buffer) >= 4:
                    (size,) = struct.unpack("!I", self._buffer[:4])
                    if len(self._buffer) >= 4 + size:
                        body = self._buffer[4 : 4 + size]
                        self._buffer = self._buffer[4 + size :]
                        return dict(json.loads(body))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise SandboxError("the zygote did not answer in time")
                if not sel.select(timeout=left):
                    continue
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    raise SandboxError("the zygote stopped")
                self._buffer += chunk

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        self._buffer = b""
        if proc is None:
            return
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        proc.wait(timeout=10)
        for stream in (proc.stdin, proc.stdout):
            if stream is not None:
                stream.close()

    def __enter__(self) -> Sandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
