"""The load generator: N simulated students and one dashboard against a running host.

Runs in its own process (`python -m proctor.bench.loadgen --config FILE --out FILE`), so the
host's event loop and the students' share nothing but the machine. Push latencies are measured
here, on the wall clock: from just before the admin request is sent to the moment the changed
state reached the student's socket (the kernel's arrival time), and to when it was read here.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, TypeVar

import aiohttp
import psutil

from proctor.bench import screens_load, wsclient
from proctor.bench.hall import link_bytes
from proctor.bench.host_proc import pinned_connector
from proctor.bench.stats import summarize_ms
from proctor.bench.students import Arrival, SimStudent, Tally
from proctor.common.openfiles import raise_open_file_limit

T = TypeVar("T")


@dataclass
class LoadConfig:
    base_url: str
    room_id: str
    admin_key: str
    host_pid: int
    students: int = 500
    steady_s: float = 60.0
    pauses: int = 50
    heartbeat_s: float = 2.0
    work_s: float = 10.0
    incident_every_s: float = 120.0
    state_probe_hz: float = 20.0
    concurrency: int = 100
    settle_s: float = 3.0
    push_timeout_s: float = 10.0
    fingerprint: str | None = None  # the host's (from its ready line), pinned; None: plain
    lean: bool = True  # the students' streams ask for lean frames, as the student app does
    dashboard: bool = True  # an admin stream in this process (off in the hall: it is local)
    link_device: str | None = None  # the hall's link, counted around the start and steady
    screens: bool = False  # the wall of screens on (`screens_load.py`)
    screen_interval_s: float = 10.0


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


async def bounded(limit: int, items: list[T], work: Callable[[T], Awaitable[Any]]) -> list[Any]:
    """Run `work` on every item with at most `limit` in flight; results or exceptions."""
    gate = asyncio.Semaphore(limit)

    async def one(item: T) -> Any:
        async with gate:
            return await work(item)

    return await asyncio.gather(*(one(i) for i in items), return_exceptions=True)


class LoopLag:
    """How late this process's own event loop wakes up: the load generator's self-check."""

    def __init__(self, interval_s: float = 0.05) -> None:
        self.interval_s = interval_s
        self.lags_ms: list[float] = []

    async def run(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(self.interval_s)
            self.lags_ms.append((time.perf_counter() - started - self.interval_s) * 1000)


class HostMeter:
    """CPU and memory of the host process (and of this one, for comparison)."""

    def __init__(self, pid: int) -> None:
        self.host = psutil.Process(pid)
        self.me = psutil.Process()
        self.rss_samples: list[int] = []
        self._start: tuple[float, float, float] | None = None

    @staticmethod
    def _cpu(proc: psutil.Process) -> float:
        times = proc.cpu_times()
        return times.user + times.system

    def begin(self) -> None:
        self._start = (time.perf_counter(), self._cpu(self.host), self._cpu(self.me))

    async def sample_forever(self, interval_s: float = 1.0) -> None:
        while True:
            self.rss_samples.append(self.host.memory_info().rss)
            await asyncio.sleep(interval_s)

    def end(self) -> dict[str, Any]:
        assert self._start is not None
        wall = time.perf_counter() - self._start[0]
        host_cpu = self._cpu(self.host) - self._start[1]
        my_cpu = self._cpu(self.me) - self._start[2]
        rss = self.host.memory_info().rss
        return {
            "window_s": round(wall, 1),
            "host_cpu_percent": round(100 * host_cpu / wall, 1),
            "host_rss_mb": round(rss / 2**20, 1),
            "host_rss_max_mb": round(max(self.rss_samples + [rss]) / 2**20, 1),
            "host_threads": self.host.num_threads(),
            "loadgen_cpu_percent": round(100 * my_cpu / wall, 1),
        }


class LoadGen:
    def __init__(self, config: LoadConfig) -> None:
        self.config = config
        self.room_url = f"{config.base_url}/api/v1/rooms/{config.room_id}"
        self.tally = Tally()
        self.students: list[SimStudent] = []
        self.tasks: list[asyncio.Task[Any]] = []
        self.admin_token = ""
        self.wall: screens_load.WallFetcher | None = None
        self.result: dict[str, Any] = {"config": asdict(config) | {"admin_key": "***"}}

    # ---- sessions ------------------------------------------------------------------------
    async def run(self) -> dict[str, Any]:
        timeout = aiohttp.ClientTimeout(total=60)
        conn = self.config.concurrency
        pinned = self.config.fingerprint
        async with (
            aiohttp.ClientSession(
                connector=pinned_connector(pinned, limit=conn), timeout=timeout
            ) as self.http,
            aiohttp.ClientSession(
                connector=pinned_connector(pinned, limit=1), timeout=timeout
            ) as self.probe_http,
            aiohttp.ClientSession(
                connector=pinned_connector(pinned, limit=4), timeout=timeout
            ) as self.admin_http,
        ):
            lag = LoopLag()
            lag_task = asyncio.create_task(lag.run())
            try:
                await self._phases()
            finally:
                lag_task.cancel()
                await self._teardown()
            self.result["loadgen_loop_lag_ms"] = summarize_ms(lag.lags_ms)
        self.result["tally"] = dict(sorted(self.tally.counts.items()))
        self.result["errors"] = self.tally.errors()
        return self.result

    async def _phases(self) -> None:
        await self._login()
        dashboard = None
        if self.config.dashboard:
            dashboard = await wsclient.connect(
                self.room_url + "/admin/stream",
                self._admin_headers(),
                self._on_dashboard_frame,
                fingerprint=self.config.fingerprint,
            )
        await self._join_burst()
        await self._connect_streams()
        # This process is the measuring instrument: its own garbage-collection pauses must
        # not show up as host latency. Its objects live for the whole run anyway.
        gc.collect()
        gc.freeze()
        gc.disable()
        for student in self.students:
            self.tasks.append(
                asyncio.create_task(student.heartbeat_forever(self.config.heartbeat_s))
            )
        if self.config.screens:
            await screens_load.turn_screens_on(self, self.config.screen_interval_s)
        await asyncio.sleep(self.config.settle_s)
        await self._start_fanout()
        wall = screens_load.WallFetcher(self)
        thumbnail = screens_load.sample_thumbnail()
        screens_started = time.time()
        if self.config.screens:
            self.wall = wall
            self.tasks.append(asyncio.create_task(wall.run()))
            for student in self.students:
                self.tasks.append(
                    asyncio.create_task(
                        screens_load.screens_forever(
                            student, self.http, self.config.screen_interval_s, thumbnail
                        )
                    )
                )
        for student in self.students:
            self.tasks.append(
                asyncio.create_task(student.work_forever(self.http, self.config.work_s))
            )
            self.tasks.append(
                asyncio.create_task(
                    student.incidents_forever(self.http, self.config.incident_every_s)
                )
            )
        await self._steady()
        if self.config.screens:
            self.result["screens"] = screens_load.bandwidth(
                self, time.time() - screens_started, wall, thumbnail
            )
        self.result["host_counts"] = (await self._admin("GET", "room"))["counts"]
        if dashboard is not None:
            await dashboard.close()

    async def _teardown(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        await bounded(200, self.students, lambda s: s.close())

    # ---- admin -------------------------------------------------------------------------
    def _admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"}

    async def _login(self) -> None:
        body = {"admin_key": self.config.admin_key}
        async with self.admin_http.post(self.room_url + "/admin/login", json=body) as resp:
            resp.raise_for_status()
            self.admin_token = (await resp.json())["token"]

    async def _admin(self, method: str, path: str, body: Any = None) -> Any:
        url = f"{self.room_url}/admin/{path}"
        async with self.admin_http.request(
            method, url, json=body, headers=self._admin_headers()
        ) as resp:
            answer = await resp.json()
            if resp.status >= 400:
                raise RuntimeError(f"admin {method} {path}: {resp.status} {answer}")
            return answer

    def _on_dashboard_frame(self, text: str, arrived: float | None, read: float) -> None:
        self.tally.add("dashboard_frames")
        if self.wall is not None:
            self.wall.on_frame(text)

    # ---- phases ------------------------------------------------------------------------
    async def _join_burst(self) -> None:
        n = self.config.students
        pinned = self.config.fingerprint
        lean = self.config.lean
        candidates = [
            SimStudent(i + 1, self.room_url, self.tally, pinned, lean=lean) for i in range(n)
        ]
        started = time.perf_counter()
        outcomes = await bounded(self.config.concurrency, candidates, lambda s: s.join(self.http))
        elapsed = time.perf_counter() - started
        latencies = [o for o in outcomes if isinstance(o, float)]
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        self.students = [
            s for s, o in zip(candidates, outcomes, strict=True) if isinstance(o, float)
        ]
        if failures:
            self.tally.add("error_join", len(failures))
            progress(f"{len(failures)} joins failed, e.g. {failures[0]!r}")
        self.result["join"] = {
            "students": n,
            "joined": len(self.students),
            "failed": len(failures),
            "burst_s": round(elapsed, 3),
            "per_second": round(len(self.students) / elapsed, 1) if elapsed else None,
            "latency_ms": summarize_ms(latencies),
        }
        progress(f"{len(self.students)}/{n} students joined in {elapsed:.2f} s")

    async def _connect_streams(self) -> None:
        started = time.perf_counter()
        outcomes = await bounded(200, self.students, lambda s: s.connect())
        failures = [o for o in outcomes if isinstance(o, BaseException)]
        if failures:
            self.tally.add("error_connect", len(failures))
            progress(f"{len(failures)} streams failed to open, e.g. {failures[0]!r}")
        self.students = [s for s in self.students if s.ws is not None]
        waits = [asyncio.create_task(s.first_state.wait()) for s in self.students]
        _, pending = await asyncio.wait(waits, timeout=30) if waits else (set(), set())
        for task in pending:
            task.cancel()
        elapsed = time.perf_counter() - started
        self.result["streams"] = {
            "open": len(self.students),
            "failed": len(failures),
            "without_first_state": len(pending),
            "connect_s": round(elapsed, 3),
        }
        progress(f"{len(self.students)} streams open in {elapsed:.2f} s")

    async def _start_fanout(self) -> None:
        futures = [s.expect("active") for s in self.students]
        before = self._link()
        sent = time.time()
        await self._admin("POST", "start", {})
        answered_ms = (time.time() - sent) * 1000
        await asyncio.wait(futures, timeout=self.config.push_timeout_s) if futures else None
        arrivals = [f.result() for f in futures if f.done()]
        missing = sum(1 for f in futures if not f.done())
        if before is not None:
            await asyncio.sleep(0.2)  # the last acknowledgements
            self.result["start_link"] = self._link_per_student(before, self._link_now(), 1.0)
        self.result["start_fanout"] = {
            "targets": len(futures),
            "missing": missing,
            "admin_answer_ms": round(answered_ms, 2),
            "latency_ms": summarize_ms([(a.at_socket - sent) * 1000 for a in arrivals]),
            "read_latency_ms": summarize_ms([(a.read - sent) * 1000 for a in arrivals]),
        }
        p99 = self.result["start_fanout"]["latency_ms"]["p99"]
        progress(f"start reached {len(arrivals)}/{len(futures)} students, p99 {p99} ms")

    async def _steady(self) -> None:
        meter = HostMeter(self.config.host_pid)
        meter.begin()
        probes: list[float] = []
        background = [asyncio.create_task(meter.sample_forever())]
        if self.config.state_probe_hz > 0:
            background.append(asyncio.create_task(self._probe_state(probes)))
        progress(f"steady load for {self.config.steady_s:.0f} s (with {self.config.pauses} pauses)")
        pauses_task = asyncio.create_task(self._pause_series())
        before, began = self._link(), time.monotonic()
        if self.config.screens:
            await asyncio.sleep(min(10.0, self.config.steady_s / 3))
            self.result["announce_fanout"] = await screens_load.announcement_fanout(self)
        await asyncio.sleep(self.config.steady_s)
        if before is not None:
            minutes = (time.monotonic() - began) / 60
            self.result["steady_link"] = self._link_per_student(before, self._link_now(), minutes)
        await pauses_task
        host = meter.end()
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        self.result["host"] = host
        self.result["state_latency_ms"] = summarize_ms(probes)
        progress(
            f"host CPU {host['host_cpu_percent']} %, RSS {host['host_rss_mb']} MB; "
            f"GET /state p99 {self.result['state_latency_ms']['p99']} ms"
        )

    def _link(self) -> tuple[int, int] | None:
        device = self.config.link_device
        return None if device is None else link_bytes(device)

    def _link_now(self) -> tuple[int, int]:
        now = self._link()
        assert now is not None  # only called when counting
        return now

    def _link_per_student(
        self, before: tuple[int, int], after: tuple[int, int], per: float
    ) -> dict[str, Any]:
        """Bytes on the link (Ethernet frames: headers, TLS, acknowledgements and all) per
        student, divided by `per` (minutes for a rate; 1 for one event): down is host to
        students, up students to host."""
        n = max(1, len(self.students))
        down, up = after[0] - before[0], after[1] - before[1]
        return {
            "down_bytes": down,
            "up_bytes": up,
            "down_per_student": round(down / n / per, 1),
            "up_per_student": round(up / n / per, 1),
            "total_per_student": round((down + up) / n / per, 1),
        }

    async def _probe_state(self, latencies: list[float]) -> None:
        """Sample GET /state as a random student, at a steady rate, on its own connection."""
        interval = 1 / self.config.state_probe_hz
        while True:
            student = random.choice(self.students)
            started = time.perf_counter()
            try:
                async with self.probe_http.get(
                    self.room_url + "/state", headers=student.headers
                ) as resp:
                    await resp.read()
                    if resp.status == 200:
                        latencies.append((time.perf_counter() - started) * 1000)
                    else:
                        self.tally.add(f"error_state_{resp.status}")
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                self.tally.add("error_state_connection")
            await asyncio.sleep(max(0.0, interval - (time.perf_counter() - started)))

    async def _pause_series(self) -> None:
        """Pause and resume single students, one at a time, timing each push."""
        pause_ms: list[Arrival] = []
        resume_ms: list[Arrival] = []
        missing = 0
        chosen = random.sample(self.students, min(self.config.pauses, len(self.students)))
        for student in chosen:
            for action, status, sink in (
                ("pause", "paused", pause_ms),
                ("resume", "active", resume_ms),
            ):
                future = student.expect(status)
                sent = time.time()
                await self._admin("POST", f"students/{student.student_id}/{action}", {})
                try:
                    arrival = await asyncio.wait_for(future, self.config.push_timeout_s)
                    sink.append(Arrival(arrival.at_socket - sent, arrival.read - sent))
                except TimeoutError:
                    missing += 1
                await asyncio.sleep(0.1)
        self.result["pause_push"] = {
            "pauses": len(chosen),
            "missing": missing,
            "pause_latency_ms": summarize_ms([a.at_socket * 1000 for a in pause_ms]),
            "resume_latency_ms": summarize_ms([a.at_socket * 1000 for a in resume_ms]),
            "pause_read_latency_ms": summarize_ms([a.read * 1000 for a in pause_ms]),
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proctor.bench.loadgen")
    parser.add_argument("--config", type=Path, required=True, help="JSON LoadConfig")
    parser.add_argument("--out", type=Path, required=True, help="where to write the results")
    args = parser.parse_args(argv)
    fields = json.loads(args.config.read_text())
    fields["admin_key"] = os.environ.get("PROCTOR_ADMIN_KEY", fields.get("admin_key", ""))
    config = LoadConfig(**fields)
    raise_open_file_limit()
    result = asyncio.run(LoadGen(config).run())
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
