"""What the computer-wide signals cost on this machine, with a crowd of extra processes running:
the once-only checks (virtual machine, remote session) and one look for listening servers, both
the cheap one (Linux: the socket table has not changed) and the full listing with owners."""

from __future__ import annotations

import statistics
import subprocess
import time
from typing import Any

import psutil

from proctor.shield import listeners
from proctor.shield.measure import _sleeper_command, _stop_all, percentile
from proctor.shield.remote_session import detect_remote_session
from proctor.shield.system_signals import DEFAULT_INTERVAL_S
from proctor.shield.virtual_machine import detect_virtual_machine


def _timed(call: Any, repeats: int) -> tuple[list[float], list[float]]:
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.thread_time()
        call()
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return wall, cpu


def _summary(prefix: str, wall: list[float], cpu: list[float]) -> dict[str, float]:
    return {
        f"{prefix}_ms_p50": round(statistics.median(wall), 2),
        f"{prefix}_ms_p95": round(percentile(wall, 0.95), 2),
        f"{prefix}_cpu_ms_p50": round(statistics.median(cpu), 2),
    }


def measure_signals_cost(extra_processes: int = 500, repeats: int = 20) -> dict[str, Any]:
    """Start `extra_processes` sleepers and time each check `repeats` times (wall and CPU ms)."""
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
        result: dict[str, Any] = {
            "processes": len(psutil.pids()),
            "extra_processes": extra_processes,
            "interval_s": DEFAULT_INTERVAL_S,
        }
        result.update(_summary("virtual_machine", *_timed(detect_virtual_machine, repeats)))
        result.update(_summary("remote_session", *_timed(detect_remote_session, repeats)))
        full = _timed(listeners._listeners_with_owners, repeats)
        result.update(_summary("listening_full_listing", *full))
        sockets = listeners._listeners_with_owners()
        result["listening_sockets"] = len(sockets)
        result["tcp_sockets_in_table"] = len(psutil.net_connections(kind="tcp"))
        if listeners._LINUX_TABLES:
            cheap = _timed(listeners._linux_listen_table, repeats)
            result.update(_summary("listening_unchanged_check", *cheap))
        watch = listeners.ListenerWatch()
        watch.check()  # the first look lists everything
        steady = _timed(watch.check, repeats)
        result.update(_summary("listening_check", *steady))
        result["full_listings_in_steady_checks"] = watch.listings - 1
        per_cycle = statistics.median(steady[1])
        result["core_share_percent"] = round(per_cycle / (DEFAULT_INTERVAL_S * 1000) * 100, 4)
        return result
    finally:
        _stop_all(sleepers)


if __name__ == "__main__":
    import json
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    print(json.dumps(measure_signals_cost(count), indent=2))
