"""The spawn sandbox: a fresh interpreter (or the runner's program) per case, for Windows,
where there is no fork, and wherever `mode="spawn"` is chosen. Same interface as `Sandbox`.

Confinement here is what the OS lets a parent put on a child: on Windows a Job Object (one
process, a memory and a CPU-time limit, killed with the job, no UI access); on POSIX the
resource limits, set in the child before it runs. Network and files outside the folder are
guarded by the Python audit hook only (weaker; see docs/MARKING.md).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from proctor.marking.sandbox.host import HERE, SandboxSettings, SandboxStrength, default_interpreter

SINGLE = HERE / "_single.py"
WINDOWS = sys.platform == "win32"


def _posix_limits(limits: dict[str, Any]) -> Any:
    def apply() -> None:
        import resource

        os.setsid()
        resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu_s"], limits["cpu_s"] + 1))
        for which, value in (
            ("RLIMIT_AS", limits["memory_mb"] << 20),
            ("RLIMIT_FSIZE", limits["fsize_mb"] << 20),
            ("RLIMIT_CORE", 0),
        ):
            try:
                resource.setrlimit(getattr(resource, which), (value, value))
            except (ValueError, OSError, AttributeError):
                pass  # macOS ignores or refuses RLIMIT_AS

    return apply


class _Job:
    """A Windows Job Object holding one case: one process, memory and CPU caps."""

    def __init__(self, limits: dict[str, Any]) -> None:
        import ctypes
        from ctypes import wintypes

        class IoCounters(ctypes.Structure):
            _fields_ = [(n, ctypes.c_ulonglong) for n in ("r", "w", "o", "rb", "wb", "ob")]

        class Basic(ctypes.Structure):
            _fields_ = [
                ("PerProcessUserTimeLimit", ctypes.c_int64),
                ("PerJobUserTimeLimit", ctypes.c_int64),
                ("LimitFlags", wintypes.DWORD),
                ("MinimumWorkingSetSize", ctypes.c_size_t),
                ("MaximumWorkingSetSize", ctypes.c_size_t),
                ("ActiveProcessLimit", wintypes.DWORD),
                ("Affinity", ctypes.c_size_t),
                ("PriorityClass", wintypes.DWORD),
                ("SchedulingClass", wintypes.DWORD),
            ]

        class Extended(ctypes.Structure):
            _fields_ = [
                ("Basic", Basic),
                ("Io", IoCounters),
                ("ProcessMemoryLimit", ctypes.c_size_t),
                ("JobMemoryLimit", ctypes.c_size_t),
                ("PeakProcessMemoryUsed", ctypes.c_size_t),
                ("PeakJobMemoryUsed", ctypes.c_size_t),
            ]

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]  # Windows only
        self._kernel32 = kernel32
        self.closed = False
        self.handle = kernel32.CreateJobObjectW(None, None)
        info = Extended()
        info.Basic.LimitFlags = (
            0x8 | 0x100 | 0x2 | 0x2000 | 0x400
        )  # active, memory, time, kill, die
        info.Basic.ActiveProcessLimit = 1
        info.Basic.PerProcessUserTimeLimit = int(limits["cpu_s"] * 10_000_000)
        info.ProcessMemoryLimit = limits["memory_mb"] << 20
        kernel32.SetInformationJobObject(self.handle, 9, ctypes.byref(info), ctypes.sizeof(info))
        ui = wintypes.DWORD(0xFF)  # JobObjectBasicUIRestrictions: every restriction
        kernel32.SetInformationJobObject(self.handle, 4, ctypes.byref(ui), ctypes.sizeof(ui))

    def assign(self, process: subprocess.Popen[bytes]) -> None:
        handle = int(process._handle)  # type: ignore[attr-defined]  # Windows Popen's handle
        if not self._kernel32.AssignProcessToJobObject(self.handle, handle):
            process.kill()
            raise OSError("could not put the case in a Job Object")

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self._kernel32.TerminateJobObject(self.handle, 1)
            self._kernel32.CloseHandle(self.handle)


def _read_capped(stream: Any, into: list[bytes], cap: int, flood: threading.Event) -> None:
    total = 0
    while True:
        chunk = stream.read1(65536)
        if not chunk:
            return
        total += len(chunk)
        if total > cap:
            flood.set()
            into.append(chunk[: max(0, cap - (total - len(chunk)))])
            return
        into.append(chunk)


class SpawnSandbox:
    def __init__(self, work_dir: Path, slot: int = 0, settings: SandboxSettings | None = None):
        self.settings = settings or SandboxSettings(mode="spawn")
        self.slot = slot
        self.work_dir = Path(work_dir) / f"w{slot}"
        self.strength: SandboxStrength | None = None

    def start(self) -> SandboxStrength:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        weaker = (
            "no network namespace or seccomp: the network is refused by the audit hook only",
            "files outside the case folder are guarded by the audit hook only",
            "a fresh interpreter per case: slower than the zygote",
        )
        self.strength = SandboxStrength(
            platform=sys.platform,
            mode="spawn",
            uid_drop=False,
            netns=False,
            pidns=False,
            landlock_abi=0,
            seccomp=False,
            process_limit="a Job Object of one process" if WINDOWS else "none (setsid + killpg)",
            audit_hook=self.settings.audit,
            weaker=weaker,
        )
        return self.strength

    def stop(self) -> None:
        pass

    def __enter__(self) -> SpawnSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def run_job(self, job: dict[str, Any], timeout: float) -> list[dict[str, Any]]:
        if self.strength is None:
            self.start()
        nonce = secrets.token_hex(16)
        job = dict(job, nonce=nonce)
        conf = {"mode": "spawn", "audit": self.settings.audit}
        reports: list[dict[str, Any]] = []
        built: dict[str, bytes] | None = None
        if job.get("build"):
            report, built = self._run(job, job["build"], conf, None, keep=True)
            reports.append({"type": "build", **report})
            if built is None:
                return reports + [
                    {"type": "case", "name": c["name"], "status": "no_build", "nonce": nonce}
                    for c in job["cases"]
                ]
        for case in job["cases"]:
            report, _ = self._run(job, case, conf, built, keep=False)
            reports.append({"type": "case", "name": case["name"], **report, "nonce": nonce})
        return reports

    def _run(
        self,
        job: dict[str, Any],
        case: dict[str, Any],
        conf: dict[str, Any],
        built: dict[str, bytes] | None,
        keep: bool,
    ) -> tuple[dict[str, Any], dict[str, bytes] | None]:
        limits = case.get("limits") or job["limits"]
        case_dir = self.work_dir / f"c-{secrets.token_hex(6)}"
        case_dir.mkdir(mode=0o700)
        try:
            for name, text in job["files"].items():
                (case_dir / name).parent.mkdir(parents=True, exist_ok=True)
                (case_dir / name).write_text(text, encoding="utf-8")
            for name, data in (built or {}).items():
                (case_dir / name).write_bytes(data)
                os.chmod(case_dir / name, 0o755)
            report = self._execute(job, case, conf, case_dir, limits)
            kept = None
            if keep and report.get("code") == 0:
                kept = {
                    str(p.relative_to(case_dir)): p.read_bytes()
                    for p in case_dir.rglob("*")
                    if p.is_file() and not p.is_symlink()
                }
            return report, kept
        finally:
            shutil.rmtree(case_dir, ignore_errors=True)

    def _execute(
        self,
        job: dict[str, Any],
        case: dict[str, Any],
        conf: dict[str, Any],
        case_dir: Path,
        limits: dict[str, Any],
    ) -> dict[str, Any]:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(case_dir), "TMPDIR": str(case_dir)}
        if WINDOWS:
            env["SYSTEMROOT"] = os.environ.get("SYSTEMROOT", r"C:\Windows")
        if case["kind"] == "program":
            exe = str(case_dir / "prog")
            argv = [a.replace("{exe}", exe).replace("{dir}", str(case_dir)) for a in case["argv"]]
            stdin = case.get("input", "").encode()
        else:
            interpreter = list(self.settings.interpreter) or default_interpreter()
            argv = [*interpreter, str(SINGLE)]
            payload = json.dumps({"job": job, "case": case, "conf": conf}).encode()
            stdin = struct.pack("!I", len(payload)) + payload + case.get("input", "").encode()
        flags = 0x00000200 | 0x08000000 if WINDOWS else 0  # new process group, no window
        started = time.monotonic()
        process = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=case_dir,
            env=env,
            creationflags=flags,
            preexec_fn=None if WINDOWS else _posix_limits(limits),  # noqa: PLW1509
        )
        winjob = None
        if WINDOWS:
            winjob = _Job(limits)
            winjob.assign(process)  # before the payload: the harness waits for it
        flood = threading.Event()
        out: list[bytes] = []
        err: list[bytes] = []
        readers = [
            threading.Thread(target=_read_capped, args=(s, b, limits["output_bytes"], flood))
            for s, b in ((process.stdout, out), (process.stderr, err))
        ]
        for reader in readers:
            reader.start()
        writer = threading.Thread(target=_feed, args=(process, stdin), daemon=True)
        writer.start()
        timed_out = False
        deadline = started + limits["wall_s"]
        while process.poll() is None:
            if flood.is_set() or time.monotonic() > deadline:
                timed_out = not flood.is_set()
                self._kill(process, winjob)
                break
            time.sleep(0.005)
        process.wait()
        for reader in readers:
            reader.join(5)
        writer.join(5)
        for stream in (process.stdout, process.stderr, process.stdin):
            if stream is not None:
                stream.close()
        if winjob is not None:
            winjob.close()
        code = process.returncode
        stderr = b"".join(err).decode("utf-8", "replace")
        channel = "\n".join(line for line in stderr.splitlines() if line.startswith(job["nonce"]))
        plain = "\n".join(line for line in stderr.splitlines() if not line.startswith(job["nonce"]))
        return {
            "status": "signal" if code < 0 else "exit",
            "code": code if code >= 0 else None,
            "signal": -code if code < 0 else None,
            "timed_out": timed_out,
            "flooded": flood.is_set(),
            "cpu_s": 0.0,
            "wall_s": round(time.monotonic() - started, 4),
            "stdout": b"".join(out).decode("utf-8", "replace"),
            "stderr": plain,
            "result": channel,
        }

    @staticmethod
    def _kill(process: subprocess.Popen[bytes], winjob: _Job | None) -> None:
        if winjob is not None:
            winjob.close()
        else:
            try:
                os.killpg(process.pid, 9)
            except (ProcessLookupError, PermissionError):
                pass
        process.kill()


def _feed(process: subprocess.Popen[bytes], data: bytes) -> None:
    assert process.stdin is not None
    try:
        process.stdin.write(data)
        process.stdin.close()
    except (BrokenPipeError, OSError):
        pass
