"""The host's clock as seen from a student machine whose own clock may be wrong.

Every answer that carries `server_time_ms` is a sample: the host stamped it somewhere
between sending the request and receiving the answer, so the best guess is the midpoint
and the error is at most half the round trip. The samples with the smallest round trip
are the most accurate, so the estimate uses the best of the recent ones.

Once synchronised, time is counted on the monotonic clock, so a student who changes the
system clock in the middle of the exam does not change the countdown.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from proctor.common.timeutil import now_ms


def monotonic_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass(frozen=True)
class ClockSample:
    round_trip_ms: float
    # server time minus the monotonic clock at the midpoint of the round trip
    mono_offset_ms: float


class ServerClock:
    """Estimates the host's clock from round trips; keeps the samples with the smallest RTT."""

    def __init__(
        self,
        wall_ms: Callable[[], int] = now_ms,
        mono_ms: Callable[[], float] = monotonic_ms,
        keep: int = 16,
    ) -> None:
        self._wall_ms = wall_ms
        self._mono_ms = mono_ms
        self._samples: deque[ClockSample] = deque(maxlen=keep)
        self._best: ClockSample | None = None

    def mono_ms(self) -> float:
        """The monotonic clock the samples are measured on (for timing requests)."""
        return self._mono_ms()

    def add_sample(self, sent_mono_ms: float, received_mono_ms: float, server_time_ms: int) -> None:
        """Record one exchange: request sent and answer received (monotonic), host's stamp."""
        round_trip = received_mono_ms - sent_mono_ms
        if round_trip < 0:
            return
        midpoint = sent_mono_ms + round_trip / 2
        self._samples.append(ClockSample(round_trip, server_time_ms - midpoint))
        self._best = min(self._samples, key=lambda sample: sample.round_trip_ms)

    @property
    def synced(self) -> bool:
        return self._best is not None

    @property
    def uncertainty_ms(self) -> float | None:
        """Half the best round trip: how far off the estimate can be, at most."""
        return None if self._best is None else self._best.round_trip_ms / 2

    @property
    def offset_ms(self) -> int:
        """Host clock minus this machine's wall clock (0 until the first sample)."""
        return self.now_ms() - self._wall_ms()

    def now_ms(self) -> int:
        """The host's current time: the local clock corrected by the estimated offset."""
        if self._best is None:
            return self._wall_ms()
        return round(self._mono_ms() + self._best.mono_offset_ms)
