"""Process shield: notices blacklisted applications while the exam runs.

A full psutil scan with name, exe and cmdline costs tens of milliseconds with a few hundred
processes; this one is incremental. Each scan lists the PIDs (cheap), inspects only PIDs it has
not seen before, and forgets PIDs that are gone. What it re-reads is bounded:
- processes younger than `settle_s` are looked at again on every scan, because a freshly forked
  process may still be about to `exec` the real program (and change its name);
- processes matching a rule are checked on every scan, so a zombie or a reused PID clears them;
- a small rolling sweep (`sweep_per_scan` PIDs a scan) re-checks old processes, which catches a
  PID reused between two scans (Windows reuses PIDs quickly) and late `exec`s.

Reports go to `emit(kind, detail)`, called on the scanning thread:
- `process_blacklisted` when the first process of a rule appears,
- `process_cleared` when the last process of that rule is gone.
An application made of several processes (Electron helpers, services) is one report, keyed by
the first process found: `detail` = {rule, category, name, exe, pid, started_ms, processes}, and
`process_cleared` repeats it with `duration_s`. What already runs at the first scan is reported
at the first scan.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import psutil

from proctor.shield.blacklist import RuleMatcher
from proctor.shield.monitor_thread import MonitorThread
from proctor.shield.reporting import Emit

log = logging.getLogger(__name__)


DEFAULT_SETTLE_S = 3.0
DEFAULT_SWEEP_PER_SCAN = 8


@dataclass(slots=True)
class _Proc:
    create_time: float
    name: str
    exe: str
    rule: str | None = None  # name of the matched rule


@dataclass(slots=True)
class _Episode:
    """One blacklisted application, from its first process to the exit of its last one."""

    rule: dict[str, Any]
    first_pid: int
    name: str
    exe: str
    started_ms: int
    pids: set[int] = field(default_factory=set)
    total: int = 0

    def detail(self) -> dict[str, Any]:
        return {
            "rule": self.rule["name"],
            "category": self.rule.get("category"),
            "name": self.name,
            "exe": self.exe,
            "pid": self.first_pid,
            "started_ms": self.started_ms,
            "processes": self.total,
        }


@dataclass(slots=True)
class _Probe:
    create_time: float
    name: str
    exe: str
    zombie: bool


class ProcessShield:
    """Incremental scanner. `scan()` is called from one thread at a time (the monitor's)."""

    def __init__(
        self,
        rules: Iterable[Mapping[str, Any]],
        emit: Emit,
        *,
        settle_s: float = DEFAULT_SETTLE_S,
        sweep_per_scan: int = DEFAULT_SWEEP_PER_SCAN,
    ) -> None:
        self._matcher = RuleMatcher(rules)
        self._emit = emit
        self._settle_s = settle_s
        self._sweep_per_scan = max(0, sweep_per_scan)
        self._ignored = {psutil.Process().pid}
        self._seen: dict[int, _Proc] = {}
        self._young: set[int] = set()
        self._sweep: deque[int] = deque()
        self._episodes: dict[str, _Episode] = {}  # rule name -> open episode
        self._lock = threading.Lock()  # guards what other threads read
        self.scans = 0

    # -- public ---------------------------------------------------------------------------

    @property
    def seen_count(self) -> int:
        """How many live processes the shield remembers (memory stays bounded by this)."""
        return len(self._seen)

    def known_pids(self) -> frozenset[int]:
        """The PIDs remembered from the last scan (for checks that nothing leaks)."""
        return frozenset(self._seen)

    def offenders(self) -> list[dict[str, Any]]:
        """The blacklisted applications running now (details as reported). Thread-safe."""
        with self._lock:
            return [ep.detail() for ep in self._episodes.values()]

    def scan(self) -> None:
        """One pass: report new offenders, clear the ones that are gone."""
        now = time.time()
        current = set(psutil.pids())
        seen = self._seen
        for pid in seen.keys() - current:
            self._forget(pid, now)
        for pid in current - seen.keys():
            if pid not in self._ignored:
                self._inspect(pid, now)
        self._recheck(self._young | self._offender_pids(), now)
        self._recheck(self._next_sweep(), now)
        self.scans += 1

    # -- inspection -----------------------------------------------------------------------

    def _inspect(self, pid: int, now: float) -> None:
        probe = _probe(pid)
        if probe is None:  # exited while we looked; the next listing will not show it
            return
        proc = _Proc(probe.create_time, probe.name, probe.exe)
        self._seen[pid] = proc
        if now - probe.create_time < self._settle_s:
            self._young.add(pid)
        if probe.zombie:
            return
        rule = self._matcher.match(proc.name, proc.exe)
        if rule is not None:
            self._join_episode(pid, proc, rule)

    def _recheck(self, pids: Iterable[int], now: float) -> None:
        for pid in list(pids):
            proc = self._seen.get(pid)
            if proc is None:
                self._young.discard(pid)
                continue
            probe = _probe(pid)
            if probe is None:
                self._forget(pid, now)
                continue
            if probe.create_time != proc.create_time:  # the PID now belongs to another process
                self._forget(pid, now)
                self._inspect(pid, now)
                continue
            if now - proc.create_time >= self._settle_s:
                self._young.discard(pid)
            if probe.zombie:
                self._leave_episode(pid, proc, now)
                continue
            if probe.exe == "" and proc.exe and probe.name == proc.name:
                continue  # exiting: its program is unmapped before it turns zombie
            if (probe.name, probe.exe) != (proc.name, proc.exe):  # exec'd another program
                self._leave_episode(pid, proc, now)
                proc.name, proc.exe = probe.name, probe.exe
                rule = self._matcher.match(proc.name, proc.exe)
                if rule is not None:
                    self._join_episode(pid, proc, rule)

    def _next_sweep(self) -> list[int]:
        if not self._sweep_per_scan:
            return []
        if not self._sweep:
            self._sweep.extend(self._seen.keys())
        batch: list[int] = []
        while self._sweep and len(batch) < self._sweep_per_scan:
            batch.append(self._sweep.popleft())
        return batch

    def _offender_pids(self) -> set[int]:
        pids: set[int] = set()
        for episode in self._episodes.values():
            pids |= episode.pids
        return pids

    # -- episodes -------------------------------------------------------------------------

    def _forget(self, pid: int, now: float) -> None:
        proc = self._seen.pop(pid, None)
        self._young.discard(pid)
        if proc is not None:
            self._leave_episode(pid, proc, now)

    def _join_episode(self, pid: int, proc: _Proc, rule: dict[str, Any]) -> None:
        proc.rule = rule["name"]
        episode = self._episodes.get(rule["name"])
        if episode is not None:
            episode.pids.add(pid)
            episode.total += 1
            return
        episode = _Episode(
            rule=rule,
            first_pid=pid,
            name=proc.name,
            exe=proc.exe,
            started_ms=int(proc.create_time * 1000),
            pids={pid},
            total=1,
        )
        with self._lock:
            self._episodes[rule["name"]] = episode
        self._safe_emit("process_blacklisted", episode.detail())

    def _leave_episode(self, pid: int, proc: _Proc, now: float) -> None:
        if proc.rule is None:
            return
        episode = self._episodes.get(proc.rule)
        proc.rule = None
        if episode is None:
            return
        episode.pids.discard(pid)
        if episode.pids:
            return
        with self._lock:
            del self._episodes[episode.rule["name"]]
        detail = episode.detail()
        detail["duration_s"] = round(max(0.0, now - episode.started_ms / 1000), 1)
        self._safe_emit("process_cleared", detail)

    def _safe_emit(self, kind: str, detail: dict[str, Any]) -> None:
        try:
            self._emit(kind, detail)
        except Exception:  # a faulty listener must not stop the shield
            log.exception("reporting %s failed", kind)


def _probe(pid: int) -> _Probe | None:
    """What the shield needs to know about one process, or None when it no longer exists."""
    if _LINUX_PROC:
        return _probe_linux(pid)
    return _probe_psutil(pid)


def _probe_psutil(pid: int) -> _Probe | None:
    try:
        proc = psutil.Process(pid)
        with proc.oneshot():
            create_time = proc.create_time()
            zombie = False
            if psutil.POSIX:  # Windows has no zombies, and its status() walks every thread
                try:
                    zombie = proc.status() == psutil.STATUS_ZOMBIE
                except psutil.AccessDenied:
                    pass
            try:
                name = proc.name()
            except psutil.AccessDenied:
                name = ""
            exe = ""
            if not zombie:
                try:
                    exe = proc.exe()
                except (psutil.AccessDenied, psutil.ZombieProcess):
                    pass
    except psutil.ZombieProcess:
        return _Probe(0.0, "", "", zombie=True)
    except psutil.NoSuchProcess:
        return None
    except (psutil.AccessDenied, OSError):
        # Nothing readable (a protected system process): remember it so it costs nothing again.
        return _Probe(0.0, "", "", zombie=False)
    return _Probe(create_time, name, exe, zombie)


# On Linux one read of /proc/PID/stat gives name, state and start time: several times cheaper
# than psutil's separate calls. The boot time comes from /proc/uptime (10 ms resolution) rather
# than psutil's whole-second one, so start times and durations are right to within 10 ms.
_LINUX_PROC = psutil.LINUX and os.path.isfile("/proc/self/stat")
_COMM_LEN = 15
_boot_time: float | None = None
_clock_ticks = os.sysconf("SC_CLK_TCK") if _LINUX_PROC else 100


def _probe_linux(pid: int) -> _Probe | None:
    global _boot_time
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except (FileNotFoundError, ProcessLookupError):
        return None
    except OSError:
        return _Probe(0.0, "", "", zombie=False)
    try:
        close = stat.rindex(b")")
        name = stat[stat.index(b"(") + 1 : close].decode("utf-8", "replace")
        fields = stat[close + 2 :].split()
        zombie = fields[0] == b"Z"
        if _boot_time is None:
            _boot_time = _linux_boot_time()
        create_time = int(fields[19]) / _clock_ticks + _boot_time
    except (ValueError, IndexError):
        return _Probe(0.0, "", "", zombie=False)
    exe = ""
    if not zombie:
        try:
            exe = os.readlink(f"/proc/{pid}/exe")
        except OSError:  # kernel thread, another user's process, or just exited
            pass
        if exe.endswith(" (deleted)"):
            exe = exe[: -len(" (deleted)")]
        if len(name) >= _COMM_LEN:
            name = _full_name_linux(pid, name)
    return _Probe(create_time, name, exe, zombie)


def _linux_boot_time() -> float:
    try:
        with open("/proc/uptime", "rb") as f:
            return time.time() - float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return psutil.boot_time()


def _full_name_linux(pid: int, comm: str) -> str:
    """The kernel keeps 15 characters of a name; the command line has the rest (as psutil)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv0 = f.read().split(b"\0", 1)[0].decode("utf-8", "replace")
    except OSError:
        return comm
    full = os.path.basename(argv0)
    return full if full.startswith(comm) else comm


class ShieldMonitor(MonitorThread):
    """Runs `ProcessShield.scan()` every `interval_s` on a daemon thread. Never raises."""

    THREAD_NAME = "process-shield"

    def __init__(
        self,
        rules: Iterable[Mapping[str, Any]],
        interval_s: float,
        emit: Emit,
        **shield_options: Any,
    ) -> None:
        super().__init__()
        self.shield = ProcessShield(rules, emit, **shield_options)
        self.interval_s = max(0.1, float(interval_s))
        self.last_scan_ms: float | None = None
        self.failures = 0

    def offenders(self) -> list[dict[str, Any]]:
        return self.shield.offenders()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                self.shield.scan()
            except Exception:
                self.failures += 1
                if self.failures <= 3 or self.failures % 100 == 0:
                    log.exception("process scan failed (%d so far)", self.failures)
            elapsed = time.perf_counter() - started
            self.last_scan_ms = elapsed * 1000
            self._stop.wait(max(0.0, self.interval_s - elapsed))
