"""Many students going offline at once (no Qt): the sign of a network down, not of cheating.

Fed every row update, it remembers which students went from online to offline while they
should be connected, and when; `burst()` is the group that went within a few seconds of each
other and is still offline, once it is large enough to be worth saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from proctor.host.standing import StudentFacts, is_missing

BURST_WINDOW_MS = 5_000
MIN_BURST = 3
BURST_SHARE = 0.1  # of the students who should be online


class OfflineWatch:
    def __init__(self, window_ms: int = BURST_WINDOW_MS) -> None:
        self.window_ms = window_ms
        self._online: dict[str, bool] = {}
        self._expected = 0
        self._went: dict[str, int] = {}  # student_id -> offline since (server ms)

    def update(self, rows: Sequence[WatchedRow], expected_online: int) -> None:
        """Rows that changed, and how many students should be connected now."""
        self._expected = expected_online
        for row in rows:
            was_online = self._online.get(row.student_id)
            self._online[row.student_id] = row.online
            if row.online or not is_missing(row):
                self._went.pop(row.student_id, None)
            elif was_online:
                self._went[row.student_id] = row.offline_since_ms or row.last_seen_ms or 0

    def threshold(self) -> int:
        return max(MIN_BURST, min(10, round(self._expected * BURST_SHARE)))

    def burst(self) -> list[str]:
        """Students still offline who went within `window_ms` of the latest to go, if there
        are at least `threshold()` of them; else []."""
        if len(self._went) < self.threshold():
            return []
        latest = max(self._went.values())
        group = [sid for sid, at in self._went.items() if latest - at <= self.window_ms]
        return group if len(group) >= self.threshold() else []

    def forget(self) -> None:
        """The proctor has seen it: count a new burst from scratch."""
        self._went.clear()


class WatchedRow(StudentFacts, Protocol):
    @property
    def student_id(self) -> str: ...
    @property
    def offline_since_ms(self) -> int | None: ...
    @property
    def last_seen_ms(self) -> int | None: ...
