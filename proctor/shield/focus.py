"""Focus watch logic: turns "the exam window has focus: yes/no" samples into incidents.

Pure and clock-free: the caller feeds `update(focused, t_ms)` whenever focus changes and calls
`poll(t_ms)` when `deadline_ms` passes (a single-shot timer). A loss shorter than
`min_away_ms` (a flicker: a notification popping up, a window manager repaint) reports nothing.

- `focus_lost` {lost_ms} once the window has been away for `min_away_ms`;
- `focus_regained` {lost_ms, duration_ms} when it comes back after a reported loss.
"""

from __future__ import annotations

from proctor.shield.reporting import Emit

MIN_AWAY_MS = 300


class FocusTracker:
    def __init__(self, emit: Emit, min_away_ms: int = MIN_AWAY_MS) -> None:
        self._emit = emit
        self.min_away_ms = min_away_ms
        self._lost_ms: int | None = None  # when the current absence began
        self._reported = False  # focus_lost already sent for this absence
        self.losses = 0  # absences long enough to be reported
        self.away_ms_total = 0

    @property
    def focused(self) -> bool:
        return self._lost_ms is None

    @property
    def deadline_ms(self) -> int | None:
        """When `poll` must be called for a pending loss to be reported, if one is pending."""
        if self._lost_ms is None or self._reported:
            return None
        return self._lost_ms + self.min_away_ms

    def update(self, focused: bool, t_ms: int) -> None:
        if focused:
            self._regain(t_ms)
        elif self._lost_ms is None:
            self._lost_ms = t_ms
            self._reported = False

    def poll(self, t_ms: int) -> None:
        """Report a pending loss once it has lasted `min_away_ms`."""
        deadline = self.deadline_ms
        if deadline is not None and t_ms >= deadline:
            self._reported = True
            self.losses += 1
            self._emit("focus_lost", {"lost_ms": self._lost_ms})

    def _regain(self, t_ms: int) -> None:
        lost_ms = self._lost_ms
        if lost_ms is None:
            return
        duration = max(0, t_ms - lost_ms)
        if not self._reported and duration >= self.min_away_ms:
            # The timer was late (a busy GUI thread): the loss was real, report both.
            self.poll(t_ms)
        self._lost_ms = None
        if self._reported:
            self._reported = False
            self.away_ms_total += duration
            self._emit("focus_regained", {"lost_ms": lost_ms, "duration_ms": duration})
