"""What the integrity monitors tell the student: short banners that never block typing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from proctor.common.protocol import shield_report_app, shield_report_key

PASTE_BLOCKED_MESSAGE = (
    "Pasting text from outside the exam is turned off for this exam. "
    "Text you copy inside the editor can still be pasted."
)


def join_names(names: Iterable[str]) -> str:
    """'Discord', 'Discord and Slack', 'Discord, Slack and OBS Studio'."""
    items = [n for n in names if n]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def shield_banner_text(app_names: Iterable[str]) -> str | None:
    """'Close Discord — the proctor has been notified.' or None when nothing is running."""
    names = join_names(app_names)
    if not names:
        return None
    return f"Close {names} — the proctor has been notified."


class OffenderBoard:
    """The blacklisted applications running now, kept from the shield's reports.

    Feed it every `(kind, detail)` the shield emits (on the GUI thread); `apply` says whether
    the banner needs to change.
    """

    def __init__(self) -> None:
        self._running: dict[str, str] = {}  # report key -> application name, in order seen

    def apply(self, kind: str, detail: dict[str, Any]) -> bool:
        key = shield_report_key(detail)
        if key is None:
            return False
        if kind == "process_blacklisted":
            name = shield_report_app(detail)
            if not name or key in self._running:
                return False
            self._running[key] = name
            return True
        if kind == "process_cleared":
            return self._running.pop(key, None) is not None
        return False

    def clear(self) -> None:
        self._running.clear()

    @property
    def app_names(self) -> list[str]:
        return list(dict.fromkeys(self._running.values()))

    def banner_text(self) -> str | None:
        return shield_banner_text(self.app_names)
