"""Second screens: the rule behind the student app's display watch (Qt feeds it the screen list).

- `second_screen` when more than one screen is attached: at the start of the exam, or when one
  is added during it (a third screen is reported again);
- `second_screen_cleared` when only one is left, with how long the others were there.
A screen Qt lists is a real output of the graphics system: an extended desktop, a projector, a
TV, a dummy plug or a virtual display driver (which streams a "screen" to a tablet). A mirrored
projector shows as one screen on Windows and macOS, so it is not seen there.

Pure and clock-free: call `observe(screens, at_ms)` with the current list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

SECOND_SCREEN_MESSAGE = "A second screen is connected. Disconnect it, or tell the proctor."

Incident = tuple[str, dict[str, Any]]


@dataclass(frozen=True)
class ScreenInfo:
    name: str
    manufacturer: str
    model: str
    x: int
    y: int
    width: int
    height: int

    def describe(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "manufacturer": self.manufacturer,
            "model": self.model,
            "geometry": [self.x, self.y, self.width, self.height],
        }


class DisplayRules:
    def __init__(self) -> None:
        self.reported = 1  # how many screens the last `second_screen` was about
        self.open_since_ms: int | None = None
        self.observations = 0

    @property
    def open(self) -> bool:
        return self.open_since_ms is not None

    def observe(self, screens: Sequence[ScreenInfo], at_ms: int) -> list[Incident]:
        first = self.observations == 0
        self.observations += 1
        count = len(screens)
        if count > self.reported:
            if self.open_since_ms is None:
                self.open_since_ms = at_ms
            self.reported = count
            when = "at the start of the exam" if first else "during the exam"
            detail = _describe(screens)
            detail.update(
                name=f"{count} screens",
                added=not first,
                since_ms=self.open_since_ms,
                message=f"{count} screens are connected (seen {when}).",
            )
            return [("second_screen", detail)]
        if count <= 1 and self.open_since_ms is not None:
            since, self.open_since_ms, self.reported = self.open_since_ms, None, 1
            detail = _describe(screens)
            detail.update(
                name="one screen",
                since_ms=since,
                duration_s=round((at_ms - since) / 1000),
                message="Only one screen is connected again.",
            )
            return [("second_screen_cleared", detail)]
        if 1 < count < self.reported:
            self.reported = count  # one of several went: plugging it back is reported again
        return []


def _describe(screens: Sequence[ScreenInfo]) -> dict[str, Any]:
    geometries = [(s.x, s.y, s.width, s.height) for s in screens]
    return {
        "screens": len(screens),
        "displays": [s.describe() for s in screens],
        "mirrored": len(set(geometries)) < len(geometries),
    }
