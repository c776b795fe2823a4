"""The screens-on scenario of `proctor bench --screens`: every simulated student sends a
thumbnail of about the size the student app makes (a real JPEG of a code editor's window,
800 px wide) every `screen_interval_s`, each one changed; the dashboard fetches every new
thumbnail the stream announces (a wall with every tile in view: the most it can ask); and an
announcement to everyone is timed to each student's socket, like the start, while it runs."""

from __future__ import annotations

import asyncio
import random
import time
from typing import TYPE_CHECKING, Any

import aiohttp
import cv2
import numpy as np

from proctor.bench.stats import summarize_ms
from proctor.bench.students import SAMPLE_SOLUTION, Arrival, SimStudent

if TYPE_CHECKING:
    from proctor.bench.loadgen import LoadGen

ANNOUNCEMENT_PREFIX = '{"type":"announcement"'


def sample_thumbnail(width: int = 800, height: int = 450, quality: int = 70) -> bytes:
    """A JPEG like the app's: a light editor with lines of code and a dark top bar."""
    picture = np.full((height, width, 3), 250, dtype=np.uint8)
    picture[:40, :] = (60, 40, 30)
    picture[40:, : width // 4] = (238, 238, 238)
    lines = (SAMPLE_SOLUTION * 3).splitlines()
    for n, line in enumerate(lines[: (height - 60) // 14]):
        y = 58 + n * 14
        cv2.putText(picture, line[:70], (width // 4 + 8, y), cv2.FONT_HERSHEY_PLAIN, 0.9,
                    (40, 40, 40), 1, cv2.LINE_AA)  # fmt: skip
        cv2.putText(picture, f"{n + 1}", (width // 4 - 30, y), cv2.FONT_HERSHEY_PLAIN, 0.8,
                    (150, 150, 150), 1, cv2.LINE_AA)  # fmt: skip
    ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise RuntimeError("could not make the sample thumbnail")
    return bytes(encoded.tobytes())


def changed(base: bytes, student: int, frame: int) -> bytes:
    """The sample with a few bytes of its body changed: a new picture for the host."""
    body = bytearray(base)
    middle = len(body) // 2
    body[middle : middle + 8] = (student * 1_000_003 + frame).to_bytes(8, "little")
    return bytes(body)


async def screens_forever(
    student: SimStudent, http: aiohttp.ClientSession, interval_s: float, base: bytes
) -> None:
    await asyncio.sleep(random.uniform(0, interval_s))
    frame = 0
    headers = {**student.headers, "Content-Type": "image/jpeg"}
    while True:
        frame += 1
        data = changed(base, student.index, frame)
        try:
            async with http.put(student.room_url + "/screen", data=data, headers=headers) as resp:
                await resp.read()
                if resp.status >= 400:
                    student.tally.add(f"error_screen_{resp.status}")
                else:
                    student.tally.add("screen_ok")
                    student.tally.add("screen_bytes", len(data))
        except (TimeoutError, aiohttp.ClientError, ConnectionError):
            student.tally.add("error_screen_connection")
        await asyncio.sleep(interval_s)


class WallFetcher:
    """The dashboard's side: every screen message is followed by a GET of that picture."""

    def __init__(self, gen: LoadGen) -> None:
        self.gen = gen
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self.latencies: list[float] = []
        self.bytes = 0

    def on_frame(self, text: str) -> None:
        if text.startswith('{"type":"screen"'):
            start = text.find('"student_id":"') + len('"student_id":"')
            self.queue.put_nowait(text[start : text.index('"', start)])

    async def run(self, workers: int = 4) -> None:
        await asyncio.gather(*(self._worker() for _ in range(workers)))

    async def _worker(self) -> None:
        gen = self.gen
        while True:
            sid = await self.queue.get()
            started = time.perf_counter()
            url = f"{gen.room_url}/admin/students/{sid}/screen"
            try:
                async with gen.admin_http.get(url, headers=gen._admin_headers()) as resp:
                    data = await resp.read()
                    if resp.status == 200:
                        self.bytes += len(data)
                        self.latencies.append((time.perf_counter() - started) * 1000)
                    else:
                        gen.tally.add(f"error_wall_{resp.status}")
            except (TimeoutError, aiohttp.ClientError, ConnectionError):
                gen.tally.add("error_wall_connection")


async def turn_screens_on(gen: LoadGen, interval_s: float) -> None:
    policy = (await gen._admin("GET", "room"))["policy"]
    await gen._admin(
        "PUT", "policy", policy | {"screens": "thumbnail", "screen_interval_s": interval_s}
    )


async def announcement_fanout(gen: LoadGen, rounds: int = 3) -> dict[str, Any]:
    """Announce to everyone `rounds` times while the thumbnails flow; each student's arrival."""
    latencies: list[float] = []
    missing = 0
    for n in range(rounds):
        futures = [s.expect_frame(ANNOUNCEMENT_PREFIX) for s in gen.students]
        sent = time.time()
        await gen._admin("POST", "announce", {"text": f"Bench announcement {n + 1}."})
        if futures:
            await asyncio.wait(futures, timeout=gen.config.push_timeout_s)
        arrivals: list[Arrival] = [f.result() for f in futures if f.done()]
        missing += sum(1 for f in futures if not f.done())
        latencies += [(a.at_socket - sent) * 1000 for a in arrivals]
        await asyncio.sleep(2.0)
    return {"rounds": rounds, "missing": missing, "latency_ms": summarize_ms(latencies)}


def bandwidth(gen: LoadGen, elapsed_s: float, wall: WallFetcher, base: bytes) -> dict[str, Any]:
    """What the thumbnails cost the hall's link over the `elapsed_s` they were being sent."""
    steady_s = elapsed_s
    sent = gen.tally.counts.get("screen_bytes", 0)
    frames = gen.tally.counts.get("screen_ok", 0)
    students = max(1, len(gen.students))
    minutes = max(steady_s, 1e-9) / 60
    per_student = sent / students / minutes
    return {
        "thumbnail_bytes": len(base),
        "frames_sent": frames,
        "over_s": round(elapsed_s, 1),
        "bytes_per_student_per_minute": round(per_student),
        "kib_per_student_per_minute": round(per_student / 1024, 1),
        "hall_mbit_per_s": round(sent * 8 / steady_s / 1e6, 2) if steady_s else None,
        "wall_fetched_bytes": wall.bytes,
        "wall_fetch_ms": summarize_ms(wall.latencies),
    }
