"""What a student's machine pays: shield scans, camera frames, app start, app memory.

Each figure is taken in a child process, so a crash, a leak or a slow import in one of them
cannot distort the others (or this process).
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import aiohttp
import psutil

from proctor.bench.host_proc import BENCH_ADMIN_KEY, HostProcess, child_env
from proctor.bench.xdisplay import PrivateDisplay, window_visible


def available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def run_measurement(code: str, timeout_s: float) -> dict[str, Any]:
    """Run `code` (which prints one JSON object last) in a child Python and parse it."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code)],
            capture_output=True,
            text=True,
            timeout=timeout_s,
            env=child_env(QT_QPA_PLATFORM="offscreen"),
        )
    except subprocess.TimeoutExpired:
        return {"measured": False, "reason": f"did not finish within {timeout_s:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"measured": False, "reason": f"exit {done.returncode}: {tail}"}
    try:
        result = json.loads(lines[-1])
    except ValueError:
        return {"measured": False, "reason": f"unexpected output: {lines[-1][:200]}"}
    if not isinstance(result, dict):
        result = {"value": result}
    return {"measured": True} | result


def measure_in_child(module: str, call: str, timeout_s: float) -> dict[str, Any]:
    """The figures `module.call` returns, computed in a fresh Python process."""
    if not available(module):
        return {"measured": False, "reason": f"{module} is not available"}
    code = f"""
        import json
        from {module} import {call.split("(")[0]}
        print(json.dumps({call}))
    """
    return run_measurement(code, timeout_s=timeout_s)


def shield_cost(sleepers: int) -> dict[str, Any]:
    call = f"measure_scan_cost({int(sleepers)})"
    return measure_in_child("proctor.shield.measure", call, timeout_s=180)


def shield_memory(scans: int) -> dict[str, Any]:
    call = f"measure_scan_memory({int(scans)})"
    return measure_in_child("proctor.shield.measure", call, timeout_s=600)


def camera_cost() -> dict[str, Any]:
    return measure_in_child("proctor.shield.camera_measure", "measure_camera_cost()", 180)


def _wait_for_window(proc: subprocess.Popen[bytes], display: str, timeout_s: float) -> str | None:
    """Poll until `proc` shows a window; returns how it was seen."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        if window_visible(proc.pid, display):
            return "window mapped"
        time.sleep(0.02)
    return None


def _launch_landing(display: str, timeout_s: float) -> tuple[float, str] | str:
    """Start `python -m proctor` once: (seconds to its window, how it was seen) or an error."""
    with tempfile.TemporaryDirectory(prefix="proctor-bench-app-") as home:
        env = child_env(DISPLAY=display, XDG_DATA_HOME=home, XDG_CONFIG_HOME=home)
        env.pop("QT_QPA_PLATFORM", None)
        errors = Path(home) / "stderr.txt"
        with errors.open("w") as stderr:
            started = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "proctor"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=env,
            )
            try:
                seen = _wait_for_window(proc, display, timeout_s)
                elapsed = time.perf_counter() - started
            finally:
                _stop(proc)
        if seen is not None:
            return elapsed, seen
        lines = errors.read_text().strip().splitlines()[-3:] or ["no output"]
        return f"exit {proc.returncode}: {' / '.join(lines)}"


def app_start(runs: int = 3, timeout_s: float = 60, attempts: int = 3) -> dict[str, Any]:
    """Seconds from starting `python -m proctor` to its landing window being on screen."""
    if not available("proctor.landing"):
        return {"measured": False, "reason": "the landing window is not available"}
    times: list[float] = []
    method = ""
    failures: list[str] = []
    with PrivateDisplay() as display:
        if display.name is None:
            return {"measured": False, "reason": "no X display and no Xvfb to detect the window"}
        while len(times) < runs and len(failures) < attempts:
            outcome = _launch_landing(display.name, timeout_s)
            if isinstance(outcome, str):
                failures.append(outcome)
                continue
            times.append(outcome[0])
            method = outcome[1]
    if not times:
        return {"measured": False, "reason": f"the landing window did not appear ({failures[-1]})"}
    return {
        "measured": True,
        "detected_by": method,
        "first_s": round(times[0], 3),
        "warm_s": round(statistics.median(times[1:] or times), 3),
        "runs": len(times),
        "failed_launches": failures,
    }


def app_rss(host: HostProcess, settle_s: float = 10, timeout_s: float = 60) -> dict[str, Any]:
    """Resident memory of the student app joined to the bench host's running exam (with the
    join code, as a student types it: the app pins the host's certificate)."""
    if not available("proctor.student.ui.app"):
        return {"measured": False, "reason": "the student app is not available"}
    host_port = f"127.0.0.1:{host.info['port']}"
    with tempfile.TemporaryDirectory(prefix="proctor-bench-student-") as data_dir:
        cmd = [sys.executable, "-m", "proctor", "student", "--host", host_port]
        cmd += ["--room", host.join_code]
        cmd += ["--name", "Bench Student", "--reg-no", "BENCH-APP", "--windowed"]
        cmd += ["--data-dir", data_dir]
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=child_env(QT_QPA_PLATFORM="offscreen", HOME=data_dir),
        )
        try:
            joined_s = asyncio.run(_wait_until_active(host, "BENCH-APP", proc, timeout_s))
            if joined_s is None:
                return {"measured": False, "reason": "the student app did not join the exam"}
            time.sleep(settle_s)
            if proc.poll() is not None:
                return {"measured": False, "reason": f"the student app exited ({proc.returncode})"}
            rss = _tree_rss(proc.pid)
        finally:
            _stop(proc)
    return {
        "measured": True,
        "joined_after_s": round(joined_s, 2),
        "rss_mb": round(rss / 2**20, 1),
        "settle_s": settle_s,
    }


