"""The benchmark's table: figures, their targets, and the machine they came from."""

from __future__ import annotations

import os
import platform
from dataclasses import dataclass
from typing import Any

import aiohttp
import psutil


def machine() -> dict[str, Any]:
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor()
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model or platform.machine(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "aiohttp": aiohttp.__version__,
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in psutil.getloadavg()],
    }


@dataclass
class Row:
    metric: str
    value: str
    target: str = ""
    ok: bool | None = None

    @property
    def verdict(self) -> str:
        return {True: "ok", False: "MISSED", None: ""}[self.ok]


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} ms"


def _within(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def fanout_target_ms(students: int) -> float | None:
    if students <= 500:
        return 50.0
    if students <= 2000:
        return 100.0
    return None


def load_rows(load: dict[str, Any]) -> list[Row]:
    n = load["config"]["students"]
    rows: list[Row] = []
    join = load.get("join", {})
    rows.append(
        Row(
            f"join burst ({join.get('joined')}/{n} joined)",
            f"{join.get('burst_s', 0):.2f} s, p99 {_ms(join.get('latency_ms', {}).get('p99'))}",
        )
    )
    push_target = fanout_target_ms(n)
    fan = load.get("start_fanout", {})
    lat = fan.get("latency_ms", {})
    missing = fan.get("missing")
    value = f"p50 {_ms(lat.get('p50'))}, p99 {_ms(lat.get('p99'))}, max {_ms(lat.get('max'))}"
    ok = None
    target = ""
    if push_target is not None:
        target = f"p99 <= {push_target:.0f} ms"
        ok = _within(lat.get("p99"), push_target)
    rows.append(Row("start reaching every student's socket", value, target, ok))
    read = fan.get("read_latency_ms", {})
    rows.append(
        Row(
            "  (as read by the load generator)",
            f"p50 {_ms(read.get('p50'))}, p99 {_ms(read.get('p99'))}, max {_ms(read.get('max'))}",
        )
    )
    rows.append(
        Row(
            "students who never got the start",
            f"{missing} of {fan.get('targets')}",
            "0",
            missing == 0,
        )
    )
    pause = load.get("pause_push", {})
    for key, label in (("pause_latency_ms", "pause"), ("resume_latency_ms", "resume")):
        lat = pause.get(key, {})
        ok = _within(lat.get("p99"), push_target) if push_target is not None else None
        rows.append(
            Row(
                f"{label} pushed to one student (x{lat.get('n')})",
                f"p50 {_ms(lat.get('p50'))}, p99 {_ms(lat.get('p99'))}",
                target,
                ok,
            )
        )
    state = load.get("state_latency_ms", {})
    small = n <= 500
    rows.append(
        Row(
            f"GET /state under load (x{state.get('n')})",
            f"p50 {_ms(state.get('p50'))}, p99 {_ms(state.get('p99'))}",
            "p99 <= 20 ms" if small else "",
            _within(state.get("p99"), 20) if small else None,
        )
    )
    host = load.get("host", {})
    rows.append(Row(f"host CPU over {host.get('window_s')} s", f"{host.get('host_cpu_percent')} %"))
    rows.append(
        Row(
            "host RSS after the steady period",
            f"{host.get('host_rss_mb')} MB (max {host.get('host_rss_max_mb')} MB)",
            "<= 300 MB" if small else "",
            _within(host.get("host_rss_mb"), 300) if small else None,
        )
    )
    rows += screens_rows(load, push_target)
    errors = load.get("errors", {})
    rows.append(Row("protocol errors seen by the students", _errors(errors), "none", not errors))
    lag = load.get("loadgen_loop_lag_ms", {})
    rows.append(
        Row(
            "load generator: CPU, own loop lag p99",
            f"{host.get('loadgen_cpu_percent')} %, {_ms(lag.get('p99'))}",
        )
    )
    return rows


def screens_rows(load: dict[str, Any], push_target: float | None) -> list[Row]:
    """The screens-on scenario's figures, if it ran."""
    screens = load.get("screens")
    if not screens:
        return []
    fan = load.get("announce_fanout", {})
    lat = fan.get("latency_ms", {})
    target = f"p99 <= {push_target:.0f} ms" if push_target is not None else ""
    wall = screens.get("wall_fetch_ms", {})
    return [
        Row(
            f"announcement reaching every socket, screens on (x{lat.get('n')})",
            f"p50 {_ms(lat.get('p50'))}, p99 {_ms(lat.get('p99'))}, missing {fan.get('missing')}",
            target,
            _within(lat.get("p99"), push_target) if push_target is not None else None,
        ),
        Row(
            "thumbnails: size, bandwidth per student",
            f"{screens['thumbnail_bytes'] / 1024:.1f} KiB, "
            f"{screens['kib_per_student_per_minute']} KiB/min "
            f"(hall {screens['hall_mbit_per_s']} Mbit/s)",
        ),
        Row(
            f"dashboard reading every new thumbnail (x{wall.get('n')})",
            f"p50 {_ms(wall.get('p50'))}, p99 {_ms(wall.get('p99'))}",
        ),
    ]


def _errors(errors: dict[str, int]) -> str:
    if not errors:
        return "none"
    return ", ".join(f"{k.removeprefix('error_')} x{v}" for k, v in errors.items())


FLAT_MB = 1.0  # growth over the scans that still counts as flat


def student_rows(side: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    shield = side.get("shield", {})
    if shield.get("measured"):
        label = f"shield first scan ({shield.get('processes')} processes)"
        rows.append(Row(label, _ms(shield.get("first_scan_ms"))))
        steady = shield.get("steady_scan_ms_p50")
        rows.append(
            Row(
                "shield steady scan p50 (p95)",
                f"{_ms(steady)} ({_ms(shield.get('steady_scan_ms_p95'))})",
                "<= 5 ms",
                _within(steady, 5),
            )
        )
    else:
        rows.append(Row("shield scan", f"not measured: {shield.get('reason')}"))
    memory = side.get("shield_memory", {})
    label = f"shield memory over {memory.get('scans', 'n/a')} scans"
    if memory.get("measured"):
        growth = memory["rss_growth_mb"]
        value = (
            f"{growth:+.1f} MB ({memory['rss_mb_start']} -> {memory['rss_mb_end']} MB), "
            f"{memory['processes_started']} processes"
        )
        rows.append(Row(label, value, "< 1 MB", growth < FLAT_MB))
    else:
        rows.append(Row(label, f"not measured: {memory.get('reason')}"))
    camera = side.get("camera", {})
    if camera.get("measured"):
        per_frame = camera.get("ms_per_frame_p50")
        ok = _within(per_frame, 50)
        rows.append(Row("camera analysis per frame", _ms(per_frame), "<= 50 ms", ok))
    else:
        rows.append(Row("camera analysis per frame", f"not measured: {camera.get('reason')}"))
    start = side.get("app_start", {})
    if start.get("measured"):
        value = f"{start['first_s']:.2f} s first, {start['warm_s']:.2f} s warm"
        rows.append(Row("app start to landing window", value))
    else:
        rows.append(Row("app start to landing window", f"not measured: {start.get('reason')}"))
    memory = side.get("app_memory", {})
    if memory.get("measured"):
        rows.append(Row("student app RSS during the exam", f"{memory['rss_mb']} MB"))
    else:
        rows.append(Row("student app RSS during the exam", f"not measured: {memory.get('reason')}"))
    return rows


def table(rows: list[Row]) -> str:
    widths = [max(len(getattr(r, f)) for r in rows) for f in ("metric", "value", "target")]
    lines = []
    for r in rows:
        cells = (r.metric.ljust(widths[0]), r.value.ljust(widths[1]), r.target.ljust(widths[2]))
        lines.append(("  ".join(cells) + "  " + r.verdict).rstrip())
    return "\n".join(lines)


def render(result: dict[str, Any]) -> str:
    m = result["machine"]
    n = result["load"]["config"]["students"]
    head = (
        f"proctor bench: {n} students, steady {result['load']['config']['steady_s']:.0f} s\n"
        f"machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['ram_gb']} GB RAM, "
        f"Python {m['python']}, load average before {m['load_average']}\n"
    )
    rows = load_rows(result["load"])
    if result.get("student_side"):
        rows += student_rows(result["student_side"])
    return head + "\n" + table(rows)
