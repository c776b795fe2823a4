"""The wall of screens, held in memory: the latest thumbnail (a JPEG of at most 40 KB) of each
student's exam window, nothing older, and a bound on all of them together (the oldest go
first when it is reached, so a hall of thousands cannot fill the host's memory). Thumbnails
are never stored on disk. Which students the proctor watches live (a higher rate, for a
while) is kept here too, with what each student has sent (for the bandwidth figure)."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

from proctor.common.hall import LIVE_SCREEN_INTERVAL_S, SCREEN_MIN_INTERVAL_S, ScreenInfo

MAX_WALL_BYTES = 48 * 1024 * 1024  # 1,200 thumbnails of 40 KB; ~2,000 of a usual 25 KB
LIVE_FOR_MS = 120_000  # a live view not renewed in this time falls back to the usual rate


@dataclass
class Screen:
    jpeg: bytes
    at_ms: int
    digest: str


class ScreenWall:
    def __init__(self, max_bytes: int = MAX_WALL_BYTES) -> None:
        self.max_bytes = max_bytes
        self.latest: OrderedDict[str, Screen] = OrderedDict()  # oldest first
        self.bytes_kept = 0
        self.received: dict[str, tuple[int, int]] = {}  # student -> (frames, bytes)
        self.live_until: dict[str, int] = {}

    def too_soon(self, student_id: str, now: int) -> float:
        """Seconds to wait before this student's next thumbnail may come (0: now)."""
        last = self.latest.get(student_id)
        if last is None:
            return 0.0
        wait_ms = SCREEN_MIN_INTERVAL_S * 1000 - (now - last.at_ms)
        return max(0.0, wait_ms / 1000)

    def put(self, student_id: str, jpeg: bytes, now: int) -> bool:
        """Keep `jpeg` as the student's latest; False when it is the same picture again."""
        frames, total = self.received.get(student_id, (0, 0))
        self.received[student_id] = (frames + 1, total + len(jpeg))
        digest = hashlib.blake2b(jpeg, digest_size=16).hexdigest()
        old = self.latest.pop(student_id, None)
        if old is not None:
            self.bytes_kept -= len(old.jpeg)
        self.latest[student_id] = Screen(jpeg, now, digest)
        self.bytes_kept += len(jpeg)
        while self.bytes_kept > self.max_bytes and len(self.latest) > 1:
            _sid, dropped = self.latest.popitem(last=False)
            self.bytes_kept -= len(dropped.jpeg)
        return old is None or old.digest != digest

    def get(self, student_id: str) -> Screen | None:
        return self.latest.get(student_id)

    def forget(self, student_id: str) -> None:
        old = self.latest.pop(student_id, None)
        if old is not None:
            self.bytes_kept -= len(old.jpeg)

    def infos(self) -> list[ScreenInfo]:
        return [
            ScreenInfo(student_id=sid, at_ms=s.at_ms, size=len(s.jpeg))
            for sid, s in self.latest.items()
        ]

    def interval_s(self, student_id: str, usual_s: float, now: int) -> float:
        """How often this student's app sends: the live rate while watched, else the policy's."""
        until = self.live_until.get(student_id)
        if until is not None and until > now:
            return LIVE_SCREEN_INTERVAL_S
        self.live_until.pop(student_id, None)
        return usual_s

    def watch(self, student_id: str, on: bool, now: int) -> None:
        if on:
            self.live_until[student_id] = now + LIVE_FOR_MS
        else:
            self.live_until.pop(student_id, None)
