"""What one process-shield scan costs on this machine, with a crowd of extra processes running."""

from __future__ import annotations

import gc
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from proctor.shield.blacklist import load_blacklist
from proctor.shield.processes import DEFAULT_SETTLE_S, ProcessShield


def _sleeper_command() -> list[str]:
    sleep = shutil.which("sleep")
    if sleep:
        return [sleep, "600"]
    return [sys.executable, "-c", "import time; time.sleep(600)"]


def percentile(values: list[float], fraction: float) -> float:
    """The sorted value nearest `fraction` (0..1) of the way through `values`."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_scan_cost(extra_processes: int = 500, steady_scans: int = 60) -> dict[str, Any]:
    """Start `extra_processes` sleepers, then time the first scan and `steady_scans` more.

    Returns {processes, extra_processes, rules, first_scan_ms, steady_scan_ms_p50,
    steady_scan_ms_p95, steady_scan_ms_max, steady_scan_cpu_ms_p50, steady_scan_cpu_ms_p95}:
    wall-clock times, and the CPU time of the scanning thread (what a busy machine does not
    inflate). The sleepers are always killed and reaped.
    """
    rules = load_blacklist()
    sleepers: list[subprocess.Popen[bytes]] = []
    try:
        command = _sleeper_command()
        for _ in range(extra_processes):
            sleepers.append(
                subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        # Let them grow older than the settling time, so the steady scans measure the steady
        # state (young processes are deliberately looked at again on each scan).
        time.sleep(DEFAULT_SETTLE_S + 0.5)
        shield = ProcessShield(rules, lambda kind, detail: None)
        started = time.perf_counter()
        shield.scan()
        first_ms = (time.perf_counter() - started) * 1000
        steady: list[float] = []
        steady_cpu: list[float] = []
        for _ in range(steady_scans):
            started, started_cpu = time.perf_counter(), time.thread_time()
            shield.scan()
            steady.append((time.perf_counter() - started) * 1000)
            steady_cpu.append((time.thread_time() - started_cpu) * 1000)
        return {
            "processes": len(psutil.pids()),
            "extra_processes": extra_processes,
            "rules": len(rules),
            "first_scan_ms": round(first_ms, 2),
            "steady_scan_ms_p50": round(statistics.median(steady), 3),
            "steady_scan_ms_p95": round(percentile(steady, 0.95), 3),
            "steady_scan_ms_max": round(max(steady), 3),
            "steady_scan_cpu_ms_p50": round(statistics.median(steady_cpu), 3),
            "steady_scan_cpu_ms_p95": round(percentile(steady_cpu, 0.95), 3),
        }
    finally:
        _stop_all(sleepers)


HARMLESS = ("worker", "helper")
BLACKLISTED = ("Discord", "AnyDesk")
BLACKLISTED_EVERY = 25  # scans: each one's episode opens and closes before the next


def measure_scan_memory(scans: int = 1800, started_per_scan: int = 2) -> dict[str, Any]:
    """This process's memory across `scans` scans (1,800: an hour at the default 2 s), while
    short-lived processes keep starting and ending, and now and then a blacklisted app.

    Returns {scans, processes_started, incidents, rss_mb_start, rss_mb_end, rss_growth_mb,
    tracked_start, tracked_end}: RSS after 200 warm-up scans and at the end, and how many
    processes the shield keeps track of at both points (it must forget the dead)."""
    sleep = shutil.which("sleep")
    if sleep is None:
        return {"measured": False, "reason": "no `sleep` program to copy"}
    incidents = 0

    def count(kind: str, detail: dict[str, Any]) -> None:
        nonlocal incidents
        incidents += 1

    me = psutil.Process()
    live: list[subprocess.Popen[bytes]] = []
    started = 0
    with tempfile.TemporaryDirectory() as folder:
        programs = []
        for name in HARMLESS + BLACKLISTED:
            path = Path(folder) / name
            shutil.copy2(sleep, path)
            programs.append(str(path))
        shield = ProcessShield(load_blacklist(), count)
        try:
            rss_start = tracked_start = 0
            for number in range(200 + scans):
                if number == 200:
                    gc.collect()
                    rss_start, tracked_start = me.memory_info().rss, shield.seen_count
                chosen = [programs[(number + n) % 2] for n in range(started_per_scan)]
                if number % BLACKLISTED_EVERY == 0:
                    chosen.append(programs[2 + (number // BLACKLISTED_EVERY) % 2])
                for program in chosen:
                    live.append(subprocess.Popen([program, "0.05"], start_new_session=True))
                started += len(chosen)
                shield.scan()
                live = [proc for proc in live if proc.poll() is None]
            _stop_all(live)
            shield.scan()
            gc.collect()
            rss_end = me.memory_info().rss
        finally:
            _stop_all(live)
    return {
        "measured": True,
        "scans": scans,
        "processes_started": started,
        "incidents": incidents,
        "rss_mb_start": round(rss_start / 2**20, 1),
        "rss_mb_end": round(rss_end / 2**20, 1),
        "rss_growth_mb": round((rss_end - rss_start) / 2**20, 2),
        "tracked_start": tracked_start,
        "tracked_end": shield.seen_count,
    }


def _stop_all(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        if proc.poll() is None:
            try:
                proc.kill()
            except OSError:
                pass
    for proc in procs:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass


if __name__ == "__main__":
    import json

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    print(json.dumps(measure_scan_cost(count)))
