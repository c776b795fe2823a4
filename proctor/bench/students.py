"""One simulated student speaking the real room protocol: join, stream, heartbeat, work, events."""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import Counter
from typing import Any, NamedTuple

import aiohttp

from proctor.bench import wsclient
from proctor.common.timeutil import now_ms

HEARTBEAT_FRAME = '{"type":"heartbeat"}'
STATE_PREFIX = '{"type":"state"'
ME_MARKER = '"me":{"student_id":'
STATUS_MARKER = '"status":"'

SAMPLE_SOLUTION = '''"""Exam answer: word frequencies."""

from collections import Counter


def top_words(text: str, n: int = 10) -> list[tuple[str, int]]:
    words = [w.strip(".,;:!?").lower() for w in text.split()]
    return Counter(w for w in words if w).most_common(n)


if __name__ == "__main__":
    import sys

    for word, count in top_words(sys.stdin.read()):
        print(f"{count:6d}  {word}")
'''


def me_status(frame: str) -> str:
    """`me.status` of a state frame. The host writes `"me":{"student_id":…,"status":…`; a cheap
    search keeps this process's cost per frame small next to the host's (with a full parse as
    the fallback), so the latencies measured are the host's."""
    me = frame.find(ME_MARKER)
    if me >= 0:
        start = frame.find(STATUS_MARKER, me)
        if start >= 0:
            start += len(STATUS_MARKER)
            return frame[start : frame.index('"', start)]
    return str(json.loads(frame)["me"]["status"])


class Arrival(NamedTuple):
    """When a frame reached the student's socket (kernel time) and when it was read here;
    both on the time.time() clock."""

    at_socket: float
    read: float


class Tally:
    """Counts of what went wrong (and right) across all simulated students."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] += amount

    def errors(self) -> dict[str, int]:
        return {k: v for k, v in sorted(self.counts.items()) if k.startswith("error")}


class SimStudent:
    def __init__(
        self,
        index: int,
        room_url: str,
        tally: Tally,
        fingerprint: str | None = None,
        *,
        lean: bool = True,
    ) -> None:
        self.index = index
        self.lean = lean  # lean frames: the policy once per connection, as the app asks
        self.fingerprint = fingerprint  # the host's, pinned (None: plain HTTP)
        self.name = f"Student {index:05d}"
        self.reg_no = f"BENCH-{index:05d}"
        self.room_url = room_url
        self.tally = tally
        self.student_id = ""
        self.token = ""
        self.status: str | None = None
        self.ws: wsclient.StreamClient | None = None
        self.first_state = asyncio.Event()
        self.closing = False
        self.work_seq = 0
        self._expect: tuple[str, asyncio.Future[Arrival]] | None = None
        self._expect_frame: tuple[str, asyncio.Future[Arrival]] | None = None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def expect(self, status: str) -> asyncio.Future[Arrival]:
        """A future set to the Arrival of the next state frame whose me.status is `status`."""
        future: asyncio.Future[Arrival] = asyncio.get_running_loop().create_future()
        self._expect = (status, future)
        return future

    def expect_frame(self, prefix: str) -> asyncio.Future[Arrival]:
        """A future set to the Arrival of the next frame that starts with `prefix` (an
        announcement, say)."""
        future: asyncio.Future[Arrival] = asyncio.get_running_loop().create_future()
        self._expect_frame = (prefix, future)
        return future

    # ---- joining and the stream --------------------------------------------------------
    async def join(self, http: aiohttp.ClientSession) -> float:
        """Join the room; returns the request's latency in ms."""
        body = {"name": self.name, "reg_no": self.reg_no, "client": {"app": "proctor-bench"}}
        started = time.perf_counter()
        async with http.post(self.room_url + "/join", json=body) as resp:
            answer = await resp.json()
            if resp.status != 201:
                raise RuntimeError(f"join {self.reg_no}: {resp.status} {answer}")
        self.student_id = answer["student_id"]
        self.token = answer["token"]
        self.status = answer["me"]["status"]
        return (time.perf_counter() - started) * 1000

    async def connect(self) -> None:
        url = self.room_url + ("/stream?lean=1" if self.lean else "/stream")
        self.ws = await wsclient.connect(
            url, self.headers, self._on_text, fingerprint=self.fingerprint
        )
        self.ws.lost.add_done_callback(self._on_lost)

    def _on_text(self, data: str, arrived: float | None, read: float) -> None:
        if not data.startswith(STATE_PREFIX):
            self.tally.add("frames_other")
            other = self._expect_frame
            if other is not None and data.startswith(other[0]) and not other[1].done():
                other[1].set_result(Arrival(read if arrived is None else arrived, read))
                self._expect_frame = None
            return
        self.tally.add("frames_state")
        if arrived is None:
            self.tally.add("frames_without_kernel_time")
        status = me_status(data)
        self.status = status
        self.first_state.set()
        expected = self._expect
        if expected is not None and expected[0] == status and not expected[1].done():
            expected[1].set_result(Arrival(read if arrived is None else arrived, read))
            self._expect = None

    def _on_lost(self, _: object) -> None:
        if not self.closing:
            self.tally.add("error_stream_closed_by_host")

    async def close(self) -> None:
        self.closing = True
        if self.ws is not None:
            await self.ws.close()

    # ---- the load each student makes ---------------------------------------------------
    async def heartbeat_forever(self, interval_s: float) -> None:
        await asyncio.sleep(random.uniform(0, interval_s))
        while self.ws is not None and not self.ws.closed:
            self.ws.send_text(HEARTBEAT_FRAME)
            self.tally.add("heartbeats_sent")
            await asyncio.sleep(interval_s)

    async def work_forever(self, http: aiohttp.ClientSession, interval_s: float) -> None:
        await asyncio.sleep(random.uniform(0, interval_s))
        while True:
            self.work_seq += 1
            files = {"main.py": SAMPLE_SOLUTION + f"\n# revision {self.work_seq}\n"}
            await self._request(
                http, "PUT", "/work", {"seq": self.work_seq, "files": files}, "work"
            )
            await asyncio.sleep(interval_s)

    async def incidents_forever(self, http: aiohttp.ClientSession, mean_interval_s: float) -> None:
        while True:
            await asyncio.sleep(random.expovariate(1 / mean_interval_s))
            at_ms = now_ms()
            events = [
                {"id": str(uuid.uuid4()), "kind": "focus_lost", "at_ms": at_ms, "detail": {}},
                {
                    "id": str(uuid.uuid4()),
                    "kind": "focus_regained",
                    "at_ms": at_ms + 800,
                    "detail": {"duration_ms": 800},
                },
            ]
            await self._request(http, "POST", "/events", {"events": events}, "events")

    async def _request(
        self, http: aiohttp.ClientSession, method: str, path: str, body: Any, label: str
    ) -> None:
        """One request; retried once when a pooled keep-alive connection turns out to have
        been closed by the host (both requests are idempotent), as a real client would."""
        for attempt in (1, 2):
            try:
                async with http.request(
                    method, self.room_url + path, json=body, headers=self.headers
                ) as resp:
                    await resp.read()
                    if resp.status >= 400:
                        self.tally.add(f"error_{label}_{resp.status}")
                    else:
                        self.tally.add(f"{label}_ok")
                return
            except aiohttp.ServerDisconnectedError:
                if attempt == 2:
                    self.tally.add(f"error_{label}_disconnected")
                else:
                    self.tally.add(f"{label}_retried")
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                self.tally.add(f"error_{label}_connection")
                return