async def _wait_until_active(
    host: HostProcess, reg_no: str, proc: subprocess.Popen[Any], timeout_s: float
) -> float | None:
    """Seconds until the host lists `reg_no` online and sitting the exam."""
    room_url = f"{host.base_url}/api/v1/rooms/{host.room_id}/admin"
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(connector=host.connector(), timeout=timeout) as http:
        body = {"admin_key": BENCH_ADMIN_KEY}
        async with http.post(room_url + "/login", json=body) as resp:
            resp.raise_for_status()
            token = (await resp.json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        started = time.monotonic()
        while time.monotonic() - started < timeout_s and proc.poll() is None:
            async with http.get(room_url + "/students", headers=headers) as resp:
                rows = (await resp.json())["students"]
            for row in rows:
                if row["reg_no"] == reg_no and row["online"] and row["status"] == "active":
                    return time.monotonic() - started
            await asyncio.sleep(0.25)
    return None


def _tree_rss(pid: int) -> int:
    proc = psutil.Process(pid)
    total = proc.memory_info().rss
    for child in proc.children(recursive=True):
        try:
            total += child.memory_info().rss
        except psutil.Error:
            pass
    return total


def _stop(proc: subprocess.Popen[Any]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def measure_all(
    host: HostProcess,
    sleepers: int,
    app_runs: int = 3,
    app_settle_s: float = 10,
    *,
    shield_scans: int = 1800,
) -> dict[str, Any]:
    from proctor.bench.loadgen import progress

    progress(f"student side: process shield with {sleepers} extra processes")
    results: dict[str, Any] = {"shield": shield_cost(sleepers)}
    progress(f"student side: process shield memory over {shield_scans} scans")
    results["shield_memory"] = shield_memory(shield_scans)
    progress("student side: camera analysis")
    results["camera"] = camera_cost()
    progress("student side: app start to the landing window")
    results["app_start"] = app_start(runs=app_runs)
    progress("student side: student app memory during the exam")
    results["app_memory"] = app_rss(host, settle_s=app_settle_s)
    results["xvfb"] = shutil.which("Xvfb") is not None
    return results
