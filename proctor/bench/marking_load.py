"""The marking scenario's load generator (`proctor bench --marking`): N simulated students
sit a paper of 4 code questions × 10 cases on a real headless host.

1. Everyone joins and holds a stream; the exam starts.
2. While the exam runs, `early` students hand in one after the other over `exam_s`, so the
   host's marking pool works during the exam; meanwhile single students are paused and
   resumed, and each push is timed to the student's socket (as `loadgen` does): the room
   server's push latency while marking runs.
3. The proctor ends the exam and every other student hands in at once (as the student app
   does at the end); the clock runs from the end to the moment every result is in
   (`GET admin/results` with nothing pending), and the marks are checked.

Runs in its own process: `python -m proctor.bench.marking_load --config FILE --out FILE`.
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
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from proctor.bench import wsclient
from proctor.bench.loadgen import LoadConfig, LoadGen, bounded, progress
from proctor.bench.stats import summarize_ms
from proctor.bench.students import Arrival, SimStudent
from proctor.common.openfiles import raise_open_file_limit


@dataclass
class MarkingLoadConfig(LoadConfig):
    early: int = 100  # students who hand in while the exam runs
    exam_s: float = 60.0  # how long the exam runs after the start
    push_every_s: float = 0.25  # a single-student pause or resume this often
    handins: dict[str, dict[str, str]] = field(default_factory=dict)  # reg_no -> files
    expected_points: dict[str, float] = field(default_factory=dict)  # reg_no -> total
    results_timeout_s: float = 900.0


class MarkingLoad(LoadGen):
    config: MarkingLoadConfig

    def __init__(self, config: MarkingLoadConfig) -> None:
        super().__init__(config)
        self.result["config"] = asdict(config) | {
            "admin_key": "***",
            "handins": len(config.handins),
            "expected_points": len(config.expected_points),
        }
        self.grading: list[tuple[float, int, int]] = []  # (time, done, total) from the stream

    def _on_dashboard_frame(self, text: str, arrived: float | None, read: float) -> None:
        if '"type":"grading"' in text:
            message = json.loads(text)
            self.grading.append((read, int(message["done"]), int(message["total"])))

    async def _phases(self) -> None:
        await self._login()
        dashboard = await wsclient.connect(
            self.room_url + "/admin/stream",
            self._admin_headers(),
            self._on_dashboard_frame,
            fingerprint=self.config.fingerprint,
        )
        await self._join_burst()
        await self._connect_streams()
        gc.collect()
        gc.freeze()
        gc.disable()
        for student in self.students:
            self.tasks.append(
                asyncio.create_task(student.heartbeat_forever(self.config.heartbeat_s))
            )
        await asyncio.sleep(self.config.settle_s)
        await self._start_fanout()
        early = self.students[: self.config.early]
        late = self.students[self.config.early :]
        baseline = await self._pushes(late, self.config.exam_s / 6, None)
        self.result["push_before_marking"] = baseline
        handing_in = asyncio.create_task(self._hand_in_over(early, self.config.exam_s))
        during = await self._pushes(late, self.config.exam_s, handing_in)
        await handing_in
        self.result["push_while_marking"] = during
        self.result["marking_during_exam"] = await self._marked_so_far(early)
        await self._end_and_mark(late)
        await dashboard.close()

    # ---- hand-ins --------------------------------------------------------------------------
    async def _hand_in(self, student: SimStudent) -> None:
        files = self.config.handins[student.reg_no]
        await student._request(self.http, "POST", "/submit", {"files": files}, "submit")

    async def _hand_in_over(self, students: list[SimStudent], seconds: float) -> None:
        gap = seconds / max(1, len(students))
        for student in students:
            await self._hand_in(student)
            await asyncio.sleep(gap)

    # ---- pushes while marking runs -------------------------------------------------------
    async def _pushes(
        self, pool: list[SimStudent], seconds: float, until: asyncio.Task[None] | None
    ) -> dict[str, Any]:
        """Pause and resume single students for `seconds` (or until `until` is done),
        timing each push from just before the request to the student's socket."""
        latencies: list[float] = []
        missing = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not (until is not None and until.done()):
            student = random.choice(pool)
            for action, status in (("pause", "paused"), ("resume", "active")):
                future = student.expect(status)
                sent = time.time()
                await self._admin("POST", f"students/{student.student_id}/{action}", {})
                try:
                    arrival: Arrival = await asyncio.wait_for(future, self.config.push_timeout_s)
                    latencies.append((arrival.at_socket - sent) * 1000)
                except TimeoutError:
                    missing += 1
                await asyncio.sleep(self.config.push_every_s)
        return {"missing": missing, "latency_ms": summarize_ms(latencies)}

    async def _marked_so_far(self, early: list[SimStudent]) -> dict[str, Any]:
        """Before the end: how many of the early hand-ins are wholly marked."""
        results = await self._admin("GET", "results")
        ids = {s.student_id for s in early}
        done = sum(1 for s in results["students"] if s["student_id"] in ids and not s["pending"])
        return {
            "handed_in": len(early),
            "marked": done,
            "progress_messages": len(self.grading),
        }

    # ---- the end -----------------------------------------------------------------------------
    async def _end_and_mark(self, late: list[SimStudent]) -> None:
        ended = time.perf_counter()
        await self._admin("POST", "end", {"admin_key": self.config.admin_key})
        await bounded(self.config.concurrency, late, self._hand_in)
        handed_in = time.perf_counter() - ended
        progress(f"ended; {len(late)} hand-ins in {handed_in:.1f} s; marking")
        deadline = time.monotonic() + self.config.results_timeout_s
        results: dict[str, Any] = {}
        while time.monotonic() < deadline:
            results = await self._admin("GET", "results")
            if results["pending"] == 0:
                break
            await asyncio.sleep(0.5)
        elapsed = time.perf_counter() - ended
        got = {s["reg_no"]: s["points"] for s in results.get("students", [])}
        wrong = [r for r, points in self.config.expected_points.items() if got.get(r) != points]
        self.result["end_to_every_result"] = {
            "students": len(got),
            "pending": results.get("pending"),
            "late_handins_s": round(handed_in, 2),
            "seconds": round(elapsed, 2),
            "marks_correct": not wrong and results.get("pending") == 0,
            "wrong_totals": wrong[:10],
        }
        progress(f"every result in {elapsed:.1f} s after the end")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proctor.bench.marking_load")
    parser.add_argument("--config", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    raise_open_file_limit()
    config = MarkingLoadConfig(**json.loads(args.config.read_text()))
    config.admin_key = os.environ.get("PROCTOR_ADMIN_KEY", config.admin_key)
    result = asyncio.run(MarkingLoad(config).run())
    args.out.write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
