"""Paste watch logic: was the pasted text copied inside the exam, and what does the policy say?

Pure: the Qt side tells it what was copied inside the exam (`note_internal_copy`) and asks
`judge(text, t_ms)` before a paste goes through. Text counts as internal when it equals
something copied inside the exam, ignoring line-ending differences.

`policy.paste`:
- `allow`  — every paste goes through, nothing is reported;
- `report` — external pastes go through and are reported as `external_paste`;
- `block`  — external pastes are refused and reported as `paste_blocked`.
Detail: {length, lines, preview} with the first 80 characters. The same text pasted again within
`repeat_window_ms` (a held-down Ctrl+V) is decided the same way but reported once.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Literal

PastePolicy = Literal["allow", "report", "block"]
PASTE_POLICIES: tuple[PastePolicy, ...] = ("allow", "report", "block")

PREVIEW_CHARS = 80
REMEMBERED_COPIES = 200
REPEAT_WINDOW_MS = 2000


@dataclass(frozen=True)
class PasteVerdict:
    allowed: bool
    external: bool
    report_kind: str | None = None  # "external_paste" | "paste_blocked" | None
    detail: dict[str, Any] = field(default_factory=dict)


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _fingerprint(text: str) -> str:
    return hashlib.sha256(_normalise(text).encode("utf-8", "surrogatepass")).hexdigest()


def paste_detail(text: str) -> dict[str, Any]:
    text = _normalise(text)
    return {
        "length": len(text),
        "lines": text.count("\n") + 1 if text else 0,
        "preview": text[:PREVIEW_CHARS],
    }


class PasteJudge:
    def __init__(
        self,
        policy: str = "report",
        *,
        remembered: int = REMEMBERED_COPIES,
        repeat_window_ms: int = REPEAT_WINDOW_MS,
    ) -> None:
        self.policy: PastePolicy = "report"
        self.set_policy(policy)
        self._internal: OrderedDict[str, None] = OrderedDict()
        self._remembered = remembered
        self._repeat_window_ms = repeat_window_ms
        self._last_report: tuple[tuple[str, str], int] | None = None  # ((text, kind), t_ms)

    def set_policy(self, policy: str) -> None:
        if policy not in PASTE_POLICIES:
            raise ValueError(f"paste policy must be one of {', '.join(PASTE_POLICIES)}")
        self.policy = policy  # type: ignore[assignment]

    def note_internal_copy(self, text: str) -> None:
        """Remember text copied or cut inside the exam (the editor, the paper)."""
        if not text:
            return
        key = _fingerprint(text)
        self._internal[key] = None
        self._internal.move_to_end(key)
        while len(self._internal) > self._remembered:
            self._internal.popitem(last=False)

    def is_internal(self, text: str) -> bool:
        return _fingerprint(text) in self._internal

    def judge(self, text: str, t_ms: int) -> PasteVerdict:
        if not text or self.policy == "allow":
            return PasteVerdict(allowed=True, external=False)
        key = _fingerprint(text)
        if key in self._internal:
            return PasteVerdict(allowed=True, external=False)
        allowed = self.policy != "block"
        kind = "external_paste" if allowed else "paste_blocked"
        last = self._last_report
        repeat = (key, kind)
        if last is not None and last[0] == repeat and t_ms - last[1] < self._repeat_window_ms:
            self._last_report = (repeat, t_ms)
            return PasteVerdict(allowed=allowed, external=True)
        self._last_report = (repeat, t_ms)
        return PasteVerdict(
            allowed=allowed, external=True, report_kind=kind, detail=paste_detail(text)
        )
